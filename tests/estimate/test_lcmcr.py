from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from undercount.errors import SparseDataError
from undercount.estimate import LCMCR, ConvergenceWarning, LogLinear
from undercount.estimate._lcmcr_kernels import get_numba_kernel, gibbs_numpy
from undercount.estimate.diagnostics import ess, rhat
from undercount.estimate.histories import Histories

from .conftest import load


def _inputs(name):
    h = Histories.from_frame(load(name))
    keep = h.cells[1:] > 0
    return h, h.patterns[1:][keep].astype(np.int64), h.cells[1:][keep].astype(np.int64)


@pytest.mark.numba
def test_numba_kernel_matches_numpy_reference():
    h, x, c = _inputs("spina_bifida_ny_3list")
    kernel = get_numba_kernel()
    assert kernel is not None
    # 1,000 burn-in and 2,000 draws thinned by 5: the pure-numpy reference is slow
    a = kernel(x, c, 10, 0.25, 0.25, 1000, 2000, 5, 20 * h.n, 5)
    b = gibbs_numpy(x, c, 10, 0.25, 0.25, 1000, 2000, 5, 20 * h.n, 5)
    assert np.median(a[0]) == pytest.approx(np.median(b[0]), rel=0.02)
    for q in (0.1, 0.9):
        assert np.quantile(a[0], q) == pytest.approx(np.quantile(b[0], q), rel=0.06)
    assert np.all(a[0] >= h.n) and np.all(b[0] >= h.n)


@pytest.mark.numba
def test_single_class_matches_exact_posterior():
    """With one class LCMCR is the independence model; its posterior is known exactly."""
    from scipy.special import betaln, gammaln

    h, x, c = _inputs("western_us_5list")
    nj = (h.patterns * h.cells[:, None]).sum(axis=0)
    n0 = np.arange(0, 20 * h.n)
    big_n = h.n + n0
    lp = -np.log(big_n) + gammaln(big_n + 1) - gammaln(n0 + 1)
    lp += sum(betaln(v + 1, big_n - v + 1) for v in nj)
    p = np.exp(lp - lp.max())
    cdf = np.cumsum(p) / p.sum()
    exact_median = big_n[np.searchsorted(cdf, 0.5)]
    draws = get_numba_kernel()(x, c, 1, 0.25, 0.25, 2000, 10000, 3, 20 * h.n, 3)[0]
    assert np.median(draws) == pytest.approx(exact_median, rel=0.02)
    slow = gibbs_numpy(x, c, 1, 0.25, 0.25, 500, 3000, 1, 20 * h.n, 3)[0]
    assert np.median(slow) == pytest.approx(exact_median, rel=0.03)


@pytest.mark.filterwarnings("ignore::undercount.estimate.ConvergenceWarning")
def test_numpy_backend_and_traces():
    est = LCMCR(seed=3, burnin=300, n_samples=100, thinning=2, n_chains=2, backend="numpy")
    est.fit(load("korea_3list"))
    assert est.diagnostics_["backend"] == "numpy"
    assert est.trace_["N"].shape == (2, 100)
    assert est.samples_.shape == (200,)
    assert est.to_run().seed == 3


@pytest.mark.filterwarnings("ignore::undercount.estimate.ConvergenceWarning")
def test_seed_none_is_recorded():
    est = LCMCR(burnin=200, n_samples=50, thinning=1, n_chains=2).fit(load("korea_3list"))
    assert isinstance(est.seed_, int)
    again = LCMCR(seed=est.seed_, burnin=200, n_samples=50, thinning=1, n_chains=2)
    assert again.fit(load("korea_3list")).estimate_ == est.estimate_
    assert est.to_run().seed == est.seed_


def test_recovers_truth_with_heterogeneity():
    rng = np.random.default_rng(5)
    n_true = 3000
    # two latent groups with different catchability: independence underestimates
    hard = rng.random(n_true) < 0.5
    p = np.where(hard[:, None], [0.15, 0.2, 0.12, 0.2, 0.15], [0.5, 0.4, 0.45, 0.35, 0.5])
    caps = rng.random((n_true, 5)) < p
    seen = caps.any(axis=1)
    df = (
        pd.DataFrame(caps[seen].astype(int), columns=list("ABCDE"))
        .value_counts()
        .rename("count")
        .reset_index()
    )
    est = LCMCR(seed=2, burnin=20000, n_samples=500, thinning=10).fit(df)
    naive = LogLinear(max_order=1).fit(df).estimate_
    assert abs(est.estimate_ - n_true) < abs(naive - n_true)
    assert est.estimate_ == pytest.approx(n_true, rel=0.15)
    assert est.interval_[0] <= n_true <= est.interval_[1]


def test_diagnostics_and_warning():
    est = LCMCR(seed=1, burnin=1000, n_samples=300, thinning=2).fit(load("korea_3list"))
    d = est.diagnostics_
    assert {"rhat", "ess", "chain_medians", "n0_cap_hits"} <= set(d)
    assert d["ess"] > 10
    # chains that sit in different places give a large R-hat
    chains = np.vstack(
        [np.random.default_rng(0).normal(0, 1, 500), np.random.default_rng(1).normal(3, 1, 500)]
    )
    assert rhat(chains) > 1.5
    iid = np.random.default_rng(2).normal(size=(4, 1000))
    assert rhat(iid) < 1.02
    assert 2000 < ess(iid) <= 6000
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        LCMCR(seed=1, burnin=0, n_samples=30, thinning=1, n_chains=4).fit(load("uk_5list"))
    assert any(issubclass(w.category, ConvergenceWarning) for w in caught)


def test_no_overlap_refuses():
    with pytest.raises(SparseDataError):
        LCMCR(seed=1, burnin=10, n_samples=10).fit(load("artificial_3list"))


@pytest.mark.slow
@pytest.mark.numba
def test_two_class_gibbs_matches_independent_metropolis():
    """K* = 2 with alpha pinned at 1: with p(N) ~ 1/N, the posterior of the class parameters
    is the prior times the conditional likelihood of the observed patterns, so a random-walk
    Metropolis sampler of those parameters, followed by N | theta ~ n + NegBin(n, 1 - p0), is
    an independent route to the same posterior of N."""
    from scipy.special import expit

    h, x, c = _inputs("western_us_5list")
    n, j, k = h.n, x.shape[1], 2

    def logpost(th):
        v = expit(th[0])
        lam = expit(th[1:].reshape(j, k))
        pi = np.array([v, 1 - v])
        pw = (np.exp(x @ np.log(lam) + (1 - x) @ np.log(1 - lam)) * pi).sum(axis=1)
        p0 = float((pi * np.prod(1 - lam, axis=0)).sum())
        u = np.concatenate([[v], lam.ravel()])
        return (c * np.log(pw)).sum() - n * np.log(1 - p0) + np.sum(np.log(u * (1 - u))), p0

    rng = np.random.default_rng(0)
    th = rng.normal(0, 1, 1 + j * k)
    lp, p0 = logpost(th)
    draws = []
    for it in range(300_000):
        prop = th + rng.normal(0, 0.05, th.size)
        lq, q0 = logpost(prop)
        if np.log(rng.random()) < lq - lp:
            th, lp, p0 = prop, lq, q0
        if it > 50_000 and it % 20 == 0:
            draws.append(n + rng.negative_binomial(n, 1 - p0))
    gibbs = get_numba_kernel()(x, c, k, 1e4, 1e4, 20000, 20000, 10, 20 * n, 1)[0]
    assert np.median(gibbs) == pytest.approx(np.median(draws), rel=0.04)
    assert np.quantile(gibbs, 0.9) == pytest.approx(np.quantile(draws, 0.9), rel=0.06)
