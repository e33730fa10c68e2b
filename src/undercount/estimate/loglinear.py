"""Poisson log-linear models for K lists, with model search and profile-likelihood intervals.

The 2^K - 1 observable cells are fitted as independent Poisson counts with
``log mu_w = sum of the terms theta contained in w`` for a hierarchical set of interaction
terms; the unseen count is ``exp(intercept)``. Every hierarchical model up to ``max_order`` is
fitted (vectorised IRLS, see :mod:`undercount.estimate._glm`) and ranked by AIC, BIC or AICc;
when the model space is too large a forward stepwise search by the same criterion is used.

The default interval accounts for the model choice: a multinomial bootstrap of the observed
cells reruns the selection among the best candidate models in every replicate (as SparseMSE's
BIC method does, Silverman, Chan & Vincent 2024), and the reported interval is the envelope of
that percentile interval and the selected model's own profile-likelihood interval, so it is
never narrower than the interval conditional on the model. ``interval="profile"`` (or
``"wald"``) gives the conditional interval alone.

References
----------
.. [1] Fienberg, S. E. (1972). The multiple recapture census for closed populations and
   incomplete 2^k contingency tables. *Biometrika* 59:591-603.
.. [2] Cormack, R. M. (1992). Interval estimation for mark-recapture studies of closed
   populations. *Biometrics* 48:567-576 (profile-likelihood interval).
.. [3] Fienberg, S. E. & Rinaldo, A. (2012). Maximum likelihood estimation in log-linear
   models. *Annals of Statistics* 40:996-1023 (extended MLE).
.. [4] Chan, L., Silverman, B. W. & Vincent, K. (2021). Multiple systems estimation for sparse
   capture data. *JASA* 116:1297-1306.
.. [5] Baillargeon, S. & Rivest, L.-P. (2007). Rcapture: loglinear models for
   capture-recapture in R. *J. Statistical Software* 19(5).
.. [6] Silverman, B. W., Chan, L. & Vincent, K. (2024). Bootstrapping multiple systems
   estimates to account for model selection. *Statistics and Computing* 34:44.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats
from scipy.special import gammaln

from undercount.errors import EstimationError, SparseDataError
from undercount.estimate._glm import (
    Term,
    design,
    enumerate_models,
    fit_batch,
    interaction_terms,
    is_hierarchical,
)
from undercount.estimate.base import BaseEstimator, Level, Options, Range
from undercount.estimate.diagnostics import ConvergenceWarning, IdentifiabilityWarning
from undercount.estimate.histories import Histories, check_overlap
from undercount.estimate.identify import ASSUMPTIONS, require_lists

__all__ = ["LogLinear"]

_DIVERGENT_SE = 8.0  # intercept standard error beyond which n0 counts as not identified


class _Space:
    """The full design and helpers to turn models (sets of terms) into fitting masks."""

    def __init__(self, h: Histories, max_order: int) -> None:
        self.k = h.k
        self.terms = interaction_terms(h.k, max_order)
        self.col = {t: h.k + 1 + i for i, t in enumerate(self.terms)}
        self.x = design(h.k, self.terms)
        self.y = h.cells[1:].astype(float)
        self.p = self.x.shape[1]
        # terms whose margin total is 0: in the extended MLE they are -inf and the cells they
        # cover are structural zeros (Fienberg & Rinaldo 2012)
        margins = self.x.T @ self.y
        self.zero_terms = {t for t in self.terms if margins[self.col[t]] == 0}

    def masks(self, models: Sequence[frozenset[Term]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = len(models)
        fit_mask = np.zeros((m, self.p), dtype=bool)
        fit_mask[:, : self.k + 1] = True
        cw = np.ones((m, self.x.shape[0]))
        n_params = np.full(m, self.k + 1)
        for i, model in enumerate(models):
            n_params[i] += len(model)
            for t in model:
                if t in self.zero_terms:
                    cw[i, self.x[:, self.col[t]] == 1] = 0.0
                else:
                    fit_mask[i, self.col[t]] = True
        return fit_mask, cw, n_params

    def fit(self, models: Sequence[frozenset[Term]], y: np.ndarray | None = None) -> Any:
        fit_mask, cw, n_params = self.masks(models)
        res = fit_batch(self.x, self.y if y is None else y, fit_mask, cell_weights=cw)
        res.n_params = n_params
        return res


def _criterion(name: str, loglik: np.ndarray, p: np.ndarray, n: int, cells: int) -> np.ndarray:
    if name == "aic":
        return -2 * loglik + 2 * p
    if name == "bic":
        return -2 * loglik + np.log(n) * p
    denom = np.maximum(cells - p - 1, 1e-9)
    return -2 * loglik + 2 * p + 2 * p * (p + 1) / denom


class LogLinear(BaseEstimator):
    """Poisson log-linear multiple systems estimation with model search.

    Assumes a closed population; dependence between lists is modelled by the interaction
    terms, and heterogeneity of capture only so far as it shows up as such dependence. The
    K-way interaction is never estimable and is always left out.

    Parameters
    ----------
    max_order : int, default 2
        Highest interaction order searched (1 is the independence model, Rcapture's Mt).
    criterion : {"bic", "aic", "aicc"}, default "bic"
        Model-selection criterion. BIC uses log(number of people documented), as in R.
    average : bool, default False
        Average the estimate over models with weights exp(-criterion/2) instead of taking the
        best model; the interval is then the model-averaged log-normal mixture.
    terms : iterable of tuple of str, optional
        Fit this one model (interaction terms named by list) instead of searching.
    level : float, default 0.95
        Coverage of the interval.
    interval : {"selection", "profile", "wald"}, default "selection"
        ``"selection"``: accounts for the model choice (bootstrap that reruns the selection,
        see the module docstring), never narrower than the profile interval;
        ``"profile"``: profile-likelihood interval for N conditional on the selected model
        (Cormack 1992, as Rcapture's ``closedpCI.t``); ``"wald"``: n + exp(intercept +/- z
        se), conditional on the model. With one candidate model (``max_order=1`` or fixed
        ``terms``) there is no choice to account for and "selection" is the profile interval.
    max_models : int, default 65536
        Above this many candidate models a forward stepwise search is used instead.
    n_boot : int, default 200
        Bootstrap replicates of the selection-aware interval.
    n_top : int, optional
        Models the bootstrap chooses among: the best ``n_top`` by the criterion. None means
        all for 3 lists, 20 for 4 and 100 for 5 or more (SparseMSE's defaults).
    seed : int, optional
        Seed of the bootstrap (None means 1234, as SparseMSE's ``iseed``).

    Attributes
    ----------
    estimate_ : float
        Maximum-likelihood estimate of N = documented + exp(intercept).
    interval_ : tuple of float
        (low, high) for N.
    model_ : tuple of tuple of str
        Interaction terms of the selected model.
    models_ : pandas.DataFrame
        Every model fitted: terms, n_params, loglik, criterion, estimate, weight.
    documented_ : int
    diagnostics_ : dict
        Selected model, criterion, deviance, residual df, number of models searched, search
        strategy, structural-zero terms, intercept standard error and the Wald interval.

    References
    ----------
    .. [1] Fienberg (1972), Biometrika 59:591-603.
    .. [2] Cormack (1992), Biometrics 48:567-576.
    .. [3] Fienberg & Rinaldo (2012), Annals of Statistics 40:996-1023.
    .. [4] Baillargeon & Rivest (2007), J. Statistical Software 19(5).

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"A": [1, 0, 0, 1, 1, 0, 1], "B": [0, 1, 0, 1, 0, 1, 1],
    ...                   "C": [0, 0, 1, 0, 1, 1, 1], "count": [40, 30, 20, 10, 8, 6, 3]})
    >>> est = LogLinear(max_order=1).fit(h)
    >>> est.documented_
    117
    """

    method = "loglinear"
    _parameter_constraints = {
        "max_order": Range(Integral, 1, None),
        "criterion": Options(frozenset({"aic", "bic", "aicc"})),
        "level": Level,
        "max_models": Range(Integral, 1, None),
        "interval": Options(frozenset({"selection", "profile", "wald"})),
        "n_boot": Range(Integral, 20, None),
        "n_top": Range(Integral, 1, None, none_ok=True),
        "seed": Range(Integral, 0, None, none_ok=True),
    }

    def __init__(
        self,
        max_order: int = 2,
        criterion: str = "bic",
        *,
        average: bool = False,
        terms: Iterable[Sequence[str]] | None = None,
        level: float = 0.95,
        interval: str = "selection",
        max_models: int = 65536,
        n_boot: int = 200,
        n_top: int | None = None,
        seed: int | None = None,
    ) -> None:
        self.max_order = max_order
        self.criterion = criterion
        self.average = average
        self.terms = terms
        self.level = level
        self.interval = interval
        self.max_models = max_models
        self.n_boot = n_boot
        self.n_top = n_top
        self.seed = seed

    # -- fitting ------------------------------------------------------------------------------
    def fit(self, histories: pd.DataFrame | Histories) -> LogLinear:
        """Search the models, fit the best (or average), and compute the interval."""
        h = self._prepare(histories)
        crit = str(self.criterion).lower()
        order = int(self.max_order)
        if self.terms is not None or order >= 2:
            require_lists(
                "A log-linear model with list interactions",
                h.k,
                h.lists,
                what="interactions between lists (LogLinear(max_order=1) is the independence "
                "model, the same assumption as Chapman)",
            )
        check_overlap(h, "a log-linear model")
        # a canonical list order makes the bootstrap independent of column order
        h = h.reorder(sorted(h.lists))
        if order >= h.k:
            if order > 2:
                warnings.warn(
                    f"max_order={order} asks for the {h.k}-way interaction, which the observed "
                    f"cells cannot identify; searching up to order {h.k - 1}.",
                    IdentifiabilityWarning,
                    stacklevel=2,
                )
            order = h.k - 1
        fixed = self._fixed_model(h)
        if fixed is not None:
            order = max([order, *(len(t) for t in fixed)])
        space = _Space(h, max(order, 1))
        if fixed is not None:
            models, strategy = [fixed], "fixed"
        else:
            enum = enumerate_models(h.k, order, int(self.max_models))
            models, strategy = (enum, "exhaustive") if enum is not None else (None, "stepwise")
        if models is None:
            models, res = self._stepwise(space, h, crit)
        else:
            res = space.fit(models)
        cvals = _criterion(crit, res.loglik, res.n_params, h.n, len(space.y))
        nhat = h.n + np.exp(res.beta[:, 0])
        ok = res.converged & (res.se0 < _DIVERGENT_SE) & np.isfinite(cvals)
        if not ok.any():
            raise SparseDataError(
                "No log-linear model in the search identifies the unseen count: the zero cells "
                "of this table leave the dark figure unbounded. Merge lists with little overlap, "
                "lower max_order, or use a Bayesian method (DGA, LCMCR) whose prior bounds it.",
                lists=list(h.lists),
            )
        cbest = np.where(ok, cvals, np.inf)
        best = int(np.argmin(cbest))
        weights = np.where(ok, np.exp(-(cbest - cbest[best]) / 2), 0.0)
        weights /= weights.sum()
        self._space, self._h = space, h
        self.model_ = self._names(models[best], h)
        self._best_model = models[best]
        self._beta = res.beta[best]
        self._mu_obs = res.mu[best]
        self.models_ = (
            pd.DataFrame(
                {
                    "terms": _term_strings(models, h),
                    "n_params": res.n_params,
                    "loglik": res.loglik,
                    crit: cvals,
                    "estimate": nhat,
                    "weight": weights,
                    "usable": ok,
                }
            )
            .sort_values(crit, kind="stable")
            .reset_index(drop=True)
        )
        z = stats.norm.ppf(0.5 + self.level / 2)
        b0, se0 = float(res.beta[best, 0]), float(res.se0[best])
        wald = (h.n + math.exp(b0 - z * se0), h.n + math.exp(b0 + z * se0))
        self.seed_ = 1234 if self.seed is None else int(self.seed)
        self.bootstrap_ = np.empty(0)
        conditional: tuple[float, float] | None = None
        if self.average:
            self.estimate_ = float(np.sum(weights * nhat))
            self.interval_ = _mixture_interval(h.n, res.beta[:, 0], res.se0, weights, self.level)
        else:
            self.estimate_ = float(nhat[best])
            if self.interval == "wald":
                self.interval_ = wald
            else:
                conditional = self._profile(space, models[best], h, self.estimate_)
                self.interval_ = conditional
                if self.interval == "selection" and ok.sum() > 1:
                    self.bootstrap_ = self._selection_bootstrap(space, models, cvals, ok, h, crit)
                    if len(self.bootstrap_) >= 20:
                        a = (1 - self.level) / 2
                        blo, bhi = np.quantile(self.bootstrap_, [a, 1 - a])
                        self.interval_ = (
                            float(min(blo, conditional[0])),
                            float(max(bhi, conditional[1])),
                        )
        if not bool(res.converged[best]):
            warnings.warn(
                "IRLS did not converge for the selected model.", ConvergenceWarning, stacklevel=2
            )
        if self.estimate_ > 100 * h.n or se0 > 2 or not math.isfinite(self.interval_[1]):
            warnings.warn(
                f"The selected log-linear model barely identifies the unseen count (estimate "
                f"{self.estimate_:,.0f} from {h.n:,} documented; intercept s.e. {se0:.2f}). "
                "Treat it as unreliable: look at the interval, merge sparse lists or use DGA.",
                IdentifiabilityWarning,
                stacklevel=2,
            )
        zeros = sorted(
            ":".join(h.lists[j] for j in t) for t in models[best] if t in space.zero_terms
        )
        self.diagnostics_ = {
            "model": self._model_description(),
            "criterion": crit,
            "criterion_value": float(cvals[best]),
            "deviance": float(res.deviance[best]),
            "df_resid": int(len(space.y) - res.n_params[best]),
            "n_models": len(models),
            "search": strategy,
            "max_order": order,
            "structural_zero_terms": zeros,
            "intercept": b0,
            "intercept_se": se0,
            "wald_interval": list(wald),
            "interval_method": self._interval_method(),
            "top_weight": float(weights[best]),
            "assumption": ASSUMPTIONS[
                "loglinear" if self._best_model else "loglinear-independence"
            ],
        }
        if conditional is not None:
            self.diagnostics_["conditional_interval"] = list(conditional)
        if len(self.bootstrap_):
            a = (1 - self.level) / 2
            self.diagnostics_["selection_bootstrap"] = {
                "replicates": len(self.bootstrap_),
                "interval": [float(x) for x in np.quantile(self.bootstrap_, [a, 1 - a])],
                "models_considered": int(min(self._n_top(h.k), int(ok.sum()))),
                "seed": self.seed_,
            }
        return self

    def _interval_method(self) -> str:
        if self.average:
            return "model-averaged"
        if self.interval == "selection" and len(self.bootstrap_) >= 20:
            return "selection bootstrap + profile (envelope)"
        return "profile" if self.interval == "selection" else str(self.interval)

    def _n_top(self, k: int) -> int:
        if self.n_top is not None:
            return int(self.n_top)
        return 10**9 if k <= 3 else (20 if k == 4 else 100)

    def _selection_bootstrap(
        self,
        space: _Space,
        models: Sequence[frozenset[Term]],
        cvals: np.ndarray,
        ok: np.ndarray,
        h: Histories,
        crit: str,
    ) -> np.ndarray:
        """N-hat in multinomial bootstrap replicates of the observed cells, the model chosen
        afresh (by the criterion, among the best candidates) in each replicate."""
        order = np.argsort(np.where(ok, cvals, np.inf), kind="stable")
        top = [int(i) for i in order[: self._n_top(h.k)] if ok[i]]
        cand = [models[i] for i in top]
        rng = np.random.default_rng(self.seed_)
        n_boot = int(self.n_boot)
        y = space.y
        reps = rng.multinomial(h.n, y / y.sum(), size=n_boot).astype(float)
        m = len(cand)
        r = space.fit(cand * n_boot, y=np.repeat(reps, m, axis=0))
        c = _criterion(crit, r.loglik, r.n_params, h.n, len(y)).reshape(n_boot, m)
        good = (r.converged & (r.se0 < _DIVERGENT_SE)).reshape(n_boot, m) & np.isfinite(c)
        c = np.where(good, c, np.inf)
        pick = np.argmin(c, axis=1)
        usable = good[np.arange(n_boot), pick]
        b0 = r.beta[:, 0].reshape(n_boot, m)[np.arange(n_boot), pick]
        return (h.n + np.exp(np.minimum(b0, 30)))[usable]

    def _fixed_model(self, h: Histories) -> frozenset[Term] | None:
        if self.terms is None:
            return None
        out = set()
        for t in self.terms:
            names = [t] if isinstance(t, str) else list(t)
            bad = [x for x in names if x not in h.lists]
            if bad or len(names) < 2:
                raise EstimationError(
                    f"LogLinear(terms=...) term {tuple(names)!r} must name two or more of the "
                    f"lists {list(h.lists)}."
                )
            out.add(tuple(sorted(h.lists.index(x) for x in names)))
        model = frozenset(out)
        if any(len(t) >= h.k for t in model):
            raise SparseDataError(
                f"The {h.k}-way interaction cannot be estimated from the observed cells; "
                "remove it from terms."
            )
        if not is_hierarchical(model):
            raise EstimationError(
                "LogLinear(terms=...) must be hierarchical: add every lower-order term of each "
                "interaction."
            )
        return model

    @staticmethod
    def _names(model: frozenset[Term], h: Histories) -> tuple[tuple[str, ...], ...]:
        return tuple(
            sorted((tuple(h.lists[j] for j in t) for t in model), key=lambda t: (len(t), t))
        )

    def _stepwise(self, space: _Space, h: Histories, crit: str) -> tuple[list, Any]:
        """Forward search by the criterion over hierarchical additions."""
        current: frozenset[Term] = frozenset()
        visited: list[frozenset[Term]] = [current]
        res = space.fit([current])
        best_c = _criterion(crit, res.loglik, res.n_params, h.n, len(space.y))[0]
        all_models, all_res = [current], [res]
        while True:
            cands = [
                current | {t}
                for t in space.terms
                if t not in current and is_hierarchical(current | {t})
            ]
            if not cands:
                break
            r = space.fit(cands)
            c = _criterion(crit, r.loglik, r.n_params, h.n, len(space.y))
            c = np.where(r.converged & (r.se0 < _DIVERGENT_SE), c, np.inf)
            all_models.extend(cands)
            all_res.append(r)
            i = int(np.argmin(c))
            if c[i] >= best_c:
                break
            best_c, current = c[i], cands[i]
            visited.append(current)
        merged = type(res)(
            *(np.concatenate([getattr(r, f) for r in all_res]) for f in res.__dataclass_fields__)
        )
        return all_models, merged

    def _profile(
        self, space: _Space, model: frozenset[Term], h: Histories, nhat: float
    ) -> tuple[float, float]:
        """Profile-likelihood interval for N from the multinomial likelihood (Cormack 1992)."""
        k = h.k
        terms = space.terms
        xf = design(k, terms, with_zero_cell=True)
        fit_mask, cw_obs, _ = space.masks([model])
        cw = np.concatenate([[1.0], cw_obs[0]])
        y_obs = space.y
        n = h.n

        def prof(n0: float) -> float:
            y = np.concatenate([[n0], y_obs])
            r = fit_batch(xf, y, fit_mask, cell_weights=cw[None, :])
            mu = np.maximum(r.mu[0], 1e-300)
            big_n = n + n0
            ll = (
                gammaln(big_n + 1)
                - gammaln(y + 1).sum()
                + np.sum(np.where(y > 0, y * np.log(mu / big_n), 0.0))
            )
            return float(ll)

        n0hat = max(nhat - n, 1e-6)
        opt = optimize.minimize_scalar(
            lambda t: -prof(math.exp(t)),
            bounds=(math.log(n0hat) - 1.0, math.log(n0hat) + 1.0),
            method="bounded",
            options={"xatol": 1e-6},
        )
        lmax = -float(opt.fun)
        n0max = math.exp(float(opt.x))
        thr = lmax - stats.chi2.ppf(self.level, 1) / 2

        def g(n0: float) -> float:
            return prof(n0) - thr

        lo = 0.0 if g(0.0) > 0 else optimize.brentq(g, 0.0, n0max, xtol=1e-3)
        hi_b = max(n0max * 2, 10.0)
        hi = math.inf
        for _ in range(40):
            if g(hi_b) < 0:
                hi = optimize.brentq(g, n0max, hi_b, xtol=1e-3)
                break
            hi_b *= 2
        return (n + lo, n + hi)

    def _model_description(self) -> str:
        inter = " + ".join(":".join(t) for t in self.model_)
        mains = " + ".join(self.lists_)
        base = f"{mains} + {inter}" if inter else f"{mains} (independence)"
        return f"log-linear {base}" + (" [model-averaged]" if self.average else "")

    # -- parametric bootstrap ---------------------------------------------------------------------
    def draws(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """Draws of N: the selection bootstrap's replicates when there are any, else a
        parametric bootstrap (simulate the table from the fit, refit the selected model)."""
        self._check_fitted()
        if len(self.bootstrap_) >= 20:
            return rng.choice(self.bootstrap_, size=size, replace=True)
        space = self._space
        y = rng.poisson(self._mu_obs, size=(size, len(space.y))).astype(float)
        r = space.fit([self._best_model] * size, y=y)
        return y.sum(axis=1) + np.exp(np.minimum(r.beta[:, 0], 30))


def _term_strings(models: Sequence[frozenset[Term]], h: Histories) -> list[str]:
    names = {t: ":".join(h.lists[j] for j in t) for t in set().union(*models)}
    key = {t: (len(t), names[t].split(":")) for t in names}
    return [" + ".join(names[t] for t in sorted(m, key=key.__getitem__)) for m in models]


def _mixture_interval(
    n: int, b0: np.ndarray, se0: np.ndarray, w: np.ndarray, level: float
) -> tuple[float, float]:
    keep = w > 1e-6
    b, s, ww = b0[keep], np.maximum(se0[keep], 1e-9), w[keep] / w[keep].sum()

    def cdf(v: float) -> float:
        return float(np.sum(ww * stats.norm.cdf((v - b) / s)))

    a = (1 - level) / 2
    lo_b, hi_b = float(np.min(b - 10 * s)), float(np.max(b + 10 * s))
    lo = optimize.brentq(lambda v: cdf(v) - a, lo_b, hi_b)
    hi = optimize.brentq(lambda v: cdf(v) - (1 - a), lo_b, hi_b)
    return (n + math.exp(lo), n + math.exp(hi))
