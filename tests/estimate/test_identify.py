"""Issue 14, item 1: no estimate the data cannot identify; Chapman states its assumption."""

from __future__ import annotations

import pandas as pd
import pytest

from undercount.errors import SparseDataError
from undercount.estimate import DGA, LCMCR, Chapman, LogLinear, estimate_stratified
from undercount.estimate.api import run_estimate

from .conftest import simple3


def two() -> pd.DataFrame:
    return pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "count": [600, 400, 200]})


@pytest.mark.parametrize(
    "est",
    [
        pytest.param(LCMCR(seed=1, burnin=100, n_samples=20, n_chains=1), id="lcmcr"),
        pytest.param(DGA(), id="dga"),
        pytest.param(LogLinear(), id="loglinear-2way"),
        pytest.param(LogLinear(max_order=3), id="loglinear-3way"),
    ],
)
def test_two_lists_refused_beyond_independence(est):
    with pytest.raises(SparseDataError, match="at least 3 lists") as info:
        est.fit(two())
    assert "chapman" in str(info.value).lower()


def test_two_list_independence_model_allowed_and_states_assumption():
    est = LogLinear(max_order=1).fit(two())
    chap = Chapman().fit(two())
    assert est.estimate_ == pytest.approx(600 * 800 / 200 + 0, rel=0.01)  # Lincoln-Petersen
    assert "independent" in est.diagnostics_["assumption"]
    assert "independent" in chap.diagnostics_["assumption"]
    assert "homogeneous" in chap.diagnostics_["assumption"]


def test_run_estimate_on_two_lists_picks_chapman_and_says_so():
    out = run_estimate(two())
    assert out.method == "chapman"
    assert "independent" in out.assumption
    assert out.to_dict()["assumption"] == out.assumption
    with pytest.raises(SparseDataError, match="at least 3 lists"):
        run_estimate(two(), method="lcmcr")


def test_stratum_with_two_lists_left_is_refused_and_named():
    a = simple3().assign(region="north")
    b = simple3().assign(region="south")
    b = b[b["C"] == 0]  # list C is empty in the south: two lists remain there
    tab = pd.concat([a, b], ignore_index=True)
    with pytest.raises(SparseDataError, match="region=south") as info:
        estimate_stratified(LogLinear(), tab, by=["region"], seed=1)
    assert "at least 3 lists" in str(info.value)
    # the independence model is identified there and still runs
    res = estimate_stratified(LogLinear(max_order=1), tab, by=["region"], seed=1)
    assert len(res.table) == 2
