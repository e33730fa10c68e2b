"""Stratified estimation: one fit per stratum, combined into a total.

Bayesian methods (LCMCR, DGA) are combined by summing independent posterior draws of each
stratum; Chapman and log-linear fits by summing parametric-bootstrap draws (each stratum's
selected model refitted to tables simulated from its fit). The combined point estimate is the
median of the summed draws for Bayesian methods and the sum of the stratum estimates otherwise.

References
----------
.. [1] Lum, K., Price, M. & Banks, D. (2013). Applications of multiple systems estimation in
   human rights research. *The American Statistician* 67:191-200 (stratification).
.. [2] Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 6.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from undercount.errors import EstimationError, SparseDataError
from undercount.estimate.base import BaseEstimator, _jsonable, clone
from undercount.estimate.diagnostics import SparseStratumWarning
from undercount.estimate.histories import COUNT, _split_columns, input_hash, validate_histories
from undercount.model import EstimateRun, Interval

__all__ = ["StratifiedResult", "estimate_stratified"]

_BAYESIAN = {"lcmcr", "dga"}
#: What to do about a stratum that cannot be estimated (appended to the error).
_MERGE = (
    " Or merge this stratum with a neighbouring one (coarser --by bands), or report it as not "
    "estimable."
)


@dataclass
class StratifiedResult:
    """Per-stratum estimates and their combined total.

    Attributes
    ----------
    by : list of str
        The stratum columns.
    table : pandas.DataFrame
        One row per stratum: the stratum values, ``documented``, ``estimate``, ``low``,
        ``high``, ``model``.
    estimate : float
        Combined total.
    interval : tuple of float
        Interval for the total, from the summed draws.
    level : float
    documented : int
    method : str
    estimators : dict
        Stratum label -> fitted estimator.
    draws : numpy.ndarray
        Draws of the total.
    not_estimable : dict
        Stratum label -> why it could not be estimated (only with
        ``skip_unestimable=True``). Its documented people are counted in the total as they
        are, so the total is a lower bound for those strata.
    """

    by: list[str]
    table: pd.DataFrame
    estimate: float
    interval: tuple[float, float]
    level: float
    documented: int
    method: str
    estimators: dict[str, BaseEstimator]
    draws: np.ndarray
    input_hash: str = ""
    warnings: list[str] = field(default_factory=list)
    not_estimable: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lo, hi = self.interval
        head = (
            f"{self.method} by {', '.join(self.by)}: documented {self.documented:,}; estimated "
            f"total {self.estimate:,.0f} ({self.level:.0%} interval {lo:,.0f} to {hi:,.0f}) "
            f"over {len(self.table)} strata"
        )
        rows = [
            f"  {r['stratum']}: {r['documented']:,} documented, "
            + (
                f"{r['estimate']:,.0f} ({r['low']:,.0f} to {r['high']:,.0f})"
                if r["stratum"] not in self.not_estimable
                else f"not estimable ({self.not_estimable[r['stratum']]})"
            )
            for _, r in self.table.iterrows()
        ]
        return "\n".join([head, *rows])

    def to_runs(self) -> list[tuple[str | None, EstimateRun]]:
        """(stratum label, run) for every stratum, then (None, the combined run)."""
        out: list[tuple[str | None, EstimateRun]] = []
        for label, est in self.estimators.items():
            out.append((label, est.to_run(strata={"by": self.by, "stratum": label})))
        first = next(iter(self.estimators.values()))
        combined = EstimateRun(
            id=None,
            method=self.method,
            parameters={k: _jsonable(v) for k, v in first.get_params().items()},
            seed=getattr(first, "seed_", getattr(first, "seed", None)),
            strata={"by": self.by, "strata": list(self.estimators)},
            documented=self.documented,
            estimate=self.estimate,
            interval=Interval(self.interval[0], self.interval[1], self.level),
            diagnostics={
                "combined": "summed posterior draws"
                if self.method in _BAYESIAN
                else "parametric bootstrap",
                "n_draws": len(self.draws),
                "warnings": self.warnings,
                "not_estimable": self.not_estimable,
            },
            input_hash=self.input_hash,
        )
        out.append((None, combined))
        return out


def _label(by: Sequence[str], key: Any) -> str:
    vals = key if isinstance(key, tuple) else (key,)
    return ", ".join(f"{b}={v}" for b, v in zip(by, vals, strict=True))


def estimate_stratified(
    estimator: BaseEstimator,
    histories: pd.DataFrame,
    by: Sequence[str] | None = None,
    *,
    n_draws: int = 2000,
    seed: int | None = None,
    min_documented: int = 20,
    skip_unestimable: bool = False,
) -> StratifiedResult:
    """Fit a copy of ``estimator`` to each stratum and combine the estimates.

    Parameters
    ----------
    estimator : BaseEstimator
        An unfitted estimator; it is cloned for each stratum.
    histories : pandas.DataFrame
        Capture histories with stratum columns.
    by : sequence of str, optional
        Stratum columns; None means every non-list column.
    n_draws : int, default 2000
        Draws per stratum used to combine them.
    seed : int, optional
        Seed of the draws (and of the bootstrap).
    min_documented : int, default 20
        Strata with fewer documented people get a :class:`SparseStratumWarning`.
    skip_unestimable : bool, default False
        A stratum that cannot be estimated (no overlap, fewer than two lists, too few lists
        for the method) stops the whole estimate with an error naming it (False), or is
        reported as not estimable while the others go on (True): its row has no estimate,
        ``not_estimable`` says why, and its documented people enter the total as they are.

    Returns
    -------
    StratifiedResult

    Raises
    ------
    SparseDataError
        When a stratum cannot be estimated (no overlap, fewer than two lists) and
        ``skip_unestimable`` is False, or when no stratum can be; the message names the
        stratum, says why, and what to do.

    References
    ----------
    .. [1] Lum, Price & Banks (2013), The American Statistician 67:191-200.
    """
    h = validate_histories(histories)
    lists, strata_cols = _split_columns(h, None)
    by = list(strata_cols if by is None else ([by] if isinstance(by, str) else by))
    missing = [b for b in by if b not in h.columns or b in lists]
    if missing or not by:
        raise EstimationError(
            f"Stratum column(s) {missing or by} are not stratum columns of the capture "
            f"histories (lists: {lists}, strata: {strata_cols})."
        )
    rng = np.random.default_rng(seed)
    rows, fitted, draws, notes = [], {}, [], []
    skipped: dict[str, str] = {}
    floor = 0
    for key, sub in h.groupby(by, sort=True, dropna=False):
        label = _label(by, key)
        row = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
        tab = sub.groupby(lists, sort=True)[COUNT].sum().reset_index()
        tab = tab.loc[tab[COUNT] > 0]
        n = int(tab[COUNT].sum())
        try:
            est, note = _fit_stratum(estimator, tab, lists, label, n, min_documented)
        except SparseDataError as exc:
            if not skip_unestimable:
                raise
            reason = exc.message.removeprefix(f"Stratum {label}: ").removesuffix(_MERGE)
            skipped[label] = reason
            floor += n
            notes.append(f"Stratum {label} is not estimable: {reason}")
            row.update(
                stratum=label,
                documented=n,
                estimate=float("nan"),
                low=float("nan"),
                high=float("nan"),
                model="not estimable",
            )
            rows.append(row)
            continue
        notes += note
        fitted[label] = est
        draws.append(est.draws(int(n_draws), rng))
        row.update(
            stratum=label,
            documented=est.documented_,
            estimate=est.estimate_,
            low=est.interval_[0],
            high=est.interval_[1],
            model=est.result_.model,
        )
        rows.append(row)
    if not fitted:
        raise SparseDataError(
            "No stratum can be estimated: "
            + "; ".join(f"{k}: {v}" for k, v in skipped.items())
            + " Use coarser strata (fewer --by columns or wider bands) or estimate without "
            "--by.",
            stratum=next(iter(skipped), None),
        )
    total_draws = np.sum(draws, axis=0) + floor
    level = float(getattr(estimator, "level", 0.95))
    a = (1 - level) / 2
    if estimator.method in _BAYESIAN:
        point = float(np.median(total_draws))
    else:
        point = float(sum(e.estimate_ for e in fitted.values())) + floor
    lo, hi = np.quantile(total_draws, [a, 1 - a])
    return StratifiedResult(
        by=by,
        table=pd.DataFrame(rows),
        estimate=point,
        interval=(float(min(lo, point)), float(max(hi, point))),
        level=level,
        documented=int(h[COUNT].sum()),
        method=estimator.method,
        estimators=fitted,
        draws=total_draws,
        input_hash=input_hash(h),
        warnings=notes,
        not_estimable=skipped,
    )


def _fit_stratum(
    estimator: BaseEstimator,
    tab: pd.DataFrame,
    lists: list[str],
    label: str,
    n: int,
    min_documented: int,
) -> tuple[BaseEstimator, list[str]]:
    """Fit a clone of ``estimator`` to one stratum's table (lists empty there left out).

    Raises SparseDataError, naming the stratum, when it cannot be estimated."""
    notes = []
    present = [c for c in lists if (tab[c] * tab[COUNT]).sum() > 0]
    if len(present) < len(lists):
        msg = f"Stratum {label}: list(s) {sorted(set(lists) - set(present))} are empty there"
        if len(present) < 2:
            raise SparseDataError(
                f"{msg} and fewer than two lists remain, so no overlap can be measured.{_MERGE}",
                stratum=label,
            )
        notes.append(msg + "; they were left out of that stratum's fit.")
        tab = tab.loc[tab[present].sum(axis=1) > 0]
        tab = tab.groupby(present)[COUNT].sum().reset_index()
    if n < min_documented:
        notes.append(f"Stratum {label} has only {n} documented people.")
        warnings.warn(
            f"Stratum {label} has only {n} documented people; its estimate is unstable. "
            "Consider merging strata.",
            SparseStratumWarning,
            stacklevel=3,
        )
    est = clone(estimator)
    try:
        est.fit(tab[present + [COUNT]])
    except SparseDataError as exc:
        raise SparseDataError(f"Stratum {label}: {exc.message}{_MERGE}", stratum=label) from None
    return est, notes
