"""Every data set in tests/data/mse runs with every method (or refuses with a clear reason)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from undercount.errors import SparseDataError
from undercount.estimate import DGA, LCMCR, Chapman, LogLinear
from undercount.estimate.histories import Histories

from .conftest import datasets, load

# the one table built to have no usable overlap (Chan, Silverman & Vincent 2021, Table 2)
REFUSES = {"artificial_3list"}


def _make(method, h):
    if method == "chapman":  # the pair of lists that overlap most
        ov = h.pair_overlap()
        np.fill_diagonal(ov, -1)
        i, j = np.unravel_index(np.argmax(ov), ov.shape)
        return Chapman(lists=(h.lists[i], h.lists[j]))
    if method == "loglinear":  # the selection bootstrap runs, with its fewest replicates
        return LogLinear(n_boot=20, seed=1)
    if method == "dga":
        return DGA(grid_size=1000, seed=1)
    return LCMCR(seed=1, burnin=2000, n_samples=200, thinning=2, n_chains=2)


@pytest.mark.parametrize("method", ["chapman", "loglinear", "dga", "lcmcr"])
@pytest.mark.parametrize("name", datasets())
def test_runs(name, method):
    df = load(name)
    h = Histories.from_frame(df)
    est = _make(method, h)
    if name in REFUSES and method != "chapman":
        with pytest.raises(SparseDataError, match="share no individuals"):
            est.fit(df)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sparse tables legitimately warn
        est.fit(df)
    assert est.estimate_ >= est.documented_
    lo, hi = est.interval_
    assert lo <= est.estimate_ <= hi
    assert est.to_run().input_hash
