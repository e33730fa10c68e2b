"""Tamper evidence: every edit, deletion, insertion or reordering made outside undercount is
reported by ``audit verify``, with the first point where chain and data disagree.

Each case copies a template project (sources, two imports, a link decision, a document, a
user, an estimate run, a report entry), changes it with plain DuckDB (as an attacker or a
careless script would), and runs the verifier.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from tests.security.conftest import PASS, copy_project
from typer.testing import CliRunner

from undercount.store import audit
from undercount.store.project import Project

Tamper = Callable[[duckdb.DuckDBPyConnection], None]


def _raw(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db))


def _rehash_records(c: duckdb.DuckDBPyConnection) -> None:
    c.execute(f"UPDATE records SET row_hash = {audit.record_hash_sql()}")


CASES: dict[str, Tamper] = {
    # records
    "edit_record_name": lambda c: c.execute(
        "UPDATE records SET name = 'Someone Else' WHERE id = 3"
    ),
    "edit_record_and_its_hash": lambda c: (
        c.execute("UPDATE records SET age = 99 WHERE id = 4"),
        _rehash_records(c),
    ),
    "delete_record": lambda c: c.execute("DELETE FROM records WHERE id = 5"),
    "insert_record_with_valid_hash": lambda c: (
        c.execute(
            "INSERT INTO records (id, source_id, import_id, row_number, name, row_hash) "
            "SELECT 999, 1, 1, 99, 'Invented Person', 'x'"
        ),
        _rehash_records(c),
    ),
    "change_record_source": lambda c: (
        c.execute("UPDATE records SET source_id = 2 WHERE id = 2"),
        _rehash_records(c),
    ),
    # audit log
    "edit_audit_details": lambda c: c.execute(
        "UPDATE audit_log SET details = '{\"rows\":1}' WHERE seq = 3"
    ),
    "edit_audit_user": lambda c: c.execute("UPDATE audit_log SET user_name = 'bob' WHERE seq = 2"),
    "edit_audit_time": lambda c: c.execute(
        "UPDATE audit_log SET logged_at = logged_at - INTERVAL 1 DAY WHERE seq = 4"
    ),
    "delete_middle_entry": lambda c: c.execute("DELETE FROM audit_log WHERE seq = 3"),
    "delete_and_renumber": lambda c: (
        c.execute("DELETE FROM audit_log WHERE seq = 3"),
        c.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 3"),
    ),
    "reorder_entries": lambda c: (
        c.execute("UPDATE audit_log SET seq = -1 WHERE seq = 4"),
        c.execute("UPDATE audit_log SET seq = 4 WHERE seq = 5"),
        c.execute("UPDATE audit_log SET seq = 5 WHERE seq = -1"),
    ),
    "truncate_tail_with_state_change": lambda c: c.execute(
        "DELETE FROM audit_log WHERE seq >= (SELECT max(seq) - 1 FROM audit_log)"
    ),
    "truncate_whole_log": lambda c: c.execute("DELETE FROM audit_log"),
    "insert_forged_entry_in_middle": lambda c: (
        c.execute("UPDATE audit_log SET seq = seq + 1 WHERE seq >= 3"),
        c.execute(
            "INSERT INTO audit_log SELECT 3, logged_at, 'mallory', 'import_list', entity, "
            "entity_id, details, change_hash, state_hash, prev_hash, entry_hash "
            "FROM audit_log WHERE seq = 2"
        ),
    ),
    # documents
    "edit_document_bytes": lambda c: c.execute(
        "UPDATE documents SET original = 'forged bytes'::BLOB WHERE id = 1"
    ),
    "edit_document_bytes_and_sha": lambda c: c.execute(
        "UPDATE documents SET original = 'forged bytes'::BLOB, "
        "sha256 = sha256('forged bytes'::BLOB) WHERE id = 1"
    ),
    "edit_document_text": lambda c: c.execute("UPDATE documents SET text = 'other' WHERE id = 1"),
    "delete_document": lambda c: c.execute("DELETE FROM documents"),
    # other evidence
    "edit_link_decision": lambda c: c.execute("UPDATE link_decisions SET decision = 'non_match'"),
    "delete_link_decision": lambda c: c.execute("DELETE FROM link_decisions"),
    "edit_estimate": lambda c: c.execute("UPDATE estimate_runs SET estimate = 3000"),
    "delete_estimate": lambda c: c.execute("DELETE FROM estimate_runs"),
    "promote_user": lambda c: c.execute("UPDATE users SET role = 'admin'"),
    "rename_source": lambda c: c.execute("UPDATE sources SET name = 'Official' WHERE id = 2"),
    "edit_import": lambda c: c.execute("UPDATE imports SET n_rows = 3 WHERE id = 1"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_is_detected(case: str, pristine: Path, tmp_path: Path) -> None:
    db = copy_project(pristine, tmp_path)
    with Project.open(db) as p:
        assert p.verify_audit().ok
        entries = p.counts()["audit_log"]
    c = _raw(db)
    CASES[case](c)
    c.close()
    with Project.open(db, read_only=True) as p:
        rep = audit.verify(p.con)
    assert not rep.ok, case
    assert rep.problems
    assert rep.first_bad_seq is not None and 1 <= rep.first_bad_seq <= entries


def test_first_disagreement_points_at_the_entry(pristine: Path, tmp_path: Path) -> None:
    db = copy_project(pristine, tmp_path)
    c = _raw(db)
    c.execute("UPDATE audit_log SET details = '{}' WHERE seq = 4")
    c.close()
    with Project.open(db, read_only=True) as p:
        rep = audit.verify(p.con)
    assert rep.first_bad_seq == 4 and "entry 4" in rep.problems[0]
    # A changed record points at the import that added it.
    (tmp_path / "second").mkdir()
    db2 = copy_project(pristine, tmp_path / "second")
    c = _raw(db2)
    c.execute("UPDATE records SET name = 'Changed' WHERE id = 15")  # second import's record
    c.close()
    with Project.open(db2, read_only=True) as p:
        rep = audit.verify(p.con)
        seq = p.con.execute(
            "SELECT min(seq) FROM audit_log WHERE action = 'import_list' AND entity_id = '2'"
        ).fetchone()[0]
    assert rep.first_bad_seq == seq and "ids 15" in rep.problems[0]


def test_truncating_a_tail_without_state_change_needs_the_head(
    pristine: Path, tmp_path: Path
) -> None:
    """The last entry ('report') changed no table: only the kept head reveals its deletion."""
    db = copy_project(pristine, tmp_path)
    with Project.open(db) as p:
        seq, head = audit.head(p.con)
    c = _raw(db)
    c.execute("DELETE FROM audit_log WHERE seq = ?", [seq])
    c.close()
    with Project.open(db, read_only=True) as p:
        assert audit.verify(p.con).ok  # documented limit without a kept head
        rep = audit.verify(p.con, head=head)
    assert not rep.ok and "no longer contains the head" in rep.problems[0]


def test_full_chain_rewrite_passes_without_head_but_fails_with_it(
    pristine: Path, tmp_path: Path
) -> None:
    """An attacker with write access who recomputes every hash defeats the chain alone."""
    db = copy_project(pristine, tmp_path)
    with Project.open(db) as p:
        _, kept = audit.head(p.con)
    c = _raw(db)
    c.execute("UPDATE records SET name = 'Rewritten' WHERE id = 1")
    _rehash_records(c)
    rows = c.execute(
        "SELECT seq, strftime(logged_at, '%Y-%m-%dT%H:%M:%S.%f'), user_name, "
        "action, entity, entity_id, details, change_hash FROM audit_log "
        "ORDER BY seq"
    ).fetchall()
    prev = audit.GENESIS
    state = audit.state_digest(c)
    for r in rows:
        h = audit.entry_hash(*r, state, prev)
        c.execute(
            "UPDATE audit_log SET state_hash = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?",
            [state, prev, h, r[0]],
        )
        prev = h
    c.close()
    with Project.open(db, read_only=True) as p:
        assert audit.verify(p.con).ok  # documented limit: see docs/RELIABILITY.md
        rep = audit.verify(p.con, head=kept)
    assert not rep.ok


def test_forged_entries_after_the_head_are_counted(pristine: Path, tmp_path: Path) -> None:
    db = copy_project(pristine, tmp_path)
    with Project.open(db) as p:
        seq, kept = audit.head(p.con)
        p.ensure_source("NGO C")
        rep = audit.verify(p.con, head=f"{seq}:{kept}")
    assert rep.ok and rep.entries_after_head == 1
    with Project.open(db, read_only=True) as p:
        rep = audit.verify(p.con, head=f"{seq + 1}:{kept}")
    assert not rep.ok and "entries before it were removed or inserted" in rep.problems[0]
    with Project.open(db, read_only=True) as p:
        assert not audit.verify(p.con, head="not-a-hash").ok


def test_untouched_project_verifies_after_reopen(pristine: Path, tmp_path: Path) -> None:
    db = copy_project(pristine, tmp_path)
    for _ in range(2):
        with Project.open(db) as p:
            rep = p.verify_audit()
            assert rep.ok, rep.problems
            assert rep.entries == p.counts()["audit_log"]


def test_encrypted_file_cannot_be_edited_without_the_key(tmp_path: Path) -> None:
    """Without the key, flipping bytes of an encrypted project is caught by AES-GCM."""
    from undercount.errors import ProjectError

    db = tmp_path / "enc.duckdb"
    with Project.create(db, encrypt=True, key=PASS) as p:
        p.ensure_source("NGO A")
        p.con.execute("CHECKPOINT")
    data = bytearray(db.read_bytes())
    detected = 0
    size = len(data)
    for offset in (size // 3, size // 2, size - 5000, 5000):
        b = bytearray(data)
        b[offset] ^= 0xFF
        db.write_bytes(bytes(b))
        try:
            with Project.open(db, key=PASS) as p:
                p.verify_audit()
                p.sources()
                p.con.execute("SELECT * FROM uc.main.records").fetchall()
        except (ProjectError, duckdb.Error):
            detected += 1
        else:  # the byte was in an unused block: nothing was read from it
            pass
    db.write_bytes(bytes(data))
    with Project.open(db, key=PASS) as p:
        assert p.verify_audit().ok
    assert detected >= 1


def test_cli_audit_head_and_verify_exit_codes(pristine: Path, tmp_path: Path) -> None:
    import undercount.cli.security  # noqa: F401  (registers `audit head`)
    from undercount.cli import app

    db = copy_project(pristine, tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["audit", "head", str(db)])
    assert res.exit_code == 0, res.output
    head = res.output.strip().split()[-1]
    assert len(head.split(":")[-1]) == 64
    res = runner.invoke(app, ["audit", "verify", str(db)])
    assert res.exit_code == 0, res.output
    c = _raw(db)
    c.execute("DELETE FROM records WHERE id = 1")
    c.close()
    res = runner.invoke(app, ["audit", "verify", str(db)])
    assert res.exit_code == 3 and "TAMPERED" in res.output
