"""Turning the rows of a mapped list into ``records`` columns: values read once per distinct
value of a column, names normalised, missing values counted, problems collected and raised
together (file, row, column) by :class:`RecordBuilder`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from undercount.errors import IngestError
from undercount.intake.values import (
    MISSING_AGE,
    Age,
    ages_at,
    missing_mask,
    parse_age_value,
    parse_birth_year,
    parse_sex,
    parse_violation,
)

if TYPE_CHECKING:
    from undercount.intake.readers import Table


MAX_PROBLEMS = 20


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
# normalize.name_batch._normalize_chunk's results, then the keys of the three parts.
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


def _any_may_hold_alias(names: list[str]) -> bool:
    """Whether any name may hold another name (brackets, aka...): one vectorised test."""
    import pyarrow.compute as pc

    if not names:
        return False
    found = pc.match_substring_regex(
        pa.array(names, pa.string()), _MAY_HOLD_ALIAS.pattern, ignore_case=True
    )
    return bool(pc.any(found).as_py())


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
        self._may_alias: dict[str, bool] = {}  # name -> may hold another name
        self._aliases: dict[tuple[str, ...], list[str] | None] = {}
        self._alias_key: dict[str, str] = {}  # alias -> its name_key
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
        from undercount.normalize import name_batch

        index = self._names
        get = index.get
        where = np.array([get(u, -1) for u in uniques], dtype=np.int64)
        unseen = np.flatnonzero(where < 0).tolist()
        new = [uniques[i] for i in unseen if uniques[i]]
        if new:
            # Arrow columns straight away (plain two-word names without Python per name).
            for store, values in zip(
                self._name_columns, name_batch._normalize_columns(new), strict=True
            ):
                store.append(values)
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
        marked = missing_mask(uniques)
        if self.by_field.get("age") == col:
            marked |= np.array([u in MISSING_AGE for u in uniques], dtype=bool)
        counts = np.bincount(codes, minlength=len(uniques))
        blank = np.array([not u for u in uniques], dtype=bool)
        miss = marked.tolist()
        self.missing[col] += int(counts[blank | marked].sum())
        if marked.any():
            self.marked[col] += int(counts[marked].sum())
            c2, uniques = _codes(["" if m else u for u, m in zip(uniques, miss, strict=True)])
            codes = c2[codes]
        self._chunk[col] = (codes, uniques)
        return codes, uniques

    def _alias_list(self, values: tuple[str, ...]) -> list[str] | None:
        """Aliases of one distinct (name, alias columns...), as written (None if none)."""
        hit = self._aliases.get(values, False)
        if hit is False:
            from undercount.normalize.aliases import name_aliases

            may = self._may_alias
            found: list[str] = []
            for i, v in enumerate(values):
                if not v:
                    continue
                if v not in may:
                    may[v] = _MAY_HOLD_ALIAS.search(v) is not None
                if may[v]:
                    main, alts = name_aliases(v)
                    found += ([main] if i else []) + alts
                elif i:
                    found.append(v)
            seen = {values[0].strip()}
            aliases = []
            for a in found:
                a = " ".join(a.split())
                if a and a not in seen:
                    seen.add(a)
                    aliases.append(a)
            hit = self._aliases[values] = aliases or None
        return hit

    def _alias_keys(self, aliases: list[list[str] | None]) -> list[list[str] | None]:
        """``name_key`` of every alias, new ones normalised together (the fast path)."""
        from undercount.normalize.name_batch import _normalize_chunk

        keys = self._alias_key
        new = list({a for group in aliases if group for a in group if a not in keys})
        if new:
            keys.update(zip(new, (row[2] for row in _normalize_chunk(new)), strict=True))
        return [None if group is None else [keys[a] for a in group] for group in aliases]

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

        from undercount.normalize.name_batch import _part_key as part_key

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
        if any(b is not None for b in births) or any(a and a.low is None for a in ages):
            # Years of birth: the age depends on the date too (per distinct triple).
            key, combos = _pairs(_pairs((ac, ages), (bc, births)), (dc, dates))  # type: ignore[arg-type]
        else:  # the common case: ages alone (per distinct age)
            key, combos = ac, [((a, None), None) for a in ages]
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
        if not cols and not _any_may_hold_alias(uniques):
            return pa.nulls(n, list_type), pa.nulls(n, list_type)
        key: tuple[np.ndarray, list[Any]] = (codes, [(u,) for u in uniques])
        for cu in cols:
            kc, pairs = _pairs(key, cu)  # type: ignore[arg-type]
            key = (kc, [(*a, b) for a, b in pairs])
        aliases = [self._alias_list(v) for v in key[1]]
        take = pa.array(key[0])
        return (
            pa.array(aliases, list_type).take(take),
            pa.array(self._alias_keys(aliases), list_type).take(take),
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
