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

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from undercount.errors import IngestError, UndercountError
from undercount.intake.document_formats import (
    HTML_SUFFIXES,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    MAX_ZIP_EXPANDED,
    MD_SUFFIXES,
    MEDIA_DOCX,
    MEDIA_HTML,
    MEDIA_MD,
    MEDIA_PDF,
    MEDIA_TXT,
    READ_TIME_LIMIT_S,
    TEXT_SUFFIXES,
    DocumentText,
    read_docx,
    read_html,
    read_pdf,
    read_plain,
    sniff_media_type,
)

if TYPE_CHECKING:
    import pandas as pd

    from undercount.extract import Extraction
    from undercount.store.project import Project

__all__ = [
    "HTML_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "MAX_ZIP_EXPANDED",
    "MD_SUFFIXES",
    "MEDIA_DOCX",
    "MEDIA_HTML",
    "MEDIA_MD",
    "MEDIA_PDF",
    "MEDIA_TXT",
    "READ_TIME_LIMIT_S",
    "TEXT_SUFFIXES",
    "DocumentText",
    "InMemoryDocument",
    "IngestReport",
    "IngestedDocument",
    "ingest_documents",
    "read_document",
    "sniff_media_type",
    "victim_records",
]

MAX_DOCUMENT_BYTES = 50 * 1024**2


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
        doc = read_pdf(data, name, deadline)
    elif media == MEDIA_DOCX:
        doc = read_docx(data, name)
    elif media == MEDIA_HTML:
        doc = read_html(data, name)
    else:
        doc = read_plain(data, name, markdown=media == MEDIA_MD)
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
