"""Tamper-evident audit log: every change appends an entry to a SHA-256 hash chain.

Each entry holds time, user, action, entity, a hash of the change, a digest of the state of
the project tables after the change (records, documents, claims, link decisions, persons,
sources, imports, estimate runs, users), the previous entry's hash and its own hash.

``verify`` recomputes the chain, every record's hash, every stored document's SHA-256 and the
state digest, and reports the first point where they disagree. ``head`` gives the last entry's
hash: kept somewhere else (printed, mailed to a colleague), it lets ``verify(head=...)`` prove
that no entry up to it was rewritten, even by someone who holds the key.

Details stored in the log never hold personal data (counts, ids and hashes only).

What the chain cannot detect (see docs/RELIABILITY.md): someone with write access (the key of
an encrypted project, or any access to an unencrypted file) who rewrites the whole chain, or
who appends forged entries after the last head the user kept elsewhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

GENESIS = "0" * 64

# Columns of `records` covered by each record's hash (everything but the hash and created_at).
RECORD_HASH_COLUMNS = (
    "id",
    "source_id",
    "import_id",
    "document_id",
    "row_number",
    "raw",
    "name",
    "name_script",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "age",
    "date",
    "date_precision",
    "date_calendar",
    "date_text",
    "place_text",
    "province",
    "city",
    "violation",
    "perpetrator",
    "event",
    "notes",
    "name_norm",
    "name_key",
    "name_latin",
    "name_skeleton",
    "given_key",
    "family_key",
    "father_key",
    "lat",
    "lon",
)

# Columns added by schema version 2. They close each record's hash only when one of them is
# set (see record_hash_sql), so records stored before them keep their hashes.
RECORD_HASH_EXTRA = ("age_low", "age_high", "birth_year", "aliases", "alias_keys")
# Every column of `records` a prepared row carries (the hash and created_at excepted).
RECORD_COLUMNS = RECORD_HASH_COLUMNS + RECORD_HASH_EXTRA

# Tables covered by the state digest, with the expression giving each row's hash. Column lists
# are explicit (not ``to_json(t)``) so that a migration adding a column does not change the
# digest of existing projects. Documents' original bytes are covered through their SHA-256
# (``verify`` checks every stored original against it); their text through its MD5.
_STATE_TABLES: tuple[tuple[str, str], ...] = (
    ("records", "row_hash"),
    (
        "documents",
        "sha256(concat_ws('|', id, source_id, filename, media_type, sha256, size, "
        "retrieved_at, language, title, published_on, md5(coalesce(text, '')), "
        "original IS NULL))",
    ),
    (
        "claims",
        "sha256(to_json(struct_pack(id, document_id, source_id, value, low, high, "
        "qualifier, outcome, victims, event, place, province, period, period_start, "
        "period_end, attributed_to, stated_on, span_start, span_end, sentence)))",
    ),
    (
        "link_decisions",
        "sha256(concat_ws('|', id, record_id_l, record_id_r, decision, "
        "user_name, decided_at, coalesce(note, '')))",
    ),
    (
        "persons",
        "sha256(concat_ws('|', id, coalesce(canonical_name, ''), "
        "coalesce(confidence, -1), coalesce(link_run_id, -1)))",
    ),
    ("person_records", "sha256(concat_ws('|', person_id, record_id))"),
    ("sources", "sha256(to_json(struct_pack(id, name, kind, publisher, url, reliability, notes)))"),
    (
        "imports",
        "sha256(to_json(struct_pack(id, source_id, filename, sha256, media_type, "
        "encoding, delimiter, mapping, n_rows, user_name)))",
    ),
    (
        "estimate_runs",
        "sha256(to_json(struct_pack(id, method, parameters, seed, strata, "
        "stratum, documented, estimate, level, low, high, diagnostics, "
        "input_hash, result, software_version, user_name)))",
    ),
    ("users", "sha256(to_json(struct_pack(id, name, role, password_hash, totp_secret, active)))"),
    ("user_sources", "sha256(concat_ws('|', user_id, source_id))"),
)
# Version tag of the state digest, stored as a prefix of ``state_hash``.
_STATE_VERSION = "s2"


# Column types of `records` other than VARCHAR (the hash renders each value as text).
RECORD_TYPES = {
    "id": "BIGINT",
    "source_id": "BIGINT",
    "import_id": "BIGINT",
    "document_id": "BIGINT",
    "row_number": "BIGINT",
    "age": "INTEGER",
    "date": "DATE",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "age_low": "INTEGER",
    "age_high": "INTEGER",
    "birth_year": "INTEGER",
    "aliases": "VARCHAR[]",
    "alias_keys": "VARCHAR[]",
}


# The order in which the record hash encodes the columns: columns derived from the same
# value (a name and its keys, a date and its precision, a place and its coordinates) sit
# together, so that :func:`record_hashes` can encode them once per distinct value.
RECORD_HASH_ORDER = (
    "id",
    "source_id",
    "import_id",
    "document_id",
    "row_number",
    "raw",
    "name",
    "name_norm",
    "name_script",
    "name_key",
    "name_latin",
    "name_skeleton",
    "given_name",
    "given_key",
    "family_name",
    "family_key",
    "father_name",
    "father_key",
    "sex",
    "age",
    "violation",
    "date",
    "date_precision",
    "date_calendar",
    "date_text",
    "place_text",
    "province",
    "city",
    "lat",
    "lon",
    "perpetrator",
    "event",
    "notes",
)
assert sorted(RECORD_HASH_ORDER) == sorted(RECORD_HASH_COLUMNS)


def record_hash_sql(alias: str = "") -> str:
    """SQL expression computing a record's hash from its columns (at write and at verify).

    The SHA-256 (hex) of the columns in ``RECORD_HASH_ORDER``, each written as
    ``<bytes>:<text>`` (``~`` for NULL; numbers in decimal, doubles with 9 decimals, dates as
    ISO): length prefixes make the encoding unambiguous. :func:`record_hashes` computes the
    same hashes outside the database for bulk imports.
    """
    p = f"{alias}." if alias else ""
    parts = []
    for c in RECORD_HASH_ORDER:
        typ = RECORD_TYPES.get(c, "VARCHAR")
        text = f"printf('%.9f', {p}{c})" if typ == "DOUBLE" else f"CAST({p}{c} AS VARCHAR)"
        parts.append(f"coalesce(strlen({text})::VARCHAR || ':' || {text}, '~')")
    # The columns of schema version 2, after a '+', only when one of them is set; a list is
    # written as its length, '[' and its items (each ``<bytes>:<text>``).
    extra = []
    for c in RECORD_HASH_EXTRA:
        if RECORD_TYPES[c] == "VARCHAR[]":
            items = (  # array_to_string gives NULL for an empty list
                f"coalesce(array_to_string(list_transform({p}{c}, lambda e: "
                "coalesce(strlen(e)::VARCHAR || ':' || e, '~')), ''), '')"
            )
            extra.append(f"coalesce(len({p}{c})::VARCHAR || '[' || {items}, '~')")
        else:
            text = f"CAST({p}{c} AS VARCHAR)"
            extra.append(f"coalesce(strlen({text})::VARCHAR || ':' || {text}, '~')")
    unset = " AND ".join(f"{p}{c} IS NULL" for c in RECORD_HASH_EXTRA)
    parts.append(f"CASE WHEN {unset} THEN '' ELSE concat('+', {', '.join(extra)}) END")
    return f"sha256(concat({', '.join(parts)}))"


def legacy_record_hash_sql(alias: str = "") -> str:
    """The first record hash (SHA-256 of the row as JSON), still accepted by ``verify``."""
    p = f"{alias}." if alias else ""
    fields = ", ".join(f"{c} := {p}{c}" for c in RECORD_HASH_COLUMNS)
    return f"sha256(to_json(struct_pack({fields})))"


def _hash_pieces(values: list[Any], typ: str) -> list[str]:
    """``<bytes>:<text>`` (or ``~``) of DOUBLE or DATE values, as :func:`record_hash_sql`
    writes them (other types are encoded with Arrow kernels)."""
    out = []
    for v in values:
        if v is None:
            out.append("~")
            continue
        t = f"{v:.9f}" if typ == "DOUBLE" else v.isoformat()
        out.append(f"{len(t)}:{t}")  # ASCII: characters are bytes
    return out


def _arrow_type_ok(kind: pa.DataType, typ: str) -> bool:
    if pa.types.is_null(kind):
        return True
    if typ == "VARCHAR":
        return pa.types.is_string(kind) or pa.types.is_large_string(kind)
    if typ in ("BIGINT", "INTEGER"):
        return pa.types.is_integer(kind)
    if typ == "DOUBLE":
        return pa.types.is_float64(kind)
    if typ == "DATE":
        return pa.types.is_date32(kind)
    return False


def record_hashes(table: pa.Table) -> pa.Array | None:
    """The hash of each row of prepared records, equal to :func:`record_hash_sql`'s.

    Columns are encoded with Arrow kernels; dictionary-encoded columns once per distinct
    value, and neighbouring ones that share their indices (a name and its keys) together.
    The pieces are joined per row by Arrow and hashed with ``hashlib`` (which uses the CPU's
    SHA instructions): several times cheaper than hashing in SQL. None when a column's type
    is not one this encoding knows exactly (the caller then hashes in SQL).
    """
    import binascii

    import pyarrow.compute as pc

    def encode(arr: pa.Array, typ: str) -> pa.Array:
        if pa.types.is_null(arr.type):
            return pa.array(["~"] * len(arr), type=pa.string())
        if typ in ("DOUBLE", "DATE"):
            return pa.array(_hash_pieces(arr.to_pylist(), typ), type=pa.string())
        text = arr if typ == "VARCHAR" else pc.cast(arr, pa.string())
        size = pc.cast(pc.binary_length(text), pa.string())
        return pc.fill_null(pc.binary_join_element_wise(size, ":", text, ""), "~")

    n = table.num_rows
    pieces: list[Any] = []
    group: list[pa.Array] = []  # encoded dictionaries sharing ``indices``
    indices: pa.Array | None = None

    def flush() -> None:
        nonlocal group, indices
        if group:
            joined = group[0] if len(group) == 1 else pc.binary_join_element_wise(*group, "")
            pieces.append(pc.take(joined, indices))
        group, indices = [], None

    for c in RECORD_HASH_ORDER:
        typ = RECORD_TYPES.get(c, "VARCHAR")
        if c not in table.column_names:
            flush()
            pieces.append(pa.scalar("~"))
            continue
        col = table.column(c)
        arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
        if pa.types.is_dictionary(arr.type):
            if not _arrow_type_ok(arr.type.value_type, typ):
                return None
            if arr.indices.null_count:  # nulls in the indices: encode this column alone
                flush()
                enc = encode(arr.dictionary, typ)
                pieces.append(pc.fill_null(pc.take(enc, arr.indices), "~"))
                continue
            same = (
                indices is not None
                and len(arr.dictionary) == len(group[0])
                and arr.indices.equals(indices)
            )
            if not same:
                flush()
                indices = arr.indices
            group.append(encode(arr.dictionary, typ))
            continue
        flush()
        if not _arrow_type_ok(arr.type, typ):
            return None
        pieces.append(encode(arr, typ))
    flush()
    extra = _extra_piece(table)
    if extra is None:
        return None
    if not isinstance(extra, pa.Scalar):
        pieces.append(extra)
    if all(isinstance(p, pa.Scalar) for p in pieces):
        pieces[0] = pa.array([pieces[0].as_py()] * n, type=pa.string())
    rows = pc.binary_join_element_wise(*pieces, "")
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    _, offsets, data = rows.buffers()
    ends = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=rows.offset * 4).tolist()
    view = memoryview(data) if data is not None else memoryview(b"")
    sha = hashlib.sha256
    digests = b"".join([sha(view[ends[i] : ends[i + 1]]).digest() for i in range(n)])
    hexes = binascii.hexlify(digests)
    starts = pa.py_buffer(np.arange(0, 64 * n + 1, 64, dtype=np.int32).tobytes())
    return pa.Array.from_buffers(pa.string(), n, [None, starts, pa.py_buffer(hexes)])


def _extra_piece(table: pa.Table) -> pa.Array | pa.Scalar | None:
    """The part of each row's hash text for ``RECORD_HASH_EXTRA`` (as record_hash_sql
    writes it): a scalar ``""`` when no row sets them; None for a type it cannot encode."""
    import pyarrow.compute as pc

    n = table.num_rows
    cols = []
    for c in RECORD_HASH_EXTRA:
        if c not in table.column_names:
            cols.append(None)
            continue
        col = table.column(c)
        arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
        if pa.types.is_dictionary(arr.type):
            arr = arr.dictionary_decode()
        cols.append(None if arr.null_count == len(arr) else arr)
    if all(a is None for a in cols):
        return pa.scalar("")
    pieces: list[Any] = [pa.scalar("+")]
    is_set = None
    for c, arr in zip(RECORD_HASH_EXTRA, cols, strict=True):
        if arr is None:
            pieces.append(pa.scalar("~"))
            continue
        valid = pc.is_valid(arr)
        is_set = valid if is_set is None else pc.or_(is_set, valid)
        if RECORD_TYPES[c] == "VARCHAR[]":
            if not (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
                return None
            values = arr.values
            if not (pa.types.is_string(values.type) or pa.types.is_null(values.type)):
                return None
            values = values.cast(pa.string())
            items = pc.fill_null(
                pc.binary_join_element_wise(
                    pc.cast(pc.binary_length(values), pa.string()), ":", values, ""
                ),
                "~",
            )
            lists = pa.ListArray.from_arrays(arr.offsets, items, mask=pc.invert(valid))
            joined = pc.binary_join(lists, "")
            size = pc.cast(pc.list_value_length(arr), pa.string())
            pieces.append(pc.fill_null(pc.binary_join_element_wise(size, "[", joined, ""), "~"))
        else:
            if not pa.types.is_integer(arr.type):
                return None
            text = pc.cast(arr, pa.string())
            size = pc.cast(pc.binary_length(text), pa.string())
            pieces.append(pc.fill_null(pc.binary_join_element_wise(size, ":", text, ""), "~"))
    joined = pc.binary_join_element_wise(*pieces, "")
    if n and isinstance(joined, pa.Scalar):
        joined = pa.array([joined.as_py()] * n, pa.string())
    return pc.if_else(is_set, joined, "")


def _digest(con: duckdb.DuckDBPyConnection, table: str, hash_expr: str) -> str:
    """Order-independent digest of one table: row count and two 60-bit lanes of hash sums."""
    row = con.execute(
        f"SELECT count(*), "
        f"coalesce(sum(('0x' || substr(h, 1, 15))::UBIGINT), 0), "
        f"coalesce(sum(('0x' || substr(h, 16, 15))::UBIGINT), 0) "
        f"FROM (SELECT {hash_expr} AS h FROM {table})"
    ).fetchone()
    assert row is not None
    return f"{row[0]}:{row[1]}:{row[2]}"


def records_digest(con: duckdb.DuckDBPyConnection) -> str:
    """The records table's part of :func:`state_digest` (its costliest part)."""
    return _digest(con, "records", "row_hash")


def digest_lanes(hashes: pa.Array) -> tuple[int, int, int]:
    """(count, lane 1, lane 2) of hex SHA-256 hashes, as :func:`_digest` sums them in SQL."""
    n = len(hashes)
    if n == 0:
        return 0, 0, 0
    if hashes.null_count:
        raise ValueError("a row hash is missing")
    _, offsets, data = hashes.buffers()
    ends = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=hashes.offset * 4)
    if not (np.diff(ends) == 64).all():
        raise ValueError("row hashes must be 64 hex digits")
    digits = np.frombuffer(data, dtype=np.uint8, count=64 * n, offset=int(ends[0])).reshape(n, 64)
    values = _HEX_VALUE[digits]
    if (values > 15).any():
        raise ValueError("row hashes must be lower-case hex")
    lanes = []
    for start in (0, 15):
        # 15 hex digits = 60 bits; summed in two 30-bit halves so uint64 cannot overflow.
        hi = values[:, start : start + 8].astype(np.uint64) @ _POW16[7::-1]  # 8 digits
        lo = values[:, start + 8 : start + 15].astype(np.uint64) @ _POW16[6::-1]  # 7 digits
        lanes.append((int(hi.sum()) << 28) + int(lo.sum()))
    return n, lanes[0], lanes[1]


_HEX_VALUE = np.full(256, 255, dtype=np.uint8)
_HEX_VALUE[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)
_POW16 = 16 ** np.arange(8, dtype=np.uint64)


def add_to_digest(digest: str, lanes: tuple[int, int, int]) -> str:
    """A table digest (``count:lane1:lane2``) after adding rows with these lanes."""
    n, a, b = (int(x) for x in digest.split(":"))
    return f"{n + lanes[0]}:{a + lanes[1]}:{b + lanes[2]}"


def _existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE "
            "table_catalog = current_database() AND table_schema = current_schema()"
        ).fetchall()
    }


def state_digest(con: duckdb.DuckDBPyConnection, known: Mapping[str, str] | None = None) -> str:
    """Order-independent digest of the project tables (records, documents, decisions, ...).

    ``known`` gives digests of tables the caller already has for the current transaction
    (an import knows the records' digest from before it and the hashes it added), so they
    are not computed again.
    """
    known = known or {}
    existing = _existing_tables(con)
    parts = []
    for table, expr in _STATE_TABLES:
        if table in existing:
            parts.append(f"{table}=" + (known.get(table) or _digest(con, table, expr)))
    return _STATE_VERSION + ":" + hashlib.sha256(";".join(parts).encode()).hexdigest()


def _legacy_state_digest(con: duckdb.DuckDBPyConnection) -> str:
    """The first digest (records, documents, link decisions; one lane), for old entries."""

    def one(table: str, expr: str) -> str:
        row = con.execute(
            f"SELECT count(*), coalesce(sum(('0x' || substr({expr}, 1, 15))::UBIGINT), 0) "
            f"FROM {table}"
        ).fetchone()
        assert row is not None
        return f"{row[0]}:{row[1]}"

    parts = [
        "records=" + one("records", "row_hash"),
        "documents=" + one("documents", "sha256"),
        "decisions="
        + one(
            "link_decisions",
            "sha256(concat_ws('|', id, record_id_l, record_id_r, decision, user_name, decided_at))",
        ),
    ]
    return hashlib.sha256(";".join(parts).encode()).hexdigest()


def _current_digest_like(con: duckdb.DuckDBPyConnection, stored: str) -> str:
    return (
        state_digest(con)
        if stored.startswith(_STATE_VERSION + ":")
        else (_legacy_state_digest(con))
    )


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def entry_hash(
    seq: int,
    at: str,
    user: str,
    action: str,
    entity: str,
    entity_id: str | None,
    details: str,
    change_hash: str,
    state_hash: str,
    prev_hash: str,
) -> str:
    payload = _canonical(
        [seq, at, user, action, entity, entity_id, details, change_hash, state_hash, prev_hash]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def append(
    con: duckdb.DuckDBPyConnection,
    *,
    user: str,
    action: str,
    entity: str,
    entity_id: str | int | None = None,
    details: dict[str, Any] | None = None,
    change: Any = None,
    known: Mapping[str, str] | None = None,
) -> int:
    """Append one entry (call inside the transaction of the change it records); ``known``
    as in :func:`state_digest`."""
    last = con.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq = (last[0] + 1) if last else 1
    prev = last[1] if last else GENESIS
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    details_s = _canonical(details or {})
    change_hash = hashlib.sha256(
        _canonical(change if change is not None else details).encode()
    ).hexdigest()
    state = state_digest(con, known)
    eid = None if entity_id is None else str(entity_id)
    h = entry_hash(seq, at, user, action, entity, eid, details_s, change_hash, state, prev)
    con.execute(
        "INSERT INTO audit_log VALUES (?, ?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, user, action, entity, eid, details_s, change_hash, state, prev, h],
    )
    return seq


def head(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """``(seq, entry_hash)`` of the last audit entry: keep it elsewhere, check it with verify."""
    row = con.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return 0, GENESIS
    return int(row[0]), str(row[1])


@dataclass
class VerifyReport:
    ok: bool
    entries: int
    records: int
    problems: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None
    head: str | None = None
    head_seq: int | None = None
    entries_after_head: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "records": self.records,
            "first_bad_seq": self.first_bad_seq,
            "problems": self.problems,
            "head": self.head,
            "head_seq": self.head_seq,
            "entries_after_head": self.entries_after_head,
        }


def _parse_head(text: str) -> tuple[int | None, str]:
    t = text.strip().lower()
    seq: int | None = None
    if ":" in t:
        s, t = t.split(":", 1)
        try:
            seq = int(s)
        except ValueError:
            seq = None
    return seq, t.strip()


def _import_entry(con: duckdb.DuckDBPyConnection, record_id: int) -> int | None:
    """seq of the audit entry that added a record (its import or document), when known."""
    row = con.execute(
        "SELECT a.seq FROM records r JOIN audit_log a ON "
        "(a.entity = 'import' AND a.entity_id = CAST(r.import_id AS VARCHAR)) OR "
        "(a.entity = 'document' AND a.entity_id = CAST(r.document_id AS VARCHAR)) "
        "WHERE r.id = ? ORDER BY a.seq LIMIT 1",
        [record_id],
    ).fetchone()
    return int(row[0]) if row else None


def verify(con: duckdb.DuckDBPyConnection, head: str | None = None) -> VerifyReport:
    """Recompute the hash chain, every record's hash, documents' SHA-256 and the state digest.

    ``head`` is an entry hash printed earlier by ``undercount audit head`` (``HASH`` or
    ``SEQ:HASH``); when given, the chain must still contain it.
    """
    rows = con.execute(
        "SELECT seq, strftime(logged_at, '%Y-%m-%dT%H:%M:%S.%f'), user_name, action, entity, "
        "entity_id, details, change_hash, state_hash, prev_hash, entry_hash "
        "FROM audit_log ORDER BY seq"
    ).fetchall()
    problems: list[str] = []
    first_bad: int | None = None

    def bad_at(seq: int | None, msg: str) -> None:
        nonlocal first_bad
        problems.append(msg)
        if seq is not None and (first_bad is None or seq < first_bad):
            first_bad = seq

    prev = GENESIS
    chain_ok = True
    for i, r in enumerate(rows, start=1):
        seq, at, user, action, entity, eid, details, ch, st, ph, eh = r
        bad = None
        if seq != i:
            bad = (
                f"entry {i}: sequence number is {seq} (an entry was deleted, inserted or reordered)"
            )
        elif ph != prev:
            bad = (
                f"entry {seq}: previous-hash link broken (an earlier entry was changed, "
                "deleted or reordered)"
            )
        elif entry_hash(seq, at, user, action, entity, eid, details, ch, st, ph) != eh:
            bad = f"entry {seq} ({action}): its content does not match its hash (the entry was edited)"
        if bad:
            bad_at(i, bad)
            chain_ok = False
            break
        prev = eh

    n_rec_row = con.execute("SELECT count(*) FROM records").fetchone()
    n_rec = int(n_rec_row[0]) if n_rec_row else 0
    changed = con.execute(
        f"SELECT id FROM records WHERE row_hash IS DISTINCT FROM {record_hash_sql()} "
        f"AND row_hash IS DISTINCT FROM {legacy_record_hash_sql()} "
        "ORDER BY id LIMIT 20"
    ).fetchall()
    if changed:
        ids = ", ".join(str(c[0]) for c in changed)
        seq_added = _import_entry(con, int(changed[0][0]))
        where = f" (added by audit entry {seq_added})" if seq_added else ""
        bad_at(
            seq_added or (len(rows) or None),
            f"records changed outside undercount (ids {ids}){where}: content no longer "
            "matches its hash",
        )
    docs = con.execute(
        "SELECT id FROM documents WHERE original IS NOT NULL AND sha256(original) <> sha256 "
        "ORDER BY id LIMIT 20"
    ).fetchall()
    if docs:
        ids = ", ".join(str(d[0]) for d in docs)
        seq_doc = con.execute(
            "SELECT min(seq) FROM audit_log WHERE entity = 'document' AND entity_id = ?",
            [str(docs[0][0])],
        ).fetchone()
        s = int(seq_doc[0]) if seq_doc and seq_doc[0] is not None else None
        bad_at(
            s or (len(rows) or None),
            f"documents changed outside undercount (ids {ids}): their original bytes no "
            "longer match the SHA-256 taken at intake",
        )
    if rows and chain_ok:
        last = rows[-1]
        if _current_digest_like(con, last[8]) != last[8]:
            bad_at(
                len(rows),
                f"the stored records, documents, decisions, persons, sources, estimates or "
                f"users differ from the state recorded by the last audit entry ({last[0]}, "
                f"{last[3]}): rows were added, deleted or edited outside undercount, or audit "
                "entries were removed from the end",
            )
    elif not rows:
        n_data = con.execute(
            "SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM sources) + "
            "(SELECT count(*) FROM documents)"
        ).fetchone()
        if n_data and n_data[0]:
            bad_at(1, "the audit log is empty but the project holds data: the log was deleted")
        elif head is None:
            bad_at(
                1,
                "the audit log is empty: every project starts with a 'create_project' "
                "entry, so the log was deleted",
            )

    rep = VerifyReport(not problems, len(rows), n_rec, problems, first_bad)
    if rows:
        rep.head = str(rows[-1][10])
        rep.head_seq = int(rows[-1][0])
    if head is not None:
        want_seq, want = _parse_head(head)
        hits = [r for r in rows if r[10] == want]
        if not want or len(want) != 64 or any(c not in "0123456789abcdef" for c in want):
            problems.append(
                f"--head '{head}' is not an entry hash (64 hex digits, as printed by "
                "`undercount audit head`)"
            )
        elif not hits:
            problems.append(
                "the audit log no longer contains the head you kept (" + want[:12] + "…): "
                "entries up to it were rewritten or removed"
            )
            first_bad = first_bad or (want_seq or 1)
        else:
            at_seq = int(hits[0][0])
            if want_seq is not None and want_seq != at_seq:
                problems.append(
                    f"the head you kept was entry {want_seq}, but that hash is now "
                    f"entry {at_seq}: entries before it were removed or inserted"
                )
                first_bad = first_bad or min(want_seq, at_seq)
            elif not chain_ok and first_bad is not None and first_bad <= at_seq:
                problems.append(
                    f"the chain is broken at or before the head you kept (entry {at_seq})"
                )
            rep.entries_after_head = len(rows) - at_seq
        rep.ok = not problems
        rep.first_bad_seq = first_bad
    return rep
