from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from undercount.errors import SparseDataError
from undercount.estimate import DGA, GridWarning
from undercount.estimate.dga import _cliques_separators, decomposable_graphs

from .conftest import load


@pytest.mark.parametrize("k, count", [(3, 8), (4, 61), (5, 822)])
def test_decomposable_graph_counts_and_cliques(k, count):
    graphs = decomposable_graphs(k)
    assert len(graphs) == count
    for edges, cs in graphs:
        g = nx.Graph()
        g.add_nodes_from(range(k))
        g.add_edges_from(edges)
        assert nx.is_chordal(g)
        assert _cliques_separators(g) == cs


def test_six_lists_exact_and_eight_by_search():
    assert len(decomposable_graphs(6)) == 18154
    est = DGA(seed=1).fit(load("new_orleans_8list"))
    assert est.diagnostics_["graph_search"].startswith("MCMC")
    assert 185 < est.estimate_ < 5000
    est2 = DGA(seed=2).fit(load("new_orleans_8list"))
    assert est2.estimate_ == pytest.approx(est.estimate_, rel=0.1)


def test_search_agrees_with_enumeration():
    df = load("uk_5list")
    exact = DGA().fit(df)
    search = DGA(max_exact_lists=4, seed=3).fit(df)
    assert search.estimate_ == pytest.approx(exact.estimate_, rel=0.02)


def test_posterior_tables():
    est = DGA().fit(load("kosovo_4list"))
    assert est.posterior_["prob"].sum() == pytest.approx(1)
    assert est.graphs_["prob"].sum() == pytest.approx(1)
    assert len(est.graphs_) == 61
    d = est.draws(4000, np.random.default_rng(0))
    assert np.median(d) == pytest.approx(est.estimate_, rel=0.02)


def test_grid_too_short_warns():
    with pytest.warns(GridWarning, match="top 10% of the grid"):
        DGA(max_n0=200).fit(load("kosovo_4list"))


def test_delta_matters_and_default_is_two_to_minus_k():
    df = load("korea_3list")
    assert DGA().fit(df).diagnostics_["delta"] == 2**-3
    assert DGA(delta=1.0).fit(df).estimate_ != DGA().fit(df).estimate_


def test_recovers_truth_with_dependence():
    rng = np.random.default_rng(8)
    n_true = 4000
    caps = rng.random((n_true, 3)) < [0.3, 0.25, 0.2]
    caps[:, 2] |= caps[:, 1] & (rng.random(n_true) < 0.3)
    seen = caps.any(axis=1)
    df = (
        pd.DataFrame(caps[seen].astype(int), columns=list("ABC"))
        .value_counts()
        .rename("count")
        .reset_index()
    )
    est = DGA().fit(df)
    assert est.estimate_ == pytest.approx(n_true, rel=0.1)
    assert est.interval_[0] <= n_true <= est.interval_[1]


def test_no_overlap_refuses():
    with pytest.raises(SparseDataError, match="share no individuals"):
        DGA().fit(load("artificial_3list"))
