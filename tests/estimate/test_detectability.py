"""The oracle of benchmarks/detectability.py (issue 14): its two-class fit is a maximum of the
likelihood, and the trace of a hidden group against the all-pairs model is as documented."""

from __future__ import annotations

import numpy as np
import pandas as pd
from benchmarks.detectability import _projection, conditional_loglik, cov, two_class_fit

from undercount.estimate._glm import interaction_terms
from undercount.estimate.histories import Histories


def _latent(k: int, n: int, seed: int) -> tuple[Histories, np.ndarray]:
    sc = cov.Scenario(0, "latent", n, k, seed)
    caps, _, truth = cov.draw(sc)
    seen = caps.any(axis=1)
    df = pd.DataFrame(caps[seen].astype(int), columns=[f"L{j + 1}" for j in range(k)])
    h = Histories.from_frame(df.value_counts().rename("count").reset_index())
    return h, truth.cell_probabilities(h.patterns.astype(int))


def test_two_class_fit_is_at_least_as_likely_as_the_truth():
    for seed in (1, 2, 3):
        h, q = _latent(4, 3000, seed)
        ll, total = two_class_fit(h, np.random.default_rng(0))
        y = h.cells[1:].astype(float)
        assert ll >= conditional_loglik(y, q[1:]) - 1e-6
        assert total >= h.n
        assert (ll, total) == two_class_fit(h, np.random.default_rng(0))


def test_hidden_group_leaves_no_trace_against_the_all_pairs_model_with_three_lists():
    """With 3 lists the all-pairs model is saturated: lambda is 0 whatever the truth. With 5
    lists it is positive, and that model's total on the truth's expected table is below the
    truth (a homogeneous model that mimics the hidden group's table undercounts)."""
    for k in (3, 5):
        h, q = _latent(k, 4000, 7)
        lam, total = _projection(h, 4000 * q[1:], interaction_terms(k, 2))
        assert (lam < 1e-6) if k == 3 else (lam > 0)
        assert total < 4000
