"""project.link(): stored runs, persons, audit, incremental linking, decisions as constraints."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from undercount.link.evaluate import evaluate_project
from undercount.link.review import record_decision, review_queue

from .conftest import fill, synthetic_lists, truth_of


def test_link_stores_run_persons_and_audit(linked_small):
    p = linked_small
    run = p.con.execute("SELECT * FROM link_runs").df()
    assert len(run) == 1
    r = run.iloc[0]
    assert r["method"] == "probabilistic" and r["engine"] == "duckdb" and r["threshold"] == 0.2
    settings = json.loads(r["settings"])
    assert settings["model"]["comparisons"] and settings["options"]["seed"] == 42
    metrics = json.loads(r["metrics"])
    assert metrics["records"] == r["n_records"] == p.counts()["records"]
    persons = p.persons()
    assert len(persons) == r["n_persons"]
    # Every record is in exactly one person.
    ids = [i for lst in persons["record_ids"] for i in lst]
    assert len(ids) == len(set(ids)) == p.counts()["records"]
    assert persons["confidence"].between(0, 1).all()
    assert p.con.execute("SELECT count(*) FROM pair_scores").fetchone()[0] == r["n_pairs"] > 0
    audit = p.audit_log()
    entry = audit[audit["action"] == "link"].iloc[0]
    details = json.loads(entry["details"])
    assert details["records"] == r["n_records"] and "name" not in json.dumps(details)
    assert p.verify_audit().ok


def test_link_quality_on_small_synthetic(linked_small):
    res = evaluate_project(linked_small, truth_of(linked_small))
    assert res["pairwise"]["f1"] >= 0.9, res["pairwise"]
    assert res["cluster"]["bcubed_f1"] >= 0.9


def test_no_cluster_holds_two_records_of_a_source_unless_scored_duplicates(linked_small):
    p = linked_small
    df = p.con.execute(
        "SELECT pr.person_id, r.id, r.source_id FROM person_records pr "
        "JOIN records r ON r.id = pr.record_id"
    ).df()
    pairs = p.con.execute(
        "SELECT record_id_l, record_id_r, match_probability FROM pair_scores"
    ).df()
    scored = {(a, b): q for a, b, q in pairs.itertuples(index=False)}
    for _, grp in df.groupby(["person_id", "source_id"]):
        ids = sorted(grp["id"])
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                assert scored.get((a, b), 0) >= 0.8


def test_rerun_is_reproducible_and_keeps_person_ids(linked_small):
    p = linked_small
    before = p.con.execute("SELECT * FROM person_records ORDER BY record_id").df()
    p.link(incremental=False)
    after = p.con.execute("SELECT * FROM person_records ORDER BY record_id").df()
    pd.testing.assert_frame_equal(before, after)
    runs = p.con.execute("SELECT n_persons, n_pairs FROM link_runs ORDER BY id").df()
    assert runs.iloc[0].tolist() == runs.iloc[1].tolist()


def test_incremental_import_does_not_relabel_untouched_persons(tmp_path):
    from undercount.store.project import Project

    p = Project.create(tmp_path / "inc.duckdb", user="tester")
    lists = synthetic_lists(n_victims=250, n_sources=3, seed=3)
    fill(p, lists[:2])
    p.link()
    first = p.con.execute("SELECT id, link_run_id FROM persons").df()
    before = p.con.execute("SELECT record_id, person_id FROM person_records").df()
    fill(p, [lists[2]], names=["list_c"])
    s: dict = {}
    p.link(summary=s)
    assert s["incremental"] and s["reused_model"]
    after = p.con.execute("SELECT record_id, person_id FROM person_records").df()
    m = before.merge(after, on="record_id", suffixes=("_b", "_a"))
    # Old records stay with their persons; persons are never merged with each other.
    assert (m["person_id_b"] == m["person_id_a"]).all()
    assert len(after) == p.counts()["records"]
    touched = set(after.loc[~after["record_id"].isin(before["record_id"]), "person_id"])
    persons = (
        p.con.execute("SELECT id, link_run_id FROM persons")
        .df()
        .merge(first, on="id", how="left", suffixes=("", "_first"))
    )
    untouched = persons[~persons["id"].isin(touched) & persons["link_run_id_first"].notna()]
    assert len(untouched) > 0
    assert (untouched["link_run_id"] == untouched["link_run_id_first"]).all()
    res = evaluate_project(p, truth_of(p))
    assert res["pairwise"]["f1"] >= 0.88
    p.close()


def test_review_decisions_change_the_clusters(linked_small):
    p = linked_small
    persons = p.persons()
    multi = persons[persons["record_ids"].map(len) >= 2].iloc[0]
    a, b = int(multi["record_ids"][0]), int(multi["record_ids"][1])
    record_decision(p, a, b, "non_match", note="different fathers")
    singles = persons[persons["record_ids"].map(len) == 1]
    c, d = int(singles.iloc[0]["record_ids"][0]), int(singles.iloc[1]["record_ids"][0])
    record_decision(p, d, c, "match")
    s: dict = {}
    p.link(summary=s)
    assert s["incremental"]
    where = dict(p.con.execute("SELECT record_id, person_id FROM person_records").fetchall())
    assert where[a] != where[b]
    assert where[c] == where[d]
    # Decided pairs leave the queue.
    queue = review_queue(p, limit=1000)
    assert all({q["record_id_l"], q["record_id_r"]} != {a, b} for q in queue)
    # A full re-clustering honours them too.
    p.link(incremental=False)
    where = dict(p.con.execute("SELECT record_id, person_id FROM person_records").fetchall())
    assert where[a] != where[b] and where[c] == where[d]


def test_exact_method_still_available(linked_small):
    persons = linked_small.link(method="exact")
    assert len(persons) > 0
    run = linked_small.con.execute("SELECT method FROM link_runs ORDER BY id DESC").fetchone()
    assert run[0] == "exact"


def test_single_record_project(project):
    from .conftest import record

    src = project.ensure_source("only")
    project.insert_records(pd.DataFrame([record(src.id, 1, "ali", "karimi")]))
    persons = project.link()
    assert len(persons) == 1 and persons.iloc[0]["confidence"] == 1.0


def test_encrypted_project_links_in_memory_without_spill_folder(tmp_path, monkeypatch):
    import tempfile

    from undercount.link import train
    from undercount.store.project import Project

    made = []
    real = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: made.append(1) or real(*a, **k))
    api = train.db_api("duckdb", encrypted=True)
    try:
        assert (
            api.duckdb_con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == ""
        )
    finally:
        train.close_api(api)
    assert not made
    with pytest.raises(Exception, match="encrypted project links with --engine duckdb"):
        train.db_api("spark", encrypted=True)
    csv = tmp_path / "l.csv"
    csv.write_text(
        "name,date\nAli Karimi,2019-11-16\nAli Karimy,2019-11-16\nReza Ahmadi,2019-11-17\n",
        encoding="utf-8",
    )
    with Project.create(tmp_path / "e.duckdb", encrypt=True, key="a long passphrase") as p:
        p.import_list(csv, source="A")
        p.import_list(csv.rename(tmp_path / "m.csv"), source="B")
        persons = p.link()
        assert 2 <= len(persons) <= 4
