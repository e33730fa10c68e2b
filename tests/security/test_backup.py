"""Backups and restores: consistent, still-encrypted copies taken while the project is in use;
restore verifies the audit chain first, refuses to overwrite without --force, and is
crash-safe."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from tests.security.conftest import PASS, child_env, write_list
from typer.testing import CliRunner

from undercount.errors import AuditError, ProjectError, WrongKeyError
from undercount.store import audit, crypto
from undercount.store.backup import restore_project
from undercount.store.project import Project


def _digest(folder: Path) -> dict[str, str]:
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.iterdir())
        if f.is_file()
    }


def _project(tmp_path: Path, *, encrypt: bool = True, n: int = 15) -> Path:
    d = tmp_path / "proj"
    d.mkdir()
    db = d / "case.duckdb"
    with Project.create(db, encrypt=encrypt, key=PASS) as p:
        p.import_list(write_list(tmp_path / "a.csv", n, seed=1), "NGO A")
    return db


def test_backup_while_in_use_is_consistent(tmp_path: Path) -> None:
    """A backup taken by the open project (as the web app does) while another thread keeps
    importing is a consistent snapshot: its chain verifies and its imports are whole."""
    db = _project(tmp_path)
    lists = [write_list(tmp_path / f"l{i}.csv", 40, seed=100 + i) for i in range(8)]
    (tmp_path / "b").mkdir()
    with Project.open(db, key=PASS) as p:
        stop = threading.Event()
        errors: list[BaseException] = []

        def writer() -> None:
            try:
                for f in lists:
                    if stop.is_set():
                        break
                    with p._lock:  # as the web app does: writes under the project's lock
                        p.import_list(f, "NGO B")
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        t = threading.Thread(target=writer)
        t.start()
        try:
            targets = [p.backup(tmp_path / "b" / f"bk{i}.duckdb") for i in range(3)]
        finally:
            stop.set()
            t.join(120)
        assert not errors, errors
    seen = set()
    for target in targets:
        with Project.open(target, key=PASS, read_only=True) as b:
            rep = b.verify_audit()
            assert rep.ok, rep.problems
            n = b.counts()["records"]
            assert (n - 15) % 40 == 0  # whole imports only (40 rows per list)
            bad = b.con.execute(
                "SELECT count(*) FROM imports i WHERE n_rows <> (SELECT "
                "count(*) FROM records r WHERE r.import_id = i.id)"
            ).fetchone()
            assert bad == (0,)
            seen.add(n)
    assert seen


def test_backup_to_folder_and_restore_roundtrip(tmp_path: Path) -> None:
    db = _project(tmp_path)
    (tmp_path / "bk").mkdir()
    with Project.open(db, key=PASS) as p:
        _, kept = audit.head(p.con)
        target = p.backup(tmp_path / "bk")
        assert p.audit_log(limit=1)["action"].tolist() == ["backup"]  # recorded, after the copy
    assert target.parent == tmp_path / "bk" and target.name.startswith("case-")
    assert crypto.keyinfo_path(target).exists()
    restored = tmp_path / "restored.duckdb"
    rep = restore_project(target, restored, key=PASS, head=kept)
    assert rep.ok and rep.records == 15
    with Project.open(restored, key=PASS) as r:
        assert r.verify_audit().ok and r.counts()["records"] == 15
    with pytest.raises(ProjectError, match="already exists"):
        p2 = Project.open(db, key=PASS)
        p2.backup(target)
    p2.close()


def test_restore_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    db = _project(tmp_path)
    with Project.open(db, key=PASS) as p:
        target = p.backup(tmp_path / "bk.duckdb")
        p.ensure_source("Added after the backup")
    before = _digest(db.parent)
    with pytest.raises(ProjectError, match="--force"):
        restore_project(target, db, key=PASS)
    assert _digest(db.parent) == before
    restore_project(target, db, key=PASS, force=True)
    with Project.open(db, key=PASS) as p:
        assert p.get_source("Added after the backup") is None and p.verify_audit().ok


def test_restore_verifies_before_replacing(tmp_path: Path) -> None:
    db = _project(tmp_path, encrypt=False)
    with Project.open(db) as p:
        target = p.backup(tmp_path / "bk.duckdb")
        _, kept = audit.head(p.con)
    c = duckdb.connect(str(target))
    c.execute("UPDATE records SET name = 'Forged Name' WHERE id = 2")
    c.close()
    before = _digest(db.parent)
    with pytest.raises(AuditError, match="nothing was restored"):
        restore_project(target, db, force=True)
    with pytest.raises(AuditError):
        restore_project(target, tmp_path / "new.duckdb")
    assert _digest(db.parent) == before
    assert not (tmp_path / "new.duckdb").exists()
    # A kept head that the backup does not contain is refused too.
    with Project.open(db) as p:
        good = p.backup(tmp_path / "good.duckdb")
        p.ensure_source("Later")
        _, later = audit.head(p.con)
    with pytest.raises(AuditError):
        restore_project(good, tmp_path / "n2.duckdb", head=later)
    restore_project(good, tmp_path / "n3.duckdb", head=kept)


def test_restore_with_wrong_key_changes_nothing(tmp_path: Path) -> None:
    db = _project(tmp_path)
    with Project.open(db, key=PASS) as p:
        target = p.backup(tmp_path / "bk.duckdb")
    before = _digest(db.parent)
    with pytest.raises(WrongKeyError):
        restore_project(target, db, key="not the passphrase", force=True)
    assert _digest(db.parent) == before


def test_restore_after_rekey_is_crash_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup (old salt) replaces a rekeyed project; a crash between the database swap and
    the key-description swap still opens with the backup's passphrase."""
    db = _project(tmp_path)
    with Project.open(db, key=PASS) as p:
        target = p.backup(tmp_path / "bk.duckdb")
        p.rekey("the newer passphrase")
    real = os.replace

    def crash_on_keyinfo(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == crypto.keyinfo_path(db):
            raise KeyboardInterrupt("simulated crash")
        real(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_keyinfo)
    with pytest.raises(KeyboardInterrupt):
        restore_project(target, db, key=PASS, force=True)
    monkeypatch.undo()
    with Project.open(db, key=PASS) as p:  # completes the swap
        assert p.verify_audit().ok and p.counts()["records"] == 15
    assert crypto.read_keyinfo(db) == crypto.read_keyinfo(target)
    with pytest.raises(WrongKeyError):
        Project.open(db, key="the newer passphrase")


_HOLD = (
    "import sys,time\nfrom undercount.store.project import Project\n"
    "p=Project.open(sys.argv[1], key=sys.argv[2])\nsys.stdout.write('open\\n')\n"
    "sys.stdout.flush()\ntime.sleep(60)\n"
)


def test_cli_backup_and_restore_when_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import undercount.cli.security  # noqa: F401
    from undercount.cli import app

    db = _project(tmp_path)
    monkeypatch.setenv("UNDERCOUNT_KEY", PASS)
    runner = CliRunner()
    res = runner.invoke(app, ["backup", str(db), str(tmp_path / "bk.duckdb"), "--json"])
    assert res.exit_code == 0, res.output
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(db), PASS],
        env=child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        res = runner.invoke(app, ["backup", str(db), str(tmp_path / "bk2.duckdb")])
        assert res.exit_code == 1 and "web app" in res.output
        assert not (tmp_path / "bk2.duckdb").exists()
        res = runner.invoke(app, ["restore", str(tmp_path / "bk.duckdb"), str(db), "--force"])
        assert res.exit_code == 1 and "open in another process" in res.output
    finally:
        proc.kill()
        proc.communicate()
    res = runner.invoke(app, ["restore", str(tmp_path / "bk.duckdb"), str(db)])
    assert res.exit_code == 1 and "--force" in res.output
    res = runner.invoke(app, ["restore", str(tmp_path / "bk.duckdb"), str(db), "--force"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["audit", "verify", str(db)])
    assert res.exit_code == 0, res.output
