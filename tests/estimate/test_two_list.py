from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from undercount.errors import EstimationError, NotFittedError, SparseDataError
from undercount.estimate import Chapman

from .conftest import load


def two(n1only=60, n2only=40, both=20):
    return pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "count": [n1only, n2only, both]})


def test_chapman_formula_and_variance():
    est = Chapman().fit(two())
    # (n1+1)(n2+1)/(m+1) - 1 with n1=80, n2=60, m=20
    assert est.estimate_ == pytest.approx(81 * 61 / 21 - 1)
    var = 81 * 61 * 60 * 40 / (21**2 * 22)
    assert est.se_ == pytest.approx(np.sqrt(var))
    lo, hi = est.interval_
    assert est.documented_ == 120 <= lo < est.estimate_ < hi


def test_wald_interval():
    est = Chapman(interval="wald").fit(two())
    z = 1.959963984540054
    assert est.interval_[1] == pytest.approx(est.estimate_ + z * est.se_)


def test_chapman_no_overlap_refuses():
    with pytest.raises(SparseDataError, match="share no individuals"):
        Chapman().fit(two(both=0))


def test_chapman_needs_a_pair_for_more_lists():
    df = load("kosovo_4list")
    with pytest.raises(EstimationError, match="exactly two lists"):
        Chapman().fit(df)
    est = Chapman(lists=("ABA", "OSCE")).fit(df)
    assert est.pair_ == ("ABA", "OSCE")
    with pytest.raises(EstimationError, match="two different list"):
        Chapman(lists=("ABA", "nope")).fit(df)


def test_chapman_unbiased_in_simulation():
    rng = np.random.default_rng(3)
    n_true, p1, p2 = 2000, 0.3, 0.2
    ests, cover = [], 0
    for _ in range(150):
        a = rng.random(n_true) < p1
        b = rng.random(n_true) < p2
        df = pd.DataFrame(
            {
                "A": [1, 0, 1],
                "B": [0, 1, 1],
                "count": [int((a & ~b).sum()), int((~a & b).sum()), int((a & b).sum())],
            }
        )
        est = Chapman().fit(df)
        ests.append(est.estimate_)
        cover += est.interval_[0] <= n_true <= est.interval_[1]
    assert np.mean(ests) == pytest.approx(n_true, rel=0.02)
    assert 0.9 <= cover / 150 <= 0.99


def test_unfitted_and_draws():
    with pytest.raises(NotFittedError, match="not fitted"):
        Chapman().summary()
    est = Chapman().fit(two())
    d = est.draws(500, np.random.default_rng(0))
    assert np.median(d) == pytest.approx(est.estimate_, rel=0.1)
    assert "chapman" in est.summary()
