"""One entry point for the CLI and the web app: pick an estimator, fit, stratify, report.

References
----------
.. [1] Lum, K., Price, M. & Banks, D. (2013). Applications of multiple systems estimation in
   human rights research. *The American Statistician* 67:191-200.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from undercount.errors import EstimationError
from undercount.estimate.base import BaseEstimator, _jsonable
from undercount.estimate.dga import DGA
from undercount.estimate.histories import _split_columns, validate_histories
from undercount.estimate.lcmcr import LCMCR
from undercount.estimate.loglinear import LogLinear
from undercount.estimate.strata import StratifiedResult, estimate_stratified
from undercount.estimate.two_list import Chapman
from undercount.model import EstimateRun

__all__ = ["METHODS", "EstimateOutcome", "check_estimate", "make_estimator", "run_estimate"]

METHODS = ("lcmcr", "loglinear", "dga", "chapman")


def make_estimator(
    method: str | None,
    n_lists: int,
    *,
    seed: int | None = None,
    max_order: int | None = None,
    criterion: str | None = None,
    model_uncertainty: bool = True,
) -> BaseEstimator:
    """The estimator for a method name; None picks loglinear (3+ lists) or chapman (2).

    ``model_uncertainty=False`` gives log-linear's interval conditional on the selected model
    (profile likelihood) instead of the default that accounts for the selection."""
    name = (method or ("chapman" if n_lists == 2 else "loglinear")).lower()
    if name not in METHODS:
        raise EstimationError(f"Unknown method '{method}'; use one of {', '.join(METHODS)}.")
    if name == "chapman":
        return Chapman()
    if name == "loglinear":
        return LogLinear(
            max_order=2 if max_order is None else max_order,
            criterion=criterion or "bic",
            interval="selection" if model_uncertainty else "profile",
            seed=seed,
        )
    if name == "dga":
        return DGA(seed=seed)
    return LCMCR(seed=seed)


@dataclass
class EstimateOutcome:
    """What one ``undercount estimate`` produced: the fit(s), runs and warnings."""

    method: str
    documented: int
    estimate: float
    interval: tuple[float, float]
    level: float
    model: str
    input_hash: str
    seed: int | None
    runs: list[tuple[str | None, EstimateRun]]
    diagnostics: dict[str, Any]
    strata: pd.DataFrame | None = None
    by: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    run_ids: list[int] = field(default_factory=list)
    assumption: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "method": self.method,
            "documented": self.documented,
            "estimate": self.estimate,
            "interval": [self.interval[0], self.interval[1]],
            "level": self.level,
            "model": self.model,
            "seed": self.seed,
            "input_hash": self.input_hash,
            "diagnostics": _jsonable(self.diagnostics),
            "warnings": self.warnings,
            "assumption": self.assumption,
        }
        if self.strata is not None:
            out["by"] = self.by
            out["strata"] = _jsonable(self.strata.to_dict(orient="records"))
        if self.run_ids:
            out["run_ids"] = self.run_ids
        return out


def check_estimate(
    histories: pd.DataFrame, *, method: str | None = None, by: Sequence[str] | None = None
) -> None:
    """Raise EstimationError for what :func:`run_estimate` would refuse before fitting (bad
    histories, unknown method or stratum column), without fitting."""
    _prepare(histories, method, by, None, None, None)


def _prepare(
    histories: pd.DataFrame,
    method: str | None,
    by: Sequence[str] | None,
    seed: int | None,
    max_order: int | None,
    criterion: str | None,
) -> tuple[pd.DataFrame, list[str], list[str], BaseEstimator]:
    h = validate_histories(histories)
    lists, strata = _split_columns(h, None)
    by = [b for b in (by or []) if b]
    unknown = [b for b in by if b not in strata]
    if unknown:
        raise EstimationError(
            f"--by {','.join(unknown)}: not a stratum column of the capture histories "
            f"(available: {', '.join(strata) or 'none'})."
        )
    est = make_estimator(method, len(lists), seed=seed, max_order=max_order, criterion=criterion)
    return h, lists, by, est


def run_estimate(
    histories: pd.DataFrame,
    *,
    method: str | None = None,
    by: Sequence[str] | None = None,
    seed: int | None = None,
    max_order: int | None = None,
    criterion: str | None = None,
) -> EstimateOutcome:
    """Validate, fit (per stratum when ``by`` is given) and collect warnings as text.

    Parameters
    ----------
    histories : pandas.DataFrame
        Capture histories (see :func:`undercount.estimate.validate_histories`).
    method : {"lcmcr", "loglinear", "dga", "chapman"}, optional
        None picks loglinear for three or more lists, chapman for two.
    by : sequence of str, optional
        Stratum columns; the table's other stratum columns are summed over.
    seed : int, optional
    max_order, criterion : optional
        Passed to :class:`LogLinear`.

    Returns
    -------
    EstimateOutcome
    """
    h, lists, by, est = _prepare(histories, method, by, seed, max_order, criterion)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if by:
            res: StratifiedResult = estimate_stratified(
                est, h[lists + by + ["count"]], by=by, seed=seed
            )
            runs = res.to_runs()
            combined = runs[-1][1]
            outcome = EstimateOutcome(
                method=res.method,
                documented=res.documented,
                estimate=res.estimate,
                interval=res.interval,
                level=res.level,
                model=f"{est.method} per stratum of {', '.join(by)}, combined",
                input_hash=res.input_hash,
                seed=combined.seed,
                runs=runs,
                diagnostics=combined.diagnostics,
                strata=res.table,
                by=list(by),
                assumption=str(
                    next(iter(res.estimators.values())).diagnostics_.get("assumption", "")
                ),
            )
        else:
            est.fit(h[lists + ["count"]])
            run = est.to_run()
            outcome = EstimateOutcome(
                method=est.method,
                documented=int(est.documented_),
                estimate=float(est.estimate_),
                interval=(float(est.interval_[0]), float(est.interval_[1])),
                level=float(est.level),
                model=est.result_.model,
                input_hash=est.input_hash_,
                seed=run.seed,
                runs=[(None, run)],
                diagnostics=est.diagnostics_,
                assumption=str(est.diagnostics_.get("assumption", "")),
            )
    outcome.warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    return outcome
