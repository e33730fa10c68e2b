"""The record hash computed outside the database (bulk imports) equals the SQL one (verify)."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from undercount.store.audit import (
    RECORD_COLUMNS,
    RECORD_HASH_EXTRA,
    RECORD_HASH_ORDER,
    RECORD_TYPES,
    legacy_record_hash_sql,
    record_hash_sql,
    record_hashes,
)

TEXT = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["", "~", "3:abc", "محمد رضایی", 'a "quoted" \\ name', "x\x00y", "🙂"]),
)
FLOAT = st.one_of(
    st.none(),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from([0.0, -0.0, 35.6892, 1e-7, -51.38]),
)


def _row(draw: st.DrawFn, i: int) -> dict:
    row: dict = {}
    for c in RECORD_COLUMNS:
        typ = RECORD_TYPES.get(c, "VARCHAR")
        if c == "id":
            row[c] = i + 1
        elif typ in ("BIGINT", "INTEGER"):
            row[c] = draw(st.one_of(st.none(), st.integers(0, 2**31 - 1)))
        elif typ == "DOUBLE":
            row[c] = draw(FLOAT)
        elif typ == "DATE":
            row[c] = draw(st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))))
        elif typ == "VARCHAR[]":
            row[c] = draw(st.one_of(st.none(), st.lists(TEXT.filter(bool), max_size=3)))
        else:
            row[c] = draw(TEXT)
    return row


@st.composite
def record_tables(draw: st.DrawFn) -> list[dict]:
    return [_row(draw, i) for i in range(draw(st.integers(1, 6)))]


def _arrow_type(c: str) -> pa.DataType:
    typ = RECORD_TYPES.get(c, "VARCHAR")
    return {
        "BIGINT": pa.int64(),
        "INTEGER": pa.int64(),
        "DOUBLE": pa.float64(),
        "DATE": pa.date32(),
        "VARCHAR[]": pa.list_(pa.string()),
    }.get(typ, pa.string())


def _plain(rows: list[dict]) -> pa.Table:
    return pa.table(
        {c: pa.array([r[c] for r in rows], type=_arrow_type(c)) for c in RECORD_COLUMNS}
    )


def _dictionary(rows: list[dict]) -> pa.Table:
    """The importer's layout: dictionary columns; name columns share one set of indices."""
    cols = {}
    for c in RECORD_COLUMNS:
        values = [r[c] for r in rows]
        if c in ("id", "row_number") or RECORD_TYPES.get(c) == "VARCHAR[]":
            cols[c] = pa.array(values, type=_arrow_type(c))
            continue
        keys = [repr(v) for v in values]  # repr: 0.0 and -0.0 are different values here
        first = {k: v for k, v in zip(reversed(keys), reversed(values), strict=True)}
        order = list(dict.fromkeys(keys))
        distinct = [first[k] for k in order]
        codes = np.array([order.index(k) for k in keys], dtype=np.int32)
        cols[c] = pa.DictionaryArray.from_arrays(
            pa.array(codes), pa.array(distinct, type=_arrow_type(c))
        )
    return pa.table(cols)


def _sql_hashes(table: pa.Table, expr: str) -> list[str]:
    con = duckdb.connect()
    con.register("incoming", table)
    select = ", ".join(
        f"CAST({c} AS {RECORD_TYPES.get(c, 'VARCHAR')}) AS {c}" for c in RECORD_COLUMNS
    )
    return [
        r[0]
        for r in con.execute(
            f"SELECT {expr} FROM (SELECT {select} FROM incoming) t ORDER BY t.id"
        ).fetchall()
    ]


@settings(max_examples=60, deadline=None)
@given(record_tables())
def test_arrow_hash_equals_sql_hash(rows: list[dict]) -> None:
    plain = _plain(rows)
    expected = _sql_hashes(plain, record_hash_sql("t"))
    assert record_hashes(plain).to_pylist() == expected
    assert record_hashes(_dictionary(rows)).to_pylist() == expected


def test_shared_indices_are_encoded_together_and_still_agree() -> None:
    rows = [
        {c: None for c in RECORD_COLUMNS} | {"id": i + 1, "name": n, "name_key": k}
        for i, (n, k) in enumerate([("Ali", "ali"), ("Reza", None), ("Ali", "ali")])
    ]
    codes = pa.array(np.array([0, 1, 0], dtype=np.int32))
    table = _plain(rows)
    for c, values in (("name", ["Ali", "Reza"]), ("name_key", ["ali", None])):
        table = table.set_column(
            table.column_names.index(c), c, pa.DictionaryArray.from_arrays(codes, values)
        )
    assert record_hashes(table).to_pylist() == _sql_hashes(_plain(rows), record_hash_sql("t"))


def test_hash_depends_on_every_column_and_is_unambiguous() -> None:
    base = {c: None for c in RECORD_COLUMNS} | {"id": 1, "name": "ab", "notes": "c"}
    moved = base | {"name": "a", "notes": "bc"}  # same characters, other split
    h = record_hashes(_plain([base, moved | {"id": 1}])).to_pylist()
    assert h[0] != h[1]
    for c in RECORD_COLUMNS:
        if c == "id":
            continue
        typ = RECORD_TYPES.get(c, "VARCHAR")
        value = {"DOUBLE": 1.5, "DATE": dt.date(2019, 11, 16), "VARCHAR[]": ["x"]}.get(
            typ, 7 if typ != "VARCHAR" else "x"
        )
        changed = record_hashes(_plain([base | {c: value}])).to_pylist()[0]
        assert changed != h[0], c


def _v1_hash_sql(alias: str) -> str:
    """The record hash of schema version 1 (before the columns of RECORD_HASH_EXTRA)."""
    p = f"{alias}."
    parts = []
    for c in RECORD_HASH_ORDER:
        typ = RECORD_TYPES.get(c, "VARCHAR")
        text = f"printf('%.9f', {p}{c})" if typ == "DOUBLE" else f"CAST({p}{c} AS VARCHAR)"
        parts.append(f"coalesce(strlen({text})::VARCHAR || ':' || {text}, '~')")
    return f"sha256(concat({', '.join(parts)}))"


@settings(max_examples=30, deadline=None)
@given(record_tables())
def test_records_without_the_new_columns_keep_their_version_1_hash(rows: list[dict]) -> None:
    for r in rows:
        r.update({c: None for c in RECORD_HASH_EXTRA})
    plain = _plain(rows)
    assert record_hashes(plain).to_pylist() == _sql_hashes(plain, _v1_hash_sql("t"))


def test_list_items_are_encoded_unambiguously() -> None:
    base = {c: None for c in RECORD_COLUMNS} | {"id": 1}
    variants = [["ab"], ["a", "b"], ["a b"], [], None, ["ab", ""]]
    hashes = [record_hashes(_plain([base | {"aliases": v}])).to_pylist()[0] for v in variants]
    assert len(set(hashes)) == len(variants)
    both = [
        base | {"aliases": ["x"], "alias_keys": None},
        base | {"aliases": None, "alias_keys": ["x"]},
    ]
    assert len(set(record_hashes(_plain(both)).to_pylist())) == 2


def test_unknown_column_types_fall_back_to_sql() -> None:
    rows = [{c: None for c in RECORD_COLUMNS} | {"id": 1}]
    table = _plain(rows).set_column(0, "id", pa.array([1.0]))  # a float id
    assert record_hashes(table) is None


def test_legacy_hash_differs_from_current() -> None:
    rows = [{c: None for c in RECORD_COLUMNS} | {"id": 1, "name": "Ali"}]
    plain = _plain(rows)
    assert _sql_hashes(plain, legacy_record_hash_sql("t")) != _sql_hashes(
        plain, record_hash_sql("t")
    )


def test_verify_accepts_records_hashed_the_first_way(project, sample_csv, monkeypatch) -> None:
    """Projects written before this hash keep verifying; a change to such a record is found."""
    import undercount.store.audit as audit

    with monkeypatch.context() as m:
        m.setattr(audit, "record_hashes", lambda table: None)
        m.setattr(audit, "record_hash_sql", legacy_record_hash_sql)
        project.import_list(sample_csv, source="NGO A")
    stored = project.con.execute("SELECT row_hash FROM records ORDER BY id").fetchall()
    legacy = project.con.execute(
        f"SELECT {legacy_record_hash_sql()} FROM records ORDER BY id"
    ).fetchall()
    assert stored == legacy
    assert project.verify_audit().ok
    project.con.execute("UPDATE records SET age = 99 WHERE id = 1")
    report = project.verify_audit()
    assert not report.ok and any("records changed" in p for p in report.problems)
