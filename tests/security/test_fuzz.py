"""Hostile input: importers and document readers give a clear IngestError or a correct result;
never another exception, a hang (each input runs under a time limit) or a partial write.

* every file of the malformed corpus (tests/security/make_corpus.py) in its own process, under
  a time limit and a 4 GiB memory limit; list files are also imported into a fresh project,
  which must be unchanged when the import is refused;
* Hypothesis-generated inputs (CSV, JSON, random bytes, mutated XLSX/PDF/DOCX, HTML).

Known bugs are marked xfail (not strict) with the finding they reproduce; they pass once fixed.
The long mode is `python benchmarks/fuzz.py`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from benchmarks import fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.security.make_corpus import _docx, _pdf, _valid_xlsx, corpus

CASES = {c.name: c for c in corpus(big=True)}
BIG = {"field_100mb.csv", "name_100mb.csv", "zip_bomb.xlsx", "zip_bomb.docx", "field_100mb.html"}

# Findings not fixed yet (see docs/RELIABILITY.md, "Open findings"): name -> reason; such
# cases run as xfail (not strict) so that they pass once fixed.
KNOWN: dict[str, str] = {}
# Found by this suite and since fixed, kept as regressions: in intake/lists.py (commit 29213df)
# ragged_rows.csv, mixed_encodings.csv, duplicate_headers.csv, field_100mb.csv,
# name_100mb.csv; in intake/documents.py (commit 40f78b0) deep_tags.html.
# In the suite, known hangs get a short limit so that they cost little: name -> seconds.
SUITE_LIMIT: dict[str, float] = {}


def _params() -> list[object]:
    out = []
    for name in CASES:
        marks = []
        if name in KNOWN:
            marks.append(pytest.mark.xfail(reason=KNOWN[name], strict=False))
        if name in BIG:
            marks.append(pytest.mark.slow)
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.mark.parametrize("name", _params())
def test_malformed_file(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    if name in SUITE_LIMIT:
        from dataclasses import replace

        case = replace(case, time_limit=SUITE_LIMIT[name])
    (res,) = fuzz.run_corpus([case], tmp_path)
    assert res.passed, (
        f"{name} ({case.target}, expected {case.expect}): {res.outcome}: "
        f"{res.detail[:300]} [{res.seconds:.1f} s]"
    )


def test_corpus_covers_the_issue() -> None:
    names = set(CASES)
    for needed in (
        "truncated_half.xlsx",
        "zip_bomb.xlsx",
        "deep_array.json",
        "field_100mb.csv",
        "invalid_utf8.csv",
        "mixed_encodings.csv",
        "formula_injection.csv",
        "broken_xref.pdf",
        "script.html",
        "zip_bomb.docx",
        "xxe.docx",
    ):
        assert needed in names
    assert len(names) >= 60


def test_formula_injection_is_stored_as_text(tmp_path: Path) -> None:
    """Formulas in a list are kept verbatim as text, never evaluated or dropped."""
    from undercount.store.project import Project

    f = tmp_path / "f.csv"
    f.write_bytes(CASES["formula_injection.csv"].make())
    with Project.create(tmp_path / "p.duckdb") as p:
        p.import_list(f, "NGO A")
        names = p.records()["name"].tolist()
    assert '=HYPERLINK("http://example.org/x","click")' in names
    assert "+cmd|' /C calc'!A0" in names


# ------------------------------------------------------------------ generated inputs

CFG = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
S = fuzz.strategies()
OPS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=4
)
SEEDS = {"xlsx": _valid_xlsx(), "pdf": _pdf(), "docx": _docx(["Kian Rostami, Karaj."])}


@CFG
@given(S["csv"], st.sampled_from(["x.csv", "x.tsv", "x.txt"]))
def test_generated_csv(data: bytes, name: str) -> None:
    fuzz.check_list_property(data, name)


@CFG
@given(S["json"] | S["records_json"], st.sampled_from(["x.json", "x.jsonl"]))
def test_generated_json(data: bytes, name: str) -> None:
    fuzz.check_list_property(data, name)


@CFG
@given(S["bytes"], st.sampled_from(["x.csv", "x.json", "x.xlsx", "x.tab"]))
def test_random_bytes_as_list(data: bytes, name: str) -> None:
    fuzz.check_list_property(data, name)


@CFG
@given(OPS)
def test_mutated_xlsx(ops: list[tuple[int, int, int]]) -> None:
    fuzz.check_list_property(fuzz.mutate(SEEDS["xlsx"], ops), "x.xlsx")


@CFG
@given(S["html"])
def test_generated_html_never_keeps_script(data: bytes) -> None:
    fuzz.check_document_property(data, "x.html")


@CFG
@given(st.text(alphabet=fuzz.FA + fuzz.LATIN, max_size=40))
def test_script_content_never_reaches_text(payload: str) -> None:
    html = (
        f"<html><body><p>{payload}</p><script>alert('fz-{payload}')</script>"
        f"<p onclick=\"alert('fz')\">x</p></body></html>"
    ).encode()
    fuzz.check_document_property(html, "x.html", forbid="alert('fz")


@CFG
@given(S["bytes"], st.sampled_from(["x.html", "x.pdf", "x.docx", "x.txt", "x.md", "x"]))
def test_random_bytes_as_document(data: bytes, name: str) -> None:
    fuzz.check_document_property(data, name)


@CFG
@given(OPS, st.sampled_from(["pdf", "docx"]))
def test_mutated_pdf_and_docx(ops: list[tuple[int, int, int]], kind: str) -> None:
    fuzz.check_document_property(fuzz.mutate(SEEDS[kind], ops), f"x.{kind}")


def test_refused_import_writes_nothing(tmp_path: Path) -> None:
    """A list that fails half-way (bad value in its last row) leaves the project unchanged."""
    from undercount.errors import IngestError
    from undercount.store.project import Project

    rows = "\n".join(f"Person {i} Tabrizi,{20 + i % 50}" for i in range(2000))
    f = tmp_path / "l.csv"
    f.write_text("Full name,Age\n" + rows + "\nLast Person,not-an-age\n", encoding="utf-8")
    with warnings.catch_warnings(), Project.create(tmp_path / "p.duckdb") as p:
        before = p.counts()
        with pytest.raises(IngestError, match="row 2001"):
            p.import_list(f, "NGO A")
        assert p.counts() == before and p.verify_audit().ok


def test_document_batch_with_hostile_files_stores_only_the_good_ones(tmp_path: Path) -> None:
    """Each document is its own transaction: refused files leave nothing, others are whole."""
    from undercount.store.project import Project

    files = []
    for name in (
        "valid.pdf",
        "truncated.pdf",
        "script.html",
        "xxe.docx",
        "valid.docx",
        "binary.html",
        "empty.txt",
    ):
        f = tmp_path / name
        f.write_bytes(CASES[name].make())
        files.append(f)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Project.create(tmp_path / "p.duckdb") as p:
            rep = p.ingest(files, source="Reports")
            failed = {Path(f).name for f, _ in rep.failures}
            assert {"truncated.pdf", "xxe.docx", "empty.txt"} <= failed
            assert rep.added + len(failed) == len(files)
            n_docs = p.counts()["documents"]
            assert n_docs == rep.added
            assert p.con.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'ingest_document'"
            ).fetchone() == (n_docs,)
            texts = " ".join(t for (t,) in p.con.execute("SELECT text FROM documents").fetchall())
            assert "xss-token" not in texts
            assert p.verify_audit().ok


MALFORMED = Path(__file__).resolve().parents[1] / "data" / "malformed"


def test_extra_files_in_the_malformed_folder(tmp_path: Path) -> None:
    """Files dropped into tests/data/malformed/ by hand are fuzzed too (as 'either')."""
    from tests.security.make_corpus import Case

    extra = [f for f in sorted(MALFORMED.glob("*")) if f.is_file() and f.name not in CASES]
    docs = {".html", ".htm", ".pdf", ".docx", ".txt", ".md"}
    cases = [
        Case(
            f.name,
            "document" if f.suffix.lower() in docs else "list",
            "either",
            (lambda f=f: f.read_bytes()),
            time_limit=20,
        )
        for f in extra
    ]
    for res in fuzz.run_corpus(cases, tmp_path):
        assert res.passed, (res.name, res.outcome, res.detail[:300])
