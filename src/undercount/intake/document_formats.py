"""Readers per format: the bytes of an HTML, PDF, DOCX, TXT or Markdown file -> text.

Each reader is defensive (see :mod:`undercount.intake.documents`, which chooses the reader,
applies the size limit and stores the result): ZIP containers that expand too much are
refused, XML with DOCTYPE/ENTITY declarations is refused (no external entity is ever
resolved), no script runs, and PDF text extraction stops after :data:`READ_TIME_LIMIT_S`
seconds or :data:`MAX_PDF_PAGES` pages. Nothing here touches a project.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from undercount.errors import IngestError
from undercount.extract.text import detect_language

MAX_TEXT_CHARS = 5_000_000
MAX_PDF_PAGES = 2000
MAX_ZIP_EXPANDED = 200 * 1024**2

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text"}
MD_SUFFIXES = {".md", ".markdown", ".mdown"}
MEDIA_HTML = "text/html"
MEDIA_PDF = "application/pdf"
MEDIA_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TXT = "text/plain"
MEDIA_MD = "text/markdown"

READ_TIME_LIMIT_S = 60.0


@dataclass
class DocumentText:
    """A document read as text, with what could be learnt about it."""

    text: str
    media_type: str
    language: str
    title: str | None = None
    published_on: dt.date | None = None
    pages: int | None = None


# ----------------------------------------------------------------- sniffing


def sniff_media_type(data: bytes, filename: str) -> str:
    """Media type from the bytes first, the file name second; IngestError when unknown."""
    suffix = Path(filename).suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return MEDIA_PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise IngestError(
                "is a damaged ZIP/DOCX file. Open it in a word processor and save "
                "it again as .docx or PDF.",
                file=filename,
            ) from None
        if "word/document.xml" in names:
            return MEDIA_DOCX
        raise IngestError(
            "is a ZIP archive, not a Word document. Unpack it and ingest the documents inside.",
            file=filename,
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(
            "is an old Microsoft Office (.doc) file. Save it as .docx or PDF and ingest that.",
            file=filename,
        )
    if suffix == ".pdf":
        raise IngestError(
            "is named .pdf but is not a PDF (no %PDF header): the file is corrupt "
            "or truncated. Download it again.",
            file=filename,
        )
    if suffix == ".docx":
        raise IngestError(
            "is named .docx but is not a Word document (not a ZIP container): "
            "the file is corrupt. Save it again from the word processor.",
            file=filename,
        )
    sample = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    textlike = not _looks_binary(data)
    if suffix in HTML_SUFFIXES or (textlike and sample.startswith((b"<!doctype html", b"<html"))):
        return MEDIA_HTML
    if suffix in MD_SUFFIXES and textlike:
        return MEDIA_MD
    if (suffix in TEXT_SUFFIXES or suffix == "") and textlike:
        return MEDIA_TXT
    raise IngestError(
        f"has an unknown document type '{suffix or '(none)'}'. undercount ingests "
        "HTML, PDF (with a text layer), DOCX, TXT and Markdown documents; lists "
        "(CSV/XLSX/JSON) go through `undercount import`.",
        file=filename,
    )


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in sample


# ----------------------------------------------------------------- readers


def _decode_text(data: bytes, name: str, declared: str | None = None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if declared:
        try:
            return data.decode(declared, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1256")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\u00a0\u2000-\u200b]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:MAX_TEXT_CHARS]


_JUNK = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert|advertisement|adsbygoogle|banner|promo|promoted|sponsor|"
    r"sponsored|cookie|cookies|consent|newsletter|subscribe|subscription|share|sharing|social|"
    r"related|recommended|sidebar|menu|nav|navbar|navigation|breadcrumbs?|comments?|footer|"
    r"header|masthead|popup|modal|toolbar|skip|outbrain|taboola|paywall|signup)(?:$|[\s_-])",
    re.I,
)
_BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td, th, dt, dd, figcaption, caption"
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "map",
    "dialog",
    "menu",
    "head",
)


MAX_HTML_DEPTH = 256
# [^<>]: a "<tag" never closed must not make every later "<" scan to the end (quadratic).
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Elements the deep-HTML fallback blanks: those the parser path drops, less the void ones
# (no closing tag to find).
_FALLBACK_DROP = tuple(t for t in _DROP_TAGS if t not in _VOID)
_DROP_OPEN = re.compile(rf"(?i)<({'|'.join(_FALLBACK_DROP)})\b")


def _too_deep(html: str) -> bool:
    """Whether elements nest deeper than MAX_HTML_DEPTH (approximate; one pass, stops early)."""
    depth = 0
    for m in _TAG_RE.finditer(html):
        closing, tag, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _VOID or selfclose:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > MAX_HTML_DEPTH:
            return True
    return False


def _without_dropped(html: str) -> str:
    """``html`` with the elements the parser path drops (scripts, styles, navigation,
    headers, footers, forms...) blanked, in linear time.

    An element ends at the first closing tag of its kind (nested ones of the same kind are
    not counted: this is the fallback for markup too deep to parse). A kind with no closing
    tag after some point has none after any later point either, so it is not looked for
    again: each kind's search runs to the end of the text at most once.
    """
    out: list[str] = []
    pos = 0
    search_from = 0
    unclosed: set[str] = set()
    while m := _DROP_OPEN.search(html, search_from):
        kind = m.group(1).lower()
        close = None
        if kind not in unclosed:
            close = re.compile(rf"(?i)</{kind}\s*>").search(html, m.end())
        if close is None:
            unclosed.add(kind)
            search_from = m.end()
            continue
        out += [html[pos : m.start()], " "]
        pos = search_from = close.end()
    out.append(html[pos:])
    return "".join(out)


def read_html(data: bytes, name: str) -> DocumentText:
    from selectolax.lexbor import LexborHTMLParser

    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    html = _decode_text(data, name, m.group(1).decode("ascii", "replace") if m else None)
    html = re.sub(r"(?i)<br\s*/?>", "\n", html)
    if _too_deep(html):
        # Pathologically deep markup (an attack or a broken export): HTML tree construction
        # is quadratic in depth, so strip the tags instead of parsing.
        text = _clean(unescape(re.sub(r"<[^<>]*>", " ", _without_dropped(html))))
        return DocumentText(text, MEDIA_HTML, detect_language(text), None, None)
    tree = LexborHTMLParser(html)
    title = None
    t = tree.css_first("title")
    if t is not None:
        title = _clean(t.text()) or None
    published = None
    for sel, attr in (
        ("meta[property='article:published_time']", "content"),
        ("meta[name='date']", "content"),
        ("meta[name='pubdate']", "content"),
        ("meta[itemprop='datePublished']", "content"),
        ("meta[name='DC.date.issued']", "content"),
        ("time[datetime]", "datetime"),
    ):
        node = tree.css_first(sel)
        if node is not None and node.attributes.get(attr):
            try:
                published = dt.date.fromisoformat(str(node.attributes[attr])[:10])
                break
            except ValueError:
                continue
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css(
        "[role=navigation], [role=banner], [role=contentinfo], "
        "[role=complementary], [aria-hidden=true], [hidden]"
    ):
        node.decompose()
    for node in tree.css("[class], [id]"):
        attrs = node.attributes
        label = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if _JUNK.search(label) and node.tag not in ("body", "html", "main", "article"):
            node.decompose()
    root = (
        tree.css_first("article")
        or tree.css_first("main")
        or tree.css_first("[role=main]")
        or tree.body
        or tree.root
    )
    parts: list[str] = []
    if root is not None:
        blocks = root.css(_BLOCKS)
        for node in blocks:
            if node.css_first(_BLOCKS) is not None and node.tag in ("li", "blockquote", "td", "dd"):
                continue  # the inner blocks carry the text
            txt = re.sub(r"[ \t\r\f\v]+", " ", node.text(deep=True, separator="")).strip()
            if not txt:
                continue
            links = sum(len(a.text(deep=True)) for a in node.css("a"))
            if node.tag == "li" and links > 0.6 * len(txt):
                continue  # a leftover menu
            parts.append(txt)
        if sum(len(p) for p in parts) < 50:
            parts = [re.sub(r"[ \t]+", " ", root.text(deep=True, separator="\n"))]
    text = _clean("\n\n".join(parts))
    return DocumentText(text, MEDIA_HTML, detect_language(text), title, published)


def read_pdf(data: bytes, name: str, deadline: float) -> DocumentText:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    broken = (
        "is not a readable PDF (it is corrupt or truncated). Download it again, or open "
        "and re-save it with a PDF reader."
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError, PdfReadError):
                ok = 0
            if not ok:
                raise IngestError(
                    "is an encrypted (password-protected) PDF. Remove the password "
                    "(for example `qpdf --decrypt --password=... in.pdf out.pdf`) "
                    "and ingest the decrypted copy.",
                    file=name,
                )
        n = len(reader.pages)
        if n > MAX_PDF_PAGES:
            raise IngestError(
                f"has {n} pages, over the limit of {MAX_PDF_PAGES} for one document. "
                "Split it into parts.",
                file=name,
            )
        texts = []
        total = 0
        for i, page in enumerate(reader.pages):
            if time.monotonic() > deadline:
                raise IngestError(
                    f"took more than {READ_TIME_LIMIT_S:.0f} s to read (stopped at "
                    f"page {i + 1} of {n}). Re-save or split the PDF.",
                    file=name,
                )
            t = page.extract_text() or ""
            texts.append(t)
            total += len(t)
            if total > MAX_TEXT_CHARS:
                break
        title = None
        try:
            meta = reader.metadata
            title = str(meta.title) if meta is not None and meta.title else None
        except Exception:  # noqa: BLE001 - metadata of a hostile file: ignore it
            title = None
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError(
            "is an encrypted (password-protected) PDF. Remove the password and "
            "ingest the decrypted copy.",
            file=name,
        ) from None
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        RecursionError,
        OverflowError,
        ZeroDivisionError,
        OSError,
        UnicodeError,
        LookupError,
        NotImplementedError,
        DependencyError,
    ) as exc:
        raise IngestError(f"{broken} ({type(exc).__name__})", file=name) from None
    text = _clean("\n\n".join(texts))
    if len(re.sub(r"\s", "", text)) < 20:
        raise IngestError(
            "has no text layer (an image-only or scanned PDF). Run OCR on it first "
            "(for example `ocrmypdf --language fas+eng in.pdf out.pdf`) and ingest "
            "the result.",
            file=name,
        )
    return DocumentText(text, MEDIA_PDF, detect_language(text), title, None, pages=n)


def read_docx(data: bytes, name: str) -> DocumentText:
    import docx
    from docx.oxml.ns import qn

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_ZIP_EXPANDED:
                raise IngestError(
                    "expands to more than 200 MB (a zip bomb?). It was not opened.", file=name
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as f:
                        head = f.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise IngestError(
                            "contains XML DOCTYPE/ENTITY declarations, which Word "
                            "never writes. It was not opened.",
                            file=name,
                        )
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = []
        body = document.element.body
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                parts.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
            elif child.tag == qn("w:tbl"):
                for row in child.iter(qn("w:tr")):
                    cells = []
                    for cell in row.iter(qn("w:tc")):
                        cells.append(
                            " ".join(
                                "".join(t.text or "" for t in p.iter(qn("w:t")))
                                for p in cell.iter(qn("w:p"))
                            ).strip()
                        )
                    parts.append(" | ".join(c for c in cells if c))
        title = document.core_properties.title or None
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside a hostile container
        raise IngestError(
            f"is not a readable Word document ({type(exc).__name__}). Open it in a "
            "word processor and save it again as .docx or PDF.",
            file=name,
        ) from None
    text = _clean("\n\n".join(p for p in parts if p.strip()))
    return DocumentText(text, MEDIA_DOCX, detect_language(text), title, None)


def read_plain(data: bytes, name: str, markdown: bool) -> DocumentText:
    text = _decode_text(data, name)
    title = None
    published = None
    if markdown:
        fm = re.match(r"^---\n(.*?)\n---\n", text.replace("\r\n", "\n"), re.S)
        if fm:
            for line in fm.group(1).splitlines():
                k, _, v = line.partition(":")
                v = v.strip().strip("'\"")
                if k.strip().lower() == "title" and v:
                    title = v
                elif k.strip().lower() in ("date", "published", "published_on") and v:
                    try:
                        published = dt.date.fromisoformat(v[:10])
                    except ValueError:
                        pass
            text = text.replace("\r\n", "\n")[fm.end() :]
        text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", text)
        text = re.sub(r"(?m)^\s{0,3}>\s?", "", text)
        text = re.sub(r"(?m)^\s*[-*+]\s+", "", text)
        text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
        text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
        text = re.sub(r"`([^`]+)`", r"\1", text)
        if title is None:
            first = text.strip().splitlines()[0] if text.strip() else ""
            title = first[:200] or None
    text = _clean(text)
    return DocumentText(
        text, MEDIA_MD if markdown else MEDIA_TXT, detect_language(text), title, published
    )
