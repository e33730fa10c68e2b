"""One conformance suite over every estimator (scikit-learn's parametrize_with_checks idea)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from undercount.errors import EstimationError, NotFittedError
from undercount.estimate import DGA, LCMCR, Chapman, LogLinear
from undercount.estimate.histories import input_hash
from undercount.model import EstimateRun

from .conftest import load, simple3


def fast_lcmcr(seed=7):
    return LCMCR(seed=seed, burnin=1500, n_samples=300, thinning=3, n_chains=2)


ESTIMATORS = [
    pytest.param(lambda: Chapman(lists=("A", "B")), id="chapman"),
    pytest.param(lambda: LogLinear(), id="loglinear-bic"),
    pytest.param(lambda: LogLinear(max_order=1), id="loglinear-independence"),
    pytest.param(lambda: LogLinear(criterion="aic", average=True), id="loglinear-averaged"),
    pytest.param(lambda: DGA(), id="dga"),
    pytest.param(fast_lcmcr, id="lcmcr"),
]


@pytest.fixture(scope="module")
def data():
    return simple3()


@pytest.mark.parametrize("make", ESTIMATORS)
def test_fit_returns_self(make, data):
    est = make()
    assert est.fit(data) is est


@pytest.mark.parametrize("make", ESTIMATORS)
def test_init_has_no_logic_and_params_roundtrip(make):
    est = make()
    params = est.get_params()
    assert type(est)(**params).get_params() == params
    assert est.set_params(**params) is est
    with pytest.raises(ValueError, match="Invalid parameter"):
        est.set_params(not_a_param=1)
    assert not any(k.endswith("_") for k in vars(est))
    assert type(est).__name__ in repr(est)


@pytest.mark.parametrize("make", ESTIMATORS)
def test_unfitted_raises(make):
    est = make()
    for call in (est.summary, est.to_run, lambda: est.result_):
        with pytest.raises(NotFittedError, match="not fitted yet"):
            call()


@pytest.mark.parametrize("make", ESTIMATORS)
def test_refit_is_idempotent(make, data):
    est = make().fit(data)
    first = (est.estimate_, est.interval_)
    est.fit(data)
    assert (est.estimate_, est.interval_) == first


@pytest.mark.parametrize("make", ESTIMATORS)
def test_same_seed_same_result(make, data):
    a, b = make().fit(data), make().fit(data)
    assert a.estimate_ == b.estimate_ and a.interval_ == b.interval_


@pytest.mark.parametrize("make", ESTIMATORS)
def test_list_order_does_not_matter(make, data):
    a = make().fit(data)
    b = make().fit(data[["C", "count", "B", "A"]].iloc[::-1])
    assert b.estimate_ == pytest.approx(a.estimate_, rel=1e-6)
    assert b.interval_[0] == pytest.approx(a.interval_[0], rel=1e-5)
    assert b.interval_[1] == pytest.approx(a.interval_[1], rel=1e-5)


@pytest.mark.parametrize("make", ESTIMATORS)
def test_fitted_contract(make, data):
    est = make().fit(data)
    assert est.documented_ >= 1
    lo, hi = est.interval_
    assert lo <= est.estimate_ <= hi
    assert isinstance(est.diagnostics_, dict) and est.method
    assert est.method in est.summary()
    run = est.to_run()
    assert isinstance(run, EstimateRun)
    assert run.method == est.method and run.estimate == est.estimate_
    assert run.interval.level == 0.95 and run.interval.low == lo
    assert run.input_hash == est.input_hash_
    if est.method != "chapman":
        assert run.input_hash == input_hash(data)
    assert est.result_.n_hat == est.estimate_


@pytest.mark.parametrize("make", ESTIMATORS)
def test_validation_happens_in_fit(make, data):
    est = make().set_params(level=1.5)
    with pytest.raises(EstimationError, match="level"):
        est.fit(data)


@st.composite
def tables(draw):
    k = draw(st.integers(3, 4))
    counts = draw(st.lists(st.integers(0, 60), min_size=2**k - 1, max_size=2**k - 1))
    idx = np.arange(1, 2**k)
    pat = (idx[:, None] >> np.arange(k)) & 1
    df = pd.DataFrame(pat, columns=[f"L{j}" for j in range(k)])
    df["count"] = counts
    # every pair of lists overlaps: add the all-lists pattern
    df.loc[df.index[-1], "count"] += draw(st.integers(1, 20))
    for j in range(k):  # every list has somebody seen only there
        df.loc[2**j - 1, "count"] += 1
    return df


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_estimate_at_least_documented(df):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for est in (LogLinear(n_boot=20), LogLinear(max_order=1), DGA(grid_size=2000)):
            est.fit(df)
            assert est.estimate_ >= df["count"].sum() - 1e-9
            assert est.interval_[0] >= df["count"].sum() - 1e-9


@settings(max_examples=5, deadline=None)
@given(tables())
def test_lcmcr_at_least_documented(df):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = LCMCR(seed=1, burnin=200, n_samples=50, thinning=1, n_chains=1).fit(df)
    assert est.samples_.min() >= df["count"].sum()


def test_reference_dataset_runs_in_conformance():
    est = LogLinear().fit(load("korea_3list"))
    assert est.estimate_ >= 123
