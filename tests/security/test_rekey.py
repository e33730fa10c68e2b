"""Changing the passphrase: the old one stops working, data and audit chain are intact, and a
crash at any point leaves a project that opens with exactly one of the two passphrases."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.security.conftest import PASS, child_env, leaks, write_list
from typer.testing import CliRunner

from undercount.errors import AuditError, ProjectError, WrongKeyError
from undercount.store import crypto
from undercount.store.project import Project

NEW = "a brand new passphrase"


def _make(tmp_path: Path, *, encrypt: bool = True, n: int = 20) -> Path:
    db = tmp_path / "case.duckdb"
    with Project.create(db, encrypt=encrypt, key=PASS) as p:
        p.import_list(write_list(tmp_path.parent / f"{tmp_path.name}.csv", n, seed=3), "NGO A")
    return db


def _state(db: Path, key: str) -> tuple[dict[str, int], bool]:
    with Project.open(db, key=key, read_only=True) as p:
        return p.counts(), p.verify_audit().ok


def test_rekey_roundtrip(tmp_path: Path) -> None:
    db = _make(tmp_path)
    salt_before = crypto.read_keyinfo(db).salt  # type: ignore[union-attr]
    counts_before, _ = _state(db, PASS)
    with Project.open(db, key=PASS) as p:
        p.rekey(NEW)
        assert p.ensure_source("NGO B").id == 2  # sequences survive the copy
    with pytest.raises(WrongKeyError):
        Project.open(db, key=PASS)
    counts, ok = _state(db, NEW)
    assert ok
    assert counts["records"] == counts_before["records"]
    assert counts["audit_log"] == counts_before["audit_log"] + 2
    with Project.open(db, key=NEW) as p:
        assert p.audit_log(limit=2)["action"].tolist() == ["add_source", "rekey"]
    assert crypto.read_keyinfo(db).salt != salt_before  # type: ignore[union-attr]
    assert sorted(f.name for f in tmp_path.iterdir()) == ["case.duckdb", "case.duckdb.keyinfo.json"]


def test_rekey_encrypts_a_plain_project(tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    with Project.create(db) as p:
        p.import_list(
            write_list(tmp_path.parent / "plain.csv", 10, names=["Zhinous Farahmandpour"]), "NGO A"
        )
    assert leaks(db.read_bytes())
    with Project.open(db) as p:
        p.rekey(NEW)
        assert p.encrypted
    assert leaks(db.read_bytes()) == []
    counts, ok = _state(db, NEW)
    assert ok and counts["records"] == 10


def _crash_on(monkeypatch: pytest.MonkeyPatch, when: str, db: Path) -> None:
    real = os.replace
    staged = Path(str(db) + ".rekey")

    def fake(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        s, d = Path(src), Path(dst)
        if when == "before_commit" and s == staged and d == db:
            raise KeyboardInterrupt("simulated crash")
        if when == "after_commit" and s == crypto.keyinfo_path(staged):
            raise KeyboardInterrupt("simulated crash")
        real(src, dst)

    monkeypatch.setattr(os, "replace", fake)


def test_crash_before_commit_keeps_old_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _make(tmp_path)
    p = Project.open(db, key=PASS)
    _crash_on(monkeypatch, "before_commit", db)
    with pytest.raises(KeyboardInterrupt):
        p.rekey(NEW)
    monkeypatch.undo()
    p.close()
    assert Path(str(db) + ".rekey").exists()  # the staged copy a crash leaves behind
    with pytest.raises(WrongKeyError):
        Project.open(db, key=NEW)
    counts, ok = _state(db, PASS)
    assert ok and counts["records"] == 20
    Project.open(db, key=PASS).close()  # a writable open removes the leftovers
    assert sorted(f.name for f in tmp_path.iterdir()) == ["case.duckdb", "case.duckdb.keyinfo.json"]


def test_crash_after_commit_opens_with_new_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _make(tmp_path)
    p = Project.open(db, key=PASS)
    _crash_on(monkeypatch, "after_commit", db)
    with pytest.raises(KeyboardInterrupt):
        p.rekey(NEW)
    monkeypatch.undo()
    p.close()
    with pytest.raises(WrongKeyError, match="interrupted"):
        Project.open(db, key=PASS)
    counts, ok = _state(db, NEW)  # completes the change
    assert ok and counts["records"] == 20
    assert not crypto.keyinfo_path(Path(str(db) + ".rekey")).exists()
    with pytest.raises(WrongKeyError):
        Project.open(db, key=PASS)
    Project.open(db, key=NEW).close()


_KILL_CHILD = r"""
import sys
from undercount.store.project import Project
db, old, new = sys.argv[1:4]
p = Project.open(db, key=old)
sys.stdout.write("open\n"); sys.stdout.flush()
p.rekey(new)
sys.stdout.write("done\n"); sys.stdout.flush()
"""


def test_sigkill_during_rekey_leaves_one_working_passphrase(tmp_path: Path) -> None:
    """Kill real rekey processes at random moments; each time exactly one passphrase works."""
    db = _make(tmp_path, n=300)
    rng = random.Random(8)
    key = PASS
    outcomes = {"old": 0, "new": 0}
    for i in range(6):
        new = f"{NEW} {i}"
        proc = subprocess.Popen(
            [sys.executable, "-c", _KILL_CHILD, str(db), key, new],
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "open"
        time.sleep(rng.uniform(0.0, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        works = []
        for candidate in (key, new):
            try:
                with Project.open(db, key=candidate) as p:
                    assert p.verify_audit().ok and p.counts()["records"] == 300
                works.append(candidate)
            except WrongKeyError:
                pass
        assert len(works) == 1, works
        outcomes["old" if works[0] == key else "new"] += 1
        key = works[0]
    assert sum(outcomes.values()) == 6


def test_rekey_refuses_a_tampered_project(tmp_path: Path) -> None:
    import duckdb

    db = _make(tmp_path, encrypt=False)
    c = duckdb.connect(str(db))
    c.execute("DELETE FROM records WHERE id = 1")
    c.close()
    with Project.open(db) as p:
        with pytest.raises(AuditError, match="not changed"):
            p.rekey(NEW)
    assert not crypto.keyinfo_path(db).exists()


def test_cli_rekey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import undercount.cli.security  # noqa: F401
    from undercount.cli import app

    db = _make(tmp_path)
    runner = CliRunner()
    monkeypatch.setenv("UNDERCOUNT_KEY", "wrong passphrase")
    monkeypatch.setenv("UNDERCOUNT_NEW_KEY", NEW)
    res = runner.invoke(app, ["rekey", str(db)])
    assert res.exit_code == 1 and "does not open" in res.output
    monkeypatch.setenv("UNDERCOUNT_KEY", PASS)
    res = runner.invoke(app, ["rekey", str(db)])
    assert res.exit_code == 0, res.output
    monkeypatch.delenv("UNDERCOUNT_NEW_KEY")
    newer = tmp_path.parent / "newer.key"
    newer.write_text("third passphrase here\n", encoding="utf-8")
    monkeypatch.setenv("UNDERCOUNT_KEY", NEW)
    res = runner.invoke(app, ["rekey", str(db), "--new-key-file", str(newer)])
    assert res.exit_code == 0, res.output
    Project.open(db, key="third passphrase here").close()
    monkeypatch.setenv("UNDERCOUNT_NEW_KEY", "short")
    monkeypatch.setenv("UNDERCOUNT_KEY", "third passphrase here")
    res = runner.invoke(app, ["rekey", str(db)])
    assert res.exit_code == 1 and "too short" in res.output


def test_rekey_of_open_project_in_locked_file_is_explained(tmp_path: Path) -> None:
    db = _make(tmp_path)
    code = (
        "import sys,time\nfrom undercount.store.project import Project\n"
        "p=Project.open(sys.argv[1], key=sys.argv[2])\nsys.stdout.write('open\\n')\n"
        "sys.stdout.flush()\ntime.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), PASS],
        env=child_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        with pytest.raises(ProjectError, match="open in another undercount process") as ei:
            Project.open(db, key=PASS)
        assert ei.value.context.get("locked")
    finally:
        proc.kill()
        proc.communicate()


def test_failed_rekey_keeps_the_project_open_with_the_old_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _make(tmp_path)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with Project.open(db, key=PASS) as p:
        monkeypatch.setattr(crypto, "write_keyinfo", disk_full)
        with pytest.raises(OSError):
            p.rekey(NEW)
        monkeypatch.undo()
        assert p.ensure_source("Still writable").id == 2
    assert sorted(f.name for f in tmp_path.iterdir()) == ["case.duckdb", "case.duckdb.keyinfo.json"]
    counts, ok = _state(db, PASS)
    assert ok and counts["sources"] == 2
