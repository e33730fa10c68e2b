"""Import victim lists (CSV, XLSX, JSON) into a project, all or nothing.

Each step has its module, as each has its own reasons to change: ``readers.read_table`` turns
a file into a table of strings and says which encoding and delimiter it used;
``mapping.map_columns`` maps its headers to record fields; ``values`` reads cells (missing
values, ages, sex, violations); ``records.RecordBuilder`` validates and normalises the rows;
``import_list`` (here) stores the result in one transaction together with its audit entry.
Every problem names the file, row and column. The names this module always offered are
re-exported.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from undercount.errors import IngestError
from undercount.intake.mapping import HEADER_SYNONYMS, map_columns
from undercount.intake.readers import (
    CSV_SUFFIXES,
    JSON_SUFFIXES,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    XLSX_SUFFIXES,
    Table,
    read_table,
)
from undercount.intake.records import MAX_PROBLEMS, RecordBuilder, build_records, raw_json
from undercount.intake.values import parse_age, parse_sex, parse_violation
from undercount.store.audit import add_to_digest, records_digest

if TYPE_CHECKING:
    from undercount.store.project import Project

__all__ = [
    "CSV_SUFFIXES",
    "HEADER_SYNONYMS",
    "JSON_SUFFIXES",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "XLSX_SUFFIXES",
    "ImportResult",
    "RecordBuilder",
    "Table",
    "build_records",
    "file_sha256",
    "import_list",
    "map_columns",
    "parse_age",
    "parse_sex",
    "parse_violation",
    "raw_json",
    "read_table",
]

CHUNK_ROWS = 50_000  # rows prepared and written at a time
FIRST_CHUNK_ROWS = 10_000  # smaller: the database starts writing sooner


def _chunks(n: int) -> Iterator[tuple[int, int]]:
    """(start, length) of the chunks of an import of ``n`` rows."""
    start = 0
    size = min(FIRST_CHUNK_ROWS, CHUNK_ROWS)
    while start < n:
        yield start, min(size, n - start)
        start += size
        size = CHUNK_ROWS


@dataclass
class ImportResult:
    source: str
    filename: str
    sha256: str
    rows: int
    added: int
    skipped: bool = False
    import_id: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    warnings: list[str] = field(default_factory=list)
    message: str = ""
    # Per mapped column: cells read as missing (empty, or a word or mark such as 'Unknown',
    # '-', 'نامعلوم'), and how many of those were written as a word or mark.
    missing: dict[str, int] = field(default_factory=dict)
    missing_marked: dict[str, int] = field(default_factory=dict)

    def missing_lines(self) -> list[str]:
        """One sentence per column with missing cells (for the CLI and the web page)."""
        out = []
        for col, k in self.missing.items():
            marked = self.missing_marked.get(col, 0)
            how = f" ({marked} written as a word or mark such as 'Unknown')" if marked else ""
            out.append(f"column '{col}': {k} of {self.rows} cell(s) missing{how}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an import builds its many small objects.

    The caches of a big import hold hundreds of thousands of tuples; without the pause the
    collector rescans them over and over (about 10% of the import's time). Reference counting
    still frees everything; cycles, if any, are collected when the import ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_list(
    project: Project,
    path: str | Path,
    *,
    source: str,
    mapping: Mapping[str, str] | None = None,
    kind: str = "ngo_list",
    lenient: bool = False,
    progress: bool = False,
) -> ImportResult:
    """Import one list into ``source`` (created when new). All or nothing; idempotent by hash."""
    from undercount.store.progress import stage_progress

    p = Path(path)
    name = p.name
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise IngestError("file not found. Check the path.", file=str(path)) from None
    except (IsADirectoryError, PermissionError) as exc:
        raise IngestError(f"cannot be read ({exc.strerror}).", file=str(path)) from None
    sha = file_sha256(data)
    src = project.get_source(source)
    if src is not None:
        prev = project.con.execute(
            "SELECT id, n_rows, created_at FROM imports WHERE source_id = ? AND sha256 = ?",
            [src.id, sha],
        ).fetchone()
        if prev:
            return ImportResult(
                source,
                name,
                sha,
                int(prev[1]),
                0,
                skipped=True,
                import_id=int(prev[0]),
                message=f"{name} was already imported into '{source}' (import #{prev[0]}, "
                f"{prev[2]:%Y-%m-%d %H:%M}); nothing was added.",
            )
    with (
        stage_progress(progress, f"Importing {name}") as step,
        _gc_paused(),
        project.transaction(),
        ThreadPoolExecutor(1, thread_name_prefix="uc-digest") as pool,
    ):
        # The audit entries need the digest of the records already stored: the database
        # computes it (outside the GIL) while Python reads the file.
        before = pool.submit(records_digest, project.con)
        step("reading")
        table = read_table(p, data)
        if table.n_rows == 0:
            raise IngestError("has a header row but no data rows.", file=name)
        cols = map_columns(table.headers, mapping, name)
        rows = table.to_arrow()
        n = rows.num_rows
        builder = RecordBuilder(cols, name, lenient=lenient)
        known = {"records": before.result()}
        src = project.ensure_source(source, kind=kind, known=known)
        import_id = project.con.execute(
            "INSERT INTO imports (source_id, filename, sha256, media_type, encoding, delimiter,"
            " mapping, n_rows, user_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                src.id,
                name,
                sha,
                table.media_type,
                table.encoding,
                table.delimiter,
                json.dumps(cols, ensure_ascii=False),
                n,
                project.user,
            ],
        ).fetchone()[0]  # type: ignore[index]
        # Chunks: the database writes chunk k while Python prepares chunk k+1; a problem
        # anywhere rolls everything back.
        with project.record_writer() as writer:
            for start, size in _chunks(n):
                step(f"row {start + 1:,} of {n:,}")
                chunk = builder.build(rows.slice(start, size), start)
                if builder.problems.total:
                    continue  # nothing will be kept: go on only to find every problem
                # One value each: dictionary columns, so the row hash encodes them once.
                zeros = pa.array(np.zeros(chunk.num_rows, dtype=np.int32))
                for col, value in (("source_id", src.id), ("import_id", import_id)):
                    chunk = chunk.append_column(
                        col, pa.DictionaryArray.from_arrays(zeros, pa.array([value], pa.int64()))
                    )
                writer.put(chunk)
            step("writing")
            warnings = builder.finish()
        added = writer.count
        project.audit(
            "import_list",
            "import",
            import_id,
            details={
                "source_id": src.id,
                "file_sha256": sha,
                "rows": added,
                "media_type": table.media_type,
                "mapping_fields": sorted(set(cols.values())),
            },
            known=(
                None
                if writer.lanes is None
                else {"records": add_to_digest(known["records"], writer.lanes)}
            ),
        )
    msg = f"Imported {added} record(s) from {name} into '{source}'."
    return ImportResult(
        source,
        name,
        sha,
        n,
        added,
        import_id=int(import_id),
        mapping=cols,
        encoding=table.encoding,
        delimiter=table.delimiter,
        warnings=warnings,
        message=msg,
        missing={c: k for c, k in builder.missing.items() if k},
        missing_marked={c: k for c, k in builder.marked.items() if k},
    )
