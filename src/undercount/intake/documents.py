"""Documents into a project: HTML, PDF, DOCX, TXT/Markdown -> text, provenance, claims, victims.

Reading is separate from storing. :func:`read_document` turns bytes into text (no project
needed): the main text of an HTML page without menus, ads and scripts; the text layer of a PDF;
the paragraphs and tables of a DOCX; plain text or Markdown. :func:`ingest_documents` stores,
for each file and in one transaction, the original bytes with SHA-256, media type, size,
retrieval time and language, the claims and the named victims (as records of the source) that
:func:`undercount.extract.extract` finds, and an audit entry.

Batches: every file is its own transaction. A file that fails (corrupt, encrypted, image-only,
unknown type) leaves nothing of itself in the project, is listed in the report's ``failures``
with a message naming it, and the other files go on; the CLI then exits with status 1. The
same bytes ingested twice are detected by hash and skipped.

Readers are defensive: inputs over :data:`MAX_DOCUMENT_BYTES` are refused, ZIP containers
that expand too much are refused, XML with DOCTYPE/ENTITY declarations is refused (no external
entity is ever resolved), no script runs, and PDF text extraction stops after
:data:`READ_TIME_LIMIT_S` seconds or :data:`MAX_PDF_PAGES` pages.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from undercount.errors import IngestError, UndercountError
from undercount.extract.text import detect_language

if TYPE_CHECKING:
    import pandas as pd

    from undercount.extract import Extraction
    from undercount.store.project import Project

MAX_DOCUMENT_BYTES = 50 * 1024**2
MAX_TEXT_CHARS = 5_000_000
MAX_PDF_PAGES = 2000
MAX_ZIP_EXPANDED = 200 * 1024**2
READ_TIME_LIMIT_S = 60.0

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text"}
MD_SUFFIXES = {".md", ".markdown", ".mdown"}
MEDIA_HTML = "text/html"
MEDIA_PDF = "application/pdf"
MEDIA_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TXT = "text/plain"
MEDIA_MD = "text/markdown"


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


def _read_html(data: bytes, name: str) -> DocumentText:
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


def _read_pdf(data: bytes, name: str, deadline: float) -> DocumentText:
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


def _read_docx(data: bytes, name: str) -> DocumentText:
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


def _read_plain(data: bytes, name: str, markdown: bool) -> DocumentText:
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


def read_document(
    path_or_bytes: str | os.PathLike[str] | bytes, filename: str | None = None
) -> DocumentText:
    """Read one document (HTML, PDF, DOCX, TXT, Markdown) into text; no project needed.

    Parameters
    ----------
    path_or_bytes : path or bytes
        The file, or its bytes (then give ``filename`` for its type and for messages).
    filename : str, optional
        Name used for the type (by suffix, after the content) and in error messages.

    Raises
    ------
    IngestError
        Unknown type, corrupt, encrypted or image-only PDF, oversized input; the message names
        the file and says what to do.
    """
    if isinstance(path_or_bytes, bytes | bytearray):
        data = bytes(path_or_bytes)
        name = filename or "document"
    else:
        p = Path(path_or_bytes)
        name = filename or p.name
        data = _read_bytes(p)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise IngestError(
            f"is {len(data) / 1024**2:.0f} MB, over the "
            f"{MAX_DOCUMENT_BYTES // 1024**2} MB limit for one document. Split it.",
            file=name,
        )
    if not data.strip():
        raise IngestError("is empty. Nothing to ingest.", file=name)
    media = sniff_media_type(data, name)
    deadline = time.monotonic() + READ_TIME_LIMIT_S
    if media == MEDIA_PDF:
        doc = _read_pdf(data, name, deadline)
    elif media == MEDIA_DOCX:
        doc = _read_docx(data, name)
    elif media == MEDIA_HTML:
        doc = _read_html(data, name)
    else:
        doc = _read_plain(data, name, markdown=media == MEDIA_MD)
    if not doc.text.strip():
        raise IngestError(
            "holds no text after reading (only markup, menus or images). Check "
            "that it is the article itself.",
            file=name,
        )
    return doc


def _read_bytes(p: Path) -> bytes:
    try:
        size = p.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise IngestError(
                f"is {size / 1024**2:.0f} MB, over the "
                f"{MAX_DOCUMENT_BYTES // 1024**2} MB limit for one document. "
                "Split it.",
                file=p.name,
            )
        return p.read_bytes()
    except FileNotFoundError:
        raise IngestError("file not found. Check the path.", file=str(p)) from None
    except IsADirectoryError:
        raise IngestError("is a folder, not a file.", file=str(p)) from None
    except PermissionError:
        raise IngestError("cannot be read (permission denied).", file=str(p)) from None


# ----------------------------------------------------------------- ingest


@dataclass
class IngestedDocument:
    """What happened to one file of a batch."""

    filename: str
    sha256: str
    document_id: int | None = None
    media_type: str | None = None
    language: str | None = None
    size: int = 0
    claims: int = 0
    victims: int = 0
    quotes: int = 0
    skipped: bool = False
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class IngestReport:
    """Outcome of :func:`ingest_documents`: documents stored or skipped, and failures."""

    source: str
    documents: list[IngestedDocument] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def added(self) -> int:
        return sum(1 for d in self.documents if not d.skipped)

    @property
    def skipped(self) -> int:
        return sum(1 for d in self.documents if d.skipped)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "added": self.added,
            "skipped": self.skipped,
            "claims": sum(d.claims for d in self.documents),
            "victims": sum(d.victims for d in self.documents),
            "documents": [d.to_dict() for d in self.documents],
            "failures": [{"file": f, "error": e} for f, e in self.failures],
            "ok": self.ok,
        }


@dataclass(frozen=True)
class InMemoryDocument:
    """A document given as bytes (a web upload): ingested without touching the disk, so the
    plaintext of an encrypted project's upload is never written to a temporary file."""

    name: str
    data: bytes


def ingest_documents(
    project: Project,
    paths: Sequence[str | os.PathLike[str] | InMemoryDocument],
    *,
    source: str,
    progress: bool = False,
    kind: str = "report",
    published_on: dt.date | str | None = None,
    actors_file: str | os.PathLike[str] | None = None,
) -> IngestReport:
    """Ingest documents into ``source``: text + provenance, claims, named victims.

    Each file is one transaction (document row, its claims, its victim records, an audit
    entry). A failing file leaves nothing stored and is listed in ``failures``; the others go
    on. Bytes already in the project (same SHA-256) are skipped.

    Parameters
    ----------
    project : Project
    paths : sequence of paths
    source : str
        Source the documents belong to (created when new, with ``kind``).
    progress : bool
        Show a Rich progress bar on stderr.
    kind : str
        Source kind for a new source (``report``, ``news``, ...).
    published_on : date or ISO string, optional
        Publication date for all documents (else read from the document where it says).
    actors_file : path, optional
        JSON/CSV alias file extending the bundled actor lexicon.
    """
    from undercount.extract import load_actors

    if isinstance(published_on, str):
        try:
            published_on = dt.date.fromisoformat(published_on)
        except ValueError:
            raise IngestError(
                f"--published-on '{published_on}' is not a date; give YYYY-MM-DD."
            ) from None
    index = load_actors(actors_file)
    report = IngestReport(source)
    with _progress(progress and len(paths) > 0, len(paths)) as advance:
        for path in paths:
            p = path if isinstance(path, InMemoryDocument) else Path(path)
            try:
                report.documents.append(
                    _ingest_one(
                        project,
                        p,
                        source=source,
                        kind=kind,
                        published_on=published_on,
                        actors=index,
                    )
                )
            except UndercountError as exc:
                report.failures.append((p.name, str(exc)))
            advance(p.name)
    return report


class _progress:
    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.total = total
        self._bar: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return lambda _name: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("Ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.__enter__()
        task = self._bar.add_task("", total=self.total)

        def advance(name: str) -> None:
            self._bar.update(task, advance=1, description=name[:40])

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _ingest_one(
    project: Project,
    p: Path | InMemoryDocument,
    *,
    source: str,
    kind: str,
    published_on: dt.date | None,
    actors: Any,
) -> IngestedDocument:
    from undercount.extract import extract

    name = p.name
    data = p.data if isinstance(p, InMemoryDocument) else _read_bytes(p)
    sha = hashlib.sha256(data).hexdigest()
    prev = project.con.execute(
        "SELECT d.id, s.name FROM documents d JOIN sources s ON s.id = d.source_id "
        "WHERE d.sha256 = ? ORDER BY d.id LIMIT 1",
        [sha],
    ).fetchone()
    if prev:
        return IngestedDocument(
            name,
            sha,
            int(prev[0]),
            skipped=True,
            size=len(data),
            message=f"{name} is already in the project as document #{prev[0]} "
            f"(source '{prev[1]}'); nothing was added.",
        )
    retrieved_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    doc = read_document(data, name)
    pub = published_on or doc.published_on
    src = project.get_source(source)
    publisher = (src.publisher or src.name) if src is not None else source
    x = extract(
        doc.text, published_on=pub, publisher=publisher, language=doc.language, actors=actors
    )
    with project.transaction():
        src = project.ensure_source(source, kind=kind)
        doc_id = int(
            project.con.execute(
                "INSERT INTO documents (source_id, filename, media_type, sha256, size, retrieved_at, "
                "language, title, published_on, text, original) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                [
                    src.id,
                    name,
                    doc.media_type,
                    sha,
                    len(data),
                    retrieved_at,
                    doc.language,
                    (doc.title or "")[:500] or None,
                    pub,
                    doc.text,
                    data,
                ],
            ).fetchone()[0]  # type: ignore[index]
        )
        _insert_claims(project, x, doc_id, src.id)
        frame = victim_records(x, document_id=doc_id, source_id=src.id)
        n_victims = project.insert_records(frame) if frame is not None else 0
        project.audit(
            "ingest_document",
            "document",
            doc_id,
            details={
                "source_id": src.id,
                "file_sha256": sha,
                "media_type": doc.media_type,
                "language": doc.language,
                "size": len(data),
                "claims": len(x.claims),
                "victim_records": n_victims,
                "quotes": len(x.quotes),
            },
        )
    return IngestedDocument(
        name,
        sha,
        doc_id,
        doc.media_type,
        doc.language,
        len(data),
        len(x.claims),
        n_victims,
        len(x.quotes),
        message=f"Ingested {name}: {len(x.claims)} claim(s), {n_victims} named victim(s).",
    )


def _insert_claims(project: Project, x: Extraction, doc_id: int, source_id: int) -> None:
    rows = []
    for c, s in zip(x.claims, x.scopes, strict=True):
        q = c.quantity
        rows.append(
            [
                doc_id,
                source_id,
                q.value,
                q.low,
                q.high,
                q.qualifier,
                c.outcome,
                c.victims,
                s.event,
                s.place,
                s.province,
                s.period,
                s.period_start,
                s.period_end,
                c.attributed_to,
                c.stated_on,
                c.span[0],
                c.span[1],
                c.sentence,
            ]
        )
    if rows:
        project.con.executemany(
            "INSERT INTO claims (document_id, source_id, value, low, high, qualifier, outcome, "
            "victims, event, place, province, period, period_start, period_end, attributed_to, "
            "stated_on, span_start, span_end, sentence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def victim_records(
    x: Extraction, *, document_id: int | None, source_id: int | None
) -> pd.DataFrame | None:
    """Records (columns of ``records``) for the victims named in an extraction."""
    import pandas as pd

    from undercount import normalize as nz
    from undercount.extract.scope import resolve_place_cached

    victims = x.victims
    if not victims:
        return None
    names = [v.name for v in victims]
    out: dict[str, list[Any]] = {"name": names}
    nf = nz.normalize_names(names)
    for k in ("name_norm", "name_script", "name_key", "name_latin", "name_skeleton"):
        out[k] = list(nf[k])
    parts = [nz.split_name(n) for n in names]
    for fld in ("given", "family", "father"):
        vals = [getattr(pt, fld, None) or None for pt in parts]
        out[f"{fld}_name"] = vals
        out[f"{fld}_key"] = [nz.name_key(v) or None if v else None for v in vals]
    out["age"] = [v.age for v in victims]
    out["date"] = [v.date.date if v.date is not None else None for v in victims]
    out["date_precision"] = [v.date.precision if v.date is not None else None for v in victims]
    out["date_calendar"] = [v.date.calendar if v.date is not None else None for v in victims]
    out["date_text"] = [v.date_text for v in victims]
    out["place_text"] = [v.place for v in victims]
    out["province"] = [v.province for v in victims]
    out["city"] = [v.city for v in victims]
    places = [resolve_place_cached(v.place) if v.place else None for v in victims]
    out["lat"] = [pl.lat if pl is not None else None for pl in places]
    out["lon"] = [pl.lon if pl is not None else None for pl in places]
    out["violation"] = [v.violation for v in victims]
    event = next((s.event for s in x.scopes if s.event), None)
    out["event"] = [event] * len(victims)
    out["raw"] = [
        json.dumps(
            {
                "name": v.name,
                "role": v.role,
                "evidence": v.evidence,
                "sentence": v.sentence,
                "span": list(v.span),
            },
            ensure_ascii=False,
        )
        for v in victims
    ]
    out["row_number"] = list(range(1, len(victims) + 1))
    frame = pd.DataFrame(out)
    frame.insert(0, "source_id", source_id)
    frame.insert(1, "document_id", document_id)
    return frame
