"""The plain Splink peer of the benchmarks counts its rules' pairs and tightens large ones."""

from __future__ import annotations

import itertools

import pandas as pd


def _feats() -> pd.DataFrame:
    rows = []
    for i in range(60):
        rows.append(
            {
                "given_key": f"g{i % 3}",
                "family_key": f"f{i % 4}",
                "date_lo": "2022-09-21" if i % 10 else None,
                "place_key": f"p{i % 2}",
            }
        )
    return pd.DataFrame(rows)


def _brute(f: pd.DataFrame, cols: tuple[str, ...]) -> int:
    recs = f[list(cols)].to_dict("records")
    return sum(
        all(a[c] is not None and a[c] == b[c] for c in cols)
        for a, b in itertools.combinations(recs, 2)
    )


def test_pair_counts_are_exact_and_nulls_never_block() -> None:
    from benchmarks.link_quality import peer_plan

    f = _feats()
    plan = peer_plan(f, budget=10**9)
    for cols, n in plan["pairs"].items():
        assert n == _brute(f, cols), cols


def test_under_budget_the_tutorial_model_is_unchanged() -> None:
    from benchmarks.link_quality import peer_plan

    plan = peer_plan(_feats(), budget=10**9)
    assert plan["em"] == [("given_key", "family_key"), ("date_lo", "place_key")]
    assert plan["predict"] == [
        ("given_key", "family_key"),
        ("given_key", "date_lo"),
        ("family_key", "date_lo"),
    ]


def test_over_budget_rules_are_tightened_and_both_names_still_trained() -> None:
    from benchmarks.link_quality import peer_plan

    f = _feats()
    budget = 200  # date + place: 2 blocks of 27 -> 702 pairs; given + date: 3 x 18 -> 459
    plan = peer_plan(f, budget=budget)
    assert plan["em"] == [
        ("given_key", "family_key"),
        ("date_lo", "place_key", "given_key"),
        ("date_lo", "place_key", "family_key"),
    ]
    assert ("given_key", "date_lo", "place_key") in plan["predict"]
    assert plan["pairs"][("date_lo", "place_key")] > budget
    for rule in plan["em"] + plan["predict"]:
        assert rule in plan["pairs"]
