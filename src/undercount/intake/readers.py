"""Reading list files (CSV, XLSX, JSON) into a table of strings.

``read_table`` says which encoding and delimiter it used and refuses, with a sentence naming
the file, row and column, what cannot be a list: binary files, mixed encodings, ragged rows,
absurdly long cells, zip bombs. It neither maps columns nor reads values.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from undercount.errors import IngestError

CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
MAX_FILE_BYTES = 2 * 1024**3


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
