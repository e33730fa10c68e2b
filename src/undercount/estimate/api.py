"""One entry point for the CLI and the web app: pick an estimator, fit, stratify, report.

References
----------
.. [1] Lum, K., Price, M. & Banks, D. (2013). Applications of multiple systems estimation in
   human rights research. *The American Statistician* 67:191-200.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from undercount.errors import EstimationError
from undercount.estimate.base import BaseEstimator, _jsonable, clone
from undercount.estimate.checks import (
    SEE_SENSITIVITY,
    Check,
    capture_rates,
    chao_lower_bound,
    chao_lower_bound_se,
    check_covariates,
    check_estimate_against,
    check_strata,
    check_unseen,
)
from undercount.estimate.dga import DGA
from undercount.estimate.heterogeneity import (
    MH_EXCESS,
    heterogeneity_evidence,
    heterogeneity_fires,
    mh_unstable,
    strata_z,
)
from undercount.estimate.histories import (
    COUNT,
    Histories,
    _split_columns,
    input_hash,
    validate_histories,
)
from undercount.estimate.lcmcr import LCMCR
from undercount.estimate.loglinear import LogLinear
from undercount.estimate.sensitivity import SensitivityRow, hidden_group_sensitivity
from undercount.estimate.strata import StratifiedResult, estimate_stratified
from undercount.estimate.two_list import Chapman
from undercount.model import EstimateRun, Interval

if TYPE_CHECKING:
    from undercount.estimate.linkage import LinkageDraws
    from undercount.store.project import Project

__all__ = [
    "METHODS",
    "EstimateOutcome",
    "check_estimate",
    "estimate_project",
    "make_estimator",
    "run_estimate",
]

METHODS = ("lcmcr", "loglinear", "dga", "chapman")

#: Added to every assumption on three or more lists: what no check can see (issue 14, item 4;
#: measured in benchmarks/coverage.py, see docs/methods.md).
HIDDEN_GROUP = (
    "No check can see a group that almost no list records: in simulations with such a group "
    "the heterogeneity warning fired on only about half of the estimates it made too low. If "
    "such a group is plausible, read the figure as a lower bound; the hidden-group "
    "sensitivity table shows how much higher the total would be."
)


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
    """What one ``undercount estimate`` produced: the fit(s), runs, checks and warnings.

    ``interval`` is the one to report: it combines model uncertainty and, where pair match
    probabilities exist, linkage uncertainty. ``conditional_interval`` is the same estimate's
    interval taking the stored linkage as certain. ``checks`` say when the model may be wrong
    (shown first); ``assumption`` is what the method assumes.
    """

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
    conditional_interval: tuple[float, float] | None = None
    linkage: dict[str, Any] | None = None
    checks: list[Check] = field(default_factory=list)
    suggested_strata: list[str] = field(default_factory=list)
    capture_rates: dict[str, pd.DataFrame] = field(default_factory=dict)
    sensitivity: list[SensitivityRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            # the checks lead, as on the command line, the report and the web page
            "checks": [c.to_dict() for c in self.checks],
            "method": self.method,
            "documented": self.documented,
            "estimate": self.estimate,
            "interval": [self.interval[0], self.interval[1]],
            "level": self.level,
            "linkage_conditional_interval": (
                list(self.conditional_interval) if self.conditional_interval else None
            ),
            "model": self.model,
            "seed": self.seed,
            "input_hash": self.input_hash,
            "warnings": self.warnings,
            "assumption": self.assumption,
            "suggested_strata": self.suggested_strata,
            "linkage": _jsonable(self.linkage),
            "diagnostics": _jsonable(self.diagnostics),
            # 3+ lists: the total if a hidden group of `share` were `ratio` times harder to
            # record on every list (undercount.estimate.sensitivity); empty otherwise
            "sensitivity": [_jsonable(r.to_dict()) for r in self.sensitivity],
        }
        if self.capture_rates:
            out["capture_rates"] = {
                k: _jsonable(v.to_dict(orient="records")) for k, v in self.capture_rates.items()
            }
        if self.strata is not None:
            out["by"] = self.by
            # a stratum that could not be estimated has null estimate, low and high
            out["strata"] = _jsonable(
                self.strata.astype(object)
                .where(self.strata.notna(), None)
                .to_dict(orient="records")
            )
        if self.run_ids:
            out["run_ids"] = self.run_ids
        return out


def _by_names(by: Sequence[str] | None) -> list[str]:
    """Stratum column names of ``--by`` specs (``age_band=0-17,18-`` -> ``age_band``)."""
    from undercount.estimate.bands import split_by

    out = []
    for b in by or []:
        for spec in split_by(b) if b else []:
            out.append(spec.split("=", 1)[0].strip())
    return out


def check_estimate(
    histories: pd.DataFrame, *, method: str | None = None, by: Sequence[str] | None = None
) -> None:
    """Raise EstimationError for what :func:`run_estimate` would refuse before fitting (bad
    histories, unknown method or stratum column, too few lists for the method), without
    fitting."""
    from undercount.estimate.identify import require_lists

    _, lists, by_cols, est = _prepare(histories, method, by, None, None, None, True)
    if by_cols:
        return  # the rule is applied per stratum while fitting
    if isinstance(est, LCMCR | DGA) or (isinstance(est, LogLinear) and est.max_order >= 2):
        require_lists(est.method, len(lists), lists)


def _prepare(
    histories: pd.DataFrame,
    method: str | None,
    by: Sequence[str] | None,
    seed: int | None,
    max_order: int | None,
    criterion: str | None,
    model_uncertainty: bool,
) -> tuple[pd.DataFrame, list[str], list[str], BaseEstimator]:
    h = validate_histories(histories)
    lists, strata = _split_columns(h, None)
    by_cols = _by_names(by)
    unknown = [b for b in by_cols if b not in strata]
    if unknown:
        raise EstimationError(
            f"--by {','.join(unknown)}: not a stratum column of the capture histories "
            f"(available: {', '.join(strata) or 'none'})."
        )
    est = make_estimator(
        method,
        len(lists),
        seed=seed,
        max_order=max_order,
        criterion=criterion,
        model_uncertainty=model_uncertainty,
    )
    return h, lists, by_cols, est


def run_estimate(
    histories: pd.DataFrame,
    *,
    method: str | None = None,
    by: Sequence[str] | None = None,
    seed: int | None = None,
    max_order: int | None = None,
    criterion: str | None = None,
    model_uncertainty: bool = True,
    linkage: LinkageDraws | Sequence[pd.DataFrame] | None = None,
    covariates: Mapping[str, pd.DataFrame] | None = None,
    checks: bool = True,
) -> EstimateOutcome:
    """Validate, fit (per stratum when ``by`` is given), add linkage uncertainty, run checks.

    Parameters
    ----------
    histories : pandas.DataFrame
        Capture histories (see :func:`undercount.estimate.validate_histories`).
    method : {"lcmcr", "loglinear", "dga", "chapman"}, optional
        None picks loglinear for three or more lists, chapman for two.
    by : sequence of str, optional
        Stratum columns (``--by`` specs such as ``age_band=0-17,18-`` name the column
        before ``=``); the table's other stratum columns are summed over.
    seed : int, optional
    max_order, criterion : optional
        Passed to :class:`LogLinear`.
    model_uncertainty : bool, default True
        Log-linear: account for the model selection (False: interval conditional on the
        selected model).
    linkage : LinkageDraws or sequence of DataFrame, optional
        Capture histories of drawn linkage configurations
        (:func:`undercount.estimate.linkage.linkage_draws`). The estimator is refitted on each
        and the draws of N pooled with the stored linkage's; the reported interval is the
        envelope of the pooled quantiles and the linkage-conditional interval widened on each
        side by the root-mean-square change of the estimate across the draws (documented
        count as floor).
    covariates : mapping, optional
        Covariate name -> capture histories by that covariate, for the capture-rate checks.
        By default the table's stratum columns not in ``by``.
    checks : bool, default True
        Run the checks of :mod:`undercount.estimate.checks` (fits two quick companion
        methods on three or more lists).

    Returns
    -------
    EstimateOutcome
    """
    h, lists, by, est = _prepare(
        histories, method, by, seed, max_order, criterion, model_uncertainty
    )
    _, strata_cols = _split_columns(h, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if by:
            res: StratifiedResult = estimate_stratified(
                est, h[lists + by + [COUNT]], by=by, seed=seed, skip_unestimable=True
            )
            runs = res.to_runs()
            combined = runs[-1][1]
            first = next(iter(res.estimators.values()))
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
                assumption=str(first.diagnostics_.get("assumption", "")),
            )
            fitted: BaseEstimator | None = None
            base_draws = res.draws
        else:
            est.fit(h[lists + [COUNT]])
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
            fitted = est
            base_draws = None
    outcome.warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    if len(lists) >= 3:
        outcome.assumption = f"{outcome.assumption} {HIDDEN_GROUP}".strip()
    if linkage is not None:
        _add_linkage(outcome, est, fitted, base_draws, h, lists, by, linkage, seed)
    if len(lists) >= 3:
        # on the reported interval (linkage included) and the table summed over strata
        summed = Histories.from_frame(h.groupby(lists)[COUNT].sum().reset_index())
        outcome.sensitivity = hidden_group_sensitivity(summed, outcome.estimate, outcome.interval)
    if checks:
        if covariates is None:
            covariates = {
                c: h.groupby(lists + [c], dropna=False)[COUNT].sum().reset_index()
                for c in strata_cols
                if c not in by
            }
        _add_checks(outcome, est, fitted, h, lists, by, covariates, seed)
    _store_in_run(outcome)
    return outcome


def _light(est: BaseEstimator) -> BaseEstimator:
    """A cheaper copy of the estimator for refitting on every linkage draw."""
    if isinstance(est, LCMCR):
        return clone(
            est,
            burnin=max(2000, int(est.burnin) // 5),
            n_samples=max(200, int(est.n_samples) // 2),
            n_chains=min(2, int(est.n_chains)),
        )
    if isinstance(est, LogLinear):
        return clone(est, n_boot=min(int(est.n_boot), 100))
    if isinstance(est, DGA):
        return clone(est, grid_size=min(int(est.grid_size), 5000))
    return clone(est)


def _add_linkage(
    outcome: EstimateOutcome,
    est: BaseEstimator,
    fitted: BaseEstimator | None,
    base_draws: np.ndarray | None,
    h: pd.DataFrame,
    lists: list[str],
    by: list[str],
    linkage: LinkageDraws | Sequence[pd.DataFrame],
    seed: int | None,
) -> None:
    tables = list(getattr(linkage, "tables", linkage))
    if not tables:
        return
    rng = np.random.default_rng(seed if seed is not None else 0)
    per = 200
    if fitted is not None:
        pooled = [fitted.draws(per, rng)]
    else:
        assert base_draws is not None
        pooled = [rng.choice(base_draws, size=per, replace=True)]
    light = _light(est)
    estimates, failed, noisy = [], 0, 0
    for t in tables:
        t = t.copy()
        for c in lists:
            if c not in t.columns:
                t[c] = 0
        t = t[lists + by + [COUNT]]
        t = t.loc[t[lists].sum(axis=1) > 0]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if by:
                    r = estimate_stratified(
                        light,
                        t,
                        by=by,
                        n_draws=per,
                        seed=int(rng.integers(2**31)),
                        skip_unestimable=True,
                    )
                    pooled.append(r.draws)
                    estimates.append(r.estimate)
                else:
                    e = clone(light).fit(t[lists + [COUNT]])
                    pooled.append(e.draws(per, rng))
                    estimates.append(float(e.estimate_))
            except EstimationError:
                failed += 1
        noisy += bool(caught)
    cond = outcome.interval
    summary: dict[str, Any] = dict(getattr(linkage, "summary", lambda: {})() or {})
    summary.update(
        draws=len(tables),
        draws_fitted=len(estimates),
        draws_failed=failed,
        draws_with_warnings=noisy,
        conditional_interval=list(cond),
        combination="pooled draws of N over linkage configurations (stored one included); "
        "reported interval = envelope of their quantiles and the conditional interval "
        "widened on each side by the root-mean-square change of the estimate across the draws",
    )
    if len(estimates) < max(2, len(tables) // 2):
        outcome.linkage = summary
        outcome.conditional_interval = cond
        outcome.warnings.append(
            f"Linkage uncertainty: only {len(estimates)} of {len(tables)} linkage draws could be "
            "estimated; the interval takes the stored linkage as certain. Review the uncertain "
            "pairs (`undercount review`)."
        )
        return
    allx = np.concatenate(pooled)
    a = (1 - outcome.level) / 2
    lo, hi = (float(x) for x in np.quantile(allx, [a, 1 - a]))
    est_arr = np.asarray(estimates)
    summary.update(
        pooled_interval=[lo, hi],
        estimate_per_draw={
            "min": float(est_arr.min()),
            "median": float(np.median(est_arr)),
            "max": float(est_arr.max()),
        },
    )
    # linkage allowance: the stored linkage's error is treated as a bias of unknown sign whose
    # size is the root-mean-square change of the estimate across the draws (their spread and
    # their shift from the stored linkage); each end of the conditional interval moves out by
    # it. Symmetric, because the shift's direction is not evidence: the pair probabilities are
    # not exactly calibrated (on simulated lists the linker's mid-range probabilities are
    # under-confident, so independent draws split more people than exist)
    est = outcome.estimate
    rms = float(np.sqrt(np.mean((est_arr - est) ** 2)))
    allowance = (cond[0] - rms, cond[1] + rms)
    summary.update(linkage_rms=rms, allowance_interval=list(allowance))
    final = (
        max(min(lo, allowance[0], est), float(outcome.documented)),
        max(hi, allowance[1], est),
    )
    summary["width_conditional"] = cond[1] - cond[0]
    summary["width_combined"] = final[1] - final[0]
    outcome.conditional_interval = cond
    outcome.interval = final
    outcome.linkage = summary


#: Companion fits of recent tables: (table hash, method, seed) -> result. The CLI, the report
#: and the web app re-estimate the same table with several methods; the companions are the
#: slow part of the checks and depend only on the table, the method left out and the seed.
_COMPANION_CACHE: OrderedDict[
    tuple[str, str, int], tuple[dict[str, tuple[float, tuple[float, float]]], float | None]
] = OrderedDict()
_COMPANION_CACHE_SIZE = 16


def _companions(
    est: BaseEstimator, h: pd.DataFrame, lists: list[str], seed: int | None
) -> tuple[dict[str, tuple[float, tuple[float, float]]], float | None]:
    """Quick fits of two other methods on the same table, for the disagreement check
    (cached for the last few tables)."""
    s = 0 if seed is None else seed
    key = (input_hash(h[lists + [COUNT]], lists=lists), est.method, s)
    if key in _COMPANION_CACHE:
        _COMPANION_CACHE.move_to_end(key)
        cached, low = _COMPANION_CACHE[key]
        return dict(cached), low
    result = _fit_companions(est, h, lists, s)
    _COMPANION_CACHE[key] = result
    while len(_COMPANION_CACHE) > _COMPANION_CACHE_SIZE:
        _COMPANION_CACHE.popitem(last=False)
    return dict(result[0]), result[1]


def _fit_companions(
    est: BaseEstimator, h: pd.DataFrame, lists: list[str], s: int
) -> tuple[dict[str, tuple[float, tuple[float, float]]], float | None]:
    quick_lcmcr = LCMCR(seed=s, burnin=10000, n_samples=500, thinning=10, n_chains=2)
    cands: list[tuple[str, BaseEstimator]] = []
    if est.method != "loglinear":
        cands.append(("log-linear (BIC)", LogLinear(n_boot=100)))
    if est.method != "dga" and len(lists) <= 6:
        cands.append(("DGA", DGA(grid_size=5000)))
    if est.method != "lcmcr":
        cands.append(("LCMCR", quick_lcmcr))
    out, low_share = {}, None
    for name, e in cands:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                e.fit(h[lists + [COUNT]])
            except EstimationError:
                continue
        out[name] = (float(e.estimate_), (float(e.interval_[0]), float(e.interval_[1])))
        if isinstance(e, LCMCR):
            low_share = e.diagnostics_.get("low_capture_share")
    return out, low_share


def _strata_checks(
    outcome: EstimateOutcome, h: pd.DataFrame, lists: list[str], by: list[str]
) -> list[Check]:
    """Checks of a stratified estimate: strata not estimable, the heterogeneity warning per
    stratum and for the combined total, Chao's bounds summed, strata that differ."""
    assert outcome.strata is not None
    table = outcome.strata.set_index("stratum")
    skipped = table[table["model"] == "not estimable"]
    found: list[Check] = []
    if len(skipped):
        notes = (outcome.runs[-1][1].diagnostics or {}).get("not_estimable", {})
        found.append(
            Check(
                "stratum_not_estimable",
                "Not estimable: "
                + "; ".join(
                    f"stratum {lab} ({int(r['documented']):,} documented): "
                    f"{str(notes.get(lab, 'no estimate')).rstrip('.')}"
                    for lab, r in skipped.iterrows()
                )
                + f". The total counts only the {int(skipped['documented'].sum()):,} people "
                "documented there, so it is a lower bound for those strata; the other strata's "
                "figures stand.",
                "Merge the stratum with a neighbouring one (coarser --by bands or fewer --by "
                "columns), or report it as not estimable next to the total.",
            )
        )
    lb, lb_var, het_total, fired = 0.0, 0.0, 0.0, []
    flags: dict[str, bool] = {}
    tested: list[tuple[str, pd.Series, Any]] = []
    for key, sub in h.groupby(by, dropna=False, sort=True):
        label = ", ".join(
            f"{b}={v}" for b, v in zip(by, key if isinstance(key, tuple) else (key,), strict=True)
        )
        hs = Histories.from_frame(sub.groupby(lists)[COUNT].sum().reset_index())
        present = [j for j in range(hs.k) if hs.cells[hs.patterns[:, j] == 1].sum() > 0]
        if label not in table.index or label in skipped.index or len(present) < 3:
            # untested: Chao's bound is the documented; the total keeps the stratum's figure
            lb += hs.n
            het_total += hs.n if label in skipped.index else float(table.loc[label, "estimate"])
            continue
        if len(present) < hs.k:
            cols = [lists[j] for j in present]
            hs = Histories.from_frame(
                sub.loc[sub[cols].sum(axis=1) > 0].groupby(cols)[COUNT].sum().reset_index()
            )
        lb += chao_lower_bound(hs)
        lb_var += chao_lower_bound_se(hs) ** 2
        tested.append((label, table.loc[label], heterogeneity_evidence(hs)))
    # the strata are tested together: Bonferroni over the strata tested
    z_min = strata_z(len(tested))
    for label, r, ev in tested:
        hits = heterogeneity_fires(ev, (float(r["low"]), float(r["high"])), z_min=z_min)
        flags[label] = bool(hits)
        # the totals of the Mh fits that would fire in this stratum (unstable ones never do)
        supported = [
            n
            for _, z, n, se in ev.mh
            if z > z_min and n > (1 + MH_EXCESS) * r["high"] and not mh_unstable(n, se)
        ]
        het_total += max([float(r["estimate"]), *supported])
        if hits:
            fired.append(
                f"in stratum {label} (interval {r['low']:,.0f} to {r['high']:,.0f}), {hits[0]}"
            )
    # each stratum's own warning is stored in the strata table; the check fires on the
    # combined total (one test, not one per stratum: with a warning per stratum the false
    # alarms add up, 9 of 40 simulated two-stratum estimates against 4 of 40 this way)
    outcome.strata["heterogeneity_warning"] = [
        flags.get(str(lab), False) for lab in outcome.strata["stratum"]
    ]
    hi = outcome.interval[1]
    if het_total > hi:
        found.append(
            Check(
                "heterogeneity_test",
                "Heterogeneity: signs of a group that every list under-records: where a "
                "heterogeneity model fits a stratum better than independence, its total "
                f"puts the sum of the strata at {het_total:,.0f}, above the combined "
                f"interval's upper end ({hi:,.0f})"
                + ("; " + "; ".join(fired) if fired else "")
                + ". The intervals assume no such group.",
                "Stratify further by a covariate that may drive capture (--by), add a list "
                "that reaches other people, and treat the figure as a lower bound"
                + SEE_SENSITIVITY,
            )
        )
    if lb - 1.96 * np.sqrt(lb_var) > hi:
        found.append(
            Check(
                "lower_bound",
                f"Heterogeneity: the strata's lower bounds under unequal catchability "
                f"(Chao) add up to {lb:,.0f} (standard error {np.sqrt(lb_var):,.0f}), clearly "
                f"above the upper end of the interval ({hi:,.0f}).",
                "Stratify more finely by what drives capture, add a list that reaches "
                "other people, and read the figure as a lower bound" + SEE_SENSITIVITY,
            )
        )
    est_table = outcome.strata[outcome.strata["model"] != "not estimable"]
    return found + check_strata(est_table, by)


def _add_checks(
    outcome: EstimateOutcome,
    est: BaseEstimator,
    fitted: BaseEstimator | None,
    h: pd.DataFrame,
    lists: list[str],
    by: list[str],
    covariates: Mapping[str, pd.DataFrame],
    seed: int | None,
) -> None:
    found: list[Check] = check_unseen(outcome.documented, outcome.estimate)
    if len(lists) >= 3:
        if by:
            assert outcome.strata is not None
            found += _strata_checks(outcome, h, lists, by)
        else:
            hs = Histories.from_frame(h[lists + [COUNT]])
            evidence = heterogeneity_evidence(hs)
            others, low = _companions(est, h, lists, seed)
            own_low = fitted.diagnostics_.get("low_capture_share") if fitted else None
            found += check_estimate_against(
                hs,
                outcome.interval,
                label=outcome.method,
                others=others,
                lcmcr_low_share=own_low if own_low is not None else low,
                evidence=evidence,
            )
            outcome.diagnostics = {
                **outcome.diagnostics,
                "companions": {k: [v[0], *v[1]] for k, v in others.items()},
                "heterogeneity": evidence.to_dict(),
                "lcmcr_low_capture_share": own_low if own_low is not None else low,
            }
    cov_checks, suggested, rates = check_covariates(covariates, lists)
    for b in by:
        tab = h.groupby(lists + [b], dropna=False)[COUNT].sum().reset_index()
        rates[b] = capture_rates(tab, lists, b)
    found += cov_checks
    outcome.checks = found
    outcome.suggested_strata = suggested
    outcome.capture_rates = rates
    outcome.warnings = [c.text() for c in found] + outcome.warnings


def _store_in_run(outcome: EstimateOutcome) -> None:
    """Put the reported interval, the conditional one, checks and warnings in the last run."""
    label, run = outcome.runs[-1]
    diag = dict(run.diagnostics or {})
    diag.update(
        checks=[c.to_dict() for c in outcome.checks],
        warnings=outcome.warnings,
        assumption=outcome.assumption,
        suggested_strata=outcome.suggested_strata,
    )
    if outcome.sensitivity:
        diag["sensitivity"] = [r.to_dict() for r in outcome.sensitivity]
    if outcome.conditional_interval is not None:
        diag["linkage_conditional_interval"] = list(outcome.conditional_interval)
        diag["linkage"] = _jsonable(outcome.linkage)
    for key in ("companions", "heterogeneity"):
        if key in outcome.diagnostics:
            diag[key] = outcome.diagnostics[key]
    new = dataclasses.replace(
        run,
        interval=Interval(outcome.interval[0], outcome.interval[1], outcome.level),
        diagnostics=_jsonable(diag),
    )
    outcome.runs[-1] = (label, new)


def estimate_project(
    project: Project,
    *,
    method: str | None = None,
    by: Sequence[str] | None = None,
    seed: int | None = None,
    max_order: int | None = None,
    criterion: str | None = None,
    model_uncertainty: bool = True,
    linkage_uncertainty: bool = True,
    n_linkage_draws: int = 20,
    checks: bool = True,
) -> EstimateOutcome:
    """:func:`run_estimate` on a project: its capture histories, linkage draws from the last
    link run's pair probabilities (unless ``linkage_uncertainty=False``) and covariate
    tables (sex, age band, province) for the checks. Nothing is stored; the caller stores
    ``outcome.runs`` with :meth:`Project.record_estimates`."""
    from undercount.estimate.bands import split_by
    from undercount.estimate.linkage import linkage_draws

    specs = [s for b in (by or []) for s in split_by(b)]
    table = project.capture_histories(by=specs)
    check_estimate(table, method=method, by=specs)
    draws = None
    if linkage_uncertainty:
        draws = linkage_draws(project, specs, n_draws=n_linkage_draws, seed=seed)
    names = set(_by_names(specs))
    covs: dict[str, pd.DataFrame] = {}
    if checks:
        for cov in ("sex", "age_band", "province"):
            if cov in names:
                continue
            t = project.capture_histories(by=[cov])
            if t[cov].nunique() >= 2:
                covs[cov] = t
    out = run_estimate(
        table,
        method=method,
        by=specs,
        seed=seed,
        max_order=max_order,
        criterion=criterion,
        model_uncertainty=model_uncertainty,
        linkage=draws,
        covariates=covs,
        checks=checks,
    )
    if linkage_uncertainty and draws is None:
        out.warnings.append(
            "Linkage uncertainty: the last link run stored no pair match probabilities (exact "
            "linkage?), so the interval takes the linkage as certain."
        )
        _store_in_run(out)
    return out
