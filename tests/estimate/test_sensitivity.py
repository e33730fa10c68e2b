"""Hidden-group sensitivity table: checked on simulated lists with a known hidden group."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from undercount.errors import EstimationError
from undercount.estimate.api import run_estimate
from undercount.estimate.histories import Histories
from undercount.estimate.sensitivity import hidden_group_sensitivity, two_group_total


def simulate(n: int, share: float, ratio: float, p: list[float], seed: int) -> pd.DataFrame:
    """Capture histories of ``n`` people: a hidden ``share`` is on list j with probability
    p_j / ratio, the others with p_j; lists independent within each group."""
    rng = np.random.default_rng(seed)
    hidden = np.arange(n) < round(n * share)
    prob = np.where(hidden[:, None], np.array(p) / ratio, np.array(p))
    cap = rng.random((n, len(p))) < prob
    cap = cap[cap.any(axis=1)]
    df = pd.DataFrame(cap.astype(int), columns=[f"L{j}" for j in range(len(p))])
    return df.value_counts().rename("count").reset_index()


@pytest.mark.parametrize(
    ("share", "ratio", "p", "seed"),
    [
        (0.25, 10.0, [0.3, 0.35, 0.25, 0.4], 11),
        (0.5, 3.0, [0.3, 0.2, 0.25], 12),
        (0.1, 10.0, [0.5, 0.4, 0.3], 13),
    ],
)
def test_table_entry_recovers_true_total(share, ratio, p, seed):
    truth = 10_000
    table = simulate(truth, share, ratio, p, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = run_estimate(table, seed=0, checks=False)
    # the default estimate misses the hidden group ...
    assert out.interval[1] < truth
    rows = {(r.share, r.ratio): r for r in out.sensitivity}
    assert set(rows) == {(x, y) for x in (0.1, 0.25, 0.5) for y in (3.0, 10.0)}
    # ... the table's entry for the true scenario finds it
    hit = rows[(share, ratio)]
    assert abs(hit.estimate - truth) / truth < 0.10
    assert hit.low < hit.estimate < hit.high
    # every row raises the total, more for a larger or harder-to-record group
    assert all(r.factor > 1 for r in rows.values())
    assert rows[(0.5, 10.0)].estimate > rows[(0.25, 10.0)].estimate > rows[(0.25, 3.0)].estimate


def test_ratio_one_gives_the_fitted_estimate():
    table = simulate(5_000, 0.3, 5.0, [0.3, 0.4, 0.35], 21)
    h = Histories.from_frame(table)
    rows = hidden_group_sensitivity(h, 4321.0, (4000.0, 4700.0), shares=(0.1, 0.5), ratios=(1,))
    assert [r.estimate for r in rows] == pytest.approx([4321.0, 4321.0])
    assert rows[0].low == pytest.approx(4000.0) and rows[0].high == pytest.approx(4700.0)


def test_two_group_total_is_darroch_without_a_hidden_group():
    # independence (Darroch 1958): n = N (1 - prod(1 - n_j / N)); solve and check the equation
    sizes, seen = [400.0, 300.0, 500.0], 900.0
    n = two_group_total(sizes, seen, 0.0, 1.0)
    assert n * (1 - np.prod(1 - np.array(sizes) / n)) == pytest.approx(seen)
    assert two_group_total(sizes, seen, 0.3, 1.0) == pytest.approx(n)
    assert two_group_total(sizes, seen, 0.3, 4.0) > n


def test_no_overlap_and_bad_input():
    assert math.isinf(two_group_total([10.0, 20.0], 30.0, 0.1, 3.0))
    with pytest.raises(EstimationError, match="share"):
        two_group_total([10.0, 20.0], 25.0, 1.0, 3.0)
    with pytest.raises(EstimationError, match="ratio"):
        two_group_total([10.0, 20.0], 25.0, 0.1, 0.5)
    with pytest.raises(EstimationError, match="list sizes"):
        two_group_total([10.0, 40.0], 25.0, 0.1, 3.0)
    no_overlap = Histories.from_frame(
        pd.DataFrame({"A": [1, 0, 0], "B": [0, 1, 0], "C": [0, 0, 1], "count": [5, 6, 7]})
    )
    assert hidden_group_sensitivity(no_overlap, 100.0, (50.0, 200.0)) == []


def test_two_lists_have_no_table():
    table = pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "count": [60, 40, 20]})
    assert run_estimate(table, checks=False).sensitivity == []
