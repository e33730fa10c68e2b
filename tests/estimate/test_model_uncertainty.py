"""Issue 14, item 3: the log-linear interval accounts for model selection by default."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from undercount.estimate import LogLinear

from .conftest import load


def test_selection_interval_contains_conditional_and_is_reproducible():
    df = load("kosovo_4list")
    sel = LogLinear().fit(df)
    cond = LogLinear(interval="profile").fit(df)
    assert sel.estimate_ == cond.estimate_
    assert sel.model_ == cond.model_
    lo, hi = sel.interval_
    clo, chi = cond.interval_
    assert lo <= clo and hi >= chi
    assert sel.diagnostics_["conditional_interval"] == pytest.approx([clo, chi])
    assert sel.diagnostics_["selection_bootstrap"]["replicates"] >= 150
    assert LogLinear().fit(df).interval_ == sel.interval_
    assert LogLinear(seed=7).fit(df).interval_ != sel.interval_


def test_one_candidate_model_has_no_selection_to_account_for():
    df = load("kosovo_4list")
    a = LogLinear(max_order=1).fit(df)
    b = LogLinear(max_order=1, interval="profile").fit(df)
    assert a.interval_ == b.interval_
    assert len(a.bootstrap_) == 0


def _dependent_three_lists(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Three lists, B depends on A, a mild latent group: the selected model varies."""
    hard = rng.random(n) < 0.4
    p = np.where(hard[:, None], [0.12, 0.1, 0.15], [0.35, 0.3, 0.4])
    caps = rng.random((n, 3)) < p
    caps[:, 1] |= caps[:, 0] & (rng.random(n) < 0.15)
    seen = caps.any(axis=1)
    df = pd.DataFrame(caps[seen].astype(int), columns=["A", "B", "C"])
    return df.value_counts().rename("count").reset_index()


def test_selection_interval_covers_more_often_than_conditional():
    """Simulation with known truth: accounting for selection does not lose coverage and
    gains it where the selected model is unstable (40 populations of 1,500)."""
    rng = np.random.default_rng(11)
    n_true = 1500
    sel_cover = cond_cover = 0
    for _ in range(40):
        df = _dependent_three_lists(rng, n_true)
        s = LogLinear(n_boot=100).fit(df)
        lo, hi = s.interval_
        clo, chi = s.diagnostics_["conditional_interval"]
        sel_cover += lo <= n_true <= hi
        cond_cover += clo <= n_true <= chi
    assert sel_cover >= cond_cover
    assert sel_cover > cond_cover or sel_cover >= 36
