"""LCMCR: Bayesian non-parametric latent-class capture-recapture (Manrique-Vallier 2016).

People fall into latent classes with a truncated stick-breaking (Dirichlet process) prior;
within a class the lists capture independently. Mixing over classes lets capture
probabilities differ between people (heterogeneity) and induces dependence between lists.
The Gibbs sampler is in :mod:`undercount.estimate._lcmcr_kernels` (numba, with a numpy
reference). Several chains are run from independent seeds and checked against each other
with split R-hat and the effective sample size.

References
----------
.. [1] Manrique-Vallier, D. (2016). Bayesian population size estimation using Dirichlet
   process mixtures. *Biometrics* 72:1246-1254.
.. [2] Vehtari, A. et al. (2021). Rank-normalization, folding, and localization: an improved
   R-hat. *Bayesian Analysis* 16:667-718.
"""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from undercount.estimate._lcmcr_kernels import get_numba_kernel, gibbs_numpy
from undercount.estimate.base import BaseEstimator, Level, Options, Range
from undercount.estimate.diagnostics import ConvergenceWarning, ess, rhat
from undercount.estimate.histories import Histories, check_overlap
from undercount.estimate.identify import ASSUMPTIONS, require_lists

__all__ = ["LCMCR"]


class LCMCR(BaseEstimator):
    """Population size from a Dirichlet-process mixture of latent classes (LCMCR).

    Assumes a closed population. Allows heterogeneous capture probabilities and the list
    dependence they induce, but assumes lists are independent within a latent class.

    Parameters
    ----------
    max_classes : int, default 10
        Truncation K* of the stick-breaking prior.
    seed : int, optional
        Seed; None draws one (recorded in ``seed_``).
    a_alpha, b_alpha : float, default 0.25
        Gamma(a, b) prior (shape, rate) on the concentration alpha, as in the R package.
    burnin : int, default 50000
        Sweeps discarded per chain (R needed 50,000 for two seeds to agree on Kosovo).
    n_samples : int, default 1000
        Draws kept per chain.
    thinning : int, default 20
        Sweeps between kept draws.
    n_chains : int, default 4
        Independent chains (run in parallel threads), pooled for the estimate.
    level : float, default 0.95
        Coverage of the equal-tailed credible interval.
    n0_cap : int, default 20
        The unseen count is truncated at ``n0_cap`` x documented, as in the R package.
    backend : {"numba", "numpy"}, default "numba"
        The compiled kernel or the pure-numpy reference (slow).

    Attributes
    ----------
    estimate_ : float
        Posterior median of N.
    interval_ : tuple of float
        Equal-tailed credible interval for N.
    samples_ : numpy.ndarray
        Pooled posterior draws of N.
    trace_ : dict of numpy.ndarray
        Per-chain traces (n_chains, n_samples) of ``N``, ``alpha`` and ``n_classes`` used.
    seed_ : int
        The seed used.
    documented_ : int
    diagnostics_ : dict
        ``rhat`` and ``ess`` of N, per-chain medians, posterior mean, mean classes used,
        draws that hit the n0 cap, ``low_capture_share`` (posterior mean share of N in
        classes the lists record with probability below 0.2), sampler settings.

    References
    ----------
    .. [1] Manrique-Vallier (2016), Biometrics 72:1246-1254.
    .. [2] Ishwaran & James (2001), JASA 96:161-173.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"A": [1, 0, 0, 1, 1, 0, 1], "B": [0, 1, 0, 1, 0, 1, 1],
    ...                   "C": [0, 0, 1, 0, 1, 1, 1], "count": [40, 30, 20, 10, 8, 6, 3]})
    >>> est = LCMCR(seed=1, burnin=2000, n_samples=500, thinning=5).fit(h)
    >>> est.estimate_ > est.documented_
    True
    """

    method = "lcmcr"
    _parameter_constraints = {
        "max_classes": Range(Integral, 1, None),
        "seed": Range(Integral, 0, None, none_ok=True),
        "a_alpha": Range(Real, 0, None, low_open=True),
        "b_alpha": Range(Real, 0, None, low_open=True),
        "burnin": Range(Integral, 0, None),
        "n_samples": Range(Integral, 2, None),
        "thinning": Range(Integral, 1, None),
        "n_chains": Range(Integral, 1, None),
        "level": Level,
        "n0_cap": Range(Integral, 1, None),
        "backend": Options(frozenset({"numba", "numpy"})),
    }

    def __init__(
        self,
        max_classes: int = 10,
        seed: int | None = None,
        *,
        a_alpha: float = 0.25,
        b_alpha: float = 0.25,
        burnin: int = 50000,
        n_samples: int = 1000,
        thinning: int = 20,
        n_chains: int = 4,
        level: float = 0.95,
        n0_cap: int = 20,
        backend: str = "numba",
    ) -> None:
        self.max_classes = max_classes
        self.seed = seed
        self.a_alpha = a_alpha
        self.b_alpha = b_alpha
        self.burnin = burnin
        self.n_samples = n_samples
        self.thinning = thinning
        self.n_chains = n_chains
        self.level = level
        self.n0_cap = n0_cap
        self.backend = backend

    def fit(self, histories: pd.DataFrame | Histories) -> LCMCR:
        """Run the Gibbs chains and summarise the posterior of N; returns ``self``."""
        h = self._prepare(histories)
        require_lists("LCMCR", h.k, h.lists, what="latent classes of catchability")
        check_overlap(h, "LCMCR")
        # a canonical list order makes the result independent of column order
        h = h.reorder(sorted(h.lists))
        seed = (
            int(np.random.SeedSequence().entropy % (2**31)) if self.seed is None else int(self.seed)
        )
        self.seed_ = seed
        chain_seeds = [
            int(s.generate_state(1)[0] % (2**31 - 1))
            for s in np.random.SeedSequence(seed).spawn(int(self.n_chains))
        ]
        keep = h.cells[1:] > 0
        x = h.patterns[1:][keep].astype(np.int64)
        counts = h.cells[1:][keep].astype(np.int64)
        kernel = get_numba_kernel() if self.backend == "numba" else None
        sampler = kernel if kernel is not None else gibbs_numpy
        args = (
            x,
            counts,
            int(self.max_classes),
            float(self.a_alpha),
            float(self.b_alpha),
            int(self.burnin),
            int(self.n_samples),
            int(self.thinning),
            int(self.n0_cap) * h.n,
        )
        if kernel is not None and len(chain_seeds) > 1:
            with ThreadPoolExecutor(max_workers=len(chain_seeds)) as pool:
                results = list(pool.map(lambda s: sampler(*args, s), chain_seeds))
        else:
            results = [sampler(*args, s) for s in chain_seeds]
        n_tr = np.array([r[0] for r in results])
        self.trace_ = {
            "N": n_tr,
            "alpha": np.array([r[1] for r in results]),
            "n_classes": np.array([r[2] for r in results]),
        }
        hits = int(sum(r[3] for r in results))
        low_share = float(np.mean([r[4] for r in results]))
        self.samples_ = n_tr.ravel()
        a = (1 - self.level) / 2
        self.estimate_ = float(np.median(self.samples_))
        lo, hi = np.quantile(self.samples_, [a, 1 - a])
        self.interval_ = (float(lo), float(hi))
        r_hat = rhat(n_tr) if n_tr.shape[0] > 1 or n_tr.shape[1] >= 4 else float("nan")
        self.diagnostics_: dict[str, Any] = {
            "rhat": r_hat,
            "ess": ess(n_tr),
            "chain_medians": [float(np.median(c)) for c in n_tr],
            "posterior_mean": float(self.samples_.mean()),
            "mean_classes_used": float(self.trace_["n_classes"].mean()),
            "n0_cap_hits": hits,
            "low_capture_share": low_share,
            "n_chains": int(self.n_chains),
            "burnin": int(self.burnin),
            "n_samples": int(self.n_samples),
            "thinning": int(self.thinning),
            "backend": "numba" if kernel is not None else "numpy",
            "seed": seed,
            "assumption": ASSUMPTIONS["lcmcr"],
        }
        if np.isfinite(r_hat) and r_hat > 1.1:
            warnings.warn(
                f"LCMCR chains disagree (R-hat {r_hat:.2f}; chain medians "
                f"{', '.join(f'{m:,.0f}' for m in self.diagnostics_['chain_medians'])}). "
                "The posterior may be multimodal: raise burnin and n_samples and compare seeds "
                "before reporting.",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def _model_description(self) -> str:
        return f"LCMCR (DP latent classes, K*={self.max_classes}, {self.n_chains} chains)"

    def draws(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """Draws from the pooled posterior sample of N."""
        self._check_fitted()
        return rng.choice(self.samples_, size=size, replace=True)
