"""Issue 14, item 2: linkage uncertainty from the stored pair match probabilities."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from undercount.estimate.api import estimate_project
from undercount.estimate.linkage import draw_linkage, linkage_draws
from undercount.link.cluster import cluster_records


def _records(n_sources: int = 3, per: int = 4) -> pd.DataFrame:
    ids = np.arange(1, n_sources * per + 1)
    return pd.DataFrame({"record_id": ids, "source_id": (ids - 1) // per + 1})


def test_draws_follow_probabilities_and_keep_review_decisions():
    recs = _records()
    pairs = pd.DataFrame(
        {
            "record_id_l": [1, 2, 3, 4],
            "record_id_r": [5, 6, 7, 8],
            "match_probability": [0.3, 0.99, 0.001, 0.8],
        }
    )
    rng = np.random.default_rng(5)
    linked = np.zeros(4)
    n = 400
    for _ in range(n):
        a = draw_linkage(recs, pairs, rng, must_link=[(3, 7)], cannot_link=[(4, 8)])
        linked += [a[1] == a[5], a[2] == a[6], a[3] == a[7], a[4] == a[8]]
    share = linked / n
    assert share[0] == pytest.approx(0.3, abs=0.07)
    assert share[1] > 0.95
    assert share[2] == 1.0  # a reviewer said match: linked whatever the score
    assert share[3] == 0.0  # a reviewer said different people: never linked


def _project(tmp_path, seed=3, n_true=800):
    """Three lists of a population of known size, with scored pairs whose probabilities are
    calibrated; the stored persons join only pairs at 0.5 or above, so the uncertain true
    links (scored 0.4) are all missed and the conditional estimate is too high."""
    from undercount.store.project import Project

    rng = np.random.default_rng(seed)
    project = Project.create(tmp_path / "p.duckdb", user="tester")
    src = [project.ensure_source(f"L{j}", kind="ngo_list", reliability="B").id for j in range(3)]
    caps = rng.random((n_true, 3)) < np.array([0.5, 0.4, 0.45])
    rows, person_of, on = [], {}, {}
    rid = 0
    for v in range(n_true):
        for j in range(3):
            if caps[v, j]:
                rid += 1
                rows.append({"source_id": src[j], "row_number": rid, "raw": "{}", "age": 20})
                person_of[rid] = v
                on.setdefault(v, []).append(rid)
    project.insert_records(pd.DataFrame(rows))
    true_pairs = [(a, b) for ids in on.values() for i, a in enumerate(ids) for b in ids[i + 1 :]]
    scored = []
    uncertain_true = 0
    for a, b in true_pairs:
        if rng.random() < 0.3:
            scored.append((a, b, 0.4))
            uncertain_true += 1
        else:
            scored.append((a, b, 0.97))
    # false pairs at 0.4, 1.5 per uncertain true pair: 40% of the 0.4 pairs are true
    ids = np.arange(1, rid + 1)
    while sum(1 for s in scored if s[2] == 0.4) < uncertain_true * 2.5:
        a, b = (int(x) for x in rng.choice(ids, 2, replace=False))
        if person_of[a] != person_of[b]:
            scored.append((min(a, b), max(a, b), 0.4))
    pairs = pd.DataFrame(scored, columns=["record_id_l", "record_id_r", "match_probability"])
    recs = project.con.execute("SELECT id AS record_id, source_id FROM records").df()
    stored = cluster_records(recs, pairs, threshold=0.5, duplicate_threshold=0.8)
    with project.transaction():
        run_id = project.con.execute(
            "INSERT INTO link_runs (engine, method, settings, threshold, n_records, n_pairs, "
            "n_persons, user_name) VALUES ('duckdb', 'probabilistic', ?, 0.5, ?, ?, 0, 't') "
            "RETURNING id",
            [json.dumps({"options": {"duplicate_threshold": 0.8, "min_mean": None}}), rid, 0],
        ).fetchone()[0]
        frame = stored.frame()
        for key in sorted(set(frame["cluster"])):
            project.con.execute(
                "INSERT INTO persons VALUES (?, NULL, 1.0, ?, current_timestamp)", [key, run_id]
            )
        project.con.executemany(
            "INSERT INTO person_records VALUES (?, ?)",
            frame[["cluster", "record_id"]].astype(int).values.tolist(),
        )
        p = pairs.assign(link_run_id=run_id, match_weight=0.0, priority=0.0)
        project.con.register("_p", p)
        project.con.execute(
            "INSERT INTO pair_scores SELECT link_run_id, record_id_l, record_id_r, "
            "match_probability, match_weight, priority FROM _p"
        )
        project.con.unregister("_p")
    return project, n_true


def test_linkage_uncertainty_widens_towards_the_truth(tmp_path):
    project, n_true = _project(tmp_path)
    try:
        draws = linkage_draws(project, n_draws=20, seed=1)
        assert draws is not None and len(draws.tables) == 20
        assert draws.uncertain_pairs > 0
        # the draws recover some of the missed links: fewer persons than stored
        assert np.median(draws.persons) < draws.stored_persons
        kw = {"method": "loglinear", "seed": 1, "checks": False}
        cond = estimate_project(project, linkage_uncertainty=False, **kw)
        out = estimate_project(project, n_linkage_draws=10, **kw)
    finally:
        project.close()
    assert cond.conditional_interval is None and cond.linkage is None
    assert out.estimate == cond.estimate
    assert out.conditional_interval == pytest.approx(cond.interval)
    lo, hi = out.interval
    clo, chi = out.conditional_interval
    assert lo <= clo and hi >= chi
    assert out.linkage["width_combined"] > out.linkage["width_conditional"]
    # the stored linkage misses 30% of true links: its interval is above the truth; the
    # linkage draws land closer to the truth and the reported interval reaches towards it
    assert clo > n_true
    assert abs(out.linkage["estimate_per_draw"]["median"] - n_true) < abs(cond.estimate - n_true)
    assert lo < clo
    run = out.runs[-1][1]
    assert run.interval.low == lo and run.diagnostics["linkage_conditional_interval"] == [clo, chi]


def test_exact_linkage_has_no_draws(tmp_path):
    from tests.report.builder import build_project

    project = build_project(tmp_path / "b.duckdb", estimates=False)
    try:
        with project.transaction():
            project.con.execute("DELETE FROM pair_scores")
        assert linkage_draws(project) is None
        out = estimate_project(project, method="loglinear", seed=1, checks=False)
    finally:
        project.close()
    assert out.conditional_interval is None
    assert any("no pair match probabilities" in w for w in out.warnings)


def test_stratified_estimate_with_linkage_draws_and_bands(tmp_path):
    from tests.report.builder import build_project

    project = build_project(tmp_path / "s.duckdb", victims=400, estimates=False)
    try:
        out = estimate_project(
            project, method="loglinear", by=["sex", "age_band=0-29,30-"], seed=2, n_linkage_draws=5
        )
        stored = project.record_estimates(out.runs)
    finally:
        project.close()
    assert out.by == ["sex", "age_band"]
    assert set(out.strata["age_band"]) <= {"0-29", "30-"}
    assert out.linkage["draws"] == 5 and out.linkage["draws_fitted"] >= 3
    lo, hi = out.interval
    assert lo <= out.conditional_interval[0] and hi >= out.conditional_interval[1]
    assert {"sex", "age_band"} <= set(out.capture_rates)
    assert len(stored) == len(out.strata) + 1


def test_linkage_allowance_widens_both_sides_whatever_the_draws_direction():
    """Every draw splits people the stored linkage joined (its estimate is higher), yet the
    reported interval also reaches lower: the shift measures how much the estimate depends on
    the linkage, not in which direction the truth lies (docs/methods.md)."""
    from undercount.estimate import LogLinear
    from undercount.estimate.api import run_estimate

    rng = np.random.default_rng(2)
    caps = rng.random((1500, 3)) < np.array([0.4, 0.35, 0.3])
    df = pd.DataFrame(caps[caps.any(axis=1)].astype(int), columns=["A", "B", "C"])
    base = df.value_counts().rename("count").reset_index()
    draws = []
    for k in (5, 10, 15, 20):  # k people on A and B split into one record each
        t = base.copy()
        ab = (t["A"] == 1) & (t["B"] == 1) & (t["C"] == 0)
        t.loc[ab, "count"] -= k
        extra = pd.DataFrame({"A": [1, 0], "B": [0, 1], "C": [0, 0], "count": [k, k]})
        draws.append(pd.concat([t, extra]).groupby(["A", "B", "C"])["count"].sum().reset_index())
    kw = {"method": "loglinear", "max_order": 1, "model_uncertainty": False, "seed": 1}
    out = run_estimate(base, linkage=draws, checks=False, **kw)
    est = out.estimate
    refits = np.array([LogLinear(max_order=1, interval="profile").fit(t).estimate_ for t in draws])
    assert (refits > est).all()
    rms = float(np.sqrt(np.mean((refits - est) ** 2)))
    assert out.linkage["linkage_rms"] == pytest.approx(rms)
    clo, chi = out.conditional_interval
    assert out.linkage["allowance_interval"] == pytest.approx([clo - rms, chi + rms])
    lo, hi = out.interval
    assert lo == pytest.approx(clo - rms) and hi >= chi + rms - 1e-6
    assert lo >= out.documented
