"""Schema version 2 (issue 15): projects written before it open, migrate and verify."""

from __future__ import annotations

import duckdb

from undercount.store.project import Project
from undercount.store.schema import SCHEMA_VERSION


def _downgrade_to_v1(path) -> None:
    """Make a version-2 project look as version 1 wrote it (no columns of version 2)."""
    con = duckdb.connect(str(path))
    for c in ("age_low", "age_high", "birth_year", "aliases", "alias_keys"):
        con.execute(f"ALTER TABLE records DROP COLUMN {c}")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()


def test_version_1_project_migrates_and_verifies(tmp_path):
    path = tmp_path / "old.duckdb"
    p = Project.create(path, user="tester")
    old = tmp_path / "old.csv"  # nothing version 2 would add: no age, no other names
    old.write_text(
        "name,date,city\nMohammad Rezaei,2019-11-16,Shiraz\nFatemeh Hosseini,,Tehran\n",
        encoding="utf-8",
    )
    p.import_list(old, source="NGO A")
    p.close()
    _downgrade_to_v1(path)
    p = Project.open(path, user="tester")
    version = p.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert int(version[0]) == SCHEMA_VERSION == 2
    assert p.verify_audit().ok
    df = p.records()
    assert df["age_low"].isna().all() and df["aliases"].isna().all()
    # New imports fill the new columns and still verify.
    src = tmp_path / "more.csv"
    src.write_text("name,name_fa,age\nAli Karimi,علی کریمی,16/17\n", encoding="utf-8")
    p.import_list(src, source="NGO B")
    row = p.records("NGO B").iloc[0]
    assert (row["age_low"], row["age_high"]) == (16, 17) and list(row["aliases"]) == ["علی کریمی"]
    assert p.verify_audit().ok
    # A change to a new column is found.
    p.con.execute("UPDATE records SET age_high = 18 WHERE source_id = 2")
    assert not p.verify_audit().ok
    p.close()
