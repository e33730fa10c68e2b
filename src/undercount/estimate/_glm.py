"""Vectorised Poisson IRLS over many log-linear models at once, and the model space.

Every model is a column mask over one full design matrix (intercept, main effects, all
interaction terms up to the chosen order), so thousands of models are fitted together with
batched linear algebra. ``statsmodels.GLM`` serves as the reference in the tests.

References
----------
.. [1] McCullagh, P. & Nelder, J. A. (1989). *Generalized Linear Models*, 2nd ed., ch. 2.5.
.. [2] Fienberg, S. E. (1972). The multiple recapture census for closed populations and
   incomplete 2^k contingency tables. *Biometrika* 59:591-603.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from scipy.special import gammaln

Term = tuple[int, ...]

__all__ = ["BatchFit", "design", "enumerate_models", "fit_batch", "interaction_terms"]


def interaction_terms(k: int, max_order: int) -> list[Term]:
    """All interaction terms (tuples of list indices) of order 2..max_order."""
    out: list[Term] = []
    for r in range(2, max_order + 1):
        out.extend(combinations(range(k), r))
    return out


def design(k: int, terms: list[Term], *, with_zero_cell: bool = False) -> np.ndarray:
    """Design matrix of the cells (rows: cells 1..2^k-1, or 0..2^k-1) x (1, mains, terms)."""
    start = 0 if with_zero_cell else 1
    idx = np.arange(start, 2**k)
    bits = ((idx[:, None] >> np.arange(k)[None, :]) & 1).astype(float)
    cols = [np.ones(len(idx)), *bits.T]
    for t in terms:
        cols.append(np.prod(bits[:, list(t)], axis=1))
    return np.column_stack(cols)


def _hierarchical_extensions(
    base: frozenset[Term], candidates: list[Term]
) -> Iterator[frozenset[Term]]:
    allowed = [t for t in candidates if all(s in base for s in combinations(t, len(t) - 1))]
    for r in range(len(allowed) + 1):
        for extra in combinations(allowed, r):
            yield base | frozenset(extra)


def enumerate_models(k: int, max_order: int, limit: int) -> list[frozenset[Term]] | None:
    """Every hierarchical model with all main effects and interactions up to ``max_order``.

    Returns None when there are more than ``limit`` models (the caller then searches stepwise).
    """
    max_order = min(max_order, k - 1)
    if max_order < 2:
        return [frozenset()]
    pairs = list(combinations(range(k), 2))
    if 2 ** len(pairs) > limit:
        return None
    models: list[frozenset[Term]] = [
        frozenset(s) for r in range(len(pairs) + 1) for s in combinations(pairs, r)
    ]
    for order in range(3, max_order + 1):
        cands = list(combinations(range(k), order))
        nxt: list[frozenset[Term]] = []
        for m in models:
            for ext in _hierarchical_extensions(m, cands):
                nxt.append(ext)
                if len(nxt) > limit:
                    return None
        models = nxt
    return models


def is_hierarchical(terms: frozenset[Term]) -> bool:
    return all(len(t) == 2 or all(s in terms for s in combinations(t, len(t) - 1)) for t in terms)


@dataclass
class BatchFit:
    """Results of fitting M models: coefficients, fitted cells and fit statistics."""

    beta: np.ndarray  # (M, P) zeros where masked out
    mu: np.ndarray  # (M, C)
    loglik: np.ndarray  # (M,)
    deviance: np.ndarray  # (M,)
    converged: np.ndarray  # (M,) bool
    se0: np.ndarray  # (M,) standard error of the intercept
    n_params: np.ndarray  # (M,)


def poisson_loglik(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    mu = np.maximum(mu, 1e-300)
    return (y * np.log(mu) - mu - gammaln(y + 1)).sum(axis=-1)


def fit_batch(
    x: np.ndarray,
    y: np.ndarray,
    masks: np.ndarray,
    *,
    maxit: int = 25,
    tol: float = 1e-8,
    offset: np.ndarray | None = None,
    cell_weights: np.ndarray | None = None,
    chunk: int = 2048,
) -> BatchFit:
    """Fit Poisson GLMs log(mu) = offset + X[:, mask] @ beta for every row of ``masks``.

    Uses R's ``glm.fit`` defaults: starting values ``y + 0.1``, convergence when
    ``|dev - dev_old| / (|dev| + 0.1) < tol``, at most ``maxit`` iterations.
    ``cell_weights`` (0/1 per model and cell) leaves out structural-zero cells, i.e. cells
    whose fitted value is 0 in the extended MLE (their mu is reported as 0).
    ``y`` may be one vector of counts or one row per model.
    """
    masks = np.atleast_2d(masks).astype(bool)
    m, c = masks.shape[0], x.shape[0]
    yy = np.broadcast_to(np.asarray(y, dtype=float), (m, c))
    cw = np.ones((m, c)) if cell_weights is None else np.broadcast_to(cell_weights, (m, c))
    out = [
        _fit_chunk(
            x, yy[i : i + chunk], masks[i : i + chunk], maxit, tol, offset, cw[i : i + chunk]
        )
        for i in range(0, m, chunk)
    ]
    return BatchFit(
        *(np.concatenate([getattr(o, f) for o in out]) for f in BatchFit.__dataclass_fields__)
    )


def _fit_chunk(
    x: np.ndarray,
    y: np.ndarray,
    masks: np.ndarray,
    maxit: int,
    tol: float,
    offset: np.ndarray | None,
    cw: np.ndarray,
) -> BatchFit:
    m, p = masks.shape
    c = x.shape[0]
    yy = y * cw
    off = np.zeros(c) if offset is None else np.asarray(offset, dtype=float)
    xx = (x[:, :, None] * x[:, None, :]).reshape(c, p * p)  # per-cell outer products
    # with 0/1 designs many outer-product columns coincide (the union of two terms): do the
    # weighted sums once per distinct column and gather
    uniq, inv = np.unique(xx, axis=1, return_inverse=True)
    inv = inv.ravel()
    mm = (masks[:, :, None] & masks[:, None, :]).reshape(m, p * p).astype(float)
    idx = np.arange(p)
    diag_off = (~masks).astype(float)
    mu = y + 0.1
    eta = np.log(mu)
    beta = np.zeros((m, p))
    dev_old = np.full(m, np.inf)
    dev = np.full(m, np.inf)
    conv = np.zeros(m, dtype=bool)
    active = np.arange(m)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(maxit):
            if active.size == 0:
                break
            w = mu[active] * cw[active]
            ya = yy[active]
            z = np.where(w > 0, eta[active] - off + (ya - w) / w, 0.0)
            a = ((w @ uniq)[:, inv] * mm[active]).reshape(-1, p, p)
            a[:, idx, idx] += diag_off[active]
            scale = np.maximum(np.abs(a[:, idx, idx]).max(axis=1), 1.0)
            a[:, idx, idx] += 1e-13 * scale[:, None]
            b = ((w * z) @ x) * masks[active]
            bnew = spd_solve(a, b)
            bnew *= masks[active]
            beta[active] = bnew
            e = np.clip(bnew @ x.T + off, -700, 700)
            eta[active] = e
            mu[active] = np.exp(e)
            d = _deviance(ya, mu[active] * cw[active])
            dev[active] = d
            done = np.abs(d - dev_old[active]) / (np.abs(d) + 0.1) < tol
            dev_old[active] = d
            conv[active[done]] = True
            active = active[~done]
        mu = mu * cw
        # covariance at the final weights (R reports it at the last IRLS step)
        a = ((mu @ uniq)[:, inv] * mm).reshape(-1, p, p)
        a[:, idx, idx] += diag_off
        a[:, idx, idx] += 1e-13 * np.maximum(np.abs(a[:, idx, idx]).max(axis=1), 1.0)[:, None]
        e0 = np.zeros((m, p))
        e0[:, 0] = 1.0
        cov00 = spd_solve(a, e0)[:, 0]
    se0 = np.sqrt(np.maximum(cov00, 0.0))
    return BatchFit(
        beta=beta,
        mu=mu,
        loglik=poisson_loglik(yy, mu),
        deviance=dev,
        converged=conv,
        se0=se0,
        n_params=masks.sum(axis=1),
    )


def spd_solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve a[i] @ x[i] = b[i] for a batch of symmetric positive-definite matrices.

    Uses a numba Cholesky kernel (an order of magnitude faster than numpy's batched LU for
    thousands of small systems); systems that are not numerically positive definite fall back
    to least squares. The numpy path is the reference.
    """
    kern = _chol_kernel()
    if kern is None:  # pragma: no cover - numba is a dependency
        return _spd_solve_numpy(a, b)
    x = np.empty_like(b)
    ok = np.ones(a.shape[0], dtype=np.bool_)
    kern(np.ascontiguousarray(a), np.ascontiguousarray(b), x, ok)
    bad = np.flatnonzero(~ok)
    for i in bad:
        x[i] = np.linalg.lstsq(a[i], b[i], rcond=None)[0]
    return x


def _spd_solve_numpy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(a, b[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        return np.stack(
            [np.linalg.lstsq(ai, bi, rcond=None)[0] for ai, bi in zip(a, b, strict=True)]
        )


_CHOL: Any = None


def _chol_kernel() -> Any:
    global _CHOL
    if _CHOL is None:
        try:
            import numba
        except ImportError:  # pragma: no cover
            return None

        @numba.njit(cache=True, nogil=True)
        def kernel(a, b, x, ok):  # type: ignore[no-untyped-def]
            m, p, _ = a.shape
            lo = np.empty((p, p))
            y = np.empty(p)
            for i in range(m):
                good = True
                for j in range(p):
                    s = a[i, j, j]
                    for k in range(j):
                        s -= lo[j, k] * lo[j, k]
                    if s <= 0.0:
                        good = False
                        break
                    d = np.sqrt(s)
                    lo[j, j] = d
                    for r in range(j + 1, p):
                        t = a[i, r, j]
                        for k in range(j):
                            t -= lo[r, k] * lo[j, k]
                        lo[r, j] = t / d
                if not good:
                    ok[i] = False
                    continue
                for j in range(p):
                    t = b[i, j]
                    for k in range(j):
                        t -= lo[j, k] * y[k]
                    y[j] = t / lo[j, j]
                for j in range(p - 1, -1, -1):
                    t = y[j]
                    for k in range(j + 1, p):
                        t -= lo[k, j] * x[i, k]
                    x[i, j] = t / lo[j, j]

        _CHOL = kernel
    return _CHOL


def _deviance(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(y > 0, y * np.log(y / np.maximum(mu, 1e-300)), 0.0)
    return 2.0 * (t - (y - mu)).sum(axis=-1)
