"""Recomputing the name columns of stored records after the name rules changed."""

from __future__ import annotations

import json

import pyarrow as pa
from typer.testing import CliRunner

from undercount.normalize import name_batch as names_mod
from undercount.normalize import name_key, name_skeleton

CSV = (
    "name,name_fa,age\n"
    "Mahsa (Zhina) Amini,مهسا امینی,22\n"
    "Hamzah Shhdah,حمزة شحده,30\n"
    "Seyed Ali Rezaei,,41\n"
)


def _old_rules(monkeypatch):
    """Import as an older release would have: other keys for the same names."""
    real = names_mod._normalize_chunk

    def old(values, parts=False, keys=False):
        rows = real(values, parts, keys)
        return [(*r[:2], f"old {r[2]}", r[3], f"old {r[4]}", *r[5:]) for r in rows]

    monkeypatch.setattr(names_mod, "_normalize_chunk", old)
    # The importer's columnar path works out plain names without _normalize_chunk.
    real_columns = names_mod._normalize_columns

    def old_columns(values):
        cols = real_columns(values)
        for i in (2, 4):
            cols[i] = pa.array([None if k is None else f"old {k}" for k in cols[i].to_pylist()])
        return cols

    monkeypatch.setattr(names_mod, "_normalize_columns", old_columns)


def _current_rules(monkeypatch):
    """Back to the current rules (both of the importer's paths; nothing else is patched)."""
    monkeypatch.undo()


def _columns(project):
    df = project.records(columns=["name", "name_key", "name_skeleton", "alias_keys", "row_hash"])
    return df.sort_values("name").reset_index(drop=True)


def test_recompute_brings_old_records_to_the_current_keys(project, tmp_path, monkeypatch):
    path = tmp_path / "list.csv"
    path.write_text(CSV, encoding="utf-8")
    _old_rules(monkeypatch)
    project.import_list(path, source="NGO")
    before = _columns(project)
    assert all(k.startswith("old ") for k in before["name_key"])
    _current_rules(monkeypatch)

    res = project.recompute_names()

    assert res.records == 3 and res.changed == 3
    assert res.by_column["name_key"] == 3 and res.by_column["name_skeleton"] == 3
    assert res.by_column["alias_keys"] == 2  # Zhina and مهسا امینی; حمزة شحده
    after = _columns(project)
    assert list(after["name_key"]) == [name_key(n) for n in after["name"]]
    assert list(after["name_skeleton"]) == [name_skeleton(n) for n in after["name"]]
    mahsa = after[after["name"].str.startswith("Mahsa")].iloc[0]
    # The name in brackets replaces the given name (normalize.aliases).
    assert list(mahsa["alias_keys"]) == [name_key("Zhina Amini"), name_key("مهسا امینی")]
    # Hashes follow the new values, and the change is in the audit log.
    assert (after["row_hash"] != before["row_hash"]).all()
    assert project.verify_audit().ok
    log = project.audit_log()
    assert log["action"].iloc[-1] == "recompute_names" or "recompute_names" in set(log["action"])
    # A second run finds nothing to do.
    again = project.recompute_names()
    assert again.changed == 0 and "already up to date" in again.message


def test_recompute_is_all_or_nothing(project, tmp_path, monkeypatch):
    path = tmp_path / "list.csv"
    path.write_text(CSV, encoding="utf-8")
    _old_rules(monkeypatch)
    project.import_list(path, source="NGO")
    before = _columns(project)

    _current_rules(monkeypatch)

    def broken(*args, **kwargs):  # fails after the records were updated
        raise RuntimeError("disk full")

    monkeypatch.setattr(project, "audit", broken)
    try:
        project.recompute_names()
    except RuntimeError:
        pass
    else:  # pragma: no cover - the test needs the error
        raise AssertionError("expected the error to propagate")
    assert _columns(project).equals(before)


def test_cli_names_recompute(tmp_path, monkeypatch):
    from undercount.cli import app
    from undercount.store.project import Project

    project_path = tmp_path / "cli.duckdb"
    Project.create(project_path, user="tester").close()
    path = tmp_path / "list.csv"
    path.write_text(CSV, encoding="utf-8")
    _old_rules(monkeypatch)
    with Project.open(project_path) as p:
        p.import_list(path, source="NGO")
    _current_rules(monkeypatch)
    out = CliRunner().invoke(app, ["names", "recompute", str(project_path), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["changed"] == 3
    out = CliRunner().invoke(app, ["names", "recompute", str(project_path)])
    assert out.exit_code == 0 and "already up to date" in out.output
