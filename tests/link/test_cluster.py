"""Constrained clustering: source guard, cannot-link, must-link, fixed persons."""

from __future__ import annotations

import pandas as pd

from undercount.link.cluster import cluster_records


def _recs(sources: dict[int, int]) -> pd.DataFrame:
    return pd.DataFrame({"record_id": list(sources), "source_id": list(sources.values())})


def _pairs(rows: list[tuple[int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["record_id_l", "record_id_r", "match_probability"])


def _groups(c) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for r, k in c.assignment.items():
        out.setdefault(k, set()).add(r)
    return {frozenset(v) for v in out.values()}


def test_connected_components_at_threshold():
    c = cluster_records(
        _recs({1: 1, 2: 2, 3: 3, 4: 1}),
        _pairs([(1, 2, 0.9), (2, 3, 0.8), (3, 4, 0.2)]),
        threshold=0.5,
    )
    assert _groups(c) == {frozenset({1, 2, 3}), frozenset({4})}
    key = c.assignment[1]
    assert c.confidence[key] == 0.8  # the weakest link that joined it
    assert abs(c.confidence[c.assignment[4]] - 0.8) < 1e-9  # 1 - strongest pair below


def test_chain_through_another_source_is_refused():
    # 1 and 3 are in the same source; 2 links to both: the chain 1-2-3 must not form.
    c = cluster_records(_recs({1: 1, 2: 2, 3: 1}), _pairs([(1, 2, 0.95), (2, 3, 0.9)]))
    assert _groups(c) == {frozenset({1, 2}), frozenset({3})}
    assert c.refused == 1


def test_same_source_duplicates_allowed_when_scored_as_duplicates():
    c = cluster_records(
        _recs({1: 1, 2: 2, 3: 1}), _pairs([(1, 2, 0.95), (2, 3, 0.9), (1, 3, 0.97)])
    )
    assert _groups(c) == {frozenset({1, 2, 3})}
    # A stricter duplicate threshold refuses them again.
    c = cluster_records(
        _recs({1: 1, 2: 2, 3: 1}),
        _pairs([(1, 2, 0.95), (2, 3, 0.9), (1, 3, 0.97)]),
        duplicate_threshold=0.99,
    )
    assert _groups(c) == {frozenset({1, 2}), frozenset({3})}


def test_cannot_link_splits_and_must_link_joins():
    recs = _recs({1: 1, 2: 2, 3: 3, 4: 4})
    pairs = _pairs([(1, 2, 0.99), (3, 4, 0.1)])
    c = cluster_records(recs, pairs, cannot_link=[(2, 1)], must_link=[(4, 3)])
    assert _groups(c) == {frozenset({1}), frozenset({2}), frozenset({3, 4})}
    # Cannot-link also holds transitively through a third record.
    c = cluster_records(
        _recs({1: 1, 2: 2, 3: 3}), _pairs([(1, 2, 0.99), (2, 3, 0.98)]), cannot_link=[(1, 3)]
    )
    assert _groups(c) == {frozenset({1, 2}), frozenset({3})}


def test_must_link_overrides_source_guard():
    c = cluster_records(_recs({1: 1, 2: 1}), _pairs([]), must_link=[(1, 2)])
    assert _groups(c) == {frozenset({1, 2})}
    assert c.confidence[c.assignment[1]] == 1.0


def test_fixed_persons_absorb_new_records_but_never_merge():
    recs = _recs({1: 1, 2: 2, 3: 3, 4: 4})
    fixed = {1: 10, 2: 20}
    pairs = _pairs([(1, 2, 0.99), (2, 3, 0.9), (3, 4, 0.8)])
    c = cluster_records(recs, pairs, fixed=fixed)
    assert _groups(c) == {frozenset({1}), frozenset({2, 3, 4})}
    assert c.fixed[c.assignment[1]] == 10
    assert c.fixed[c.assignment[2]] == 20
    # A reviewer's must-link can join two existing persons.
    c = cluster_records(recs, pairs, fixed=fixed, must_link=[(1, 2)])
    assert c.assignment[1] == c.assignment[2]
    assert c.fixed[c.assignment[1]] == 10


def test_empty_pairs_give_singletons():
    c = cluster_records(_recs({5: 1, 6: 1}), _pairs([]))
    assert _groups(c) == {frozenset({5}), frozenset({6})}
    assert set(c.frame()["record_id"]) == {5, 6}


def test_average_linkage_guard_stops_weak_chains():
    recs = _recs({1: 1, 2: 2, 3: 3})
    pairs = _pairs([(1, 2, 0.95), (2, 3, 0.6), (1, 3, 0.02)])
    assert _groups(cluster_records(recs, pairs)) == {frozenset({1, 2, 3})}
    c = cluster_records(recs, pairs, min_mean=0.4)
    assert _groups(c) == {frozenset({1, 2}), frozenset({3})}
    pairs = _pairs([(1, 2, 0.95), (2, 3, 0.9), (1, 3, 0.3)])
    assert _groups(cluster_records(recs, pairs, min_mean=0.4)) == {frozenset({1, 2, 3})}
