"""Backups and restores: consistent, still-encrypted copies of a project.

``backup_project`` copies an *open* project through its own connection (``ATTACH`` the
destination with the same key, ``COPY FROM DATABASE``), so it works while the web app holds the
project: DuckDB lets only one process write a file, and the copy is taken under the project's
lock, between two user actions. The copy is verified (table counts and audit chain) before it
gets its final name; the key description (salt and KDF parameters, never the key) is copied
beside it.

``restore_project`` verifies a backup's audit chain before it replaces anything, refuses to
overwrite an existing project unless told to, and swaps the files crash-safely (the same
commit protocol as :meth:`Project.rekey`).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from undercount.errors import AuditError, ProjectError
from undercount.store import audit as _audit
from undercount.store import crypto
from undercount.store.project import project_files, remove_files

if TYPE_CHECKING:
    from undercount.store.project import Project

PARTIAL_SUFFIX = ".partial"


def backup_target(project_path: Path, dest: str | os.PathLike[str]) -> Path:
    """The backup file for ``dest``: a folder gets ``NAME-YYYYmmddTHHMMSSZ.duckdb`` inside it."""
    d = Path(dest)
    if d.is_dir():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return d / f"{project_path.stem}-{stamp}{project_path.suffix or '.duckdb'}"
    return d


def backup_project(
    project: Project, dest: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Copy the open ``project`` to ``dest`` (a file, or a folder to put a dated file in)."""
    from undercount.store.project import ALIAS, _attach_sql, _table_counts_of

    target = backup_target(project.path, dest).absolute()
    if target.resolve() == project.path.resolve():
        raise ProjectError("The backup cannot replace the project itself. Choose another path.")
    if not target.parent.exists():
        raise ProjectError(f"The folder {target.parent} does not exist. Create it first.")
    if target.exists() and not overwrite:
        raise ProjectError(f"{target} already exists. Choose another name, or a folder.")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    remove_files(project_files(partial))
    key = project._key if project.encrypted else None
    if project.encrypted and key is None:
        raise ProjectError("The project's key is not available to this process; reopen it.")
    info = crypto.read_keyinfo(project.path) if project.encrypted else None
    alias = "uc_backup_" + secrets.token_hex(4)
    try:
        # A cursor of the project's connection: its own transaction, so a snapshot (DuckDB's
        # MVCC) that other threads (the web app's requests) can keep writing beside.
        con = project.con.cursor()
        try:
            con.execute(f"USE {ALIAS}")
            con.execute(_attach_sql(partial, alias, key))
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute(f"COPY FROM DATABASE {ALIAS} TO {alias}")
                    before = _table_counts_of(con, ALIAS)
                    head = _audit.head(con)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                # No CHECKPOINT here: DuckDB refuses one while other threads write. The copy
                # is checkpointed in its own database instance by _check_copy.
            finally:
                con.execute(f"DETACH {alias}")
        finally:
            con.close()
        _check_copy(partial, key, before, head)
        crypto.fsync_file(partial)
        if info is not None:
            crypto.write_keyinfo(target, info)
        elif crypto.keyinfo_path(target).exists():
            crypto.keyinfo_path(target).unlink()
        os.replace(partial, target)
        crypto.fsync_dir(target.parent)
    except duckdb.Error as exc:
        remove_files(project_files(partial))
        raise ProjectError(
            f"The backup failed ({str(exc).splitlines()[0]}); nothing was "
            "written. Check free disk space and try again."
        ) from None
    except BaseException:
        remove_files(project_files(partial))
        raise
    # The backup itself is part of the chain of custody (no path: it may name a person).
    project.audit(
        "backup", "project", None, details={"head_seq": head[0], "encrypted": project.encrypted}
    )
    return target


def _check_copy(path: Path, key: str | None, counts: dict[str, int], head: tuple[int, str]) -> None:
    from undercount.store.project import ALIAS, Project, _table_counts_of

    # DuckDB releases a detached database only once the transactions that were running
    # beside it (other threads' writes) have finished: wait for that, briefly.
    deadline = time.monotonic() + 60
    while True:
        try:
            con = Project._connect(path, key)
            break
        except ProjectError as exc:
            if "already attached" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        con.execute("CHECKPOINT")  # folds the copy's write-ahead log into the file
        got = _table_counts_of(con, ALIAS)
        rep = _audit.verify(con)
        got_head = _audit.head(con)
    finally:
        con.close()
    if Path(str(path) + ".wal").exists():
        raise ProjectError("The backup copy could not be checkpointed; it was deleted. Try again.")
    if got != counts or got_head != head or not rep.ok:
        raise ProjectError(
            "The backup copy does not match the project (counts or audit chain "
            "differ); it was deleted. Try again."
        )


def in_use_by_another_process(path: Path) -> bool:
    """Whether another process holds DuckDB's write lock on ``path`` (POSIX; else False)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def verify_backup(
    backup: str | os.PathLike[str],
    *,
    key: str | None = None,
    key_file: str | os.PathLike[str] | None = None,
    head: str | None = None,
) -> _audit.VerifyReport:
    """Open a backup read-only with its key description and verify its audit chain."""
    from undercount.store.project import Project

    b = Path(backup)
    if not b.is_file():
        raise ProjectError(f"No backup at {b}. Give the file written by `undercount backup`.")
    if Path(str(b) + ".wal").exists():
        raise ProjectError(
            f"{b.name} has a write-ahead log beside it: it is in use or was not "
            "closed. Give a finished backup."
        )
    with Project.open(b, key=key, key_file=key_file, read_only=True) as p:
        return _audit.verify(p.con, head=head)


def restore_project(
    backup: str | os.PathLike[str],
    project: str | os.PathLike[str],
    *,
    key: str | None = None,
    key_file: str | os.PathLike[str] | None = None,
    force: bool = False,
    head: str | None = None,
) -> _audit.VerifyReport:
    """Replace (or create) ``project`` with a verified copy of ``backup``.

    Nothing is replaced unless the backup opens with the key and its audit chain verifies
    (and contains ``head`` when given). An existing project is replaced only with
    ``force=True``, and never while another process has it open.
    """
    from undercount.store.project import _rekey_path

    b = Path(backup).absolute()
    target = Path(project).absolute()
    if b == target:
        raise ProjectError("The backup and the project are the same file.")
    if target.exists() and not force:
        raise ProjectError(
            f"{target} already exists. Restoring would replace it: add --force "
            "if that is what you want (make a backup of it first)."
        )
    if not target.parent.exists():
        raise ProjectError(f"The folder {target.parent} does not exist. Create it first.")
    if target.exists() and in_use_by_another_process(target):
        raise ProjectError(
            f"{target.name} is open in another process (for example "
            "`undercount serve`). Stop it before restoring.",
            locked=True,
        )
    rep = verify_backup(b, key=key, key_file=key_file, head=head)
    if not rep.ok:
        raise AuditError(
            "The backup's audit log does not verify (" + rep.problems[0] + "); "
            "nothing was restored. Use another backup."
        )
    info = crypto.read_keyinfo(b)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    staged_info = crypto.keyinfo_path(_rekey_path(target))
    remove_files(project_files(partial))
    try:
        shutil.copyfile(b, partial)
        crypto.fsync_file(partial)
        if _sha256(partial) != _sha256(b):
            raise ProjectError(
                "The copy of the backup differs from it (disk error?); nothing was restored."
            )
        if info is not None:
            # Waits beside the project until the database is in place (see Project.open).
            crypto.write_keyinfo(_rekey_path(target), info)
        wal = Path(str(target) + ".wal")
        if wal.exists():
            wal.unlink()  # the old project's log must not be replayed into the restored file
    except BaseException:
        remove_files(project_files(partial) + [staged_info])
        raise
    # Commit point.
    os.replace(partial, target)
    crypto.fsync_dir(target.parent)
    if info is not None:
        os.replace(staged_info, crypto.keyinfo_path(target))
    elif crypto.keyinfo_path(target).exists():
        crypto.keyinfo_path(target).unlink()
    crypto.fsync_dir(target.parent)
    return rep


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
