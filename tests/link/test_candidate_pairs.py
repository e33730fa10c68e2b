"""The DuckDB run's own candidate pairs: exactly the pairs and scores of Splink's blocking."""

from __future__ import annotations

import json

from undercount.link import settings as st
from undercount.link import train as tr
from undercount.link.predict import candidate_pairs_sql, predict_pairs
from undercount.store.project import Project

from .conftest import fill, record, synthetic_lists


def _linker(project, model):
    recs = project.con.execute(
        f"SELECT {', '.join(st.record_columns(project.con))} FROM records ORDER BY id"
    ).df()
    return tr.make_linker(st.prepare_features(recs), engine="duckdb", model=model)


def test_own_blocking_scores_the_same_pairs_as_splink(tmp_path, monkeypatch):
    from undercount.link import predict

    seen = []

    def spy(table, rules):
        seen.append(list(rules))
        return candidate_pairs_sql(table, rules)

    monkeypatch.setattr(predict, "candidate_pairs_sql", spy)
    p = Project.create(tmp_path / "own.duckdb", user="tester")
    lists = synthetic_lists(n_victims=150, n_sources=3, seed=5)
    # Aliases, so that the exploded rule takes part.
    mahsa = record(1, 999, "mahsa", "amini", age=22)
    mahsa.update(aliases=["Zhina Amini"], alias_keys=["zhina amini"])
    lists[0].append(mahsa)
    lists[1].append(record(2, 999, "zhina", "amini", age=22))
    fill(p, lists)
    p.link()
    model = json.loads(p.con.execute("SELECT settings FROM link_runs").fetchone()[0])["model"]
    with tr.captured_splink_warnings():
        splink = predict_pairs(_linker(p, model), min_probability=1e-6)
        own = predict_pairs(_linker(p, model), min_probability=1e-6, own_blocking=True)
    p.close()
    # Every prediction rule went into the SQL (the exploded alias rule too), in the run
    # (p.link) and here.
    assert len(seen) == 2 and seen[-1] == [
        (r[0], r[0] in st.EXPLODED_BLOCKING_KEYS) for r in st.PREDICTION_BLOCKING
    ]
    assert len(own) > 100
    assert own[["record_id_l", "record_id_r"]].equals(splink[["record_id_l", "record_id_r"]])
    assert (own["match_probability"] - splink["match_probability"]).abs().max() < 1e-12


def test_candidate_pairs_sql_pairs_each_agreeing_pair_once():
    import duckdb

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE f AS SELECT * FROM (VALUES (1, 'a', ['x']), (2, 'a', ['x', 'y']), "
        "(3, 'b', ['y']), (4, NULL, NULL), (5, NULL, ['z'])) t(unique_id, k, al)"
    )
    rows = con.execute(
        candidate_pairs_sql("f", [("k", False), ("al", True)]) + " ORDER BY 2, 3"
    ).fetchall()
    # (1, 2) agrees on both rules and is kept once, with the first rule; nulls pair nothing.
    assert rows == [("0", 1, 2), ("1", 2, 3)]


def test_term_frequencies_leave_the_record_itself_out():
    """A key held by exactly two records is held by one *other* record: 1 / (N - 1)."""
    import pandas as pd
    import pytest

    from undercount.link.predict import register_leave_one_out_frequencies

    keys = ["frhmnsh", "frhmnsh", "mhmd rd", "mhmd rd", "mhmd rd", "sr", None]
    recs = pd.DataFrame({"id": range(1, 8), "source_id": [1, 2, 1, 2, 2, 1, 2], "name_key": keys})
    linker = tr.make_linker(st.prepare_features(recs), engine="duckdb")
    done = register_leave_one_out_frequencies(linker)
    assert "name_key" in done
    tf = linker.misc.query_sql("SELECT * FROM uc_tf_name_key", output_type="pandas")
    tf = dict(zip(tf["name_key"], tf["tf_name_key"], strict=True))
    n = 6  # records with a key
    assert tf["frhmnsh"] == pytest.approx(1 / (n - 1))
    assert tf["mhmd rd"] == pytest.approx(2 / (n - 1))
    assert tf["sr"] == pytest.approx(1 / (n - 1))
