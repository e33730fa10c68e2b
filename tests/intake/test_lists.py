"""List import: formats, encodings, mapping, bad input, atomicity, idempotence."""

from __future__ import annotations

import json
import os

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SAMPLE_CSV, SAMPLE_FA_CSV

from undercount.errors import IngestError


def _rows(project):
    return project.records().sort_values("row_number").reset_index(drop=True)


def test_csv_import_maps_english_headers_and_keeps_raw(project, sample_csv):
    res = project.import_list(sample_csv, source="NGO A")
    assert res.added == 3 and not res.skipped
    assert res.mapping == {
        "Full name": "name",
        "Father's name": "father_name",
        "Sex": "sex",
        "Age": "age",
        "Date of death": "date",
        "City": "city",
        "Province": "province",
    }
    df = _rows(project)
    assert list(df["name"]) == ["Mohammad Rezaei", "Fatemeh Hosseini", "Reza Pourmohammadi"]
    assert list(df["sex"]) == ["male", "female", "male"]
    assert df["age"].iloc[0] == 24 and df["age"].isna().iloc[2]
    assert str(df["date"].iloc[1])[:10] == "2019-11-15"
    assert df["date_calendar"].iloc[2] == "jalali"
    assert json.loads(df["raw"].iloc[0]) == {
        "Full name": "Mohammad Rezaei",
        "Father's name": "Ali",
        "Sex": "male",
        "Age": "24",
        "Date of death": "2019-11-16",
        "City": "Mahshahr",
        "Province": "Khuzestan",
    }
    assert df["province"].iloc[0] == "Khuzestan"
    assert df["name_key"].notna().all()
    assert project.verify_audit().ok


def test_persian_headers_digits_and_jalali(project, sample_fa_csv):
    project.import_list(sample_fa_csv, source="NGO B")
    df = _rows(project)
    assert df["age"].tolist() == [24, 19]
    assert df["sex"].tolist() == ["male", "female"]
    assert str(df["date"].iloc[0])[:10] == "2019-11-16"
    assert df["name_script"].iloc[0] == "fa"
    assert df["province"].iloc[0] == "Khuzestan"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_encodings(project, tmp_path, encoding):
    p = tmp_path / f"list_{encoding}.csv"
    text = SAMPLE_FA_CSV
    if encoding == "cp1256":
        # Windows-1256 has no Persian yeh/kaf or Persian digits: such files use the Arabic
        # letters and ASCII digits, which normalisation maps back.
        text = (
            text.replace("ی", "ي")
            .replace("ک", "ك")
            .translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
        )
    p.write_bytes(text.encode(encoding))
    res = project.import_list(p, source="S")
    assert res.added == 2
    row = _rows(project).iloc[1]
    assert row["name_norm"] == "زهرا احمدی"
    assert row["age"] == 19 and str(row["date"])[:10] == "2019-11-16"


@pytest.mark.parametrize("delim", [";", "\t", "|"])
def test_delimiters(project, tmp_path, delim):
    p = tmp_path / "d.csv"
    p.write_text(SAMPLE_CSV.replace(",", delim), encoding="utf-8")
    res = project.import_list(p, source="S")
    assert res.added == 3 and res.delimiter == delim


def test_xlsx(project, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in SAMPLE_CSV.strip().splitlines():
        ws.append(line.split(","))
    p = tmp_path / "list.xlsx"
    wb.save(p)
    res = project.import_list(p, source="X")
    assert res.added == 3
    assert _rows(project)["name"].iloc[2] == "Reza Pourmohammadi"


def test_json_array_and_jsonl(project, tmp_path):
    rows = [
        {"name": "Ali Karimi", "age": 30, "date": "2019-11-17"},
        {"name": "علی کریمی", "age": None, "city": "Shiraz"},
    ]
    a = tmp_path / "a.json"
    a.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    b = tmp_path / "b.jsonl"
    b.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert project.import_list(a, source="J1").added == 2
    assert project.import_list(b, source="J2").added == 2
    df = project.records()
    assert sorted(df["source"].unique()) == ["J1", "J2"]


def test_explicit_map(project, tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("Victim identity,When\nAli Karimi,2019-11-17\n", encoding="utf-8")
    res = project.import_list(p, source="M", mapping={"Victim identity": "name", "When": "date"})
    assert res.mapping == {"Victim identity": "name", "When": "date"}


def test_reimport_same_file_adds_nothing(project, sample_csv):
    project.import_list(sample_csv, source="NGO A")
    again = project.import_list(sample_csv, source="NGO A")
    assert again.skipped and again.added == 0
    assert "already imported" in again.message
    assert project.counts()["records"] == 3
    # The same file into another source is another source's report: imported.
    assert project.import_list(sample_csv, source="NGO C").added == 3


# ------------------------------------------------------------------ bad input


def test_unknown_file_type(project, tmp_path):
    p = tmp_path / "list.pdf"
    p.write_bytes(b"%PDF-1.4")
    with pytest.raises(IngestError) as e:
        project.import_list(p, source="S")
    assert str(e.value) == (
        "list.pdf: has an unknown file type '.pdf'. undercount imports lists as .csv, .tsv, "
        ".xlsx, .json or .jsonl; documents (HTML, PDF, DOCX, TXT) go through `undercount ingest`."
    )


def test_missing_name_column(project, tmp_path):
    p = tmp_path / "noname.csv"
    p.write_text("Age,City\n20,Shiraz\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        project.import_list(p, source="S")
    assert str(e.value) == (
        "noname.csv, column 'name': no column holds the victim's name. Columns found: Age, City. "
        "Name the column 'name' (or 'نام و نام خانوادگی'), or map it: --map \"<column>=name\"."
    )


def test_unmappable_value_names_row_and_column(project, tmp_path):
    p = tmp_path / "badage.csv"
    p.write_text("name,age\nAli Karimi,30\nReza Ahmadi,thirty-ish\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        project.import_list(p, source="S")
    assert str(e.value).startswith(
        "badage.csv, row 2, column 'age': 'thirty-ish' is not an age: write it in years "
        "('30'), as a range ('16/17', '20-25'), approximately ('about 40', '40?') or as a year "
        "of birth ('1991'). 1 value(s) could not be read; nothing was imported."
    )
    assert e.value.row == 2 and e.value.column == "age"


def test_bad_row_field_count(project, tmp_path):
    p = tmp_path / "ragged.csv"
    p.write_text("name,age\nAli,30\nReza,31,extra\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        project.import_list(p, source="S")
    assert str(e.value) == (
        "ragged.csv, row 2: has 3 fields where the header has 2. Check for an unquoted ',' "
        "inside a value, or quote the value."
    )


def test_bad_date_and_lenient(project, tmp_path):
    p = tmp_path / "dates.csv"
    p.write_text("name,date\nAli Karimi,2019-11-17\nReza Ahmadi,sometime\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        project.import_list(p, source="S")
    assert e.value.row == 2 and e.value.column == "date"
    res = project.import_list(p, source="S", lenient=True)
    assert res.added == 2 and res.warnings
    df = _rows(project)
    assert df["date"].isna().iloc[1] and df["date_text"].iloc[1] == "sometime"


def test_empty_and_header_only(project, tmp_path):
    e1 = tmp_path / "empty.csv"
    e1.write_text("", encoding="utf-8")
    with pytest.raises(IngestError, match="empty.csv: the file is empty"):
        project.import_list(e1, source="S")
    e2 = tmp_path / "header.csv"
    e2.write_text("name,age\n", encoding="utf-8")
    with pytest.raises(IngestError, match="header.csv: has a header row but no data rows"):
        project.import_list(e2, source="S")


def test_nested_json_and_not_objects(project, tmp_path):
    p = tmp_path / "n.json"
    p.write_text(json.dumps([{"name": "A", "x": {"y": 1}}]), encoding="utf-8")
    with pytest.raises(IngestError, match="n.json, row 1, column 'x': holds a nested object"):
        project.import_list(p, source="S")
    q = tmp_path / "q.json"
    q.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(IngestError, match="q.json, row 1: is a int, not an object"):
        project.import_list(q, source="S")
    r = tmp_path / "r.json"
    r.write_text('[{"name": ', encoding="utf-8")
    with pytest.raises(IngestError, match="r.json: is not valid JSON"):
        project.import_list(r, source="S")


def test_corrupt_xlsx(project, tmp_path):
    p = tmp_path / "broken.xlsx"
    p.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(IngestError, match="broken.xlsx: is not a readable XLSX workbook"):
        project.import_list(p, source="S")


def test_bad_map_field(project, sample_csv):
    with pytest.raises(IngestError, match="'victim' is not a record field"):
        project.import_list(sample_csv, source="S", mapping={"Full name": "victim"})


def test_failed_import_leaves_project_unchanged(project, sample_csv, tmp_path):
    project.import_list(sample_csv, source="NGO A")
    before = project.counts()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,sex\n" + "".join(f"Person {i},male\n" for i in range(500)) + "Last,unknown-sex\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError):
        project.import_list(bad, source="NGO New")
    assert project.counts() == before
    assert project.get_source("NGO New") is None
    assert project.verify_audit().ok
    ok = tmp_path / "ok.csv"
    ok.write_text("name\nAli Karimi\n", encoding="utf-8")
    assert project.import_list(ok, source="Z").added == 1


def test_mixed_encodings_refused(project, tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_bytes("name,city\nعلی رضایی,تهران\n".encode() + "حسن كريمي,شيراز\n".encode("cp1256"))
    with pytest.raises(IngestError, match="mixed.csv: line 3 is not UTF-8 while other lines are"):
        project.import_list(p, source="S")


def test_first_row_longer_than_header_is_an_error_not_an_index(project, tmp_path):
    p = tmp_path / "long.csv"
    p.write_text("name,age\nAli Karimi,30,extra\nReza,31\n", encoding="utf-8")
    with pytest.raises(IngestError, match="long.csv, row 1: has 3 fields where the header has 2"):
        project.import_list(p, source="S")


def test_repeated_header_refused(project, tmp_path):
    p = tmp_path / "dup.csv"
    p.write_text("name,name\nAli,Reza\n", encoding="utf-8")
    with pytest.raises(IngestError, match="has the column name 'name' more than once"):
        project.import_list(p, source="S")


def test_huge_cell_refused(project, tmp_path):
    p = tmp_path / "huge.csv"
    p.write_text("name,notes\nAli," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(
        IngestError, match="huge.csv, row 1, column 'notes': holds a value of 200,000"
    ):
        project.import_list(p, source="S")


def test_cell_limit_counts_characters_not_bytes(project, tmp_path):
    """Persian takes two bytes a letter: 60,000 letters (120,000 bytes) are within the limit,
    and the longest value is the one named, also when bytes alone would pick another."""
    from undercount.intake.lists import MAX_CELL_CHARS

    ok = tmp_path / "long_fa.csv"
    ok.write_text("name,notes\nAli," + "ش" * 60_000 + "\n", encoding="utf-8")
    assert project.import_list(ok, source="S").added == 1
    bad = tmp_path / "long_mixed.csv"
    over = MAX_CELL_CHARS + 1
    bad.write_text(
        f"name,notes,extra\nAli,{'ش' * 90_000},{'x' * over}\n", encoding="utf-8"
    )  # notes: 180,000 bytes but 90,000 letters; extra: over the limit
    with pytest.raises(IngestError, match=f"column 'extra': holds a value of {over:,}"):
        project.import_list(bad, source="T")


CSV_PIECES = [
    "a",
    "b c",
    "",
    " ",
    '"',
    '""',
    '"x,y"',
    '"line\nbreak"',
    ",",
    "\n",
    "\r\n",
    "محمد",
    "۱۳۹۸",
]


@settings(max_examples=int(os.environ.get("UC_CSV_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.sampled_from(CSV_PIECES), min_size=1, max_size=40))
def test_arrow_csv_reader_agrees_with_pandas_or_steps_aside(pieces):
    """Where the fast (Arrow) CSV reader accepts a file, it reads what pandas reads."""
    import pandas as pd

    from undercount.intake.readers import _pandas_csv, _read_csv_arrow

    text = "name,city\n" + "".join(pieces)
    fast = _read_csv_arrow(text.encode("utf-8"), text, ",")
    if fast is None:
        return  # the pandas reader takes over (and names the bad line)
    try:
        slow = _pandas_csv(text, ",")
    except (pd.errors.ParserError, ValueError):
        pytest.fail("Arrow accepted a file that pandas rejects")
    headers = [str(h).strip() for h in slow.iloc[0].tolist()]
    slow = slow.iloc[1:].reset_index(drop=True)
    assert fast.column_names == headers
    assert [list(r.values()) for r in fast.to_pylist()] == slow.fillna("").values.tolist()


def test_import_of_a_file_over_several_chunks(project, tmp_path, monkeypatch):
    """Chunked building and writing: every row kept once, in order, problems found anywhere."""
    import undercount.intake.lists as lists

    monkeypatch.setattr(lists, "CHUNK_ROWS", 7)
    rows = ["name,age,city"] + [f"Name{i} Family{i % 5},{20 + i % 50},Tehran" for i in range(50)]
    good = tmp_path / "many.csv"
    good.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = project.import_list(good, source="NGO A")
    assert res.added == 50
    got = _rows(project)
    assert got["row_number"].tolist() == list(range(1, 51))
    assert got["name"].tolist() == [f"Name{i} Family{i % 5}" for i in range(50)]
    assert project.verify_audit().ok
    bad = tmp_path / "bad.csv"
    bad_rows = rows[:1] + [
        r if i not in (9, 40) else "X Y,old,Tehran" for i, r in enumerate(rows[1:])
    ]
    bad.write_text("\n".join(bad_rows) + "\n", encoding="utf-8")
    before = project.counts()
    with pytest.raises(IngestError) as err:
        project.import_list(bad, source="NGO B")
    assert err.value.row == 10 and "2 value(s) could not be read" in str(err.value)
    assert project.counts() == before


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.text(max_size=8)), st.text(max_size=8)),
        min_size=1,
        max_size=8,
    )
)
def test_raw_json_round_trips_every_cell(cells):
    import pyarrow as pa

    from undercount.intake.lists import raw_json

    table = pa.table(
        {'name "x"\\': [a for a, _ in cells], "شهر": [b for _, b in cells]},
    )
    rows = [{'name "x"\\': a, "شهر": b} for a, b in cells]
    got = raw_json(table).to_pylist()
    assert [json.loads(line) for line in got] == rows
    assert got == [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows]
    # A chunk of a table starts at an offset into its buffers.
    assert raw_json(table.slice(1)).to_pylist() == got[1:]


def test_import_restores_database_threads_and_gil_interval(project, sample_csv, tmp_path):
    """The writer runs the database on one thread and switches the GIL faster while it
    works; both settings come back after an import, and after a failed one."""
    import sys

    def settings():
        threads = project.con.execute("SELECT current_setting('threads')").fetchone()[0]
        return int(threads), sys.getswitchinterval()

    project.con.execute("SET threads = 2")
    before = settings()
    project.import_list(sample_csv, source="NGO A")
    assert settings() == before
    bad = tmp_path / "bad.csv"
    bad.write_text("name,age\nAli,200000\n", encoding="utf-8")
    with pytest.raises(IngestError):
        project.import_list(bad, source="NGO B")
    assert settings() == before
