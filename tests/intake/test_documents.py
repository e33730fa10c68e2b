"""Documents in: readers for each type, bad documents, ingest into a project, duplicates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tests.pdfgen import FONT_RESOURCES, minimal_pdf

from undercount.errors import IngestError
from undercount.intake.documents import ingest_documents, read_document

ARTICLE = (
    "Amnesty International said on Monday that at least 304 people were killed during the "
    "November 2019 protests. Dariush Karimi, 22, was shot dead in Shiraz on 16 November."
)

HTML = f"""<!doctype html><html><head><meta charset="utf-8"><title>Toll rises</title>
<meta property="article:published_time" content="2019-12-16T09:00:00Z">
<script>document.write("evil")</script><style>p {{color: red}}</style></head>
<body><header class="site-header">Example News</header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="ad-slot">Cheap flights: 300 seats at 50% off!</div>
<div id="cookie-consent">We use cookies.</div>
<main><article><h1>Toll rises</h1><p>{ARTICLE}</p>
<p>"We have confirmed the names of 304 victims," said Diana Eltahawy.</p></article>
<aside class="related"><ul><li><a href="/x">Related story with 99 killed</a></li></ul></aside></main>
<footer>© 2019 Example News · 12 Main Street</footer></body></html>"""


def make_pdf(lines: list[str] | None) -> bytes:
    """A minimal one-page PDF: Helvetica text lines, or (lines=None) only a drawn square."""
    if lines is None:
        content = b"0 0 1 rg 100 100 200 200 re f"
        resources = b"<< >>"
    else:
        esc = [ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for ln in lines]
        content = (
            "BT /F1 11 Tf 14 TL 50 750 Td " + " ".join(f"({s}) Tj T*" for s in esc) + " ET"
        ).encode("latin-1")
        resources = FONT_RESOURCES
    return minimal_pdf(content, resources)


PDF_LINES = [
    "HRANA said more than 7,000 people were arrested in 29 provinces.",
    "The report runs to 93 pages.",
]


def make_docx() -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "Annual review"
    d.add_paragraph("Iran Human Rights said that at least 280 prisoners were executed in 2023.")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Province"
    t.cell(0, 1).text = "Executions"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture
def docs(tmp_path: Path) -> dict[str, Path]:
    import pypdf

    files = {
        "html": ("article.html", HTML.encode()),
        "pdf": ("report.pdf", make_pdf(PDF_LINES)),
        "docx": ("review.docx", make_docx()),
        "txt": ("note.txt", ARTICLE.encode()),
        "md": (
            "note.md",
            (
                b"---\ntitle: Weekly\ndate: 2019-12-02\n---\n# Weekly\n\n"
                b"**Amnesty** said [over 200](http://x) people were killed.\n"
            ),
        ),
        "fa": ("fa.txt", "به گزارش عفو بین‌الملل دست‌کم ۳۰۴ نفر کشته شدند.".encode()),
        "image_pdf": ("scan.pdf", make_pdf(None)),
        "corrupt_pdf": ("broken.pdf", make_pdf(PDF_LINES)[:60]),
        "exe": ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        "doc": ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        "empty": ("empty.txt", b"   \n"),
    }
    w = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(PDF_LINES)))
    w.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    files["encrypted_pdf"] = ("locked.pdf", buf.getvalue())
    out = {}
    for k, (name, data) in files.items():
        p = tmp_path / name
        p.write_bytes(data)
        out[k] = p
    return out


# ----------------------------------------------------------------- readers


def test_html_main_text_only(docs: dict[str, Path]) -> None:
    d = read_document(docs["html"])
    assert d.media_type == "text/html" and d.language == "en"
    assert d.title == "Toll rises"
    assert str(d.published_on) == "2019-12-16"
    assert "at least 304 people were killed" in d.text
    for junk in (
        "Home",
        "Cheap flights",
        "cookies",
        "evil",
        "color",
        "Related story",
        "Main Street",
    ):
        assert junk not in d.text


def test_pdf_text_layer(docs: dict[str, Path]) -> None:
    d = read_document(docs["pdf"])
    assert d.media_type == "application/pdf" and d.pages == 1
    assert "more than 7,000 people were arrested" in d.text


def test_docx_paragraphs_and_tables(docs: dict[str, Path]) -> None:
    d = read_document(docs["docx"])
    assert d.title == "Annual review"
    assert "at least 280 prisoners were executed" in d.text
    assert "Province | Executions" in d.text


def test_txt_md_and_language(docs: dict[str, Path]) -> None:
    assert read_document(docs["txt"]).text == ARTICLE
    md = read_document(docs["md"])
    assert md.media_type == "text/markdown" and md.title == "Weekly"
    assert str(md.published_on) == "2019-12-02"
    assert "Amnesty said over 200 people were killed." in md.text
    fa = read_document(docs["fa"])
    assert fa.language == "fa"


def test_read_from_bytes() -> None:
    d = read_document(ARTICLE.encode("utf-16"), "x.txt")
    assert d.text == ARTICLE


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "encrypted_pdf",
            "locked.pdf: is an encrypted (password-protected) PDF. Remove the password",
        ),
        (
            "image_pdf",
            "scan.pdf: has no text layer (an image-only or scanned PDF). Run OCR on it first",
        ),
        ("corrupt_pdf", "broken.pdf: is not a readable PDF (it is corrupt or truncated)."),
        ("exe", "tool.exe: has an unknown document type '.exe'. undercount ingests HTML, PDF"),
        ("doc", "old.doc: is an old Microsoft Office (.doc) file. Save it as .docx or PDF"),
        ("empty", "empty.txt: is empty. Nothing to ingest."),
    ],
)
def test_bad_documents(docs: dict[str, Path], key: str, message: str) -> None:
    with pytest.raises(IngestError) as err:
        read_document(docs[key])
    assert str(err.value).startswith(message)


def test_hostile_docx_with_doctype(tmp_path: Path) -> None:
    import zipfile

    src = io.BytesIO(make_docx())
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
                )
            zout.writestr(item, data)
    with pytest.raises(IngestError, match="DOCTYPE/ENTITY declarations"):
        read_document(out.getvalue(), "evil.docx")


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import undercount.intake.documents as d

    monkeypatch.setattr(d, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(IngestError, match="over the 0 MB limit"):
        read_document(b"x" * 11, "big.txt")


# ----------------------------------------------------------------- ingest


def test_ingest_stores_document_claims_victims(project, docs: dict[str, Path]) -> None:
    rep = ingest_documents(project, [docs["html"]], source="Example News", kind="news")
    assert rep.ok and rep.added == 1
    row = project.con.execute(
        "SELECT filename, media_type, sha256, size, language, title, published_on, original, "
        "retrieved_at FROM documents"
    ).fetchone()
    data = docs["html"].read_bytes()
    import hashlib

    assert row[0] == "article.html" and row[1] == "text/html"
    assert row[2] == hashlib.sha256(data).hexdigest() and row[3] == len(data)
    assert row[4] == "en" and row[5] == "Toll rises" and str(row[6]) == "2019-12-16"
    assert bytes(row[7]) == data and row[8] is not None
    claims = project.claims()
    assert list(claims["value"]) == [304.0, 304.0]
    assert claims["attributed_to"].iloc[0] == "Amnesty International"
    assert claims["source"].iloc[0] == "Example News" and claims["reliability"].iloc[0] == "F"
    assert str(claims["stated_on"].iloc[0])[:10] == "2019-12-16"
    rec = project.records()
    assert list(rec["name"]) == ["Dariush Karimi"]
    assert rec["document_id"].iloc[0] == 1 and rec["age"].iloc[0] == 22
    assert rec["violation"].iloc[0] == "killing" and rec["province"].iloc[0] == "Fars"
    raw = json.loads(rec["raw"].iloc[0])
    assert "was shot dead" in raw["sentence"] and len(raw["span"]) == 2
    assert rec["name_key"].iloc[0]
    log = project.audit_log()
    entry = log[log["action"] == "ingest_document"].iloc[0]
    details = json.loads(entry["details"])
    assert details["claims"] == 2 and details["victim_records"] == 1
    assert "Karimi" not in entry["details"]  # no personal data in the audit log
    assert project.verify_audit().ok


def test_duplicate_by_hash(project, docs: dict[str, Path], tmp_path: Path) -> None:
    ingest_documents(project, [docs["pdf"]], source="HRANA")
    copy = tmp_path / "same-bytes.pdf"
    copy.write_bytes(docs["pdf"].read_bytes())
    rep = ingest_documents(project, [copy], source="Other")
    assert rep.ok and rep.skipped == 1 and rep.added == 0
    assert "already in the project as document #1 (source 'HRANA')" in rep.documents[0].message
    assert project.counts()["documents"] == 1


def test_batch_failure_leaves_nothing_of_that_file(project, docs: dict[str, Path]) -> None:
    before = project.counts()
    rep = ingest_documents(
        project, [docs["encrypted_pdf"], docs["docx"], docs["exe"]], source="Mixed"
    )
    assert not rep.ok
    assert [f for f, _ in rep.failures] == ["locked.pdf", "tool.exe"]
    assert rep.added == 1
    after = project.counts()
    assert after["documents"] == before["documents"] + 1
    assert project.con.execute("SELECT filename FROM documents").fetchall() == [("review.docx",)]


def test_failure_inside_transaction_rolls_back(project, docs, monkeypatch) -> None:
    import undercount.intake.documents as d

    def boom(*a, **k):
        raise IngestError("simulated failure", file="x")

    monkeypatch.setattr(d, "_insert_claims", boom)
    rep = ingest_documents(project, [docs["txt"]], source="S")
    assert not rep.ok
    c = project.counts()
    assert c["documents"] == 0 and c["records"] == 0 and c["claims"] == 0 and c["sources"] == 0


def test_claims_table_event_filter(project, docs) -> None:
    ingest_documents(project, [docs["html"], docs["pdf"], docs["fa"]], source="Mix")
    assert len(project.claims(event="November 2019")) >= 2
    assert set(project.claims()["outcome"]) >= {"killed", "arrested"}


def test_progress_and_actors_file(project, docs, tmp_path) -> None:
    actors = tmp_path / "a.json"
    actors.write_text(json.dumps({"Amnesty International": "AI-Intl"}))
    rep = ingest_documents(project, [docs["txt"]], source="S", progress=True, actors_file=actors)
    assert rep.ok
    assert project.claims()["attributed_to"].iloc[0] == "AI-Intl"


# ----------------------------------------------------------------- hostile input

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=2048),
    suffix=st.sampled_from([".pdf", ".html", ".docx", ".txt", ".md", ".bin", ""]),
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf"]),
)
def test_readers_fail_only_with_ingest_error(data: bytes, suffix: str, prefix: bytes) -> None:
    try:
        doc = read_document(prefix + data, "fuzz" + suffix)
    except IngestError as exc:
        assert str(exc).startswith("fuzz")
    else:
        assert isinstance(doc.text, str) and doc.text


def test_mangled_pdf_bytes_never_crash() -> None:
    good = make_pdf(PDF_LINES)
    for i in range(0, len(good), max(1, len(good) // 40)):
        for mutated in (good[:i], good[:i] + b"\xff" * 7 + good[i + 7 :]):
            try:
                read_document(mutated, "m.pdf")
            except IngestError:
                pass


def test_extraction_is_bounded_on_pathological_text() -> None:
    import time

    from undercount.extract import extract

    t0 = time.perf_counter()
    extract("1 2 3 4 5 " * 5000 + "Ali Rezaei and " * 3000 + '"' * 3000)
    assert time.perf_counter() - t0 < 10


def test_deeply_nested_html_is_read_quickly():
    import time

    from undercount.intake.documents import read_document

    html = (
        "<html><body><script>alert(1)</script>"
        + "<div>" * 100_000
        + "Amnesty said 304 people were killed."
        + "</div>" * 100_000
        + "</body></html>"
    )
    t0 = time.perf_counter()
    doc = read_document(html.encode(), "deep.html")
    assert doc.text == "Amnesty said 304 people were killed."
    assert time.perf_counter() - t0 < 5  # generous bound: a hang guard, not a benchmark


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 300 + "<a " * 20_000 + "Amnesty said 304.",  # tags never closed
        "<div>" * 300 + "<script>" * 20_000 + "x",  # scripts never closed
        "<div>" * 300 + "<nav><form><footer><aside>" * 5_000 + "x",  # several kinds
        "<div>" * 300 + ("<nav>" + "x" * 50 + "</nav><p>said</p>") * 20_000,  # many closed
    ],
)
def test_unclosed_tags_in_deep_html_are_read_quickly(html):
    import time

    from undercount.intake.documents import read_document

    t0 = time.perf_counter()
    read_document(html.encode(), "unclosed.html")
    assert time.perf_counter() - t0 < 5  # generous bound: a hang guard, not a benchmark


def test_deep_html_fallback_drops_scripts_and_keeps_text():
    from undercount.intake.documents import read_document

    html = (
        "<div>" * 300 + "<SCRIPT>alert(1)</script >Amnesty said &quot;304&quot;.<style>x{}</style>"
    )
    assert read_document(html.encode(), "deep.html").text == 'Amnesty said "304".'


def test_deep_html_fallback_drops_what_the_parser_path_drops():
    """Navigation, headers, footers and forms go too; an element left open does not stop
    the later ones from being dropped."""
    from undercount.intake.documents import read_document

    html = (
        "<div>" * 300
        + "<select>left open"
        + "<header>Menu Home</header><nav>Links</nav><form>Search<input name=q></form>"
        + "<p>Amnesty said 304 people were killed.</p>"
        + "<footer>Copyright</footer><aside>Related</aside><script>x()</script>"
    )
    text = read_document(html.encode(), "deep.html").text
    assert text == "left open Amnesty said 304 people were killed."
