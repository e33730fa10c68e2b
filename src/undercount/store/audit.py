"""Tamper-evident audit log: every change appends an entry to a SHA-256 hash chain.

Each entry holds time, user, action, entity, a hash of the change, a digest of the state of
the evidence tables after the change (records, documents, link decisions), the previous entry's
hash and its own hash. ``verify`` recomputes the chain, every record's hash and the state
digest, and reports the first point where they disagree. Details stored in the log never hold
personal data (counts, ids and hashes only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

GENESIS = "0" * 64

# Columns of `records` covered by each record's hash (everything but the hash and created_at).
RECORD_HASH_COLUMNS = (
    "id", "source_id", "import_id", "document_id", "row_number", "raw", "name", "name_script",
    "given_name", "family_name", "father_name", "sex", "age", "date", "date_precision",
    "date_calendar", "date_text", "place_text", "province", "city", "violation", "perpetrator",
    "event", "notes", "name_norm", "name_key", "name_latin", "name_skeleton", "given_key",
    "family_key", "father_key", "lat", "lon",
)


def record_hash_sql(alias: str = "") -> str:
    """SQL expression computing a record's hash from its columns (used at write and at verify)."""
    p = f"{alias}." if alias else ""
    fields = ", ".join(f"{c} := {p}{c}" for c in RECORD_HASH_COLUMNS)
    return f"sha256(to_json(struct_pack({fields})))"


def _digest(con: duckdb.DuckDBPyConnection, table: str, hash_expr: str) -> str:
    row = con.execute(
        f"SELECT count(*), coalesce(sum(('0x' || substr({hash_expr}, 1, 15))::UBIGINT), 0) "
        f"FROM {table}"
    ).fetchone()
    assert row is not None
    return f"{row[0]}:{row[1]}"


def state_digest(con: duckdb.DuckDBPyConnection) -> str:
    """Order-independent digest of the evidence tables (records, documents, link decisions)."""
    parts = [
        "records=" + _digest(con, "records", "row_hash"),
        "documents=" + _digest(con, "documents", "sha256"),
        "decisions="
        + _digest(
            con,
            "link_decisions",
            "sha256(concat_ws('|', id, record_id_l, record_id_r, decision, user_name, decided_at))",
        ),
    ]
    return hashlib.sha256(";".join(parts).encode()).hexdigest()


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def entry_hash(
    seq: int, at: str, user: str, action: str, entity: str, entity_id: str | None,
    details: str, change_hash: str, state_hash: str, prev_hash: str,
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
) -> int:
    """Append one entry (call inside the transaction of the change it records)."""
    last = con.execute(
        "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq = (last[0] + 1) if last else 1
    prev = last[1] if last else GENESIS
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    details_s = _canonical(details or {})
    change_hash = hashlib.sha256(_canonical(change if change is not None else details).encode()).hexdigest()
    state = state_digest(con)
    eid = None if entity_id is None else str(entity_id)
    h = entry_hash(seq, at, user, action, entity, eid, details_s, change_hash, state, prev)
    con.execute(
        "INSERT INTO audit_log VALUES (?, ?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, user, action, entity, eid, details_s, change_hash, state, prev, h],
    )
    return seq


@dataclass
class VerifyReport:
    ok: bool
    entries: int
    records: int
    problems: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "records": self.records,
            "first_bad_seq": self.first_bad_seq,
            "problems": self.problems,
        }


def verify(con: duckdb.DuckDBPyConnection) -> VerifyReport:
    """Recompute the hash chain, every record's hash and the state digest."""
    rows = con.execute(
        "SELECT seq, strftime(logged_at, '%Y-%m-%dT%H:%M:%S.%f'), user_name, action, entity, entity_id, "
        "details, change_hash, state_hash, prev_hash, entry_hash FROM audit_log ORDER BY seq"
    ).fetchall()
    problems: list[str] = []
    first_bad: int | None = None
    prev = GENESIS
    for i, r in enumerate(rows, start=1):
        seq, at, user, action, entity, eid, details, ch, st, ph, eh = r
        bad = None
        if seq != i:
            bad = f"entry {i}: sequence number is {seq} (an entry was deleted or reordered)"
        elif ph != prev:
            bad = f"entry {seq}: previous-hash link broken (an earlier entry was changed, deleted or reordered)"
        elif entry_hash(seq, at, user, action, entity, eid, details, ch, st, ph) != eh:
            bad = f"entry {seq} ({action}): its content does not match its hash (the entry was edited)"
        if bad:
            problems.append(bad)
            first_bad = first_bad or i
            break
        prev = eh
    n_rec_row = con.execute("SELECT count(*) FROM records").fetchone()
    n_rec = int(n_rec_row[0]) if n_rec_row else 0
    changed = con.execute(
        f"SELECT id FROM records WHERE row_hash <> {record_hash_sql()} ORDER BY id LIMIT 20"
    ).fetchall()
    if changed:
        ids = ", ".join(str(c[0]) for c in changed)
        problems.append(f"records changed outside undercount (ids {ids}): content no longer matches its hash")
    if rows and not problems:
        current = state_digest(con)
        if current != rows[-1][8]:
            problems.append(
                f"the stored records, documents or link decisions differ from the state recorded by "
                f"the last audit entry ({rows[-1][0]}, {rows[-1][3]}): rows were added, deleted or "
                "edited outside undercount, or audit entries were removed from the end"
            )
            first_bad = first_bad or len(rows)
    elif not rows and n_rec:
        problems.append("the audit log is empty but the project holds records: the log was deleted")
    return VerifyReport(not problems, len(rows), n_rec, problems, first_bad)
