from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from undercount.errors import EstimationError, SparseDataError
from undercount.estimate import IdentifiabilityWarning, LogLinear
from undercount.estimate._glm import design, enumerate_models, fit_batch, interaction_terms
from undercount.estimate.histories import Histories

from .conftest import load, simple3


@pytest.mark.parametrize(
    "name", ["kosovo_4list", "western_us_5list", "madigan_york_5list_dga_example"]
)
def test_batched_irls_matches_statsmodels(name):
    h = Histories.from_frame(load(name))
    terms = interaction_terms(h.k, 2)
    x = design(h.k, terms)
    y = h.cells[1:].astype(float)
    rng = np.random.default_rng(0)
    masks = np.zeros((6, x.shape[1]), dtype=bool)
    masks[:, : h.k + 1] = True
    # only models whose MLE exists (terms with a positive margin)
    pos = [i for i, t in enumerate(terms) if (x[:, h.k + 1 + i] * y).sum() > 0]
    for row in masks[1:]:
        row[[h.k + 1 + i for i in rng.choice(pos, size=3, replace=False)]] = True
    res = fit_batch(x, y, masks)
    for i, m in enumerate(masks):
        ref = sm.GLM(y, x[:, m], family=sm.families.Poisson()).fit()
        np.testing.assert_allclose(res.beta[i][m], ref.params, rtol=1e-5, atol=1e-6)
        assert res.loglik[i] == pytest.approx(ref.llf, rel=1e-8)
        assert res.se0[i] == pytest.approx(ref.bse[0], rel=1e-4)


def test_model_space_sizes():
    assert len(enumerate_models(3, 2, 10**6)) == 8
    assert len(enumerate_models(4, 2, 10**6)) == 64
    assert len(enumerate_models(5, 2, 10**6)) == 1024
    # 4 lists, order 3: every pair-set plus the admissible triples
    m4 = enumerate_models(4, 3, 10**6)
    assert len(m4) == len(set(m4)) and len(m4) > 64
    assert enumerate_models(6, 2, 1000) is None


def test_independence_is_closed_form():
    # two lists: the independence MLE is the Lincoln-Petersen n1 n2 / m
    df = pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "count": [60, 40, 20]})
    est = LogLinear(max_order=1).fit(df)
    assert est.estimate_ == pytest.approx(80 * 60 / 20)
    lo, hi = est.interval_
    assert 120 < lo < est.estimate_ < hi


def test_selected_model_and_attributes():
    est = LogLinear(criterion="aic").fit(load("kosovo_4list"))
    assert est.model_ == (
        ("ABA", "EXH"),
        ("ABA", "OSCE"),
        ("EXH", "HRW"),
        ("EXH", "OSCE"),
        ("HRW", "OSCE"),
    )
    assert est.diagnostics_["n_models"] == 64
    assert est.models_["weight"].sum() == pytest.approx(1)
    assert est.models_.iloc[0]["estimate"] == pytest.approx(est.estimate_)
    run = est.to_run()
    assert run.method == "loglinear" and run.parameters["criterion"] == "aic"
    assert run.interval.low == est.interval_[0] and len(run.input_hash) == 64


def test_fixed_terms_and_order3():
    df = load("kosovo_4list")
    fixed = LogLinear(terms=[("ABA", "EXH"), ("HRW", "OSCE")]).fit(df)
    assert fixed.diagnostics_["search"] == "fixed"
    assert fixed.model_ == (("ABA", "EXH"), ("HRW", "OSCE"))
    with pytest.raises(EstimationError, match="hierarchical"):
        LogLinear(terms=[("ABA", "EXH", "HRW")]).fit(df)
    with pytest.raises(EstimationError, match="must name"):
        LogLinear(terms=[("ABA", "nope")]).fit(df)
    est3 = LogLinear(max_order=3, criterion="aic").fit(df)
    assert est3.diagnostics_["n_models"] > 64
    assert est3.estimate_ > est3.documented_


def test_saturated_order_warns():
    with pytest.warns(IdentifiabilityWarning, match="3-way interaction"):
        LogLinear(max_order=3).fit(simple3())


def test_average_and_aicc():
    df = load("madigan_york_5list_dga_example")
    avg = LogLinear(criterion="aic", average=True).fit(df)
    # the point estimates do not depend on the interval: skip the selection bootstrap
    best = LogLinear(criterion="aic", interval="profile").fit(df)
    assert avg.estimate_ != best.estimate_
    assert avg.interval_[0] < avg.estimate_ < avg.interval_[1]
    aicc = LogLinear(criterion="aicc", interval="profile").fit(df)
    assert aicc.estimate_ > df["count"].sum()


def test_stepwise_for_large_spaces():
    # the selected model and estimate do not depend on the interval: skip the bootstrap
    est = LogLinear(criterion="bic", interval="profile").fit(load("new_orleans_8list"))
    assert est.diagnostics_["search"] == "stepwise"
    # Bales, Murphy & Silverman (2020) report 1184 for this table
    assert est.estimate_ == pytest.approx(1184, rel=0.01)


def test_no_overlap_refuses():
    with pytest.raises(SparseDataError, match="share no individuals"):
        LogLinear().fit(load("artificial_3list"))


def test_bad_params_raise_in_fit_not_init():
    est = LogLinear(criterion="nope", max_order=0)
    with pytest.raises(EstimationError) as info:
        est.fit(simple3())
    assert len(info.value.context["problems"]) == 2


def test_recovers_known_truth_with_dependence():
    rng = np.random.default_rng(11)
    n_true, k = 5000, 4
    p = np.array([0.25, 0.2, 0.3, 0.15])
    estimates, covered = [], 0
    for _ in range(20):
        caps = rng.random((n_true, k)) < p
        # positive dependence between lists 0 and 1
        caps[:, 1] |= caps[:, 0] & (rng.random(n_true) < 0.3)
        seen = caps.any(axis=1)
        df = (
            pd.DataFrame(caps[seen].astype(int), columns=list("ABCD"))
            .value_counts()
            .rename("count")
            .reset_index()
        )
        est = LogLinear(criterion="bic").fit(df)
        estimates.append(est.estimate_)
        covered += est.interval_[0] <= n_true <= est.interval_[1]
    assert np.median(estimates) == pytest.approx(n_true, rel=0.05)
    assert covered >= 15


def test_draws_centre_on_estimate():
    est = LogLinear().fit(load("korea_3list"))
    d = est.draws(200, np.random.default_rng(1))
    assert np.median(d) == pytest.approx(est.estimate_, rel=0.1)


def test_all_order2_models_are_hierarchical_subsets():
    models = enumerate_models(4, 2, 10**6)
    pairs = set(itertools.combinations(range(4), 2))
    assert all(m <= pairs for m in models)
