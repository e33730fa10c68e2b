"""Import victim lists (CSV, XLSX, JSON) into a project, all or nothing.

Reading is separated from storing: ``read_table`` turns a file into a table of strings and says
which encoding and delimiter it used; ``map_columns`` maps its headers to record fields;
``build_records`` validates and normalises the values; ``import_list`` stores the result in one
transaction together with its audit entry. Every problem names the file, row and column.
"""

from __future__ import annotations

import codecs
import csv
import gc
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from undercount.errors import IngestError
from undercount.intake.values import (
    MISSING_AGE,
    Age,
    ages_at,
    is_missing,
    parse_age_value,
    parse_birth_year,
    parse_sex,
    parse_violation,
)
from undercount.intake.values import header_key as _header_key
from undercount.model import RECORD_FIELDS
from undercount.store.audit import add_to_digest, records_digest

if TYPE_CHECKING:
    from undercount.store.project import Project

CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
MAX_PROBLEMS = 20
CHUNK_ROWS = 50_000  # rows prepared and written at a time
FIRST_CHUNK_ROWS = 10_000  # smaller: the database starts writing sooner
MAX_FILE_BYTES = 2 * 1024**3


def _chunks(n: int) -> Iterator[tuple[int, int]]:
    """(start, length) of the chunks of an import of ``n`` rows."""
    start = 0
    size = min(FIRST_CHUNK_ROWS, CHUNK_ROWS)
    while start < n:
        yield start, min(size, n - start)
        start += size
        size = CHUNK_ROWS


# Header spellings (normalised by _header_key) -> record field.
HEADER_SYNONYMS: dict[str, str] = {}


def _syn(field_name: str, *names: str) -> None:
    for n in names:
        HEADER_SYNONYMS[_header_key(n)] = field_name


_syn(
    "name",
    "name",
    "full name",
    "fullname",
    "victim",
    "victim name",
    "name of victim",
    "person",
    "نام و نام خانوادگی",
    "نام کامل",
    "اسم",
    "نام قربانی",
    "الاسم",
    "الاسم الكامل",
)
_syn("given_name", "given name", "first name", "firstname", "forename", "نام", "نام کوچک")
_syn(
    "family_name",
    "family name",
    "last name",
    "lastname",
    "surname",
    "نام خانوادگی",
    "فامیلی",
    "شهرت",
)
_syn(
    "father_name",
    "father's name",
    "fathers name",
    "father name",
    "father",
    "نام پدر",
    "اسم الأب",
    "اسم الاب",
)
_syn(
    "aliases",
    "aliases",
    "alias",
    "aka",
    "also known as",
    "other names",
    "other name",
    "name fa",
    "name_fa",
    "fa name",
    "name en",
    "en name",
    "name ar",
    "ar name",
    "name latin",
    "latin name",
    "english name",
    "persian name",
    "farsi name",
    "arabic name",
    "name in persian",
    "name in english",
    "name in arabic",
    "name (persian)",
    "name (english)",
    "name (farsi)",
    "نام لاتین",
    "نام انگلیسی",
    "نام به انگلیسی",
    "نام به لاتین",
    "نام فارسی",
    "نام مستعار",
    "نام دیگر",
    "الاسم بالانجليزية",
    "الاسم بالإنجليزية",
    "الاسم بالعربية",
    "اسم الشهرة",
)
_syn(
    "birth_year",
    "dob",
    "date of birth",
    "birth date",
    "birthdate",
    "year of birth",
    "birth year",
    "born",
    "تاریخ تولد",
    "سال تولد",
    "تولد",
    "تاريخ الميلاد",
    "سنة الميلاد",
    "مواليد",
)
_syn("sex", "sex", "gender", "جنسیت", "جنس", "الجنس")
_syn("age", "age", "age at death", "سن", "العمر")
_syn(
    "date",
    "date",
    "date of death",
    "death date",
    "date of incident",
    "incident date",
    "date of arrest",
    "date of execution",
    "تاریخ",
    "تاریخ فوت",
    "تاریخ مرگ",
    "تاریخ کشته شدن",
    "تاریخ جان باختن",
    "تاریخ بازداشت",
    "تاریخ اعدام",
    "التاريخ",
)
_syn(
    "place_text",
    "place",
    "location",
    "place of death",
    "place of incident",
    "محل",
    "محل فوت",
    "مکان",
    "محل حادثه",
    "المكان",
)
_syn("city", "city", "town", "شهر", "شهرستان", "المدينة")
_syn("province", "province", "state", "region", "استان", "المحافظة")
_syn(
    "violation",
    "violation",
    "violation type",
    "type",
    "type of violation",
    "نوع نقض",
    "نوع",
    "نوع نقض حقوق",
)
_syn("perpetrator", "perpetrator", "perpetrators", "عامل", "عاملان", "ضارب")
_syn("event", "event", "incident", "رویداد", "واقعه")
_syn(
    "notes", "notes", "note", "comments", "remarks", "description", "توضیحات", "یادداشت", "ملاحظات"
)


@dataclass
class Table:
    """A file read as strings: headers and rows, and how it was decoded.

    The rows are an Arrow table of strings (``arrow``, what the CSV reader gives) or a
    DataFrame of strings (``frame``); :meth:`to_arrow` and :meth:`to_pandas` give either.
    """

    frame: pd.DataFrame | None
    media_type: str
    encoding: str | None = None
    delimiter: str | None = None
    arrow: pa.Table | None = None

    @property
    def headers(self) -> list[str]:
        cols = self.arrow.column_names if self.arrow is not None else self.to_pandas().columns
        return [str(c) for c in cols]

    @property
    def n_rows(self) -> int:
        return self.arrow.num_rows if self.arrow is not None else len(self.to_pandas())

    def to_arrow(self) -> pa.Table:
        """The rows as an Arrow table of string columns (headers kept, in file order)."""
        if self.arrow is None:
            frame = self.to_pandas()
            arrays = [
                pa.array(
                    ["" if v is None else str(v) for v in frame.iloc[:, i].tolist()],
                    type=pa.string(),
                )
                for i in range(frame.shape[1])
            ]
            self.arrow = pa.Table.from_arrays(arrays, names=[str(c) for c in frame.columns])
        return self.arrow

    def to_pandas(self) -> pd.DataFrame:
        if self.frame is None:
            assert self.arrow is not None
            self.frame = self.arrow.to_pandas()
        return self.frame


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


# ---------------------------------------------------------------- reading


def _refuse_mixed_encodings(data: bytes, name: str) -> None:
    """A file whose lines are partly valid non-ASCII UTF-8 and partly not mixes encodings.

    Decoding it as Windows-1256 would turn the UTF-8 lines into mojibake names, silently.
    """
    utf8_lines = 0
    first_bad = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines += 1
        except UnicodeDecodeError:
            first_bad = first_bad or number
        if utf8_lines and first_bad:
            raise IngestError(
                f"line {first_bad} is not UTF-8 while other lines are: the file mixes text "
                "encodings. Open it in a spreadsheet program and save it again as UTF-8 CSV.",
                file=name,
            )


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise IngestError(
                "the file starts with a UTF-16 byte-order mark but is not valid UTF-16. "
                "Re-save it as UTF-8 CSV.",
                file=name,
            ) from None
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
        enc = "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
        raise IngestError(
            "the file looks binary (NUL bytes), not a text CSV. Export it as CSV (UTF-8) or XLSX.",
            file=name,
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    _refuse_mixed_encodings(data, name)
    # Windows-1256 (Arabic script, common in older Iranian spreadsheets exports).
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise IngestError(
            f"line {line}: the bytes are neither UTF-8 nor Windows-1256 text. "
            "Re-save the file as UTF-8 CSV.",
            file=name,
        ) from None
    if "\x00" in text:
        raise IngestError("the file contains NUL bytes. Re-save it as UTF-8 CSV.", file=name)
    return text, "windows-1256"


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:65536].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in [",", ";", "\t", "|"]}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


MAX_CELL_CHARS = 100_000


def _check_cell_sizes(table: pa.Table, name: str) -> None:
    """Refuse absurdly long values (a 100 MB 'name' is an attack or a broken export).

    Names the first cell (row by row) of the greatest length, vectorised per column.
    """
    import pyarrow.compute as pc

    if table.num_rows == 0:
        return
    # Bytes bound characters from above and come from the offsets alone: count characters
    # only when some value has more bytes than the limit allows characters.
    if max((pc.max(pc.binary_length(c)).as_py() or 0) for c in table.columns) <= MAX_CELL_CHARS:
        return
    lengths = [pc.utf8_length(column) for column in table.columns]
    longest = max((pc.max(x).as_py() or 0) for x in lengths)
    if longest <= MAX_CELL_CHARS:
        return
    row, col = min(
        (pc.index(x, longest).as_py(), i)
        for i, x in enumerate(lengths)
        if (pc.max(x).as_py() or 0) == longest
    )
    raise IngestError(
        f"holds a value of {int(longest):,} characters; the limit is "
        f"{MAX_CELL_CHARS:,}. Check that the file is a list with one victim per row "
        "(a missing closing quote can swallow the rest of the file).",
        file=name,
        row=row + 1,
        column=table.column_names[col],
    )


def _read_csv_arrow(payload: bytes, text: str, delim: str) -> pa.Table | None:
    """Read well-formed CSV (UTF-8 ``payload``) with Arrow's parser; None when it objects.

    Arrow's reader is several times faster than pandas' and keeps the values as Arrow
    strings. It is strict (every row must have as many fields as the header): on any
    complaint the caller falls back to the pandas reader, whose messages name the bad line.
    """
    import pyarrow.csv as pacsv

    if '"' in text:
        # Arrow ends a quoted value left open at the end of the file without a word; Python's
        # strict csv reader notices (pandas then says where the quote starts).
        try:
            for _ in csv.reader(io.StringIO(text), delimiter=delim, strict=True):
                pass
        except csv.Error:
            return None
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delim))
    except (StopIteration, csv.Error):
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(payload),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(
                delimiter=delim,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=True,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except (pa.ArrowException, ValueError, OverflowError):
        return None
    if table.num_rows == 0:
        return None
    headers = [str(h).strip() for h in table.slice(0, 1).to_pylist()[0].values()]
    return table.slice(1).rename_columns(headers)


def _pandas_csv(text: str, delim: str) -> pd.DataFrame:
    """The tolerant reader: every cell a string, the header as the first row."""
    # header=None: the header is read as a row, so pandas neither infers index columns
    # from a first data row that is too long nor renames repeated headers ('X.1').
    return pd.read_csv(
        io.StringIO(text),
        sep=delim,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=True,
        engine="c",
        header=None,
        index_col=False,
    )


def _read_csv(data: bytes, name: str) -> Table:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise IngestError(
            "the file is empty: it has no header row. Add a header row naming "
            "the columns (e.g. name, date, city).",
            file=name,
        )
    delim = _sniff_delimiter(text)
    if encoding == "utf-8":
        payload = data
    elif encoding == "utf-8-sig":
        payload = data[3:]
    else:
        payload = text.encode("utf-8")
    fast = _read_csv_arrow(payload, text, delim)
    if fast is not None:
        _check_cell_sizes(fast, name)
        return Table(None, "text/csv", encoding, delim, arrow=fast)
    try:
        frame = _pandas_csv(text, delim)
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            line = int(m.group(2))
            raise IngestError(
                f"has {m.group(3)} fields where the header has {m.group(1)}. Check for an "
                f"unquoted '{delim}' inside a value, or quote the value.",
                file=name,
                row=line - 1,
            ) from None
        raise IngestError(f"cannot be parsed as CSV ({exc}). Check quoting.", file=name) from None
    except (ValueError, OverflowError) as exc:
        raise IngestError(f"cannot be parsed as CSV ({exc}).", file=name) from None
    headers = [str(h).strip() for h in frame.iloc[0].tolist()]
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = headers
    table = Table(frame, "text/csv", encoding, delim)
    _check_cell_sizes(table.to_arrow(), name)
    return table


def _read_xlsx(data: bytes, name: str) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > 40 * max(len(data), 1) and total > 512 * 1024**2:
                raise IngestError(
                    "the workbook expands to more than 40 times its size "
                    "(a zip bomb?). It was not opened.",
                    file=name,
                )
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except IngestError:
        raise
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        SyntaxError,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise IngestError(
            f"is not a readable XLSX workbook ({type(exc).__name__}). Open it in a "
            "spreadsheet program and save it again as .xlsx, or export CSV.",
            file=name,
        ) from None
    ws = wb.worksheets[0] if wb.worksheets else None
    if ws is None:
        raise IngestError("the workbook has no sheet.", file=name)
    try:
        # The sheet XML is parsed lazily, while iterating: its errors surface here.
        header = next(ws.iter_rows(max_row=1, values_only=True), None)
        if header is None:
            raise IngestError("the first sheet is empty: it has no header row.", file=name)
        headers = ["" if h is None else str(h).strip() for h in header]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        out: list[list[str]] = []
        # max_col: a forged dimension (e.g. A1:XFD1048576) must not make every row 16,384 wide.
        for r in ws.iter_rows(min_row=2, max_col=width + 1, values_only=True):
            vals = ["" if v is None else _cell_text(v) for v in r[:width]]
            if len(r) > width and any(v not in (None, "") for v in r[width:]):
                raise IngestError(
                    "has values to the right of the last named column. Give that "
                    "column a header or delete the values.",
                    file=name,
                    row=len(out) + 1,
                )
            if not any(vals):
                continue
            vals += [""] * (width - len(vals))
            out.append(vals)
    except IngestError:
        raise
    except (
        SyntaxError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        IndexError,
        NotImplementedError,
        RuntimeError,
    ) as exc:  # SyntaxError: XML ParseError; RuntimeError: encrypted ZIP
        raise IngestError(
            f"is not a readable XLSX workbook ({type(exc).__name__} in the sheet). "
            "Open it in a spreadsheet program and save it again as .xlsx, or "
            "export CSV.",
            file=name,
        ) from None
    finally:
        wb.close()
    return Table(
        pd.DataFrame(out, columns=headers, dtype=str),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _cell_text(v: Any) -> str:
    import datetime as dt

    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _read_json(data: bytes, name: str) -> Table:
    text, encoding = _decode(data, name)
    stripped = text.lstrip()
    rows: list[Any]
    try:
        if stripped.startswith("["):
            rows = json.loads(stripped)
        else:
            rows = [json.loads(line) for line in stripped.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Give an array of objects or one object per line (JSON Lines).",
            file=name,
        ) from None
    except RecursionError:
        raise IngestError("is nested too deeply to be a list of records.", file=name) from None
    if isinstance(rows, dict):
        rows = [rows]
    for i, r in enumerate(rows, start=1):
        if not isinstance(r, dict):
            raise IngestError(
                f"is a {type(r).__name__}, not an object with named fields. "
                "Give an array of objects.",
                file=name,
                row=i,
            )
    headers: list[str] = []
    seen: set[str] = set()
    for r in rows:
        for k in r:
            if k not in seen:
                seen.add(k)
                headers.append(str(k))
    out = []
    for i, r in enumerate(rows, start=1):
        vals = []
        for h in headers:
            v = r.get(h)
            if isinstance(v, dict | list):
                raise IngestError(
                    "holds a nested object or array; give plain values.", file=name, row=i, column=h
                )
            vals.append("" if v is None else (str(v).lower() if isinstance(v, bool) else str(v)))
        out.append(vals)
    return Table(pd.DataFrame(out, columns=headers, dtype=str), "application/json", encoding)


def read_table(path: str | Path, data: bytes | None = None) -> Table:
    """Read a CSV, XLSX or JSON file into a table of strings (no mapping, no validation)."""
    p = Path(path)
    name = p.name
    if data is None:
        try:
            size = p.stat().st_size
            if size > MAX_FILE_BYTES:
                raise IngestError(
                    f"is {size / 1024**3:.1f} GB, over the 2 GB limit of one "
                    "import. Split it into several files.",
                    file=name,
                )
            data = p.read_bytes()
        except FileNotFoundError:
            raise IngestError("file not found. Check the path.", file=str(path)) from None
        except IsADirectoryError:
            raise IngestError("is a folder, not a file.", file=str(path)) from None
        except PermissionError:
            raise IngestError("cannot be read (permission denied).", file=str(path)) from None
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        table = _read_csv(data, name)
    elif suffix in XLSX_SUFFIXES:
        table = _read_xlsx(data, name)
    elif suffix in JSON_SUFFIXES:
        table = _read_json(data, name)
    elif suffix == ".xls":
        raise IngestError("is an old Excel 97 (.xls) workbook. Save it as .xlsx or CSV.", file=name)
    else:
        raise IngestError(
            f"has an unknown file type '{suffix or '(none)'}'. undercount imports "
            "lists as .csv, .tsv, .xlsx, .json or .jsonl; documents (HTML, PDF, "
            "DOCX, TXT) go through `undercount ingest`.",
            file=name,
        )
    headers = table.headers
    seen_cols = Counter(headers)  # not list.count: quadratic on wide files
    dupes = [h for h in headers if seen_cols[h] > 1]
    if dupes:
        raise IngestError(
            f"has the column name '{dupes[0]}' more than once. Rename one.",
            file=name,
            column=str(dupes[0]),
        )
    return table


# ---------------------------------------------------------------- mapping


def map_columns(
    headers: Sequence[str], explicit: Mapping[str, str] | None, name: str
) -> dict[str, str]:
    """Map file headers to record fields: explicit ``--map`` first, then recognised headers."""
    mapping: dict[str, str] = {}
    explicit = dict(explicit or {})
    for col, fld in explicit.items():
        if fld not in RECORD_FIELDS:
            raise IngestError(
                f"--map {col}={fld}: '{fld}' is not a record field. Fields: "
                + ", ".join(RECORD_FIELDS)
                + ".",
                file=name,
                column=col,
            )
        if col not in headers:
            raise IngestError(
                f"--map names the column '{col}', which the file does not have. "
                "Columns: " + ", ".join(map(str, headers)) + ".",
                file=name,
                column=col,
            )
        mapping[col] = fld
    taken = set(mapping.values())
    for h in headers:
        if h in mapping:
            continue
        fld = HEADER_SYNONYMS.get(_header_key(h))
        if fld and (fld not in taken or fld == "aliases"):  # several alias columns are fine
            mapping[h] = fld
            taken.add(fld)
    if not ({"name", "given_name", "family_name"} & taken) and "aliases" in taken:
        # Only names in other scripts (name_fa, name_en): the first one is the name.
        first = next((h for h in headers if mapping.get(h) == "aliases"), None)
        if first is not None and first not in explicit:
            mapping[first] = "name"
            taken.add("name")
    if not ({"name", "given_name", "family_name"} & taken):
        raise IngestError(
            "no column holds the victim's name. Columns found: "
            + ", ".join(map(str, headers))
            + ". Name the column 'name' (or 'نام و نام خانوادگی'), or map it: "
            '--map "<column>=name".',
            file=name,
            column="name",
        )
    return mapping


# ---------------------------------------------------------------- values


@dataclass
class _Problems:
    name: str
    items: list[tuple[int, str, str]] = field(default_factory=list)
    total: int = 0
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def add(self, row: int, column: str, what: str, count: int = 1) -> None:
        """Count ``count`` bad values; list the first row of each (column, problem) once."""
        self.total += count
        if (column, what) in self._seen:
            return
        self._seen.add((column, what))
        if len(self.items) < 10 * MAX_PROBLEMS:
            self.items.append((row, column, what))

    def raise_if_any(self) -> None:
        if not self.total:
            return
        self.items = sorted(self.items)[:MAX_PROBLEMS]
        row, col, what = self.items[0]
        lines = [f"row {r}, column '{c}': {w}" for r, c, w in self.items]
        more = f" (and {self.total - len(self.items)} more)" if self.total > len(self.items) else ""
        raise IngestError(
            f"{what}. {self.total} value(s) could not be read{more}; nothing was imported. "
            "Correct them in the file, or re-run with --lenient to keep such values only as "
            "text.",
            file=self.name,
            row=row,
            column=col,
            problems=lines,
        )


def _codes(
    values: pa.Array | pa.ChunkedArray | Sequence[str], *, strip: bool = False
) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct values of a column of strings (lists repeat values a lot).

    Missing values read as ``""``. With ``strip``, values are stripped of surrounding white
    space once per distinct value (not once per row); values equal after stripping share a
    code.
    """
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        arr = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    elif isinstance(values, pa.Array):
        arr = values
    else:
        arr = pa.array(list(values), type=pa.string())
    if arr.null_count:
        arr = pc.fill_null(arr, "")
    enc = pc.dictionary_encode(arr)
    codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    texts = enc.dictionary.to_pylist()
    if strip:
        stripped = [t.strip() for t in texts]
        if stripped != texts:
            c2, u2 = _codes(stripped)
            return c2[codes], u2
    return codes, texts


def _pairs(
    a: tuple[np.ndarray, list[str]], b: tuple[np.ndarray, list[str]]
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Codes into the distinct (a, b) value pairs of two coded columns of the same rows."""
    (ca, ua), (cb, ub) = a, b
    key = ca.astype(np.int64) * max(len(ub), 1) + cb
    codes, uniques = pd.factorize(key)
    return codes.astype(np.int32, copy=False), [
        (ua[k // max(len(ub), 1)], ub[k % max(len(ub), 1)]) for k in uniques.tolist()
    ]


def _take(results: Sequence[Any], codes: np.ndarray) -> pa.Array:
    """A dictionary-encoded column: ``results[codes]`` without a Python loop over rows.

    Missing values are nulls of the dictionary, so columns derived from the same codes share
    their indices (the record hash encodes such columns together, once per distinct value).
    """
    values = list(results)
    if not values or all(v is None for v in values):
        return pa.nulls(len(codes), pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(values))


def _dictionary(values: pa.Array, codes: np.ndarray) -> pa.Array:
    """``values[codes]`` as a dictionary column (as :func:`_take`, from an Arrow array)."""
    if values.null_count == len(values):
        return pa.nulls(len(codes), pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(codes), values)


# The columns RecordBuilder derives from a full name, in the order of
# normalize.names._normalize_chunk's results, then the keys of the three parts.
_NAME_INFO = (
    "name_norm",
    "name_script",
    "name_key",
    "name_latin",
    "name_skeleton",
    "given",
    "family",
    "father",
    "given_key",
    "family_key",
    "father_key",
)


class _Bad:
    """A value that could not be parsed (cached, so it is reported once per import)."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


def _clip(v: str, n: int = 40) -> str:
    v = v.replace("\n", " ")
    return v if len(v) <= n else v[: n - 1] + "…"


_JSON_SPECIAL = r'["\\\x00-\x1f]'  # characters a JSON string must escape


def _needs_escape(arr: pa.Array) -> bool:
    """Whether any value of a string column holds a quote, backslash or control character
    (one pass of numpy over the column's bytes)."""
    _, offsets, data = arr.buffers()
    if data is None or len(arr) == 0:
        return False
    first, last = np.frombuffer(offsets, dtype=np.int32, count=len(arr) + 1, offset=arr.offset * 4)[
        [0, -1]
    ]
    raw = np.frombuffer(data, dtype=np.uint8, count=int(last - first), offset=int(first))
    return bool(((raw < 0x20) | (raw == 0x22) | (raw == 0x5C)).any())


def raw_json(rows: pa.Table) -> pa.Array:
    """Each row as a JSON object of its cells (keys in file order), built column-wise.

    Columns without nulls or characters JSON must escape (nearly all) are joined per row
    between literal pieces by one Arrow call; the others are quoted once per distinct value
    (``json.dumps`` only for the values that need escaping) and taken. A million rows cost a
    fraction of a second. The text equals ``json.dumps(row, ensure_ascii=False,
    separators=(",", ":"))``.
    """
    import pyarrow.compute as pc

    if rows.num_rows == 0:
        return pa.array([], type=pa.string())
    pieces: list[Any] = []
    literal = "{"  # text between two columns' values
    for i, (header, column) in enumerate(zip(rows.column_names, rows.columns, strict=True)):
        arr = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        arr = arr.cast(pa.string())
        literal += ("," if i else "") + json.dumps(header, ensure_ascii=False) + ":"
        if not arr.null_count and not _needs_escape(arr):
            pieces += [literal + '"', arr]
            literal = '"'
            continue
        enc = pc.dictionary_encode(arr)
        values = enc.dictionary
        # A value without quotes, backslashes or control characters is its own JSON string
        # between quotes; the others (few) are escaped by json.dumps.
        special = pc.fill_null(pc.match_substring_regex(values, _JSON_SPECIAL), False)
        quoted = pc.binary_join_element_wise('"', values, '"', "")
        if pc.any(special).as_py():
            pairs = zip(values.to_pylist(), special.to_pylist(), strict=True)
            escaped = pa.array(
                [json.dumps(t, ensure_ascii=False) if f else None for t, f in pairs],
                type=pa.string(),
            )
            quoted = pc.if_else(special, escaped, quoted)
        pieces += [literal, pc.fill_null(pc.take(quoted, enc.indices), "null")]
        literal = ""
    pieces.append(literal + "}")
    return pc.binary_join_element_wise(*pieces, "")


_MAY_HOLD_ALIAS = re.compile(
    r"[(\[]|\ba\.?k\.?a\b|known as|alias|معروف|مشهور|ملقب|الملقب|المعروف|الشهير", re.I
)


class RecordBuilder:
    """Validate and normalise the rows of one list into ``records`` columns, chunk by chunk.

    Every normalisation runs once per distinct value of a column, and its result is cached
    for the whole import, so a million-row list with realistic repetition costs a fraction of
    its length in Python work; results go back to the rows as dictionary-encoded Arrow
    columns. Problems are collected over all chunks; :meth:`finish` raises them.
    """

    def __init__(self, mapping: Mapping[str, str], name: str, *, lenient: bool = False) -> None:
        self.by_field = {fld: col for col, fld in mapping.items() if fld != "aliases"}
        self.alias_columns = [col for col, fld in mapping.items() if fld == "aliases"]
        self.name = name
        self.missing: Counter[str] = Counter()  # column -> cells read as missing
        self.marked: Counter[str] = Counter()  # column -> of those, written as a word or mark
        self._missing_cache: dict[str, bool] = {}
        self._aliases: dict[tuple[str, ...], tuple[list[str] | None, list[str] | None]] = {}
        self._chunk: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._rows: pa.Table | None = None
        self.lenient = lenient
        self.problems = _Problems(name)
        self._names: dict[str, int] = {}  # name -> row of _name_columns
        self._name_columns: list[list[pa.Array]] = [[] for _ in _NAME_INFO]
        self._parsed: dict[str, dict[str, Any]] = {}
        self._n_bad: Counter[str] = Counter()
        self._places: dict[tuple[str, str], tuple[Any, ...]] = {}

    # -- per distinct value, cached over chunks

    def _name_info(self, uniques: list[str]) -> list[pa.Array]:
        """The derived name columns (``_NAME_INFO``) of each of ``uniques`` (nulls for "").

        Results are kept as Arrow arrays for the whole import, one chunk per batch of new
        names, and taken per chunk by index: no Python work per value already seen.
        """
        from undercount.normalize.names import _normalize_chunk

        index = self._names
        get = index.get
        where = np.array([get(u, -1) for u in uniques], dtype=np.int64)
        unseen = np.flatnonzero(where < 0).tolist()
        new = [uniques[i] for i in unseen if uniques[i]]
        if new:
            columns = list(zip(*_normalize_chunk(new, parts=True, keys=True), strict=True))
            for store, values in zip(self._name_columns, columns, strict=True):
                store.append(pa.array(values, pa.string()))
            index.update(zip(new, range(len(index), len(index) + len(new)), strict=True))
            where[unseen] = [get(uniques[i], -1) for i in unseen]
        taken = pa.array(where, mask=where < 0)
        return [
            pa.chunked_array(c, pa.string()).take(taken).combine_chunks()
            for c in self._name_columns
        ]

    def _parse(
        self, rows: pa.Table, col: str, fn: Callable[[str], Any], offset: int
    ) -> tuple[np.ndarray, list[Any]]:
        """Parse one column once per distinct value; count and locate the unreadable ones."""
        codes, uniques = self._column(col)
        cache = self._parsed.setdefault(col, {})
        results: list[Any] = []
        for u_i, v in enumerate(uniques):
            r = cache.get(v, cache)
            if r is cache:
                try:
                    r = fn(v)
                except Exception as exc:  # noqa: BLE001 - any failure is a problem of this value
                    r = _Bad(str(exc).rstrip(". ") or f"{_clip(v)!r} cannot be read")
                cache[v] = r
            if isinstance(r, _Bad):
                rows = np.flatnonzero(codes == u_i)
                self._n_bad[col] += len(rows)
                if not self.lenient:
                    self.problems.add(offset + int(rows[0]) + 1, col, r.why, count=len(rows))
                r = None
            results.append(r)
        return codes, results

    def _column(self, col: str) -> tuple[np.ndarray, list[str]]:
        """Codes into the distinct stripped values of a column of the current chunk, with
        missing-value words and marks read as empty (and counted, once per chunk)."""
        hit = self._chunk.get(col)
        if hit is not None:
            return hit
        assert self._rows is not None
        codes, uniques = _codes(self._rows.column(col), strip=True)
        cache = self._missing_cache
        age_col = self.by_field.get("age") == col
        miss = []
        for u in uniques:
            m = cache.get(u)
            if m is None:
                m = cache[u] = is_missing(u)
            miss.append(m or (age_col and u in MISSING_AGE))
        counts = np.bincount(codes, minlength=len(uniques))
        blank = np.array([not u for u in uniques], dtype=bool)
        marked = np.array(miss, dtype=bool)
        self.missing[col] += int(counts[blank | marked].sum())
        if marked.any():
            self.marked[col] += int(counts[marked].sum())
            c2, uniques = _codes(["" if m else u for u, m in zip(uniques, miss, strict=True)])
            codes = c2[codes]
        self._chunk[col] = (codes, uniques)
        return codes, uniques

    def _alias_info(self, values: tuple[str, ...]) -> tuple[list[str] | None, list[str] | None]:
        """Aliases of one distinct (name, alias columns...) and their keys (None if none)."""
        hit = self._aliases.get(values)
        if hit is None:
            from undercount.normalize.aliases import name_aliases
            from undercount.normalize.names import name_key

            own = values[0]
            found: list[str] = []
            for i, v in enumerate(values):
                if not v:
                    continue
                main, alts = name_aliases(v)
                found += ([main] if i else []) + alts
            seen = {own.strip()}
            aliases = []
            for a in found:
                a = " ".join(a.split())
                if a and a not in seen:
                    seen.add(a)
                    aliases.append(a)
            keys = [name_key(a) for a in aliases]
            hit = self._aliases[values] = (aliases or None, keys or None)
        return hit

    def _place(self, text: str, province: str) -> tuple[Any, ...]:
        hit = self._places.get((text, province))
        if hit is None:
            from undercount import normalize as nz

            pl = (
                nz.resolve_place(text, province=province or None)
                if text
                else (nz.resolve_place(province) if province else None)
            )
            ok = pl is not None and pl.resolved
            hit = self._places[(text, province)] = (
                " / ".join(b for b in (text, province) if b) or None,
                pl.province if ok else (province or None),
                pl.city if ok else None,
                pl.lat if ok else None,
                pl.lon if ok else None,
            )
        return hit

    # -- per chunk

    def build(
        self,
        rows: pa.Table,
        offset: int = 0,
        *,
        progress: Callable[[str], None] | None = None,
    ) -> pa.Table:
        """Record columns of ``rows`` (strings; rows ``offset + 1`` ... of the file)."""
        n = rows.num_rows
        by_field = self.by_field
        none = (np.zeros(n, dtype=np.int32), [""])
        self._rows, self._chunk = rows, {}

        def coded(fld: str) -> tuple[np.ndarray, list[str]] | None:
            c = by_field.get(fld)
            return None if c is None else self._column(c)

        def text_col(cu: tuple[np.ndarray, list[str]] | None) -> pa.Array:
            if cu is None:
                return pa.nulls(n, pa.string())
            return _take([u or None for u in cu[1]], cu[0])

        from undercount.normalize.names import _part_key as part_key

        out: dict[str, pa.Array] = {}
        given, family, father = coded("given_name"), coded("family_name"), coded("father_name")
        codes, uniques = coded("name") or (None, [])
        if codes is None:  # no full-name column: given + family
            pc, pairs = _pairs(given or none, family or none)
            codes, uniques = _codes([f"{g} {f}".strip() for g, f in pairs])
            codes = codes[pc]
        if not self.lenient and "" in uniques:
            empty_rows = np.flatnonzero(codes == uniques.index(""))
            colname = (
                by_field.get("name") or by_field.get("given_name") or by_field.get("family_name")
            )
            self.problems.add(
                offset + int(empty_rows[0]) + 1,
                str(colname),
                "the name is empty (a record needs a name)",
                count=len(empty_rows),
            )
        if progress:
            progress("normalising names")
        info = dict(zip(_NAME_INFO, self._name_info(uniques), strict=True))
        out["name"] = _take([u or None for u in uniques], codes)
        for k in ("name_norm", "name_script", "name_key", "name_latin", "name_skeleton"):
            out[k] = _dictionary(info[k], codes)
        # Name parts: the file's own columns, else cut from the full name.
        for fld, cu in (("given", given), ("family", family), ("father", father)):
            if cu is not None:
                vals = [u or None for u in cu[1]]
                out[f"{fld}_name"] = _take(vals, cu[0])
                out[f"{fld}_key"] = _take([part_key(v) for v in vals], cu[0])
            else:
                out[f"{fld}_name"] = _dictionary(info[fld], codes)
                out[f"{fld}_key"] = _dictionary(info[f"{fld}_key"], codes)

        out["aliases"], out["alias_keys"] = self._alias_columns(n, codes, uniques)

        def parsed(fld: str, fn: Callable[[str], Any]) -> tuple[np.ndarray, list[Any]]:
            c = by_field.get(fld)
            if c is None:
                return np.zeros(n, dtype=np.int32), [None]
            return self._parse(rows, c, fn, offset)

        for fld, fn in (("sex", parse_sex), ("violation", parse_violation)):
            pcodes, vals = parsed(fld, fn)
            out[fld] = _take(vals, pcodes)
        if progress:
            progress("parsing dates")
        from undercount.normalize import parse_date

        dc, dates = parsed("date", lambda s: parse_date(s) if s.strip() else None)
        # Ages: a range keeps its bounds; a year of birth gives the age at the date.
        ac, ages = parsed("age", parse_age_value)
        bc, births = parsed("birth_year", parse_birth_year)
        key, combos = _pairs(_pairs((ac, ages), (bc, births)), (dc, dates))  # type: ignore[arg-type]
        combined: list[Age | None] = []
        for (age, born), d in combos:
            if born is not None and (age is None or age.low is None):
                age = Age(None, None, None, born)
            combined.append(ages_at(age, d.date.year if d else None))
        out["age"] = _take([a.point if a else None for a in combined], key)
        out["age_low"] = _take([a.low if a else None for a in combined], key)
        out["age_high"] = _take([a.high if a else None for a in combined], key)
        out["birth_year"] = _take(
            [
                (born if born is not None else (a.birth_year if a else None))
                for ((_, born), _), a in zip(combos, combined, strict=True)
            ],
            key,
        )
        out["date"] = _take([d.date if d else None for d in dates], dc)
        out["date_precision"] = _take([d.precision if d else None for d in dates], dc)
        out["date_calendar"] = _take([d.calendar if d else None for d in dates], dc)
        out["date_text"] = text_col(coded("date"))
        if progress:
            progress("resolving places")
        cc, tc = _pairs(coded("city") or none, coded("place_text") or none)
        texts = [city if city == place else f"{city}, {place}".strip(", ") for city, place in tc]
        kc, ku = _pairs((cc, texts), coded("province") or none)  # type: ignore[arg-type]
        resolved = [self._place(t, pv) for t, pv in ku]
        for i, fld in enumerate(("place_text", "province", "city", "lat", "lon")):
            out[fld] = _take([r[i] for r in resolved], kc)
        for fld in ("perpetrator", "event", "notes"):
            out[fld] = text_col(coded(fld))
        out["raw"] = raw_json(rows)
        out["row_number"] = pa.array(np.arange(offset + 1, offset + n + 1, dtype=np.int64))
        return pa.table(out)

    def _alias_columns(
        self, n: int, codes: np.ndarray, uniques: list[str]
    ) -> tuple[pa.Array, pa.Array]:
        """``aliases`` and ``alias_keys`` (lists of strings) of a chunk whose names are
        ``uniques[codes]``: names in brackets, ``aka`` forms and the alias columns."""
        list_type = pa.list_(pa.string())
        cols = [self._column(c) for c in self.alias_columns]
        if not cols and not any(_MAY_HOLD_ALIAS.search(u) for u in uniques):
            return pa.nulls(n, list_type), pa.nulls(n, list_type)
        key: tuple[np.ndarray, list[Any]] = (codes, [(u,) for u in uniques])
        for cu in cols:
            kc, pairs = _pairs(key, cu)  # type: ignore[arg-type]
            key = (kc, [(*a, b) for a, b in pairs])
        infos = [self._alias_info(v) for v in key[1]]
        take = pa.array(key[0])
        return (
            pa.array([a for a, _ in infos], list_type).take(take),
            pa.array([k for _, k in infos], list_type).take(take),
        )

    def finish(self) -> list[str]:
        """Raise the problems found in all chunks (IngestError); else return the warnings."""
        self.problems.raise_if_any()
        return [
            f"column '{col}': {k} value(s) could not be read and were kept only as text"
            for col, k in self._n_bad.items()
        ]


def build_records(
    table: Table,
    mapping: Mapping[str, str],
    name: str,
    *,
    lenient: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[pa.Table, list[str]]:
    """Validate and normalise a mapped table into the columns of ``records`` (no ids yet).

    Returns the columns (``raw`` as JSON text) and the warnings of a lenient import; raises
    IngestError naming file, row and column for values that cannot be read.
    """
    builder = RecordBuilder(mapping, name, lenient=lenient)
    out = builder.build(table.to_arrow(), progress=progress)
    return out, builder.finish()


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
