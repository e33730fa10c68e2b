"""The Spark engine runs the same model and agrees with DuckDB."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from undercount.link.spark import spark_missing

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark_session():
    why = spark_missing()
    if why:
        pytest.skip(f"Spark engine unavailable: {why}")
    from undercount.link.spark import local_session

    return local_session(cores=2, memory="1g")


def test_spark_and_duckdb_agree(tmp_path, spark_session):
    from undercount.link import settings as st
    from undercount.link import train as tr
    from undercount.link.predict import predict_pairs
    from undercount.store.project import Project

    from .conftest import fill, synthetic_lists

    p = Project.create(tmp_path / "spark.duckdb", user="tester")
    fill(p, synthetic_lists(n_victims=80, n_sources=3, seed=11))
    p.link()
    duck = p.con.execute("SELECT record_id, person_id FROM person_records").df()
    model = json.loads(p.con.execute("SELECT settings FROM link_runs").fetchone()[0])["model"]
    recs = p.con.execute(f"SELECT {', '.join(st.RECORD_COLUMNS)} FROM records ORDER BY id").df()
    feats = st.prepare_features(recs)
    with tr.captured_splink_warnings():
        on_spark = predict_pairs(
            tr.make_linker(feats, engine="spark", model=model, spark=spark_session)
        )
        on_duck = predict_pairs(tr.make_linker(feats, engine="duckdb", model=model))
    m = on_duck.merge(
        on_spark, on=["record_id_l", "record_id_r"], how="outer", suffixes=("_d", "_s")
    )
    assert len(m) == len(on_duck) == len(on_spark) > 0
    assert (m["match_probability_d"] - m["match_probability_s"]).abs().max() < 1e-9
    # The whole run on Spark with the stored model gives the same persons.
    p.link(engine="spark", incremental=False, reuse_model=True, spark=spark_session)
    spark_persons = p.con.execute("SELECT record_id, person_id FROM person_records").df()
    runs = p.con.execute("SELECT engine FROM link_runs ORDER BY id").df()
    assert runs["engine"].tolist() == ["duckdb", "spark"]
    pd.testing.assert_frame_equal(
        duck.sort_values("record_id").reset_index(drop=True),
        spark_persons.sort_values("record_id").reset_index(drop=True),
    )
    p.close()
