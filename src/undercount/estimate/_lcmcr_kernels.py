"""Gibbs sampler of the NPLCM capture-recapture model: a numba kernel and a numpy reference.

Both implement the same sweep (Manrique-Vallier 2016, section 3):

1. allocate the people seen with each pattern to latent classes (multinomial);
2. draw the unseen count n0 | rest ~ NegBinomial(n, 1 - p0) (from p(N) proportional to 1/N),
   truncated at ``n0_max``, and allocate the unseen to classes;
3. lambda_jk ~ Beta(1 + seen on j in k, 1 + not on j in k);
4. stick-breaking weights V_k ~ Beta(1 + m_k, alpha + sum_{l>k} m_l), V_K = 1;
5. alpha ~ Gamma(a + K - 1, b - sum_{k<K} log(1 - V_k)).

The numpy version is the readable reference that the numba kernel is tested against.
Both also record, per kept draw, the share of N allocated to latent classes that the lists
record with probability below ``LOW_CAPTURE`` (a diagnostic of hard-to-reach groups).

References
----------
.. [1] Manrique-Vallier, D. (2016). Bayesian population size estimation using Dirichlet
   process mixtures. *Biometrics* 72:1246-1254.
.. [2] Ishwaran, H. & James, L. F. (2001). Gibbs sampling methods for stick-breaking priors.
   *JASA* 96:161-173.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["gibbs_numpy", "get_numba_kernel"]

_EPS = 1e-12
#: A class whose probability of being on at least one list is below this is "hard to reach".
LOW_CAPTURE = 0.2


def gibbs_numpy(
    x: np.ndarray,
    counts: np.ndarray,
    n_classes: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    n_samples: int,
    thinning: int,
    n0_max: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
    """Pure-numpy Gibbs sampler. Returns traces of N, alpha, occupied classes, cap hits and
    the share of N in low-capture classes."""
    rng = np.random.default_rng(seed)
    m, j = x.shape
    k = n_classes
    n = int(counts.sum())
    lam = rng.beta(1.0, 1.0, size=(j, k))
    v = rng.beta(1.0, 1.0, size=k)
    v[-1] = 1.0
    alpha = 1.0
    out_n = np.empty(n_samples)
    out_a = np.empty(n_samples)
    out_k = np.empty(n_samples)
    out_low = np.empty(n_samples)
    hits = 0
    total = burnin + n_samples * thinning
    for it in range(total):
        pi = _sticks(v)
        loglam = np.log(np.clip(lam, _EPS, 1 - _EPS))
        log1m = np.log(np.clip(1 - lam, _EPS, 1 - _EPS))
        lp = np.log(np.maximum(pi, 1e-300))[None, :] + x @ loglam + (1 - x) @ log1m
        lp -= lp.max(axis=1, keepdims=True)
        pr = np.exp(lp)
        pr /= pr.sum(axis=1, keepdims=True)
        zc = rng.multinomial(counts, pr)  # (M, K)
        w0 = pi * np.exp(log1m.sum(axis=0))
        p0 = min(w0.sum(), 1 - 1e-12)
        n0 = n0_max + 1
        tries = 0
        while n0 > n0_max and tries < 100:
            n0 = int(rng.poisson(rng.gamma(n, p0 / (1 - p0))))
            tries += 1
        if n0 > n0_max:
            n0 = n0_max
            hits += 1
        z0 = rng.multinomial(n0, w0 / w0.sum())
        mk = zc.sum(axis=0) + z0
        seen = 1.0 - np.exp(log1m.sum(axis=0))
        low = float(mk[seen < LOW_CAPTURE].sum()) / (n + n0)
        ones = x.T @ zc  # (J, K)
        lam = rng.beta(1.0 + ones, 1.0 + mk[None, :] - ones)
        tail = np.concatenate([np.cumsum(mk[::-1])[::-1][1:], [0]])
        v = rng.beta(1.0 + mk, alpha + tail)
        v[-1] = 1.0
        v = np.minimum(v, 1 - _EPS)
        v[-1] = 1.0
        rate = b_alpha - np.sum(np.log1p(-v[:-1]))
        alpha = rng.gamma(a_alpha + k - 1, 1.0 / rate)
        if it >= burnin and (it - burnin) % thinning == thinning - 1:
            s = (it - burnin) // thinning
            out_n[s] = n + n0
            out_a[s] = alpha
            out_k[s] = np.count_nonzero(mk)
            out_low[s] = low
    return out_n, out_a, out_k, hits, out_low


def _sticks(v: np.ndarray) -> np.ndarray:
    rest = np.concatenate([[1.0], np.cumprod(1 - v[:-1])])
    return v * rest


_KERNEL: Callable[..., Any] | None = None


def get_numba_kernel() -> Callable[..., Any] | None:
    """The numba-compiled sampler (same signature as :func:`gibbs_numpy`), or None."""
    global _KERNEL
    if _KERNEL is not None:
        return _KERNEL
    try:
        from undercount.estimate import _lcmcr_numba
    except ImportError:  # pragma: no cover - numba is a dependency
        return None
    _KERNEL = _lcmcr_numba.kernel
    return _KERNEL
