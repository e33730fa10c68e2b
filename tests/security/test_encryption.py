"""Encryption at rest: no victim name reaches the disk in any encoding, in the database, its
write-ahead log, DuckDB's spill files or a backup; a wrong key changes nothing.

Every leak check has a control on an unencrypted project that must find the names, so the
check cannot pass by looking in the wrong place.
"""

from __future__ import annotations

import hashlib
import signal
from pathlib import Path

import pytest
from tests.security.conftest import (
    PASS,
    ROOT,
    SECRET_NAMES,
    leaks,
    project_files,
    run_child,
    scan_files,
    write_list,
)
from typer.testing import CliRunner

from undercount.errors import ProjectError, WrongKeyError
from undercount.store import crypto
from undercount.store.project import Project


def _names_list(path: Path) -> Path:
    return write_list(path, 30, names=SECRET_NAMES)


def _html_doc(path: Path) -> Path:
    body = "".join(f"<p>{n} was killed in Mahshahr on 16 November 2019.</p>" for n in SECRET_NAMES)
    path.write_text(f"<html><body><h1>Report</h1>{body}</body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize("encrypt", [True, False], ids=["encrypted", "control-plain"])
def test_database_file_holds_no_names(tmp_path: Path, encrypt: bool) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    proj_dir = tmp_path / "proj"
    proj_dir.mkdir()
    db = proj_dir / "case.duckdb"
    with Project.create(db, encrypt=encrypt, key=PASS) as p:
        p.import_list(_names_list(inputs / "list.csv"), "NGO A")
        with p.transaction():  # a stored document's original bytes (UTF-16 and cp1256 too)
            for i, enc in enumerate(["utf-8", "utf-16", "cp1256"]):
                text = " ".join(SECRET_NAMES[:3] if enc == "cp1256" else SECRET_NAMES)
                data = text.encode(enc)
                p.con.execute(
                    "INSERT INTO documents (source_id, filename, media_type, sha256, size, "
                    "retrieved_at, text, original) VALUES (1, ?, 'text/plain', ?, ?, "
                    "now()::TIMESTAMP, ?, ?)",
                    [f"d{i}.txt", hashlib.sha256(data).hexdigest(), len(data), text, data],
                )
            p.audit("ingest_document", "document", 1, details={"n": 3})
        p.con.execute("CHECKPOINT")
    files = project_files(db)
    assert db in files
    hits = scan_files(files)
    if encrypt:
        assert hits == {}, hits
        with Project.open(db, key=PASS) as p:  # and the data is really there
            assert p.counts()["records"] == 30 and p.verify_audit().ok
    else:
        assert set(hits.get(db.name, [])) == set(SECRET_NAMES)


_WAL_CHILD = r"""
import os, signal, sys
from undercount.store.project import Project
db, lst, key = sys.argv[1], sys.argv[2], sys.argv[3]
p = Project.open(db, key=key or None)
p.import_list(lst, "NGO A")
sys.stdout.write("imported\n"); sys.stdout.flush()
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("encrypt", [True, False], ids=["encrypted", "control-plain"])
def test_wal_of_killed_process_holds_no_names(tmp_path: Path, encrypt: bool) -> None:
    """Kill a process after its import committed and before any checkpoint."""
    db = tmp_path / "case.duckdb"
    Project.create(db, encrypt=encrypt, key=PASS).close()
    lst = _names_list(tmp_path.parent / f"{tmp_path.name}-list.csv")
    res = run_child(_WAL_CHILD, str(db), str(lst), PASS if encrypt else "")
    assert res.returncode == -signal.SIGKILL, res.stderr
    assert "imported" in res.stdout
    wal = Path(str(db) + ".wal")
    assert wal.exists() and wal.stat().st_size > 0
    hits = scan_files(project_files(db))
    if encrypt:
        assert hits == {}, hits
        with Project.open(db, key=PASS) as p:  # the committed import survived the kill
            assert p.counts()["records"] == 30 and p.verify_audit().ok
    else:
        assert wal.name in hits


_SPILL_CHILD = r"""
import os, signal, sys, threading, time
from undercount.store.project import Project
db, key = sys.argv[1], sys.argv[2]
tmpdir = db + ".tmp"
p = Project.open(db, key=key or None)
p.con.execute("SET memory_limit = '100MB'; SET threads = 1; SET preserve_insertion_order = false")


def kill_when_spilled():
    # Kill this very process mid-query, once its spill files hold data: they stay on disk.
    while True:
        try:
            size = sum(os.path.getsize(os.path.join(tmpdir, f)) for f in os.listdir(tmpdir))
        except OSError:
            size = 0
        if size > 8 * 1024 * 1024:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.002)


threading.Thread(target=kill_when_spilled, daemon=True).start()
sys.stdout.write("sorting\n"); sys.stdout.flush()
p.con.execute("SELECT count(*) FROM (SELECT * FROM spill ORDER BY n DESC, r)").fetchall()
sys.stdout.write("done\n"); sys.stdout.flush()
"""


def _spill_leftovers(tmp_path: Path, encrypt: bool) -> tuple[list[Path], dict[str, list[str]]]:
    db = tmp_path / "case.duckdb"
    with Project.create(db, encrypt=encrypt, key=PASS) as p:
        names = "[" + ", ".join("'" + n.replace("'", "''") + "'" for n in SECRET_NAMES) + "]"
        p.con.execute(
            f"CREATE TABLE spill AS SELECT {names}[1 + (i % {len(SECRET_NAMES)})::INTEGER] "
            "|| ' #' || i || ' ' || repeat('x', 150) AS n, random() AS r FROM range(1200000) t(i)"
        )
        p.con.execute("CHECKPOINT")
    tmpdir = Path(str(db) + ".tmp")
    res = run_child(_SPILL_CHILD, str(db), PASS if encrypt else "", timeout=120)
    assert res.returncode == -signal.SIGKILL, res.stdout + res.stderr
    spilled = sorted(f for f in tmpdir.glob("*") if f.is_file()) if tmpdir.exists() else []
    return spilled, scan_files(spilled)


def test_spill_files_are_encrypted(tmp_path: Path) -> None:
    spilled, hits = _spill_leftovers(tmp_path, True)
    assert spilled, "the query did not spill to disk: lower the memory limit in the test"
    assert hits == {}, hits


@pytest.mark.xfail(
    strict=False,
    reason="which sort blocks reach disk before the kill varies by machine and load; the "
    "plaintext names are not always among them, so this control is informative only",
)
def test_spill_files_control_plain(tmp_path: Path) -> None:
    spilled, hits = _spill_leftovers(tmp_path, False)
    assert spilled
    assert hits, "the plaintext control found no names: the spill check would prove nothing"


def test_wrong_key_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    with Project.create(db, encrypt=True, key=PASS) as p:
        p.ensure_source("NGO A")

    def snapshot() -> dict[str, str]:
        return {
            f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in tmp_path.rglob("*")
            if f.is_file()
        }

    before = snapshot()
    for wrong in ("wrong passphrase", PASS + " ", PASS.upper()):
        with pytest.raises(WrongKeyError, match="does not open.*Nothing was changed"):
            Project.open(db, key=wrong)
    assert snapshot() == before
    with Project.open(db, key=PASS) as p:
        assert p.get_source("NGO A") is not None


def test_key_sources_prompt_env_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "case.duckdb"
    keyfile = tmp_path / "key.txt"
    keyfile.write_text(PASS + "\n", encoding="utf-8")
    Project.create(db, encrypt=True, key_file=keyfile).close()
    monkeypatch.setenv("UNDERCOUNT_KEY", PASS)
    Project.open(db).close()
    monkeypatch.delenv("UNDERCOUNT_KEY")
    monkeypatch.setattr("os.isatty", lambda fd: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASS)
    Project.open(db).close()
    monkeypatch.setattr("os.isatty", lambda fd: False)
    with pytest.raises(ProjectError, match="UNDERCOUNT_KEY"):
        Project.open(db)


def test_persian_passphrase_is_normalised(tmp_path: Path) -> None:
    """The same passphrase in composed or decomposed Unicode opens the project."""
    db = tmp_path / "case.duckdb"
    composed = "رمز عبور آزادی"  # 'آ' composed (U+0622)
    decomposed = composed.replace("\u0622", "\u0627\u0653")
    assert composed != decomposed
    Project.create(db, encrypt=True, key=composed).close()
    Project.open(db, key=decomposed).close()


def test_short_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="too short"):
        Project.create(tmp_path / "c.duckdb", encrypt=True, key="short")
    assert list(tmp_path.iterdir()) == []


def test_keyinfo_holds_no_secret_and_bad_keyinfo_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    with Project.create(db, encrypt=True, key=PASS) as p:
        key = p._key
    ki = crypto.keyinfo_path(db)
    text = ki.read_text(encoding="utf-8")
    assert PASS not in text and key is not None and key not in text
    assert '"kdf": "argon2id"' in text
    for bad in (
        '{"kdf": "argon2id", "salt": "00", "memory_cost_kib": 1099511627776}',
        '{"kdf": "md5", "salt": "' + "ab" * 16 + '"}',
        '{"salt": "' + "ab" * 16 + '", "time_cost": 0}',
        "[1, 2]",
        "not json",
    ):
        ki.write_text(bad, encoding="utf-8")
        with pytest.raises(ProjectError, match="key description .* is damaged"):
            Project.open(db, key=PASS)
    ki.unlink()
    with pytest.raises(ProjectError, match="encrypted but its key description"):
        Project.open(db, key=PASS)


def test_extension_is_loaded_from_package_never_downloaded(tmp_path: Path) -> None:
    with Project.create(tmp_path / "c.duckdb", encrypt=True, key=PASS) as p:
        row = p.con.execute(
            "SELECT loaded, install_path FROM duckdb_extensions() WHERE extension_name = 'httpfs'"
        ).fetchone()
        settings = dict(
            p.con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN "
                "('autoinstall_known_extensions', 'temp_file_encryption', 'extension_directory')"
            ).fetchall()
        )
    assert row[0] and row[1].startswith(crypto.extension_directory())
    assert settings["autoinstall_known_extensions"] == "false"
    assert settings["temp_file_encryption"] == "true"
    src = "\n".join(f.read_text(encoding="utf-8") for f in (ROOT / "src").rglob("*.py"))
    assert "force_mbedtls_unsafe" not in src.replace("``force_mbedtls_unsafe``", "")
    assert "INSTALL httpfs" not in src.upper().replace("INSTALLED", "")


def test_backup_of_encrypted_project_holds_no_names(tmp_path: Path) -> None:
    db = tmp_path / "p" / "case.duckdb"
    db.parent.mkdir()
    (tmp_path / "b").mkdir()
    with Project.create(db, encrypt=True, key=PASS) as p:
        p.import_list(_names_list(tmp_path / "list.csv"), "NGO A")
        target = p.backup(tmp_path / "b")
    assert scan_files(sorted((tmp_path / "b").iterdir())) == {}
    assert crypto.keyinfo_path(target).exists()
    with Project.open(target, key=PASS, read_only=True) as b:
        assert b.counts()["records"] == 30


def test_every_cli_command_opens_encrypted_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import undercount.cli.security  # noqa: F401
    from undercount.cli import app

    monkeypatch.setenv("UNDERCOUNT_KEY", PASS)
    db = tmp_path / "case.duckdb"
    lst = write_list(tmp_path / "l.csv", 5)
    runner = CliRunner()
    for args in (
        ["init", str(db), "--encrypt"],
        ["import", str(db), str(lst), "-s", "NGO A"],
        ["sources", str(db)],
        ["audit", "verify", str(db)],
        ["audit", "head", str(db)],
        ["backup", str(db), str(tmp_path / "bk.duckdb")],
    ):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, (args, res.output)
    monkeypatch.setenv("UNDERCOUNT_KEY", "not the passphrase")
    res = runner.invoke(app, ["sources", str(db)])
    assert res.exit_code == 1 and "does not open" in res.output
    assert leaks(db.read_bytes()) == []
