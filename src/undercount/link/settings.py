"""The linkage model: record features, comparisons and blocking rules (Splink 5).

Records are turned into *features* before Splink sees them (:func:`prepare_features`): every
string Splink compares is ASCII and every date is an integer day number. This keeps the same
settings valid on DuckDB and on Spark, and avoids DuckDB's byte-based string distances
(``levenshtein``/``jaro_winkler_similarity`` count UTF-8 bytes, so one Persian letter would be
two edits): the Persian spelling is mapped letter by letter onto single ASCII characters
(``name_fa``), so an edit distance on it counts letters.

Comparisons (each with a null level, an else level, and ordered from most to least similar;
"TF": term-frequency adjusted, by the value's frequency among the *other* records,
:func:`undercount.link.predict.register_leave_one_out_frequencies`):

========== =============================================================================
name       same Persian spelling / same key (term-frequency adjusted) / same key with the
           words reordered or same consonant skeleton (also with spaces removed) /
           Jaro-Winkler on the key ≥ 0.94 or
           one Persian letter apart / Jaro-Winkler ≥ 0.86 or two letters apart / else
given      same key (TF) / Jaro-Winkler ≥ 0.92 / ≥ 0.80 / else            (when known)
family     same key (TF) / Jaro-Winkler ≥ 0.92 / ≥ 0.80 / else            (when known)
father     same key (TF) / Jaro-Winkler ≥ 0.90 / else                     (when known)
date       same day / within 3 days / same month (periods within 31 days) / same year /
           conflict; a month- or year-precision date only reaches the levels its
           precision allows
age        same / within 1 year / within 4 years / else
sex        same / different
place      same city / same place text / same province / conflict
========== =============================================================================
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

# Columns of ``records`` the features are computed from.
RECORD_COLUMNS = (
    "id",
    "source_id",
    "name",
    "name_norm",
    "name_script",
    "name_key",
    "name_latin",
    "name_skeleton",
    "given_key",
    "family_key",
    "father_key",
    "sex",
    "age",
    "date",
    "date_precision",
    "date_calendar",
    "place_text",
    "province",
    "city",
)

# Columns used when the records table has them (written by newer importers): an age range
# ("about 30", "20-25") and other spellings of the name (a second-script column, names in
# parentheses, "aka"). Absent columns count as unknown.
OPTIONAL_RECORD_COLUMNS = ("age_low", "age_high", "alias_keys")


def record_columns(con: Any) -> list[str]:
    """The columns of ``records`` the features read: :data:`RECORD_COLUMNS` plus those of
    :data:`OPTIONAL_RECORD_COLUMNS` the table has."""
    have = {r[0] for r in con.execute("DESCRIBE records").fetchall()}
    return [*RECORD_COLUMNS, *(c for c in OPTIONAL_RECORD_COLUMNS if c in have)]


# Adaptive blocking keys: name -> (base columns, refinements). A key value shared by more
# than BLOCK_CAP records is refined by the next column (a large block of "Mohammad
# Mohammadi" becomes one block per city, then per city and age), so no block grows without
# bound and the number of candidate pairs stays near-linear in the number of records.
BLOCKING_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "blk_name_place": (("name_key",), ("place_block", "age")),
    "blk_name_day": (("name_key",), ("date_day", "age")),
    "blk_name_age": (("name_key",), ("age", "sex")),
    "blk_skel": (("name_block",), ("place_block", "date_day")),
    # The whole skeleton with spaces removed: word boundaries that differ between scripts
    # (فرح منش = Farahmanesh, حیدرعلی = Heydar Ali); benchmarks/link_names_cross.py.
    "blk_skel_flat": (("skel_flat",), ("place_block", "date_day")),
    "blk_flat": (("name_flat",), ("place_block", "age")),
    "blk_coarse": (("name_coarse",), ("age", "place_block")),
    "blk_coarse_fl": (("coarse_fl",), ("age", "place_block")),
    "blk_family_father": (("family_key", "father_key"), ("place_block",)),
    "blk_given_fpre": (("given_key", "family_pre"), ("place_block", "age")),
    "blk_gpre_family": (("given_pre", "family_key"), ("place_block", "age")),
    "blk_given_place": (("given_key", "place_block"), ("date_day", "age")),
    "blk_given_father": (("given_key", "father_key"), ("place_block",)),
    "blk_day_place": (("date_day", "place_block"), ("age", "sex")),
    "blk_day_gpre": (("date_day", "given_pre"), ("place_block", "family_pre")),
    "blk_day_fpre": (("date_day", "family_pre"), ("place_block", "given_pre")),
    "blk_given": (("given_key",), ("family_pre", "place_block")),
    "blk_family": (("family_key",), ("given_pre", "place_block")),
    "blk_day": (("date_day",), ("given_pre", "family_pre")),
    "blk_fa": (("name_fa",), ("place_block",)),
}
BLOCK_CAP = 60

# Blocking on other spellings (a list-valued key, exploded by Splink): the name keys of a
# record with aliases (its name and every alias), and the name key of a record without any
# when it is some record's alias. A key held by more than the block cap is dropped, as in
# the adaptive keys. Two records that agree only through an alias ("Mahsa (Zhina) Amini"
# and "Zhina Amini") are then compared.
EXPLODED_BLOCKING_KEYS = ("blk_alias",)


# The feature columns each comparison reads (the first one is null when the field is
# unknown). An EM session blocked on any of them cannot train that comparison.
COMPARISON_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "name_key",
        "name_sorted",
        "name_flat",
        "name_coarse",
        "name_skel",
        "name_fa",
        "given_key",
        "family_key",
        "alias_keys",
    ),
    "father": ("father_key",),
    "date": ("date_lo", "date_day", "date_hi"),
    "age": ("age_lo", "age", "age_hi"),
    "sex": ("sex",),
    "place": ("place_key", "city", "province"),
}

# Columns the model compares (training needs no more; blocking keys only serve prediction).
COMPARED_COLUMNS = tuple(dict.fromkeys(c for cols in COMPARISON_COLUMNS.values() for c in cols))

# Columns handed to Splink (besides unique_id).
FEATURE_COLUMNS = (
    "source_id",
    "script",
    "name_key",
    "name_sorted",
    "name_flat",
    "name_coarse",
    "name_skel",
    "name_fa",
    "name_block",
    "given_key",
    "family_key",
    "father_key",
    "date_day",
    "date_lo",
    "date_hi",
    "date_year",
    "age",
    "age_lo",
    "age_hi",
    "sex",
    "city",
    "province",
    "place_key",
    "alias_keys",
    *BLOCKING_KEYS,
    "blk_alias",
)

# Types of the feature columns (strings unless listed).
FEATURE_TYPES = {
    "unique_id": "BIGINT",
    "source_id": "BIGINT",
    "date_day": "BIGINT",
    "date_lo": "BIGINT",
    "date_hi": "BIGINT",
    "date_year": "BIGINT",
    "age": "BIGINT",
    "age_lo": "BIGINT",
    "age_hi": "BIGINT",
    "alias_keys": "VARCHAR[]",
    "blk_alias": "VARCHAR[]",
}

_EPOCH = dt.date(1970, 1, 1)

# Persian/Arabic letters -> one ASCII character each (injective on the normalised alphabet).
# Upper-case letters, digits and a few symbols: Latin keys are lower-case, so no collision.
_FA_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآءئؤأإةۀ"
_FA_TARGETS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+:"
assert len(set(_FA_LETTERS)) == len(_FA_LETTERS) <= len(_FA_TARGETS)
_FA_FOLD = {ord(a): b for a, b in zip(_FA_LETTERS, _FA_TARGETS, strict=False)}
_FA_FOLD.update(
    {
        ord("\u064a"): _FA_FOLD[ord("\u06cc")],
        ord("\u0649"): _FA_FOLD[ord("\u06cc")],
        ord("\u0643"): _FA_FOLD[ord("\u06a9")],
    }
)  # ي ى -> ی, ك -> ک
_FA_DROP = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d\u200e\u200f]")
_ARABIC = re.compile("[\u0600-\u06ff]")


def fold_persian(text: str | None) -> str | None:
    """Map a Persian spelling onto ASCII, one character per letter (``None`` if not Persian).

    Diacritics, tatweel and zero-width joiners are dropped; spaces are kept; any character
    outside the table becomes ``?``. Distances on the result count letters, not bytes.
    """
    if not text or not _ARABIC.search(text):
        return None
    t = _FA_DROP.sub("", unicodedata.normalize("NFC", text))
    out = []
    for ch in t:
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        mapped = _FA_FOLD.get(ord(ch))
        out.append(mapped if mapped is not None else ("?" if ord(ch) > 127 else ch.lower()))
    return "".join(out).strip() or None


def ascii_key(text: str | None) -> str | None:
    """Lower-case ASCII form of a (Latin) key: accents stripped, other letters dropped."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    t = str(text)
    if t.isascii():
        t = t.lower()
    else:
        t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9 ]+", "", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t or None


def _record_frames(
    records: pd.DataFrame, block_cap: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The records' typed columns and their folded strings (one transform per value)."""
    n = len(records)

    def col(name: str) -> pd.Series:
        if name in records.columns:
            v = records[name].astype(object)
            return v.where(v.notna(), None)
        return pd.Series([None] * n, index=records.index, dtype=object)

    def by_value(values: pd.Series, fn: Any) -> pd.Series:
        # Names, places and keys repeat a lot: transform each distinct value once.
        uniq = [u for u in pd.unique(values) if u is not None]
        out = values.map({u: fn(u) for u in uniq})
        return out.astype(object).where(out.notna(), None)

    def alias_text(keys: Any) -> str | None:
        # Other spellings' keys, folded like name_key, joined for the trip through pandas.
        if keys is None or isinstance(keys, float | str):
            return None
        folded = [k for k in (ascii_key(x) for x in list(keys)) if k]
        return "|".join(dict.fromkeys(folded)) or None

    norm = col("name_norm")
    norm = norm.where(norm.notna(), col("name"))
    place = col("place_text")
    strings = pd.DataFrame(
        {
            "id": pd.to_numeric(col("id")).astype("int64").to_numpy(),
            "name_key": by_value(col("name_key"), ascii_key).to_numpy(),
            "name_skel": by_value(col("name_skeleton"), ascii_key).to_numpy(),
            "name_fa": by_value(norm, fold_persian).to_numpy(),
            "given_key": by_value(col("given_key"), ascii_key).to_numpy(),
            "family_key": by_value(col("family_key"), ascii_key).to_numpy(),
            "father_key": by_value(col("father_key"), ascii_key).to_numpy(),
            "sex": by_value(col("sex"), ascii_key).to_numpy(),
            "city": by_value(col("city"), ascii_key).to_numpy(),
            "province": by_value(col("province"), ascii_key).to_numpy(),
            "place_key": by_value(place, lambda t: fold_persian(t) or ascii_key(t)).to_numpy(),
            "alias_keys": col("alias_keys").map(alias_text).to_numpy(),
        }
    )
    frame = pd.DataFrame(
        {
            c: col(c).to_numpy()
            for c in (
                "source_id",
                "name_script",
                "date",
                "date_precision",
                "date_calendar",
                "age",
                "age_low",
                "age_high",
            )
        }
    )
    frame.insert(0, "id", strings["id"].to_numpy())
    cap = block_cap if block_cap is not None else block_cap_for(n)
    return frame, strings, cap


def features_into(
    con: Any, records: pd.DataFrame, table: str, *, block_cap: int | None = None
) -> int:
    """Build the feature table ``table`` in DuckDB connection ``con``; returns its rows.

    The DuckDB engine links straight from this table (no second copy in pandas).
    """
    frame, strings, cap = _record_frames(records, block_cap)
    con.register("uc_strings_in", strings)
    con.register("uc_records_in", frame)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE uc_records AS SELECT "
            "CAST(r.id AS BIGINT) AS id, CAST(r.source_id AS BIGINT) AS source_id, "
            "CAST(r.name_script AS VARCHAR) AS name_script, "
            "CAST(r.date AS DATE) AS date, CAST(r.date_precision AS VARCHAR) "
            "AS date_precision, CAST(r.date_calendar AS VARCHAR) AS date_calendar, "
            "CAST(r.age AS BIGINT) AS age, CAST(r.age_low AS BIGINT) AS age_low, "
            "CAST(r.age_high AS BIGINT) AS age_high, "
            + ", ".join(f"CAST(s.{c} AS VARCHAR) AS {c}" for c in strings.columns if c != "id")
            + " FROM uc_records_in r POSITIONAL JOIN uc_strings_in s"
        )
    finally:
        con.unregister("uc_strings_in")
        con.unregister("uc_records_in")
    del frame, strings
    build_features(con, "uc_records", table, cap)
    con.execute("DROP TABLE uc_records")
    return len(records)


def prepare_features(records: pd.DataFrame, *, block_cap: int | None = None) -> pd.DataFrame:
    """Turn rows of ``records`` into the feature table Splink links (one row per record).

    Strings are folded once per distinct value (:func:`ascii_key`, :func:`fold_persian`);
    dates and the adaptive blocking keys are computed by DuckDB (:func:`build_features`).

    Parameters
    ----------
    records : DataFrame
        Columns of the ``records`` table (at least ``id``; missing columns count as unknown).
    block_cap : int, optional
        Largest block of an adaptive blocking key (default :func:`block_cap_for`).

    Returns
    -------
    DataFrame
        ``unique_id`` plus :data:`FEATURE_COLUMNS`; strings are ASCII, dates integer days.
    """
    import duckdb

    con = duckdb.connect()
    try:
        features_into(con, records, "uc_features", block_cap=block_cap)
        out = con.execute("SELECT * FROM uc_features").df()
    finally:
        con.close()
    for c, t in FEATURE_TYPES.items():
        if t == "BIGINT" and c in out.columns:
            out[c] = out[c].astype("Int64")
    return out


def block_cap_for(n_records: int) -> int:
    """Largest block of the adaptive blocking keys for ``n_records`` records.

    60 up to 50,000 records; smaller beyond (down to 20 at a million) so that the number of
    candidate pairs grows about linearly.
    """
    if n_records <= 50_000:
        return BLOCK_CAP
    return max(20, int(BLOCK_CAP * (50_000 / n_records) ** 0.5))


def feature_sql(table: str) -> str:
    """SQL of the features (all but the adaptive blocking keys).

    ``table`` holds ``id``, ``source_id``, ``name_script``, ``date``, ``date_precision``,
    ``date_calendar``, ``age`` and the string columns already folded by
    :func:`prepare_features` (``name_key``, ``name_skel``, ``name_fa``, ``given_key``,
    ``family_key``, ``father_key``, ``sex``, ``city``, ``province``, ``place_key``).
    """
    base = f"""
    SELECT id AS unique_id, source_id,
      nullif(name_script, '') AS script,
      name_key, name_skel, name_fa, given_key, family_key, father_key,
      date_diff('day', DATE '1970-01-01', date) AS date_lo,
      CASE WHEN date IS NULL THEN NULL
           WHEN coalesce(date_precision, 'day') = 'day' THEN date_diff('day', DATE '1970-01-01', date)
           WHEN date_precision = 'month' AND coalesce(date_calendar, 'gregorian') IN ('jalali', 'hijri')
             THEN date_diff('day', DATE '1970-01-01', date) + 30
           WHEN date_precision = 'month' THEN date_diff('day', DATE '1970-01-01', last_day(date))
           ELSE date_diff('day', DATE '1970-01-01', date) + 365 END AS date_hi,
      CASE WHEN coalesce(date_precision, 'day') = 'day'
           THEN date_diff('day', DATE '1970-01-01', date) END AS date_day,
      year(date) AS date_year,
      age,
      coalesce(age_low, age, age_high) AS age_lo,
      coalesce(age_high, age, age_low) AS age_hi,
      sex, city, province, place_key,
      CASE WHEN alias_keys IS NULL THEN NULL
           ELSE string_split(alias_keys, '|') END AS alias_keys
    FROM {table}"""
    derived = """
    SELECT *,
      array_to_string(list_sort(string_split(name_key, ' ')), ' ') AS name_sorted,
      replace(name_key, ' ', '') AS name_flat,
      nullif(trim(regexp_replace(regexp_replace(name_key, '[aeiouvwyh]+', '', 'g'),
                                 ' +', ' ', 'g')), '') AS name_coarse,
      CASE WHEN len(string_split(name_coarse, ' ')) = 1 THEN name_coarse
           ELSE string_split(name_coarse, ' ')[1] || ' '
                || string_split(name_coarse, ' ')[-1] END AS coarse_fl,
      CASE WHEN coalesce(name_skel, name_key) IS NULL THEN NULL
           WHEN len(string_split(coalesce(name_skel, name_key), ' ')) = 1
             THEN coalesce(name_skel, name_key)
           ELSE string_split(coalesce(name_skel, name_key), ' ')[1] || ' '
                || string_split(coalesce(name_skel, name_key), ' ')[-1] END AS name_block,
      nullif(replace(coalesce(name_skel, name_key), ' ', ''), '') AS skel_flat,
      coalesce(city, place_key) AS place_block,
      substr(given_key, 1, 2) AS given_pre,
      substr(family_key, 1, 2) AS family_pre
    FROM base"""
    return f"WITH base AS ({base}) {derived}"


def build_features(con: Any, table: str, out: str, cap: int = 60) -> None:
    """Create table ``out`` (the feature table) from ``table`` in DuckDB connection ``con``.

    The adaptive blocking keys are refined level by level for all keys at once: at each
    level, the key values held by more than ``cap`` records are counted out (one GROUP BY
    per key, a small table), and one pass over the records refines the keys found there by
    the next column. No window over all records and no join on the record id.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE uc_f0 AS {feature_sql(table)} ORDER BY unique_id")
    keys = list(BLOCKING_KEYS.items())

    def text(c: str) -> str:
        return f"CAST({c} AS VARCHAR)"

    sep = " || '|' || "
    base = ", ".join(
        f"{sep.join(text(c) for c in cols)} AS uc_key{i}" for i, (_, (cols, _)) in enumerate(keys)
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE uc_kk AS SELECT *, {base} FROM uc_f0")

    def big_values(i: int, level: int) -> str:
        """The values of key ``i`` held by more than ``cap`` records (a small table)."""
        name = f"uc_big{i}_{level if level >= 0 else 'final'}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT uc_key{i} AS k FROM uc_kk "
            f"WHERE uc_key{i} IS NOT NULL GROUP BY 1 HAVING count(*) > {int(cap)}"
        )
        return name

    bigs: list[str] = []
    for level in range(max(len(refine) for _, (_, refine) in keys)):
        refined = []
        for i, (_, (_, refine)) in enumerate(keys):
            if level < len(refine):
                big = big_values(i, level)
                bigs.append(big)
                r = text(refine[level])
                refined.append(
                    f"CASE WHEN {r} IS NOT NULL AND uc_key{i} IN (SELECT k FROM {big}) "
                    f"THEN uc_key{i} || '#' || {r} ELSE uc_key{i} END AS uc_key{i}"
                )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE uc_kk AS SELECT * REPLACE ({', '.join(refined)}) "
            "FROM uc_kk"
        )
    # A block still larger than the cap after every refinement is dropped (its records
    # are left to the other rules): no rule generates more than cap/2 pairs a record.
    finals = []
    for i, (name, _) in enumerate(keys):
        big = big_values(i, -1)
        bigs.append(big)
        finals.append(
            f"CASE WHEN uc_key{i} IN (SELECT k FROM {big}) THEN NULL ELSE uc_key{i} END AS {name}"
        )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE uc_ka AS
        WITH own AS (
          SELECT unique_id, unnest(list_distinct(list_concat([name_key], alias_keys))) AS k
          FROM uc_f0 WHERE alias_keys IS NOT NULL),
        alias AS (SELECT DISTINCT k FROM own),
        other AS (
          SELECT unique_id, name_key AS k FROM uc_f0
          WHERE alias_keys IS NULL AND name_key IN (SELECT k FROM alias)),
        keys AS (
          SELECT unique_id, k FROM (SELECT * FROM own UNION ALL SELECT * FROM other)
          WHERE k IS NOT NULL
          QUALIFY count(*) OVER (PARTITION BY k) BETWEEN 2 AND {int(cap)})
        SELECT unique_id AS ka_id, list(k ORDER BY k) AS blk_alias FROM keys GROUP BY 1"""
    )
    cols = ", ".join(["unique_id", *FEATURE_COLUMNS])
    con.execute(
        f"CREATE OR REPLACE TABLE {out} AS SELECT {cols} FROM "
        f"(SELECT *, {', '.join(finals)} FROM uc_kk) "
        "LEFT JOIN uc_ka ON ka_id = unique_id ORDER BY unique_id"
    )
    for t in ("uc_f0", "uc_ka", "uc_kk", *bigs):
        con.execute(f"DROP TABLE {t}")


# ---------------------------------------------------------------- comparisons

_JW_FUNCTION = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}


def _jw(col: str, thr: float, dialect: str) -> str:
    return f"{_JW_FUNCTION[dialect]}({col}_l, {col}_r) >= {thr}"


def _jw2(left: str, right: str, thr: float, dialect: str) -> str:
    return f"{_JW_FUNCTION[dialect]}({left}, {right}) >= {thr}"


def _lev(col: str, k: int) -> str:
    return f"levenshtein({col}_l, {col}_r) <= {k}"


_PARTS_KNOWN = (
    "given_key_l IS NOT NULL AND given_key_r IS NOT NULL AND "
    "family_key_l IS NOT NULL AND family_key_r IS NOT NULL"
)


def _same_last_word(dialect: str) -> str:
    """The last words of the family keys are alike (Jaro-Winkler >= 0.8).

    Arabic chain names (given, father, grandfather, family) leave father + grandfather +
    family in ``family_key``; two relatives or namesakes sharing the father's name then score
    a high Jaro-Winkler on the shared prefix although their family names differ (measured on
    the real Gaza lists: محمد رامي أحمد اسماعيل against محمد رامي جميل عبده).
    """
    last = "regexp_extract(family_key_{side}, '[^ ]+$', 0)"
    return _jw2(last.format(side="l"), last.format(side="r"), 0.8, dialect)


def _same_compound_head(dialect: str) -> str:
    """Given names that are both Abd-compounds agree after ``abd`` and its article.

    عبدالله and عبدالكريم (brothers, in the real Gaza lists) share the ``abd(a)l`` that a
    Jaro-Winkler similarity rewards as a prefix; what tells them apart is the word after it
    (Rahman and Rahim differ: Jaro-Winkler 0.87 on the keys, below the 0.88 asked). A bare
    ``Abd`` (a list that wrote only the first word of the compound) does not conflict.
    """
    head = "regexp_replace(given_key_{side}, '^abd[aeiou]?l{{0,2}}', '')"
    left, right = head.format(side="l"), head.format(side="r")
    return (
        "(NOT (given_key_l LIKE 'abd%' AND given_key_r LIKE 'abd%') "
        f"OR {left} = '' OR {right} = '' OR {_jw2(left, right, 0.88, dialect)})"
    )


# The skeletons agree once spaces are removed: a compound one list writes in one word (or
# hyphenated) and the other in two (Zayandeh-rud = زاینده رود, Abdulkarim = عبد الكريم).
# The skeleton itself stays spaced (making it space-free lowered linkage F1, as blocking
# then lost its first and last words: docs/names.md); blocking proposes these pairs by a
# key of its own, ``blk_skel_flat`` (the whole skeleton with spaces removed).
_SAME_FLAT_SKELETON = "replace(name_skel_l, ' ', '') = replace(name_skel_r, ' ', '')"


# Any alias key of one record equal to an alias key or the name key of the other.
_ALIAS_AGREES = {
    "duckdb": (
        "(list_has_any(CAST(alias_keys_l AS VARCHAR[]), CAST(alias_keys_r AS VARCHAR[]))"
        " OR list_contains(CAST(alias_keys_l AS VARCHAR[]), name_key_r)"
        " OR list_contains(CAST(alias_keys_r AS VARCHAR[]), name_key_l))"
    ),
    "spark": (
        "(arrays_overlap(CAST(alias_keys_l AS ARRAY<STRING>), CAST(alias_keys_r AS ARRAY<STRING>))"
        " OR array_contains(CAST(alias_keys_l AS ARRAY<STRING>), name_key_r)"
        " OR array_contains(CAST(alias_keys_r AS ARRAY<STRING>), name_key_l))"
    ),
}


def adapt_model(model: dict[str, Any], dialect: str) -> dict[str, Any]:
    """A stored model for ``dialect`` with the prediction blocking rules: the settings are
    rebuilt and the trained parameters copied level by level (same comparisons).

    Parameters
    ----------
    model : dict
        A trained model (``Linker.misc.save_model_to_json`` output).
    dialect : {'duckdb', 'spark'}
        Target dialect.
    """
    blocking = tuple(
        tuple(_rule_columns(r)) for r in model.get("blocking_rules_to_generate_predictions", [])
    )
    if model_dialect(model) == dialect and blocking == PREDICTION_BLOCKING:
        return model
    fresh = settings_creator(dialect=dialect).create_settings_dict(sql_dialect_str=dialect)
    fresh["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    old_comps = {c["output_column_name"]: c for c in model["comparisons"]}
    for comp in fresh["comparisons"]:
        old = old_comps.get(comp["output_column_name"])
        if old is None or len(old["comparison_levels"]) != len(comp["comparison_levels"]):
            raise ValueError(
                f"stored model has no comparison {comp['output_column_name']!r}: {[c.get('output_column_name') for c in model['comparisons']]} {[len(c['comparison_levels']) for c in model['comparisons']]}"
            )
        for new_level, old_level in zip(
            comp["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if key in old_level:
                    new_level[key] = old_level[key]
    return fresh


def model_dialect(model: dict[str, Any]) -> str | None:
    """The SQL dialect a stored model was written for."""
    for rule in model.get("blocking_rules_to_generate_predictions", []):
        if isinstance(rule, dict) and rule.get("sql_dialect"):
            return str(rule["sql_dialect"])
    return model.get("sql_dialect")


def _rule_columns(rule: dict[str, Any] | str) -> list[str]:
    text = rule["blocking_rule"] if isinstance(rule, dict) else rule
    return re.findall(r'l\.[`"]?(\w+)[`"]? = r\.', text)


def comparisons(dialect: str = "duckdb") -> list[Any]:
    """The Splink comparisons of the model (see the module docstring).

    Given and family names are compared inside the name comparison (both parts must be close
    for a fuzzy name level), so that the name's evidence is counted once; the father's name
    is a comparison of its own.
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def null_if(sql: str, label: str) -> Any:
        return cll.CustomLevel(sql, label).configure(is_null_level=True)

    def jw(col: str, thr: float) -> str:
        return _jw(col, thr, dialect)

    same_head = _same_compound_head(dialect)
    close_parts = (
        f"({_PARTS_KNOWN} AND {jw('given_key', 0.92)} AND {jw('family_key', 0.92)} AND {same_head})"
    )
    near_parts = (
        f"({_PARTS_KNOWN} AND {same_head}"
        f" AND (({jw('family_key', 0.92)} AND {jw('given_key', 0.75)})"
        f" OR ({jw('given_key', 0.92)} AND {jw('family_key', 0.84)}"
        f" AND {_same_last_word(dialect)})))"
    )
    unknown_parts = f"NOT ({_PARTS_KNOWN})"
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_key"),
            cll.CustomLevel("name_fa_l = name_fa_r", "same Persian spelling"),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=True),
            cll.CustomLevel(
                "name_sorted_l = name_sorted_r OR name_skel_l = name_skel_r OR "
                f"{_SAME_FLAT_SKELETON} OR "
                f"({_PARTS_KNOWN} AND {_jw2('given_key_l', 'family_key_r', 0.92, dialect)} "
                f"AND {_jw2('family_key_l', 'given_key_r', 0.92, dialect)}) OR "
                + _ALIAS_AGREES[dialect],
                "same words reordered, same skeleton, or another spelling agrees",
            ),
            cll.CustomLevel(
                f"{close_parts} OR ({unknown_parts} AND {jw('name_key', 0.94)}) "
                f"OR {_lev('name_fa', 1)} OR (name_coarse_l = name_coarse_r "
                "AND length(name_coarse_l) >= 8)",
                "given and family close, one Persian letter apart, or same consonants",
            ),
            cll.CustomLevel(
                f"({_PARTS_KNOWN} AND ((given_key_l = given_key_r AND {_lev('family_key', 2)})"
                f" OR (family_key_l = family_key_r AND {_lev('given_key', 2)})))"
                f" OR {_lev('name_flat', 1)}",
                "one part the same and the other a typo away",
            ),
            cll.CustomLevel(
                f"{near_parts} OR ({unknown_parts} AND {jw('name_key', 0.88)}) "
                f"OR {_lev('name_fa', 2)}",
                "one part close and the other similar, or two Persian letters apart",
            ),
            cll.CustomLevel(f"{jw('family_key', 0.92)}", "family name agrees, given differs"),
            cll.CustomLevel("given_key_l = given_key_r", "given name agrees, family differs"),
            cll.ElseLevel(),
        ],
    )
    father = cl.CustomComparison(
        output_column_name="father",
        comparison_levels=[
            cll.NullLevel("father_key"),
            cll.ExactMatchLevel("father_key", term_frequency_adjustments=True),
            cll.CustomLevel(jw("father_key", 0.90), "Jaro-Winkler >= 0.90"),
            cll.ElseLevel(),
        ],
    )
    date = cl.CustomComparison(
        output_column_name="date",
        comparison_levels=[
            cll.NullLevel("date_lo"),
            cll.ExactMatchLevel("date_day", term_frequency_adjustments=True),
            cll.CustomLevel("abs(date_day_l - date_day_r) <= 3", "within 3 days"),
            cll.CustomLevel(
                "date_hi_l - date_lo_l <= 31 AND date_hi_r - date_lo_r <= 31 AND "
                "date_lo_l - date_hi_r <= 31 AND date_lo_r - date_hi_l <= 31",
                "same month",
            ),
            cll.CustomLevel(
                "date_lo_l - date_hi_r <= 366 AND date_lo_r - date_hi_l <= 366", "same year"
            ),
            cll.ElseLevel(),
        ],
    )

    def ages_within(k: int) -> str:
        # Ages are ranges [age_lo, age_hi] (a point when written as one number).
        return f"age_lo_l - {k} <= age_hi_r AND age_lo_r - {k} <= age_hi_l"

    age = cl.CustomComparison(
        output_column_name="age",
        comparison_levels=[
            cll.NullLevel("age_lo"),
            cll.CustomLevel(ages_within(0), "same age (or age ranges overlap)"),
            cll.CustomLevel(ages_within(1), "within 1 year"),
            cll.CustomLevel(ages_within(4), "within 4 years"),
            cll.ElseLevel(),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()],
    )
    place = cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            null_if(
                "coalesce(city_l, province_l, place_key_l) IS NULL OR "
                "coalesce(city_r, province_r, place_key_r) IS NULL",
                "place unknown",
            ),
            cll.ExactMatchLevel("city", term_frequency_adjustments=True),
            cll.CustomLevel("place_key_l = place_key_r", "same place text"),
            cll.CustomLevel(jw("place_key", 0.9), "similar place text"),
            cll.CustomLevel("province_l = province_r", "same province"),
            null_if("province_l IS NULL OR province_r IS NULL", "province unknown"),
            cll.ElseLevel(),
        ],
    )
    return [name, father, date, age, sex, place]


# ---------------------------------------------------------------- blocking

# Candidate pairs: the union of these rules (Splink removes duplicate pairs).
PREDICTION_BLOCKING: tuple[tuple[str, ...], ...] = tuple(
    (k,) for k in (*BLOCKING_KEYS, *EXPLODED_BLOCKING_KEYS)
)

# The two EM sessions, each a list of blocking rules tried in order until one trains: the
# first trains everything but the name comparison, the second the name comparison (so it
# blocks on no name column). Rules on fields the lists do not fill are left out; a
# comparison no session can train keeps its prior (:mod:`undercount.link.priors`).
EM_BLOCKING: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("name_key",), ("name_skel",)),
    (
        ("date_day", "sex", "city"),
        ("date_day", "city"),
        ("date_day", "province"),
        ("date_day",),
        ("father_key", "age"),
        ("age", "sex", "city"),
        ("age", "city"),
        ("age", "sex"),
        ("father_key",),
        ("age",),
    ),
)

# Deterministic rules used to estimate the prior probability that two records match, and
# the share of true matches they are assumed to find.
DETERMINISTIC_RULES = (
    ("name_key", "father_key", "date_day"),
    ("name_key", "age", "city", "date_day"),
)
DETERMINISTIC_RECALL = 0.5


def _rule(cols: tuple[str, ...]) -> Any:
    from splink import block_on

    explode = [c for c in cols if c in EXPLODED_BLOCKING_KEYS]
    return block_on(*cols, arrays_to_explode=explode or None)


def settings_creator(
    *,
    blocking: tuple[tuple[str, ...], ...] = PREDICTION_BLOCKING,
    comparison_list: list[Any] | None = None,
    dialect: str = "duckdb",
) -> Any:
    """A Splink ``SettingsCreator`` for deduplicating the feature table (all sources at once).

    Parameters
    ----------
    blocking : tuple of tuple of str
        Equality blocking rules (columns of the feature table) generating candidate pairs.
    comparison_list : list, optional
        Splink comparisons; :func:`comparisons` by default.
    dialect : {'duckdb', 'spark'}
        SQL dialect of the comparisons.
    """
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparison_list if comparison_list is not None else comparisons(dialect),
        blocking_rules_to_generate_predictions=[_rule(b) for b in blocking],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=["source_id"],
        max_iterations=25,
        em_convergence=0.0005,
    )


def baseline_settings_creator() -> Any:
    """A plain configuration as Splink's tutorial builds it: pairs of fields for blocking.

    Blocking on the exact given- and family-name keys together, or on either with the exact
    date (one name field alone makes blocks of millions of pairs from 100,000 records);
    Jaro-Winkler levels on the given and family keys, exact date and exact place. Used by the
    benchmarks as the peer of :func:`settings_creator` in the same run.
    """
    import splink.comparison_library as cl
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("given_key", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("family_key", [0.9, 0.7]),
            cl.ExactMatch("date_lo"),
            cl.ExactMatch("place_key"),
        ],
        blocking_rules_to_generate_predictions=[
            _rule(("given_key", "family_key")),
            _rule(("given_key", "date_lo")),
            _rule(("family_key", "date_lo")),
        ],
        additional_columns_to_retain=["source_id"],
    )
