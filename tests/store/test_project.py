from __future__ import annotations

import pytest

from undercount.errors import ProjectError
from undercount.store.project import Project
from undercount.store.schema import SCHEMA_VERSION


def test_create_has_every_table_and_version(tmp_path):
    with Project.create(tmp_path / "p.duckdb") as p:
        tables = {
            r[0]
            for r in p.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog='uc'"
            ).fetchall()
        }
        for t in (
            "sources",
            "documents",
            "records",
            "claims",
            "persons",
            "link_decisions",
            "estimate_runs",
            "audit_log",
            "meta",
            "imports",
            "users",
        ):
            assert t in tables
        v = p.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        assert int(v) == SCHEMA_VERSION
        assert p.counts()["audit_log"] == 1


def test_create_refuses_existing_and_open_refuses_missing(tmp_path):
    Project.create(tmp_path / "p.duckdb").close()
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(tmp_path / "p.duckdb")
    with pytest.raises(ProjectError, match="undercount init"):
        Project.open(tmp_path / "nope.duckdb")


def test_reopen_keeps_data(tmp_path):
    with Project.create(tmp_path / "p.duckdb") as p:
        p.ensure_source("NGO A", kind="ngo_list", reliability="B")
    with Project.open(tmp_path / "p.duckdb") as p:
        s = p.get_source("NGO A")
        assert s is not None and s.reliability == "B" and s.kind == "ngo_list"


def test_transaction_rolls_back_everything(project):
    with pytest.raises(RuntimeError):
        with project.transaction():
            project.ensure_source("X")
            raise RuntimeError("boom")
    assert project.get_source("X") is None
    assert project.counts()["audit_log"] == 1
    assert project.verify_audit().ok


def test_bad_source_kind_is_explained(project):
    with pytest.raises(ProjectError, match="Unknown source kind"):
        project.ensure_source("Y", kind="blog")


def test_encrypted_project_roundtrip_and_wrong_key(tmp_path):
    from undercount.errors import WrongKeyError

    path = tmp_path / "secret.duckdb"
    with Project.create(path, encrypt=True, key="correct horse battery") as p:
        p.ensure_source("Witness list")
        p.con.execute("CHECKPOINT")
    with pytest.raises(WrongKeyError, match="does not open"):
        Project.open(path, key="wrong passphrase")
    with Project.open(path, key="correct horse battery") as p:
        assert p.get_source("Witness list") is not None
        assert p.encrypted
