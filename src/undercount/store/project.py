"""``Project``: the one façade over a project's DuckDB file.

The CLI, the Python API and the web app all go through it. Every user action that writes is
one transaction that also appends its audit entry, so a failure or a crash leaves the project
as it was before the action.
"""

from __future__ import annotations

import collections
import getpass
import json
import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from undercount.errors import AuditError, ProjectError, WrongKeyError
from undercount.model import EstimateRun, Source
from undercount.store import audit as _audit
from undercount.store import crypto
from undercount.store.schema import SCHEMA_VERSION, migrate
from undercount.store.sql import ident as sql_ident
from undercount.store.sql import literal as sql_literal

if TYPE_CHECKING:
    from undercount.intake.lists import ImportResult
    from undercount.intake.renormalize import RecomputeResult

ALIAS = "uc"


def _default_user() -> str:
    try:
        return os.environ.get("UNDERCOUNT_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Project:
    """A documentation project stored in one DuckDB file (optionally encrypted).

    Create with :meth:`create`, open with :meth:`open`; use as a context manager to close it.
    """

    def __init__(
        self, path: Path, con: duckdb.DuckDBPyConnection, *, encrypted: bool, user: str | None
    ) -> None:
        self.path = path
        self.con = con
        self.encrypted = encrypted
        self.user = user or _default_user()
        self._tx_depth = 0
        self._lock = threading.RLock()

    # ------------------------------------------------------------ open / create

    # The derived database key of an encrypted project (kept for backups; None when plain).
    _key: str | None = None

    @staticmethod
    def _connect(
        path: Path, hex_key: str | None, *, read_only: bool = False
    ) -> duckdb.DuckDBPyConnection:
        config: dict[str, Any] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        if hex_key is not None:
            config["extension_directory"] = crypto.extension_directory()
        con = duckdb.connect(":memory:", config=config)
        tmp = str(path) + ".tmp"
        con.execute(f"SET temp_directory = '{tmp.replace(chr(39), chr(39) * 2)}'")
        if hex_key is not None:
            try:
                crypto.enable_encryption(con)
            except ProjectError:
                con.close()
                raise
        try:
            con.execute(_attach_sql(path, ALIAS, hex_key, read_only=read_only))
        except duckdb.Error as exc:
            con.close()
            raise _open_error(path, exc) from None
        con.execute(f"USE {ALIAS}")
        return con

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        encrypt: bool = False,
        key: str | None = None,
        key_file: str | os.PathLike[str] | None = None,
        user: str | None = None,
    ) -> Project:
        """Create a new project file (fails if it exists)."""
        p = Path(path)
        if p.exists():
            raise ProjectError(
                f"{p} already exists. Open it with `Project.open`, or choose another name."
            )
        if not p.parent.exists():
            raise ProjectError(f"The folder {p.parent} does not exist. Create it first.")
        hex_key = None
        if encrypt:
            passphrase = crypto.get_passphrase(key=key, key_file=key_file, confirm=True)
            crypto.check_passphrase(passphrase)
            info = crypto.KeyInfo.new()
            hex_key = crypto.derive_key(passphrase, info)
            crypto.write_keyinfo(p, info)
        try:
            con = cls._connect(p, hex_key)
            migrate(con)
            proj = cls(p, con, encrypted=encrypt, user=user)
            proj._key = hex_key
            with proj.transaction():
                proj.con.execute(
                    "INSERT INTO meta VALUES ('created_with', ?)", [_software_version()]
                )
                proj.audit(
                    "create_project",
                    "project",
                    None,
                    details={"schema_version": SCHEMA_VERSION, "encrypted": encrypt},
                )
            proj.con.execute("CHECKPOINT")
        except BaseException:
            remove_files(project_files(p))
            raise
        return proj

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        key: str | None = None,
        key_file: str | os.PathLike[str] | None = None,
        user: str | None = None,
        read_only: bool = False,
    ) -> Project:
        """Open an existing project; encrypted projects need the passphrase.

        A wrong passphrase raises :class:`WrongKeyError` and changes nothing on disk. When a
        passphrase change (:meth:`rekey`) was interrupted after its commit point, the project
        opens with the new passphrase and the change is completed.
        """
        p = Path(path)
        if not p.exists():
            raise ProjectError(f"No project at {p}. Create one with `undercount init {p}`.")
        staged = _rekey_path(p)
        pending_info = None
        if not staged.exists() and crypto.keyinfo_path(staged).exists():
            # Interrupted rekey after its commit point: the new database is in place and its
            # key description waits beside it.
            pending_info = crypto.read_keyinfo(staged)
        info = crypto.read_keyinfo(p)
        hex_key: str | None = None
        if info is None and pending_info is None:
            con = cls._connect(p, None, read_only=read_only)
            used_pending = False
        else:
            passphrase = crypto.get_passphrase(key=key, key_file=key_file)
            con, used_pending, hex_key = cls._connect_with(
                p, passphrase, info, pending_info, read_only=read_only
            )
            if used_pending:
                os.replace(crypto.keyinfo_path(staged), crypto.keyinfo_path(p))
                crypto.fsync_dir(p.parent)
                info = pending_info
        if not read_only:
            _remove_rekey_leftovers(p)
            migrate(con)
        proj = cls(p, con, encrypted=info is not None, user=user)
        proj._key = hex_key
        return proj

    @classmethod
    def _connect_with(
        cls,
        p: Path,
        passphrase: str,
        info: crypto.KeyInfo | None,
        pending: crypto.KeyInfo | None,
        *,
        read_only: bool,
    ) -> tuple[duckdb.DuckDBPyConnection, bool, str]:
        """Connect with the stored key description, else with a pending one (interrupted rekey)."""
        first_error: ProjectError | None = None
        if info is not None:
            hex_key = crypto.derive_key(passphrase, info)
            try:
                return cls._connect(p, hex_key, read_only=read_only), False, hex_key
            except ProjectError as exc:
                if pending is None:
                    raise
                first_error = exc
        assert pending is not None
        hex_key = crypto.derive_key(passphrase, pending)
        try:
            return cls._connect(p, hex_key, read_only=read_only), True, hex_key
        except WrongKeyError:
            if info is not None and first_error is not None:
                raise WrongKeyError(
                    f"The key does not open {p.name}: wrong passphrase or key file. A passphrase "
                    "change was interrupted: if it had finished, use the new passphrase. "
                    "Nothing was changed."
                ) from None
            raise

    def rekey(
        self, new_key: str | None = None, *, new_key_file: str | os.PathLike[str] | None = None
    ) -> None:
        """Change the passphrase (or encrypt an unencrypted project), crash-safely.

        DuckDB cannot change the key of a database in place. The project is copied into a new
        file encrypted with the new key (``ATTACH`` + ``COPY FROM DATABASE``), the copy is
        verified (table counts, audit chain and head), then atomically renamed over the
        project (the commit point) and the new key description is moved beside it. A crash
        before the rename leaves the project with the old passphrase; after it, the project
        opens with the new one (``open`` completes the change). The salt is new each time.
        """
        passphrase = crypto.get_passphrase(
            key=new_key,
            key_file=new_key_file,
            confirm=True,
            env=crypto.ENV_NEW_KEY,
            prompt_text="New passphrase: ",
        )
        crypto.check_passphrase(passphrase)
        info = crypto.KeyInfo.new()
        hex_key = crypto.derive_key(passphrase, info)
        staged = _rekey_path(self.path)
        with self._lock:
            if self._tx_depth:
                raise ProjectError("Cannot change the passphrase inside a transaction.")
            _remove_rekey_leftovers(self.path)
            if not self.encrypted:
                crypto.enable_encryption(self.con)
            before = self._table_counts(ALIAS)
            head_before = _audit.head(self.con)
            rep = _audit.verify(self.con)
            if not rep.ok:
                raise AuditError(
                    f"The audit log does not verify ({rep.problems[0]}); the passphrase was not "
                    "changed. Run `undercount audit verify PROJECT` and restore a backup if the "
                    "project was tampered with."
                )
            self.con.execute("CHECKPOINT")
            try:
                self.con.execute(_attach_sql(staged, "uc_rekey", hex_key))
                try:
                    self.con.execute(f"COPY FROM DATABASE {ALIAS} TO uc_rekey")
                    self.con.execute("CHECKPOINT uc_rekey")
                finally:
                    self.con.execute("USE " + ALIAS)
                    self.con.execute("DETACH uc_rekey")
                check = self._connect(staged, hex_key, read_only=True)
                try:
                    after = _table_counts_of(check, ALIAS)
                    head_after = _audit.head(check)
                    rep2 = _audit.verify(check)
                finally:
                    check.close()
                if after != before or head_after != head_before or not rep2.ok:
                    raise ProjectError(
                        "The re-encrypted copy does not match the project (counts or audit "
                        "chain differ); the passphrase was not changed."
                    )
                crypto.fsync_file(staged)
                crypto.write_keyinfo(staged, info)
                self.con.close()
                wal = Path(str(self.path) + ".wal")
                if wal.exists() and wal.stat().st_size:
                    raise ProjectError(
                        f"{wal.name} was not checkpointed; the passphrase was not changed. "
                        "Close other programs using the project and try again."
                    )
            except BaseException:
                remove_files(project_files(staged))
                self._reopen_after_failed_rekey()
                raise
            # Commit point: the new file replaces the project atomically.
            os.replace(staged, self.path)
            crypto.fsync_dir(self.path.parent)
            os.replace(crypto.keyinfo_path(staged), crypto.keyinfo_path(self.path))
            crypto.fsync_dir(self.path.parent)
            self.con = self._connect(self.path, hex_key)
            self._key = hex_key
            self.encrypted = True
            self.audit("rekey", "project", None, details={"kdf": info.kdf, "cipher": info.cipher})
            self.con.execute("CHECKPOINT")

    def _reopen_after_failed_rekey(self) -> None:
        """After a failed rekey the project stays open with its old key."""
        try:
            self.con.execute("SELECT 1")
            return
        except duckdb.Error:
            pass
        self.con = self._connect(self.path, self._key)

    def _table_counts(self, catalog: str) -> dict[str, int]:
        return _table_counts_of(self.con, catalog)

    def backup(self, dest: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write a consistent copy of the open project to ``dest`` (see :mod:`.backup`).

        Encrypted projects stay encrypted with the same key; the key description is copied
        beside the backup. Safe to call while the project is in use (e.g. by the web app).
        """
        from undercount.store.backup import backup_project

        return backup_project(self, dest, overwrite=overwrite)

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Project({str(self.path)!r}, encrypted={self.encrypted})"

    # ------------------------------------------------------------ transactions, audit

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One user action = one transaction (nested calls join the outer one)."""
        with self._lock:
            if self._tx_depth:
                self._tx_depth += 1
                try:
                    yield self.con
                finally:
                    self._tx_depth -= 1
                return
            self.con.execute("BEGIN TRANSACTION")
            self._tx_depth = 1
            try:
                yield self.con
            except BaseException:
                self._tx_depth = 0
                try:
                    self.con.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                raise
            else:
                self._tx_depth = 0
                self.con.execute("COMMIT")

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: str | int | None = None,
        *,
        details: Mapping[str, Any] | None = None,
        change: Any = None,
        known: Mapping[str, str] | None = None,
    ) -> int:
        """Append an audit entry (must be inside the transaction of the change).

        ``known``: digests of tables the caller already has for this transaction (see
        :func:`~undercount.store.audit.state_digest`).
        """
        with self.transaction():
            return _audit.append(
                self.con,
                user=self.user,
                action=action,
                entity=entity,
                entity_id=entity_id,
                details=dict(details or {}),
                change=change,
                known=known,
            )

    def verify_audit(self, head: str | None = None) -> _audit.VerifyReport:
        """Recompute the audit chain; ``head`` (``SEQ:HASH`` from `audit head`) must be in it."""
        return _audit.verify(self.con, head=head)

    def audit_log(self, limit: int | None = None) -> pd.DataFrame:
        sql = (
            "SELECT seq, logged_at, user_name, action, entity, entity_id, details, entry_hash "
            "FROM audit_log ORDER BY seq DESC"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql).df()

    # ------------------------------------------------------------ sources

    def get_source(self, name: str) -> Source | None:
        row = self.con.execute(
            "SELECT id, name, kind, publisher, url, reliability, notes FROM sources WHERE name = ?",
            [name],
        ).fetchone()
        return Source(*row) if row else None

    def ensure_source(
        self,
        name: str,
        *,
        kind: str = "other",
        publisher: str | None = None,
        url: str | None = None,
        reliability: str = "F",
        notes: str | None = None,
        known: Mapping[str, str] | None = None,
    ) -> Source:
        """Return the source called ``name``, creating (and auditing) it when new.

        ``known`` as in :meth:`audit` (an import passes the records' digest it has).
        """
        from undercount.vocab import RELIABILITY_GRADES, SOURCE_KINDS

        name = name.strip()
        if not name:
            raise ProjectError("A source needs a name (e.g. --source 'NGO A').")
        src = self.get_source(name)
        if src is not None:
            return src
        if kind not in SOURCE_KINDS:
            raise ProjectError(
                f"Unknown source kind '{kind}'. Use one of: {', '.join(SOURCE_KINDS)}."
            )
        if reliability not in RELIABILITY_GRADES:
            raise ProjectError(f"Unknown reliability grade '{reliability}'. Use A-F.")
        with self.transaction():
            sid = self.con.execute(
                "INSERT INTO sources (name, kind, publisher, url, reliability, notes) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                [name, kind, publisher, url, reliability, notes],
            ).fetchone()[0]  # type: ignore[index]
            self.audit("add_source", "source", sid, details={"kind": kind}, known=known)
        src = self.get_source(name)
        assert src is not None
        return src

    def sources(self) -> pd.DataFrame:
        return self.con.execute(
            "SELECT s.id, s.name, s.kind, s.reliability, s.publisher, "
            "(SELECT count(*) FROM records r WHERE r.source_id = s.id) AS records, "
            "(SELECT count(*) FROM documents d WHERE d.source_id = s.id) AS documents "
            "FROM sources s ORDER BY s.id"
        ).df()

    # ------------------------------------------------------------ records

    def insert_records(self, frame: pd.DataFrame | pa.Table) -> int:
        """Insert prepared record rows (columns of ``records`` minus id/row_hash); returns count.

        Accepts a DataFrame or an Arrow table (dictionary-encoded columns welcome); ids and
        each row's hash are assigned here.
        """
        table = (
            frame
            if isinstance(frame, pa.Table)
            else pa.Table.from_pandas(frame, preserve_index=False)
        )
        if table.num_rows == 0:
            return 0
        with self.transaction(), self.record_writer(background=False) as writer:
            writer.put(table)
        return table.num_rows

    @contextmanager
    def record_writer(self, *, background: bool = True) -> Iterator[RecordWriter]:
        """Insert record chunks while the caller prepares the next one (one transaction).

        With ``background``, each chunk is written by a worker thread (the database works
        outside Python's GIL), so building chunk k+1 overlaps writing chunk k. Use inside
        :meth:`transaction` and do not touch the connection until the block ends: an error,
        in a chunk or in the block, rolls the whole transaction back.
        """
        if not self._tx_depth:
            raise ProjectError("record_writer() must be used inside a transaction.")
        writer = RecordWriter(self, background=background)
        try:
            yield writer
        except BaseException:
            writer.close(wait_only=True)
            raise
        writer.close()

    def _prepare_records(self, table: pa.Table, first_id: int) -> tuple[pa.Table, str]:
        """Rows with ids ``first_id`` ... and the INSERT that stores them (Python work only).

        Row hashes are computed with Arrow and hashlib when the column types allow
        (:func:`~undercount.store.audit.record_hashes`), else in SQL; both give the same hash.
        """
        if "id" in table.column_names:
            table = table.drop_columns(["id"])
        table = table.append_column(
            "id", pa.array(np.arange(first_id, first_id + table.num_rows, dtype=np.int64))
        )
        have = set(table.column_names)
        cols = [c for c in _audit.RECORD_COLUMNS if c in have]
        missing = [c for c in _audit.RECORD_COLUMNS if c not in have]
        hashes = _audit.record_hashes(table.select(cols))
        types = _audit.RECORD_TYPES
        select = ", ".join(
            [f"CAST(f.{c} AS {types.get(c, 'VARCHAR')}) AS {c}" for c in cols]
            + [f"CAST(NULL AS {types.get(c, 'VARCHAR')}) AS {c}" for c in missing]
        )
        if hashes is None:
            row_hash = _audit.record_hash_sql("t")
        else:
            table = table.append_column("_row_hash", hashes)
            select += ", f._row_hash"
            row_hash = "t._row_hash"
        sql = (
            f"INSERT INTO records ({', '.join(cols + missing)}, row_hash) "
            f"SELECT {', '.join(cols + missing)}, {row_hash} "
            f"FROM (SELECT {select} FROM _incoming f) t"
        )
        return table, sql

    def _insert_prepared(self, table: pa.Table, sql: str) -> None:
        """Run one prepared INSERT (database work only: safe in a worker thread)."""
        self.con.register("_incoming", table)
        try:
            self.con.execute(sql)
        finally:
            self.con.unregister("_incoming")

    def records(
        self, source: str | None = None, *, columns: Sequence[str] | None = None
    ) -> pd.DataFrame:
        cols = ", ".join(f"r.{sql_ident(c)}" for c in columns) if columns else "r.*"
        sql = f"SELECT {cols}, s.name AS source FROM records r JOIN sources s ON s.id = r.source_id"
        params: list[Any] = []
        if source is not None:
            sql += " WHERE s.name = ?"
            params.append(source)
        return self.con.execute(sql + " ORDER BY r.id", params).df()

    def counts(self) -> dict[str, int]:
        out = {}
        for t in (
            "sources",
            "records",
            "documents",
            "claims",
            "persons",
            "link_decisions",
            "estimate_runs",
            "audit_log",
        ):
            out[t] = int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
        return out

    # ------------------------------------------------------------ stages (thin delegation)

    def import_list(
        self,
        path: str | os.PathLike[str],
        source: str,
        *,
        mapping: Mapping[str, str] | None = None,
        kind: str = "ngo_list",
        lenient: bool = False,
        progress: bool = False,
    ) -> ImportResult:
        """Import a CSV/XLSX/JSON list into ``source`` (all or nothing, idempotent by hash)."""
        from undercount.intake.lists import import_list

        return import_list(
            self,
            path,
            source=source,
            mapping=mapping,
            kind=kind,
            lenient=lenient,
            progress=progress,
        )

    def recompute_names(self, *, progress: bool = False) -> RecomputeResult:
        """Derive the name keys, skeletons and alias keys of stored records again.

        For projects imported before the name rules changed; see
        :func:`undercount.intake.renormalize.recompute_names`.
        """
        from undercount.intake.renormalize import recompute_names

        return recompute_names(self, progress=progress)

    def ingest(
        self,
        paths: Sequence[Any],
        source: str,
        *,
        progress: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Ingest documents (HTML/PDF/DOCX/TXT): text, claims, named victims, quotes."""
        from undercount.intake.documents import ingest_documents

        return ingest_documents(self, paths, source=source, progress=progress, **kwargs)

    def claims(self, event: str | None = None) -> pd.DataFrame:
        """Claims (aggregate figures) with their source, for contested-figure tables."""
        from undercount.extract import claims_table

        return claims_table(self, event=event)

    def link(self, **kwargs: Any) -> pd.DataFrame:
        """Link records into persons (see :func:`undercount.link.run_linkage`)."""
        from undercount.link import run_linkage

        return run_linkage(self, **kwargs)

    def persons(self) -> pd.DataFrame:
        return self.con.execute(
            "SELECT p.id AS person_id, p.canonical_name, p.confidence, "
            "list(pr.record_id ORDER BY pr.record_id) AS record_ids "
            "FROM persons p JOIN person_records pr ON pr.person_id = p.id "
            "GROUP BY ALL ORDER BY p.id"
        ).df()

    def capture_histories(self, by: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per observed capture pattern: a 0/1 column per source, ``count``, strata.

        Persons come from the last linkage run. ``by`` takes field names and banded fields
        (``sex``, ``province``, ``city``, ``violation``, ``event``, ``age_group``, ``month``,
        ``date``, ``age_band=0-17,18-29,30-``, ``date=..2019-11-16,2019-11-17..``; see
        :mod:`undercount.estimate.bands`). A person's category is the most frequent non-missing
        value among their records, their age the most frequent age, their date the earliest;
        ``unknown`` when none has one.
        """
        from undercount.errors import EstimationError
        from undercount.estimate.bands import histories_from_records, parse_by, record_columns

        try:
            fields = parse_by(list(by or []))
        except EstimationError as exc:
            raise ProjectError(exc.message) from None
        n_persons = self.con.execute("SELECT count(*) FROM persons").fetchone()[0]  # type: ignore[index]
        if not n_persons:
            raise ProjectError(
                "No persons yet: link the records first (`undercount link PROJECT`)."
            )
        src = self.con.execute(
            "SELECT DISTINCT s.id, s.name FROM sources s JOIN records r ON r.source_id = s.id "
            "ORDER BY s.name"
        ).fetchall()
        sources = [str(r[1]) for r in src]
        # Source names are user text and never reach SQL: records carry the source id, mapped
        # to its name here. Field columns come from a fixed allow-list (estimate/bands.py).
        cols = "".join(f", r.{sql_ident(c)}" for c in record_columns(fields))
        recs = self.con.execute(
            f"SELECT pr.person_id, r.source_id{cols} FROM person_records pr "
            "JOIN records r ON r.id = pr.record_id"
        ).df()
        recs["source"] = recs["source_id"].map({int(i): str(n) for i, n in src})
        try:
            return histories_from_records(recs, sources, fields)
        except EstimationError as exc:
            raise ProjectError(exc.message) from None

    def record_estimates(self, runs: Sequence[tuple[str | None, EstimateRun]]) -> list[int]:
        """Store the runs of one estimate (``(stratum, run)`` pairs): all strata or none."""
        with self.transaction():
            return [self.record_estimate(run, stratum=label) for label, run in runs]

    def record_estimate(self, run: EstimateRun, stratum: str | None = None) -> int:
        """Store an estimate run (with its audit entry); returns its id."""
        with self.transaction():
            rid = self.con.execute(
                "INSERT INTO estimate_runs (method, parameters, seed, strata, stratum, documented, "
                "estimate, level, low, high, diagnostics, input_hash, result, software_version, "
                "user_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    run.method,
                    _json(run.parameters),
                    run.seed,
                    _json(run.strata),
                    stratum,
                    run.documented,
                    run.estimate,
                    run.interval.level,
                    run.interval.low,
                    run.interval.high,
                    _json(run.diagnostics),
                    run.input_hash,
                    None,
                    _software_version(),
                    self.user,
                ],
            ).fetchone()[0]  # type: ignore[index]
            self.audit(
                "estimate",
                "estimate_run",
                rid,
                details={
                    "method": run.method,
                    "seed": run.seed,
                    "input_hash": run.input_hash,
                    "estimate": run.estimate,
                },
            )
        return int(rid)

    def estimate_runs(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM estimate_runs ORDER BY id").df()


def _json(obj: Any) -> str | None:
    return None if obj is None else json.dumps(obj, ensure_ascii=False, default=str, sort_keys=True)


def _software_version() -> str:
    from undercount import __version__

    return __version__


def _rekey_path(path: Path) -> Path:
    return path.with_name(path.name + ".rekey")


def _remove_rekey_leftovers(path: Path) -> None:
    """Remove what an uncommitted (interrupted) rekey left beside the project."""
    remove_files(project_files(_rekey_path(path)))


def project_files(path: Path) -> list[Path]:
    """A project's files: key description (first, so a half-removed copy is never taken for
    a pending rekey), database, write-ahead log."""
    return [crypto.keyinfo_path(path), path, Path(str(path) + ".wal")]


def remove_files(paths: Sequence[Path]) -> None:
    for p in paths:
        try:
            p.unlink()
        except FileNotFoundError:
            pass


# Rows per row group (DuckDB's default is 122,880). An import writes a full row group as it
# fills, compressing it (~0.5 s for the default size); half the size halves the pause that can
# fall at the end of an import, when nothing else is left to overlap it, for ~3% more write
# time and the same file size (benchmarks/import_speed.py).
ROW_GROUP_SIZE = 61_440


def _attach_sql(path: Path, alias: str, hex_key: str | None, *, read_only: bool = False) -> str:
    opts = [f"ROW_GROUP_SIZE {ROW_GROUP_SIZE}"]
    if hex_key is not None:
        if not all(ch in "0123456789abcdefABCDEF" for ch in hex_key):
            raise ProjectError("Internal error: the derived key is not hexadecimal.")
        opts.append(f"ENCRYPTION_KEY {sql_literal(hex_key)}")
        opts.append("ENCRYPTION_CIPHER 'GCM'")
    if read_only:
        opts.append("READ_ONLY")
    opt_sql = f" ({', '.join(opts)})" if opts else ""
    return f"ATTACH {sql_literal(str(path))} AS {sql_ident(alias)}{opt_sql}"


def _open_error(path: Path, exc: duckdb.Error) -> ProjectError:
    msg = str(exc)
    low = msg.lower()
    if "encryption key" in low or "decrypt" in low or "wrong key" in low:
        return WrongKeyError(
            f"The key does not open {path.name}: wrong passphrase or key file. Nothing was changed."
        )
    if "encrypted" in low:
        return ProjectError(
            f"{path.name} is encrypted but its key description "
            f"{crypto.keyinfo_path(path).name} is missing. Restore that file beside "
            "the project."
        )
    if "lock" in low:
        return ProjectError(
            f"{path.name} is open in another undercount process (for example "
            "`undercount serve`). Stop it, or use the web app.",
            locked=True,
        )
    if "not a valid duckdb" in low or "invalid" in low or "corrupt" in low or "checksum" in low:
        return ProjectError(
            f"{path.name} is damaged or is not an undercount project ({_first_line(msg)}). "
            "Restore it from a backup (`undercount restore`)."
        )
    return ProjectError(f"Cannot open {path.name}: {_first_line(msg)}")


def _first_line(msg: str) -> str:
    return msg.strip().splitlines()[0][:300] if msg.strip() else "unknown error"


def _table_counts_of(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_name",
            [catalog],
        ).fetchall()
    ]
    return {
        t: int(con.execute(f"SELECT count(*) FROM {catalog}.main.{t}").fetchone()[0])  # type: ignore[index]
        for t in tables
    }


class RecordWriter:
    """Writes chunks of prepared records in order, up to ``IN_FLIGHT`` chunks queued.

    Made by :meth:`Project.record_writer`. Ids are given in order of :meth:`put`; ``count``
    is the number of rows handed over so far.
    """

    IN_FLIGHT = 3
    SWITCH_INTERVAL = 0.0005  # seconds

    def __init__(self, project: Project, *, background: bool = True) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._project = project
        row = project.con.execute("SELECT coalesce(max(id), 0) FROM records").fetchone()
        self._next_id = int(row[0]) + 1  # type: ignore[index]
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="uc-records") if background else None
        self._pending: collections.deque[Any] = collections.deque()
        self.count = 0
        # Digest lanes of the rows written (see audit.digest_lanes); None when unknown.
        self.lanes: tuple[int, int, int] | None = (0, 0, 0)
        self._restore_threads: int | None = None  # the database's setting, while changed
        self._restore_switch: float | None = None  # Python's GIL switch interval, likewise
        if background:
            # The worker needs the GIL only for moments between database calls; at Python's
            # default interval (5 ms) it waits that long each time for the caller's work.
            if sys.getswitchinterval() > self.SWITCH_INTERVAL:
                self._restore_switch = sys.getswitchinterval()
                sys.setswitchinterval(self.SWITCH_INTERVAL)
            # One database thread: the caller's Python work has the other core, and small
            # inserts gain nothing from a second database thread (they spend twice the CPU).
            row = project.con.execute("SELECT current_setting('threads')").fetchone()
            if int(row[0]) > 1:  # type: ignore[index]
                self._restore_threads = int(row[0])  # type: ignore[index]
                project.con.execute("SET threads = 1")

    def put(self, table: pa.Table) -> None:
        """Queue one chunk (waits while ``IN_FLIGHT`` are queued; raises an earlier error)."""
        if table.num_rows == 0:
            return
        first, self._next_id = self._next_id, self._next_id + table.num_rows
        self.count += table.num_rows
        # Python work (ids, hashes) here, in the caller's thread; the worker thread only runs
        # the database, which does not hold the GIL.
        prepared, sql = self._project._prepare_records(table, first)
        if self.lanes is not None and "_row_hash" in prepared.column_names:
            hashes = prepared.column("_row_hash")
            got = _audit.digest_lanes(hashes.combine_chunks())
            self.lanes = (self.lanes[0] + got[0], self.lanes[1] + got[1], self.lanes[2] + got[2])
        else:
            self.lanes = None  # hashed in SQL: the records' digest must be computed anew
        if self._pool is None:
            self._project._insert_prepared(prepared, sql)
        else:
            # Up to IN_FLIGHT chunks queue for the worker: the database's cost is lumpy (a
            # chunk that fills one of its row groups costs several times one that does not).
            self._wait(keep=self.IN_FLIGHT - 1)
            self._pending.append(self._pool.submit(self._project._insert_prepared, prepared, sql))

    def _wait(self, keep: int = 0) -> None:
        """Wait until at most ``keep`` chunks are queued; raise the first chunk's error."""
        while len(self._pending) > keep:
            self._pending.popleft().result()

    def close(self, *, wait_only: bool = False) -> None:
        """Wait for the last chunk; with ``wait_only`` (after an error) ignore its outcome."""
        try:
            if wait_only:
                while self._pending:
                    self._pending.popleft().exception()
            else:
                self._wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            if self._restore_switch is not None:
                sys.setswitchinterval(self._restore_switch)
            if self._restore_threads is not None:
                self._project.con.execute(f"SET threads = {self._restore_threads}")
