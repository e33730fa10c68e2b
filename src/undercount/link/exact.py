"""Exact-key linkage: records with the same normalised name key and date are one person.

A deliberately simple baseline (and the fallback for tiny projects): it misses every link where
the name key or the date differs and is used by the probabilistic linker's evaluation as the
naive peer.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from undercount.store.project import Project


def link_exact(project: Project) -> pd.DataFrame:
    con = project.con
    with project.transaction():
        n_records = con.execute("SELECT count(*) FROM records").fetchone()[0]  # type: ignore[index]
        run_id = con.execute(
            "INSERT INTO link_runs (engine, method, settings, threshold, n_records, user_name) "
            "VALUES ('duckdb', 'exact', ?, 1.0, ?, ?) RETURNING id",
            [json.dumps({"key": ["name_key", "date"]}), n_records, project.user],
        ).fetchone()[0]  # type: ignore[index]
        con.execute("DELETE FROM person_records")
        con.execute("DELETE FROM persons")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _clusters AS SELECT id AS record_id, "
            "dense_rank() OVER (ORDER BY coalesce(name_key, 'r' || id), "
            "coalesce(CAST(date AS VARCHAR), '')) AS person_id FROM records"
        )
        con.execute(
            "INSERT INTO persons (id, canonical_name, confidence, link_run_id) "
            "SELECT c.person_id, min(r.name), 1.0, ? FROM _clusters c JOIN records r "
            "ON r.id = c.record_id GROUP BY c.person_id",
            [run_id],
        )
        con.execute("INSERT INTO person_records SELECT person_id, record_id FROM _clusters")
        n_persons = con.execute("SELECT count(*) FROM persons").fetchone()[0]  # type: ignore[index]
        con.execute("UPDATE link_runs SET n_persons = ? WHERE id = ?", [n_persons, run_id])
        con.execute("DROP TABLE _clusters")
        project.audit(
            "link",
            "link_run",
            run_id,
            details={"method": "exact", "records": n_records, "persons": n_persons},
        )
    return project.persons()
