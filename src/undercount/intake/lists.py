"""Import victim lists (CSV, XLSX, JSON) into a project, all or nothing.

Reading is separated from storing: ``read_table`` turns a file into a table of strings and says
which encoding and delimiter it used; ``map_columns`` maps its headers to record fields;
``build_records`` validates and normalises the values; ``import_list`` stores the result in one
transaction together with its audit entry. Every problem names the file, row and column.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from undercount.errors import IngestError
from undercount.model import RECORD_FIELDS
from undercount.vocab import SEX_SYNONYMS, VIOLATION_SYNONYMS

if TYPE_CHECKING:
    from undercount.store.project import Project

CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
MAX_PROBLEMS = 20
MAX_FILE_BYTES = 2 * 1024**3

# Header spellings (normalised by _header_key) -> record field.
HEADER_SYNONYMS: dict[str, str] = {}


def _syn(field_name: str, *names: str) -> None:
    for n in names:
        HEADER_SYNONYMS[_header_key(n)] = field_name


def _header_key(text: str) -> str:
    t = str(text).strip().lower()
    t = t.replace("\u064a", "\u06cc").replace("\u0643", "\u06a9").replace("\u200c", " ")
    t = re.sub(r"[\s_\-'’.:/()]+", " ", t).strip()
    return t


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
    """A file read as strings: headers, rows as a DataFrame, and how it was decoded."""

    frame: pd.DataFrame
    media_type: str
    encoding: str | None = None
    delimiter: str | None = None


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


def _check_cell_sizes(frame: pd.DataFrame, name: str) -> None:
    """Refuse absurdly long values (a 100 MB 'name' is an attack or a broken export)."""
    if frame.empty:
        return
    cells = frame.to_numpy(dtype=object)
    lengths = np.fromiter(map(len, cells.ravel()), dtype=np.int64, count=cells.size)
    longest = int(lengths.argmax())
    if lengths[longest] > MAX_CELL_CHARS:
        row, col = divmod(longest, cells.shape[1])
        raise IngestError(
            f"holds a value of {int(lengths[longest]):,} characters; the limit is "
            f"{MAX_CELL_CHARS:,}. Check that the file is a list with one victim per row "
            "(a missing closing quote can swallow the rest of the file).",
            file=name,
            row=row + 1,
            column=str(frame.columns[col]),
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
    try:
        # header=None: the header is read as a row, so pandas neither infers index columns
        # from a first data row that is too long nor renames repeated headers ('X.1').
        frame = pd.read_csv(
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
    _check_cell_sizes(frame, name)
    return Table(frame, "text/csv", encoding, delim)


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
    seen_cols = Counter(table.frame.columns)  # not list.count: quadratic on wide files
    dupes = [h for h in table.frame.columns if seen_cols[h] > 1]
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
        if fld and fld not in taken:
            mapping[h] = fld
            taken.add(fld)
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

_FA_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_AGE_RE = re.compile(
    r"^\s*(?:about|approx\.?|c\.|ca\.?|~|حدود|حدودا|حدوداً|تقریبا|تقریباً)?\s*"
    r"(\d{1,3})\s*(?:\?|ساله|سال|years?(?: old)?|y\.?o\.?)?\s*$",
    re.I,
)


def parse_age(text: str) -> int | None:
    t = text.translate(_FA_DIGITS).strip()
    if not t:
        return None
    m = _AGE_RE.match(t)
    if not m:
        raise ValueError("not an age in years")
    age = int(m.group(1))
    if age > 120:
        raise ValueError("over 120")
    return age


def parse_sex(text: str) -> str | None:
    t = _header_key(text)
    if not t:
        return None
    if t in SEX_SYNONYMS:
        return SEX_SYNONYMS[t]
    raise ValueError("not a sex: use male/female/other (or مرد/زن)")


def parse_violation(text: str) -> str | None:
    t = _header_key(text)
    if not t:
        return None
    if t in VIOLATION_SYNONYMS:
        return VIOLATION_SYNONYMS[t]
    raise ValueError(
        "not a known violation type: use one of "
        + ", ".join(sorted(set(VIOLATION_SYNONYMS.values())))
    )


@dataclass
class _Problems:
    name: str
    items: list[tuple[int, str, str]] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, what: str, count: int = 1) -> None:
        self.total += count
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


def _unique_codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct values of a column (lists repeat values a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int32, copy=False), [str(u) for u in uniques]


def _take(results: Sequence[Any], codes: np.ndarray) -> pa.Array:
    """A dictionary-encoded column: ``results[codes]`` without a Python loop over rows."""
    values = list(results)
    if not values:
        return pa.nulls(len(codes), pa.string())
    is_null = np.array([v is None for v in values], dtype=bool)
    if is_null.all():
        return pa.nulls(len(codes), pa.string())
    dictionary = pa.array(values)
    indices = pa.array(codes, mask=is_null[codes]) if is_null.any() else pa.array(codes)
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def _column_values(
    frame: pd.DataFrame,
    col: str,
    parse: Callable[[str], Any],
    problems: _Problems,
    lenient: bool,
    warnings: list[str],
) -> tuple[np.ndarray, list[Any]]:
    """Parse one column once per distinct value; collect the rows that cannot be read."""
    codes, uniques = _unique_codes(frame[col])
    results: list[Any] = []
    bad: list[int] = []
    for u_i, v in enumerate(uniques):
        try:
            r = parse(v)
        except Exception as exc:  # noqa: BLE001 - any parse failure is a problem of this value
            bad.append(u_i)
            results.append(None)
            if not lenient:
                rows = np.flatnonzero(codes == u_i) + 1
                problems.add(int(rows[0]), col, f"'{_clip(v)}' is {exc}", count=len(rows))
            continue
        results.append(r)
    if bad and lenient:
        n_bad = int(np.isin(codes, bad).sum())
        warnings.append(
            f"column '{col}': {n_bad} value(s) could not be read and were kept only as text"
        )
    return codes, results


def _clip(v: str, n: int = 40) -> str:
    v = v.replace("\n", " ")
    return v if len(v) <= n else v[: n - 1] + "…"


def build_records(
    table: Table,
    mapping: Mapping[str, str],
    name: str,
    *,
    lenient: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[pa.Table, list[str]]:
    """Validate and normalise a mapped table into the columns of ``records`` (no ids yet).

    Every normalisation runs once per distinct value of a column and the results are mapped
    back to the rows as dictionary-encoded Arrow columns, so a million-row list with realistic
    repetition costs a fraction of its length in Python work.
    """
    from undercount import normalize as nz

    frame = table.frame
    n = len(frame)
    warnings: list[str] = []
    problems = _Problems(name)
    by_field = {fld: col for col, fld in mapping.items()}
    blank = pd.Series([""] * n, index=frame.index, dtype=object)

    def col(fld: str) -> pd.Series | None:
        c = by_field.get(fld)
        return None if c is None else frame[c].str.strip()

    def text_col(series: pd.Series | None) -> pa.Array:
        if series is None:
            return pa.nulls(n, pa.string())
        codes, uniques = _unique_codes(series)
        return _take([u or None for u in uniques], codes)

    out: dict[str, pa.Array] = {}
    names = col("name")
    given = col("given_name")
    family = col("family_name")
    father = col("father_name")
    if names is None:
        names = (
            (given if given is not None else blank)
            + " "
            + (family if family is not None else blank)
        ).str.strip()
    if not lenient:
        empty_rows = np.flatnonzero((names == "").to_numpy())
        if len(empty_rows):
            colname = (
                by_field.get("name") or by_field.get("given_name") or by_field.get("family_name")
            )
            problems.add(
                int(empty_rows[0]) + 1,
                str(colname),
                "the name is empty (a record needs a name)",
                count=len(empty_rows),
            )
    if progress:
        progress("normalising names")
    codes, uniques = _unique_codes(names)
    out["name"] = _take([u or None for u in uniques], codes)
    nf = nz.normalize_names([u or None for u in uniques])
    for k in ("name_norm", "name_script", "name_key", "name_latin", "name_skeleton"):
        out[k] = _take(nf[k], codes)
    # Name parts: the file's own columns, else split from the full name.
    parts = None
    if given is None or family is None or father is None:
        parts = [nz.split_name(u) if u else None for u in uniques]
    for fld, series in (("given", given), ("family", family), ("father", father)):
        if series is not None:
            pc, pu = _unique_codes(series)
            vals: list[Any] = [u or None for u in pu]
        else:
            pc = codes
            vals = [getattr(p, fld) if p else None for p in (parts or [])]
        out[f"{fld}_name"] = _take(vals, pc)
        out[f"{fld}_key"] = _take([(nz.name_key(v) or None) if v else None for v in vals], pc)

    def parsed(fld: str, fn: Callable[[str], Any]) -> tuple[np.ndarray, list[Any]]:
        c = by_field.get(fld)
        if c is None:
            return np.zeros(n, dtype=np.int32), [None]
        return _column_values(frame, c, fn, problems, lenient, warnings)

    for fld, fn in (("sex", parse_sex), ("age", parse_age), ("violation", parse_violation)):
        out[fld] = _take(*reversed(parsed(fld, fn)))
    if progress:
        progress("parsing dates")
    dc, dates = parsed("date", lambda s: nz.parse_date(s) if s.strip() else None)
    out["date"] = _take([d.date if d else None for d in dates], dc)
    out["date_precision"] = _take([d.precision if d else None for d in dates], dc)
    out["date_calendar"] = _take([d.calendar if d else None for d in dates], dc)
    out["date_text"] = text_col(col("date"))
    if progress:
        progress("resolving places")
    city = col("city")
    place = col("place_text")
    province = col("province")
    city = city if city is not None else blank
    place = place if place is not None else blank
    province = province if province is not None else blank
    text = (city + ", " + place).str.strip(", ")
    text = text.where(city != place, city)
    kc, ku = _unique_codes(text + "\x1f" + province)
    resolved: list[tuple[Any, ...]] = []
    for k in ku:
        t, pv = k.split("\x1f", 1)
        pl = (
            nz.resolve_place(t, province=pv or None)
            if t
            else (nz.resolve_place(pv) if pv else None)
        )
        ok = pl is not None and pl.resolved
        label = " / ".join(b for b in (t, pv) if b) or None
        resolved.append(
            (
                label,
                pl.province if ok else (pv or None),
                pl.city if ok else None,
                pl.lat if ok else None,
                pl.lon if ok else None,
            )
        )
    for i, fld in enumerate(("place_text", "province", "city", "lat", "lon")):
        out[fld] = _take([r[i] for r in resolved], kc)
    for fld in ("perpetrator", "event", "notes"):
        out[fld] = text_col(col(fld))
    problems.raise_if_any()
    # The original row, verbatim, as JSON (keys in file order).
    raw = frame.to_json(orient="records", lines=True, force_ascii=False).splitlines() if n else []
    out["raw"] = pa.array(raw, type=pa.string())
    out["row_number"] = pa.array(np.arange(1, n + 1, dtype=np.int64))
    return pa.table(out), warnings


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
    with stage_progress(progress, f"Importing {name}") as step:
        step("reading")
        table = read_table(p, data)
        if table.frame.empty:
            raise IngestError("has a header row but no data rows.", file=name)
        cols = map_columns([str(c) for c in table.frame.columns], mapping, name)
        frame, warnings = build_records(table, cols, name, lenient=lenient, progress=step)
        step("writing")
        with project.transaction():
            src = project.ensure_source(source, kind=kind)
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
                    len(frame),
                    project.user,
                ],
            ).fetchone()[0]  # type: ignore[index]
            frame = frame.append_column("source_id", pa.array(np.full(len(frame), src.id)))
            frame = frame.append_column("import_id", pa.array(np.full(len(frame), import_id)))
            added = project.insert_records(frame)
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
            )
    msg = f"Imported {added} record(s) from {name} into '{source}'."
    return ImportResult(
        source,
        name,
        sha,
        len(frame),
        added,
        import_id=int(import_id),
        mapping=cols,
        encoding=table.encoding,
        delimiter=table.delimiter,
        warnings=warnings,
        message=msg,
    )
