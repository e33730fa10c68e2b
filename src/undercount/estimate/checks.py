"""Checks that say when an estimate's model may be wrong, and what to do about it.

Every capture-recapture model assumes something the lists cannot fully show: above all that
no group of people is much harder for *every* list to record. When such a group exists, the
lists overlap more than they would if everyone were equally catchable and the estimate is too
low, with an interval that looks precise. These checks look for the traces such
heterogeneity leaves in the data:

* ``lower_bound``: Chao's (1987) lower bound under heterogeneity (from the people seen on
  exactly one and exactly two lists) is above the interval's upper end by more than 1.96 of
  its standard errors (the bound is itself an estimate; without the margin it fired on 8-12%
  of simulated independent or dependent lists and caught nothing the other check missed).
* ``heterogeneity_test``: an Mh-type heterogeneity model fits better than independence and
  puts the total above the interval (:mod:`undercount.estimate.heterogeneity`; rule chosen on
  training scenarios).
* ``methods_disagree``: two methods that model dependence or heterogeneity differently give
  intervals that do not overlap.
* ``low_capture_class``: LCMCR puts a sizeable part of the population in latent classes that
  almost no list records (the posterior mass of N in classes seen with probability < 0.2).
* ``covariate_capture``: capture rates differ strongly by a recorded covariate (sex, age,
  province, ...) on two or more lists in the same direction; stratify by it.
* ``unseen_majority``: the estimate is more than ``UNSEEN_RATIO`` (5) times the number
  documented. Real lists rarely miss that many; far more often the linkage missed matches
  (too little overlap), which inflates every estimate.
* ``strata_differ``: strata give clearly different ratios of estimated to documented.

Each check returns a :class:`Check` with the finding, and an action (stratify, add a list,
read the figure as a lower bound).

References
----------
.. [1] Chao, A. (1987). Estimating the population size for capture-recapture data with unequal
   catchability. *Biometrics* 43:783-791.
.. [2] Darroch, J. N., Fienberg, S. E., Glonek, G. F. V. & Junker, B. W. (1993). A
   three-sample multiple-recapture approach to census population estimation with
   heterogeneous catchability. *JASA* 88:1137-1148.
.. [3] Lum, K., Price, M. & Banks, D. (2013). Applications of multiple systems estimation in
   human rights research. *The American Statistician* 67:191-200.
.. [4] Manrique-Vallier, D. (2016). Bayesian population size estimation using Dirichlet
   process mixtures. *Biometrics* 72:1246-1254.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from undercount.estimate._glm import fit_batch
from undercount.estimate.bands import OTHER, UNKNOWN
from undercount.estimate.heterogeneity import (
    HeterogeneityEvidence,
    heterogeneity_evidence,
    heterogeneity_fires,
)
from undercount.estimate.histories import COUNT, Histories

__all__ = [
    "Check",
    "capture_rates",
    "chao_lower_bound",
    "chao_lower_bound_se",
    "check_covariates",
    "check_estimate_against",
    "check_strata",
    "check_unseen",
    "heterogeneity_test",
]

#: Smallest group of people (seen on some other list) a capture rate is compared on.
MIN_GROUP = 20
#: Estimate / documented above this fires ``unseen_majority``.
UNSEEN_RATIO = 5.0
#: Ratio of capture rates between two levels of a covariate that counts as strong.
STRONG_RATIO = 1.5
#: Ends the advice of every check that a hidden group may be missed (issue 14).
SEE_SENSITIVITY = (
    "; the hidden-group sensitivity table shows how much higher the total would be with such "
    "a group."
)


@dataclass(frozen=True)
class Check:
    """One finding: ``code``, what was seen (``message``) and what to do (``action``)."""

    code: str
    message: str
    action: str

    def text(self) -> str:
        return f"{self.message} {self.action}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def chao_lower_bound(h: Histories) -> float:
    """Chao's (1987) lower bound for N under heterogeneous capture (Rcapture's "Mh Chao").

    ``n + (K-1)/K * f1^2 / (2 f2)`` with f1, f2 the people seen on exactly one and two lists
    (bias-corrected ``f1 (f1 - 1) / 2`` when f2 = 0).
    """
    on = h.patterns.sum(axis=1)
    f1 = float(h.cells[on == 1].sum())
    f2 = float(h.cells[on == 2].sum())
    k = h.k
    extra = f1 * f1 / (2 * f2) if f2 > 0 else f1 * (f1 - 1) / 2
    return h.n + (k - 1) / k * extra


def chao_lower_bound_se(h: Histories) -> float:
    """Standard error of :func:`chao_lower_bound` (Chao 1987's variance, with the (K-1)/K
    factor); infinite when no one is on exactly two lists."""
    on = h.patterns.sum(axis=1)
    f1 = float(h.cells[on == 1].sum())
    f2 = float(h.cells[on == 2].sum())
    if f2 <= 0:
        return float("inf")
    c = (h.k - 1) / h.k
    a = f1 / f2
    return float(np.sqrt(f2 * (c * c * a**4 / 4 + c * c * a**3 + c * a * a / 2)))


def heterogeneity_test(h: Histories) -> tuple[float, float]:
    """Likelihood-ratio test of Darroch's Mth model against independence (Mt).

    Returns (p-value, Mth estimate of N). Rcapture calls the model "Mth Darroch".
    """
    pat = h.patterns[1:].astype(float)
    y = h.cells[1:].astype(float)
    s = pat.sum(axis=1)
    x = np.column_stack([np.ones(len(y)), pat, s * s / 2])
    masks = np.ones((2, x.shape[1]), dtype=bool)
    masks[0, -1] = False
    r = fit_batch(x, y, masks)
    if not r.converged.all() or r.se0[1] > 2:
        return 1.0, float("nan")
    lr = max(2 * float(r.loglik[1] - r.loglik[0]), 0.0)
    return float(stats.chi2.sf(lr, 1)), float(h.n + np.exp(min(r.beta[1, 0], 30)))


def check_estimate_against(
    h: Histories,
    interval: tuple[float, float],
    *,
    label: str,
    others: Mapping[str, tuple[float, tuple[float, float]]] | None = None,
    lcmcr_low_share: float | None = None,
    evidence: HeterogeneityEvidence | None = None,
) -> list[Check]:
    """Checks on one fitted estimate: Chao's lower bound, other methods, LCMCR's classes.

    Parameters
    ----------
    h : Histories
        The table the estimate came from.
    interval : (float, float)
        The estimate's interval.
    label : str
        The method, for the messages.
    others : mapping, optional
        Method name -> (estimate, interval) of other methods fitted to the same table.
    lcmcr_low_share : float, optional
        LCMCR's posterior mean share of N in classes seen with probability below 0.2.
    evidence : HeterogeneityEvidence, optional
        :func:`~undercount.estimate.heterogeneity.heterogeneity_evidence` of ``h``, when the
        caller has it already.
    """
    out: list[Check] = []
    if h.k >= 3:
        if evidence is None:
            evidence = heterogeneity_evidence(h)
        found = heterogeneity_fires(evidence, interval)
        if found:
            out.append(
                Check(
                    "heterogeneity_test",
                    "Heterogeneity: signs of a group that every list under-records: "
                    + "; ".join(found)
                    + f", above the {label} interval ({interval[0]:,.0f} to "
                    f"{interval[1]:,.0f}). The interval assumes no such group.",
                    "Stratify by a covariate that may drive capture (--by sex, age_band, "
                    "province), add a list that reaches other people, and treat the figure "
                    "as a lower bound" + SEE_SENSITIVITY,
                )
            )
        lb, lb_se = chao_lower_bound(h), chao_lower_bound_se(h)
        if lb - 1.96 * lb_se > interval[1]:
            out.append(
                Check(
                    "lower_bound",
                    f"Heterogeneity: Chao's lower bound under unequal catchability "
                    f"({lb:,.0f}, standard error {lb_se:,.0f}) is clearly above "
                    f"the upper end of the {label} interval "
                    f"({interval[1]:,.0f}). People seen on one list far outnumber those seen "
                    "on two, which is what a hard-to-reach group looks like.",
                    "Stratify by what drives capture (--by), use LCMCR, add a list that reaches "
                    "other people, and read the figure as a lower bound" + SEE_SENSITIVITY,
                )
            )
    for name, (est, (lo, hi)) in (others or {}).items():
        if hi < interval[0] or lo > interval[1]:
            out.append(
                Check(
                    "methods_disagree",
                    f"Methods disagree: {name} gives {est:,.0f} ({lo:,.0f} to {hi:,.0f}), "
                    f"outside the {label} interval ({interval[0]:,.0f} to {interval[1]:,.0f}). "
                    "They model dependence and heterogeneity differently; at least one is wrong.",
                    "Report both, stratify by what drives capture (--by), and read the lower "
                    "figure as a lower bound.",
                )
            )
    if lcmcr_low_share is not None and lcmcr_low_share > 0.2:
        out.append(
            Check(
                "low_capture_class",
                f"LCMCR puts {lcmcr_low_share:.0%} of the estimated population in latent classes "
                "that the lists record with probability below 0.2: the estimate rests on few "
                "people who stand for many unseen ones.",
                "Look for a list that reaches that group, stratify by a covariate that "
                "identifies it, and report the interval rather than the point.",
            )
        )
    return out


def check_unseen(documented: int, estimate: float) -> list[Check]:
    """``unseen_majority`` when the estimate is more than 5 times the documented count."""
    if documented <= 0 or estimate <= UNSEEN_RATIO * documented:
        return []
    return [
        Check(
            "unseen_majority",
            f"The estimate ({estimate:,.0f}) is {estimate / documented:.0f} times the number "
            f"documented ({documented:,}): the lists overlap very little. That is more often "
            "a linkage failure (matches missed, e.g. names written differently) than a fact.",
            "Check the linkage first: `undercount link-evaluate` against a labelled sample, "
            "`undercount review` for the uncertain pairs; then re-run the estimate.",
        )
    ]


def capture_rates(histories: pd.DataFrame, lists: Sequence[str], column: str) -> pd.DataFrame:
    """Capture rate of each list by level of a covariate.

    For list j and level g, the rate is the share of the people seen on some *other* list who
    are also on j: under equal catchability within the level this estimates j's capture
    probability there (a Lincoln-Petersen ratio).

    Returns
    -------
    pandas.DataFrame
        ``level``, ``list``, ``others`` (people seen on another list), ``on_list`` and
        ``rate``.
    """
    rows = []
    x = histories[list(lists)].to_numpy(dtype=np.int64)
    c = histories[COUNT].to_numpy(dtype=np.int64)
    levels = histories[column].astype(str).to_numpy()
    for g in sorted(set(levels)):
        m = levels == g
        for j, name in enumerate(lists):
            other = np.delete(x[m], j, axis=1).sum(axis=1) > 0
            others = int(c[m][other].sum())
            on = int(c[m][other & (x[m][:, j] == 1)].sum())
            rows.append(
                {
                    "level": g,
                    "list": name,
                    "others": others,
                    "on_list": on,
                    "rate": on / others if others else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def _list_signal(sub: pd.DataFrame) -> tuple[float, float, str, str] | None:
    """(p-value, ratio max/min, level with max rate, with min rate) for one list."""
    sub = sub[(sub["others"] >= MIN_GROUP) & ~sub["level"].isin([UNKNOWN, OTHER])]
    if len(sub) < 2:
        return None
    on = sub["on_list"].to_numpy(dtype=float)
    off = sub["others"].to_numpy(dtype=float) - on
    if on.sum() == 0 or off.sum() == 0:
        return None
    p = float(stats.chi2_contingency(np.vstack([on, off]))[1])
    rate = (on + 0.5) / (sub["others"].to_numpy(dtype=float) + 1.0)
    i, k = int(np.argmax(rate)), int(np.argmin(rate))
    return p, float(rate[i] / rate[k]), str(sub["level"].iloc[i]), str(sub["level"].iloc[k])


def check_covariates(
    tables: Mapping[str, pd.DataFrame], lists: Sequence[str]
) -> tuple[list[Check], list[str], dict[str, pd.DataFrame]]:
    """Covariates whose capture rates differ strongly across levels on two or more lists.

    Parameters
    ----------
    tables : mapping
        Covariate name -> capture histories with that covariate as a stratum column.
    lists : sequence of str

    Returns
    -------
    (checks, suggested, rates)
        Checks that fired, covariates suggested as strata (strongest first), and the capture
        rate table of every covariate (see :func:`capture_rates`).
    """
    checks, scored, rates = [], [], {}
    for cov, tab in tables.items():
        r = capture_rates(tab, lists, cov)
        rates[cov] = r
        signals = {}
        for name, sub in r.groupby("list", sort=False):
            s = _list_signal(sub)
            if s is not None and s[0] < 1e-3 and s[1] >= STRONG_RATIO:
                signals[str(name)] = s
        if len(signals) < 2:
            continue
        highs = pd.Series([s[2] for s in signals.values()]).value_counts()
        lows = pd.Series([s[3] for s in signals.values()]).value_counts()
        if max(highs.iloc[0], lows.iloc[0]) < 2:
            continue  # strong differences, but not in the same direction on two lists
        level_hi = str(highs.index[0])
        level_lo = str(lows.index[0])
        worst = max(s[1] for s in signals.values())
        scored.append((worst, cov))
        checks.append(
            Check(
                "covariate_capture",
                f"Capture differs by {cov}: on {len(signals)} lists "
                f"({', '.join(sorted(signals))}) people with {cov}={level_hi} are recorded up to "
                f"{worst:.1f} times as often as those with {cov}={level_lo}. Unstratified, the "
                "harder-to-reach group is underestimated.",
                f"Estimate by stratum: --by {cov}.",
            )
        )
    suggested = [c for _, c in sorted(scored, reverse=True)]
    return checks, suggested, rates


def check_strata(table: pd.DataFrame, by: Sequence[str]) -> list[Check]:
    """Strata whose estimated-to-documented ratios have disjoint intervals (known values
    only)."""
    # "unknown"/"other" strata are left out: whether a covariate is known depends on how many
    # lists recorded the person, so their capture always looks low
    known = ~table[list(by)].astype(str).isin([UNKNOWN, OTHER]).any(axis=1)
    t = table[known & (table["documented"] > 0) & np.isfinite(table["high"])]
    if len(t) < 2:
        return []
    lo = (t["low"] / t["documented"]).to_numpy()
    hi = (t["high"] / t["documented"]).to_numpy()
    i, k = int(np.argmax(lo)), int(np.argmin(hi))
    if lo[i] <= hi[k]:
        return []
    a, b = t.iloc[i], t.iloc[k]
    return [
        Check(
            "strata_differ",
            f"Strata tell different stories: in {a['stratum']} the estimate is "
            f"{lo[i]:.2f}-{hi[i]:.2f} times the documented count, in {b['stratum']} "
            f"{lo[k]:.2f}-{hi[k]:.2f} times. Coverage differs by {', '.join(by)}, so an "
            "unstratified figure would be biased.",
            "Report the stratified total; check that strata are not too small and that "
            "finer strata do not change the picture.",
        )
    ]
