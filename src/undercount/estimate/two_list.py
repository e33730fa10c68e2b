"""Two-list capture-recapture: Lincoln-Petersen with Chapman's correction.

References
----------
.. [1] Chapman, D. G. (1951). Some properties of the hypergeometric distribution with
   applications to zoological sample censuses. *Univ. California Publ. Statist.* 1:131-160.
.. [2] Seber, G. A. F. (1970). The effects of trap response on tag recapture estimates.
   *Biometrics* 26:13-22.
.. [3] Chao, A. (1987). Estimating the population size for capture-recapture data with unequal
   catchability. *Biometrics* 43:783-791 (log-transformed interval).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from undercount.errors import EstimationError, SparseDataError
from undercount.estimate.base import BaseEstimator, Level, Options
from undercount.estimate.histories import Histories
from undercount.estimate.identify import ASSUMPTIONS

__all__ = ["Chapman", "chapman_estimate"]


def chapman_estimate(n1: float, n2: float, m: float) -> tuple[float, float]:
    """Chapman's estimate of N and Seber's variance from list sizes and their overlap."""
    nhat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    return nhat, var


class Chapman(BaseEstimator):
    """Lincoln-Petersen estimate of the total with Chapman's small-sample correction.

    Assumes a closed population, two lists that capture independently, and equal catchability
    within each list. With more than two lists, name the pair in ``lists``.

    Parameters
    ----------
    lists : tuple of two str, optional
        The two list columns to use when the table has more than two lists.
    level : float, default 0.95
        Coverage of the interval.
    interval : {"log", "wald"}, default "log"
        ``"log"``: Chao's (1987) log-normal interval for the unseen count, which never goes
        below the documented count; ``"wald"``: estimate +/- z * Seber's standard error.

    Attributes
    ----------
    estimate_ : float
        Chapman's estimate of the total N.
    interval_ : tuple of float
        (low, high) interval for N.
    documented_ : int
        People on at least one of the two lists.
    se_ : float
        Seber's (1970) standard error.
    diagnostics_ : dict
        ``n1``, ``n2``, ``m`` (overlap) and ``se``.

    References
    ----------
    .. [1] Chapman (1951), Univ. California Publ. Statist. 1:131-160.
    .. [2] Seber (1970), Biometrics 26:13-22.
    .. [3] Chao (1987), Biometrics 43:783-791.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "count": [60, 40, 20]})
    >>> round(Chapman().fit(h).estimate_, 1)
    234.3
    """

    method = "chapman"
    _parameter_constraints = {"level": Level, "interval": Options(frozenset({"log", "wald"}))}

    def __init__(
        self,
        *,
        lists: tuple[str, str] | None = None,
        level: float = 0.95,
        interval: str = "log",
    ) -> None:
        self.lists = lists
        self.level = level
        self.interval = interval

    def fit(self, histories: pd.DataFrame | Histories) -> Chapman:
        """Fit to a capture-history table; returns ``self``."""
        h = histories if isinstance(histories, Histories) else Histories.from_frame(histories)
        if self.lists is not None:
            pair = [str(x) for x in self.lists]
            if len(pair) != 2 or any(p not in h.lists for p in pair) or pair[0] == pair[1]:
                raise EstimationError(
                    f"Chapman(lists={self.lists!r}) must name two different list columns of "
                    f"the table ({list(h.lists)})."
                )
        elif h.k == 2:
            pair = list(h.lists)
        else:
            raise EstimationError(
                f"Chapman uses exactly two lists but the table has {h.k} ({list(h.lists)}). "
                "Use LogLinear, DGA or LCMCR for more lists, or pass Chapman(lists=(a, b))."
            )
        self._validate_params()
        j1, j2 = h.lists.index(pair[0]), h.lists.index(pair[1])
        pat = h.patterns
        c = h.cells
        n1 = float(c[pat[:, j1] == 1].sum())
        n2 = float(c[pat[:, j2] == 1].sum())
        m = float(c[(pat[:, j1] == 1) & (pat[:, j2] == 1)].sum())
        if n1 == 0 or n2 == 0:
            raise SparseDataError(
                f"List '{pair[0] if n1 == 0 else pair[1]}' is empty; Chapman needs two "
                "non-empty lists."
            )
        if m == 0:
            raise SparseDataError(
                f"Lists '{pair[0]}' and '{pair[1]}' share no individuals; two-list "
                "capture-recapture needs overlap (the estimate would be (n1+1)(n2+1)-1, a "
                "number with no meaning). Check the linkage with `undercount review`, or add "
                "a list."
            )
        self.pair_ = (pair[0], pair[1])
        self.n1_, self.n2_, self.m_ = int(n1), int(n2), int(m)
        self.lists_ = tuple(pair)
        self.documented_ = int(n1 + n2 - m)
        self.input_hash_ = h.hash
        nhat, var = chapman_estimate(n1, n2, m)
        self.se_ = math.sqrt(var)
        z = stats.norm.ppf(0.5 + self.level / 2)
        n = n1 + n2 - m
        if self.interval == "wald":
            lo, hi = max(n, nhat - z * self.se_), nhat + z * self.se_
        else:
            f0 = max(nhat - n, 1e-9)
            cfac = math.exp(z * math.sqrt(math.log1p(var / f0**2)))
            lo, hi = n + f0 / cfac, n + f0 * cfac
        self.estimate_ = float(nhat)
        self.interval_ = (float(lo), float(hi))
        self.diagnostics_: dict[str, Any] = {
            "n1": int(n1),
            "n2": int(n2),
            "m": int(m),
            "se": self.se_,
            "lists": list(self.pair_),
            "assumption": ASSUMPTIONS["chapman"],
        }
        return self

    def _model_description(self) -> str:
        return f"Lincoln-Petersen/Chapman on {self.pair_[0]} x {self.pair_[1]}"

    def draws(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """Parametric bootstrap of Chapman's estimate under independent lists."""
        self._check_fitted()
        nt = max(int(round(self.estimate_)), self.documented_)
        p1, p2 = self.n1_ / nt, self.n2_ / nt
        probs = np.array([p1 * p2, p1 * (1 - p2), (1 - p1) * p2, (1 - p1) * (1 - p2)])
        tab = rng.multinomial(nt, probs / probs.sum(), size=size)
        m, n1, n2 = tab[:, 0], tab[:, 0] + tab[:, 1], tab[:, 0] + tab[:, 2]
        return (n1 + 1) * (n2 + 1) / (m + 1) - 1.0
