"""How much a hidden group that every list under-records would change the total.

No check can see a group of people that almost no list records (docs/methods.md, "Checks").
What can be said is how large the total would be if such a group existed. This module
answers: *if a hidden group of x% of the population were y times harder for every list to
record, the total would be about T.*

The model has two groups and lists that are independent within each group:

* the visible group, a share ``1 - x`` of the population N, is on list j with probability
  ``p_j``;
* the hidden group, a share ``x``, is on list j with probability ``p_j / y``.

Two facts from the lists pin down N and the p_j for given x and y (a method of moments):

* list j's size: ``n_j = N p_j (1 - x + x / y)``, so ``p_j = n_j / (N (1 - x + x / y))``;
* the number of people seen on at least one list:
  ``n = N [(1 - x)(1 - prod_j (1 - p_j)) + x (1 - prod_j (1 - p_j / y))]``.

Put the first into the second and solve for N (the right-hand side increases with N, so the
root is unique; there is none when no one is on two lists). Call that total ``M(x, y)``. With
y = 1 it is Darroch's (1958) independence estimate ``M_0``, whatever x.

The fitted model may already account for dependence between lists, so the table does not
report ``M(x, y)`` itself but scales the fitted estimate by how much the hidden group raises
the two-group total: ``T(x, y) = N_hat * M(x, y) / M_0`` (and the interval's ends by the
same factor). With y = 1 the factor is 1 and the table gives the fitted estimate; when the
fitted model is independence (``N_hat = M_0``), ``T = M(x, y)``.

These are scenarios, not estimates: the lists cannot tell which row, if any, is true. They
show how far the figure could be from the truth if such a group is plausible, which is why
every estimate on three or more lists is to be read as a lower bound.

References
----------
.. [1] Darroch, J. N. (1958). The multiple-recapture census: I. Estimation of a closed
   population. *Biometrika* 45:343-359.
.. [2] Link, W. A. (2003). Nonidentifiability of population size from capture-recapture
   data with heterogeneous detection probabilities. *Biometrics* 59:1123-1130.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq

from undercount.errors import EstimationError
from undercount.estimate.histories import Histories

__all__ = ["SHARES", "RATIOS", "SensitivityRow", "hidden_group_sensitivity", "two_group_total"]

#: Hidden group's share of the population in the default table.
SHARES = (0.10, 0.25, 0.50)
#: How many times harder the hidden group is to record, on every list.
RATIOS = (3.0, 10.0)


@dataclass(frozen=True)
class SensitivityRow:
    """One scenario: a hidden group of ``share`` of the population, ``ratio`` times harder
    to record on every list, would put the total at ``estimate`` (``low`` to ``high``);
    ``factor`` is estimate / fitted estimate."""

    share: float
    ratio: float
    factor: float
    estimate: float
    low: float
    high: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def two_group_total(
    list_sizes: Sequence[float], observed: float, share: float, ratio: float
) -> float:
    """``M(x, y)`` of the module docstring: the total N at which a two-group population
    (a hidden ``share`` x recorded ``ratio`` y times less often on every list) is expected
    to give these list sizes and this number of people seen at least once.

    Returns ``inf`` when the lists do not overlap (the sizes add up to the number observed).
    """
    if not 0 <= share < 1:
        raise EstimationError(f"hidden-group share must be in [0, 1), got {share}.")
    if not ratio >= 1:
        raise EstimationError(f"capture ratio must be 1 or more, got {ratio}.")
    nj = np.asarray(list_sizes, dtype=float)
    if observed <= 0 or nj.size == 0 or (nj < 0).any() or (nj > observed).any():
        raise EstimationError(
            "list sizes must be between 0 and the number of people observed, which must be "
            "positive; check the capture histories."
        )
    if nj.sum() <= observed:
        return math.inf
    scale = 1 - share + share / ratio

    def excess(n: float) -> float:
        p = np.minimum(nj / (n * scale), 1.0)
        seen = (1 - share) * (1 - np.prod(1 - p)) + share * (1 - np.prod(1 - p / ratio))
        return n * seen - observed

    lo = float(observed)
    hi = 2.0 * observed
    while excess(hi) < 0:
        hi *= 2
        if hi > 1e12 * observed:  # pragma: no cover - overlap too small to bracket
            return math.inf
    if excess(lo) >= 0:
        return lo
    return float(brentq(excess, lo, hi, xtol=1e-6 * observed, rtol=1e-12))


def hidden_group_sensitivity(
    h: Histories,
    estimate: float,
    interval: tuple[float, float],
    *,
    shares: Sequence[float] = SHARES,
    ratios: Sequence[float] = RATIOS,
) -> list[SensitivityRow]:
    """The hidden-group sensitivity table of a fitted estimate (module docstring).

    Parameters
    ----------
    h : Histories
        The capture histories the estimate was fitted to (summed over strata).
    estimate : float
        The fitted estimate ``N_hat``.
    interval : (float, float)
        Its interval; each end is scaled by the same factor as the estimate.
    shares, ratios : sequences of float
        The grid: hidden share x in [0, 1) and capture ratio y >= 1.

    Returns
    -------
    list of SensitivityRow
        One row per (share, ratio), shares outer. Empty when the table cannot be computed
        (no one on two lists, or no finite estimate).
    """
    if not (math.isfinite(estimate) and estimate > 0):
        return []
    on = h.patterns.astype(bool)
    sizes = [float(h.cells[on[:, j]].sum()) for j in range(h.k)]
    base = two_group_total(sizes, h.n, 0.0, 1.0)
    if not math.isfinite(base):
        return []
    rows = []
    for x in shares:
        for y in ratios:
            f = two_group_total(sizes, h.n, float(x), float(y)) / base
            rows.append(
                SensitivityRow(
                    share=float(x),
                    ratio=float(y),
                    factor=f,
                    estimate=estimate * f,
                    low=interval[0] * f,
                    high=interval[1] * f,
                )
            )
    return rows
