"""Typed warnings and MCMC diagnostics (split R-hat, effective sample size).

References
----------
.. [1] Gelman, A. et al. (2013). *Bayesian Data Analysis*, 3rd ed., ch. 11.
.. [2] Vehtari, A., Gelman, A., Simpson, D., Carpenter, B. & Bürkner, P.-C. (2021).
   Rank-normalization, folding, and localization: an improved R-hat for assessing
   convergence of MCMC. *Bayesian Analysis* 16(2):667-718.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = [
    "ConvergenceWarning",
    "EstimationWarning",
    "GridWarning",
    "IdentifiabilityWarning",
    "SparseStratumWarning",
    "ess",
    "rhat",
]


class EstimationWarning(UserWarning):
    """Base class of the warnings the estimators emit."""


class IdentifiabilityWarning(EstimationWarning):
    """The data barely identify the estimate (divergent dark figure, unbounded interval)."""


class ConvergenceWarning(EstimationWarning):
    """An iterative fit or a sampler did not converge (IRLS, R-hat above 1.1)."""


class GridWarning(EstimationWarning):
    """DGA: noticeable posterior mass near the top of the grid over the unobserved count."""


class SparseStratumWarning(EstimationWarning):
    """A stratum has too few people, or too little overlap, for a stable estimate."""


def _split(chains: np.ndarray) -> np.ndarray:
    chains = np.atleast_2d(np.asarray(chains, dtype=float))
    n = chains.shape[1] // 2
    return np.concatenate([chains[:, :n], chains[:, n : 2 * n]], axis=0)


def _rhat_basic(x: np.ndarray) -> float:
    m, n = x.shape
    if n < 2:
        return float("nan")
    means = x.mean(axis=1)
    w = x.var(axis=1, ddof=1).mean()
    b = n * means.var(ddof=1) if m > 1 else 0.0
    if w <= 0:
        return 1.0 if b == 0 else float("inf")
    var_plus = (n - 1) / n * w + b / n
    return float(np.sqrt(var_plus / w))


def rhat(chains: np.ndarray) -> float:
    """Rank-normalised split R-hat of Vehtari et al. (2021).

    Parameters
    ----------
    chains : array, shape (n_chains, n_draws)

    Returns
    -------
    float
        The larger of the bulk and the tail (folded) R-hat; below 1.01 is good, above 1.1 means
        the chains disagree.

    References
    ----------
    .. [1] Vehtari et al. (2021), Bayesian Analysis 16(2):667-718.
    """
    x = _split(chains)
    if x.shape[1] < 2:
        return float("nan")
    z = _ranknorm(x)
    folded = _ranknorm(np.abs(x - np.median(x)))
    return max(_rhat_basic(z), _rhat_basic(folded))


def _ranknorm(x: np.ndarray) -> np.ndarray:
    r = stats.rankdata(x, method="average").reshape(x.shape)
    return stats.norm.ppf((r - 0.375) / (x.size + 0.25))


def ess(chains: np.ndarray) -> float:
    """Effective sample size (bulk, rank-normalised) with Geyer's initial monotone sequence.

    Parameters
    ----------
    chains : array, shape (n_chains, n_draws)

    Returns
    -------
    float

    References
    ----------
    .. [1] Vehtari et al. (2021), Bayesian Analysis 16(2):667-718.
    .. [2] Geyer, C. J. (1992). Practical Markov chain Monte Carlo. *Statistical Science* 7:473.
    """
    x = _ranknorm(_split(chains))
    m, n = x.shape
    if n < 4:
        return float(m * n)
    xc = x - x.mean(axis=1, keepdims=True)
    size = 2 ** int(np.ceil(np.log2(2 * n)))
    f = np.fft.rfft(xc, n=size, axis=1)
    acov = np.fft.irfft(f * np.conj(f), n=size, axis=1)[:, :n] / n
    w = acov[:, 0].mean() * n / (n - 1)
    if w <= 0:
        return float(m * n)
    means = x.mean(axis=1)
    var_plus = w * (n - 1) / n + (means.var(ddof=1) if m > 1 else 0.0)
    rho = 1.0 - (w - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    tau = -1.0
    prev = np.inf
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair < 0:
            break
        pair = min(pair, prev)
        prev = pair
        tau += 2 * pair
    tau = max(tau, 1.0 / np.log10(m * n + 10))
    return float(m * n / tau)
