from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from undercount.errors import EstimationError, SparseDataError
from undercount.estimate import (
    DGA,
    LCMCR,
    Chapman,
    LogLinear,
    SparseStratumWarning,
    estimate_stratified,
)

from .conftest import load


@pytest.fixture(scope="module")
def spina():
    df = load("spina_bifida_ny_3list_by_ethnicity")
    return df[df["eth"] != "other"]


def test_loglinear_strata_sum(spina):
    res = estimate_stratified(LogLinear(), spina, by=["eth"], seed=1)
    assert list(res.table["stratum"]) == ["eth=afro-american", "eth=caucasian"]
    assert res.estimate == pytest.approx(res.table["estimate"].sum())
    assert res.documented == 619
    assert res.interval[0] < res.estimate < res.interval[1]
    runs = res.to_runs()
    assert [label for label, _ in runs] == ["eth=afro-american", "eth=caucasian", None]
    assert runs[-1][1].strata["by"] == ["eth"]
    assert "eth=caucasian" in res.summary()


@pytest.mark.filterwarnings("ignore::undercount.estimate.ConvergenceWarning")
@pytest.mark.parametrize("est", [DGA(), LCMCR(seed=2, burnin=3000, n_samples=500, thinning=2)])
def test_bayesian_strata_sum_draws(spina, est):
    res = estimate_stratified(est, spina, by="eth", seed=1)
    assert len(res.draws) == 2000
    assert res.estimate == pytest.approx(np.median(res.draws))
    # the total is about the sum of the parts
    assert res.estimate == pytest.approx(res.table["estimate"].sum(), rel=0.1)


def test_same_seed_same_combination(spina):
    a = estimate_stratified(Chapman(lists=("S1", "S2")), spina, by=["eth"], seed=4)
    b = estimate_stratified(Chapman(lists=("S1", "S2")), spina, by=["eth"], seed=4)
    assert a.interval == b.interval


def test_sparse_stratum_warns_and_failing_stratum_is_named():
    df = load("spina_bifida_ny_3list_by_ethnicity")
    # eth=other has two non-empty lists: DGA's graphs beyond independence are not identified
    with pytest.raises(SparseDataError, match="Stratum eth=other.*at least 3 lists"):
        with pytest.warns(SparseStratumWarning, match="eth=other"):
            estimate_stratified(DGA(), df, by=["eth"], seed=1)
    with pytest.raises(SparseDataError, match="Stratum eth=other"):
        with pytest.warns(SparseStratumWarning):
            estimate_stratified(LogLinear(), df, by=["eth"], seed=1)


def test_empty_list_in_stratum_is_dropped():
    df = pd.DataFrame(
        {
            "A": [1, 0, 0, 1, 1, 0, 1, 1, 0, 1],
            "B": [0, 1, 0, 1, 0, 1, 1, 0, 1, 1],
            "C": [0, 0, 1, 0, 1, 1, 1, 0, 0, 0],
            "region": ["n"] * 7 + ["s"] * 3,
            "count": [40, 30, 20, 10, 8, 6, 3, 50, 40, 20],
        }
    )
    with pytest.raises(SparseDataError, match="Stratum region=s.*at least 3 lists"):
        estimate_stratified(LogLinear(), df, by=["region"], seed=0)
    res = estimate_stratified(LogLinear(max_order=1), df, by=["region"], seed=0)
    assert "left out" in res.warnings[0]
    assert res.estimators["region=s"].lists_ == ("A", "B")


def test_unknown_stratum_column():
    with pytest.raises(EstimationError, match="not stratum columns"):
        estimate_stratified(LogLinear(), load("kosovo_4list"), by=["province"])


def test_scotland_by_region():
    res = estimate_stratified(LogLinear(), load("scotland_pwid_4list_by_covariates"), by=["Region"])
    assert len(res.table) == 2 and res.documented == 5670


def test_stratum_without_overlap_is_reported_while_the_others_go_on():
    from undercount.estimate.api import run_estimate

    df = load("spina_bifida_ny_3list_by_ethnicity")
    with pytest.warns(SparseStratumWarning):
        res = estimate_stratified(LogLinear(), df, by=["eth"], seed=1, skip_unestimable=True)
    assert list(res.not_estimable) == ["eth=other"]
    assert "at least 3 lists" in res.not_estimable["eth=other"]
    other = res.table.set_index("stratum").loc["eth=other"]
    assert np.isnan(other["estimate"]) and other["model"] == "not estimable"
    # the stratum's documented people enter the total as they are (a floor for it)
    fitted = res.table.dropna(subset=["estimate"])
    assert res.estimate == pytest.approx(fitted["estimate"].sum() + other["documented"])
    assert res.interval[0] >= res.documented
    # the command line's path: the estimate goes on and the first check names the stratum
    out = run_estimate(df, by=["eth"], seed=1)
    first = out.checks[0]
    assert first.code == "stratum_not_estimable" and "eth=other" in first.message
    assert "Merge" in first.action and out.warnings[0].startswith("Not estimable")


def test_no_estimable_stratum_stops_with_every_reason():
    df = pd.DataFrame(
        {
            "A": [1, 0, 1, 0],
            "B": [0, 1, 0, 1],
            "region": ["n", "n", "s", "s"],
            "count": [30, 32, 27, 29],
        }
    )
    with pytest.raises(SparseDataError, match="No stratum can be estimated.*region=n.*region=s"):
        estimate_stratified(Chapman(), df, by=["region"], seed=0, skip_unestimable=True)
