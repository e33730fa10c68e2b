"""The LCMCR Gibbs sweep compiled with numba; imported lazily by
:func:`undercount.estimate._lcmcr_kernels.get_numba_kernel`.

The functions live at module level, not inside a factory function: numba's on-disk cache
(``cache=True``) cannot reuse a compiled function that refers to another compiled function
through a closure, so the sampler was recompiled (about 15 s) in every new process.
"""

from __future__ import annotations

import numba
import numpy as np

from undercount.estimate._lcmcr_kernels import _EPS, LOW_CAPTURE

__all__ = ["kernel"]


@numba.njit(cache=True, nogil=True)
def _multinomial(n: int, p: np.ndarray, out: np.ndarray) -> None:
    kk = p.shape[0]
    if n <= 8:  # a few categorical draws are cheaper than K binomials
        out[:] = 0
        for _ in range(n):
            u = np.random.random()
            acc = 0.0
            c = kk - 1
            for i in range(kk):
                acc += p[i]
                if u < acc:
                    c = i
                    break
            out[c] += 1
        return
    rest = 1.0
    left = n
    for i in range(kk):
        if left == 0:
            out[i] = 0
            continue
        if i == kk - 1 or rest <= 0:
            out[i] = left
            left = 0
            continue
        q = min(max(p[i] / rest, 0.0), 1.0)
        if q < 1e-12:
            out[i] = 0
            rest -= p[i]
            continue
        d = left if q > 1 - 1e-12 else np.random.binomial(left, q)
        out[i] = d
        left -= d
        rest -= p[i]


@numba.njit(cache=True, nogil=True)
def kernel(x, counts, n_classes, a_alpha, b_alpha, burnin, n_samples, thinning, n0_max, seed):  # type: ignore[no-untyped-def]
    np.random.seed(seed)
    m, j = x.shape
    k = n_classes
    n = 0
    for i in range(m):
        n += counts[i]
    lam = np.empty((j, k))
    for a in range(j):
        for c in range(k):
            lam[a, c] = np.random.beta(1.0, 1.0)
    v = np.empty(k)
    for c in range(k):
        v[c] = np.random.beta(1.0, 1.0)
    v[k - 1] = 1.0
    alpha = 1.0
    out_n = np.empty(n_samples)
    out_a = np.empty(n_samples)
    out_k = np.empty(n_samples)
    out_low = np.empty(n_samples)
    hits = 0
    pi = np.empty(k)
    lp = np.empty(k)
    pr = np.empty(k)
    loglam = np.empty((j, k))
    log1m = np.empty((j, k))
    zrow = np.zeros(k, dtype=np.int64)
    mk = np.zeros(k, dtype=np.int64)
    ones = np.zeros((j, k), dtype=np.int64)
    w0 = np.empty(k)
    total = burnin + n_samples * thinning
    for it in range(total):
        rest = 1.0
        for c in range(k):
            pi[c] = v[c] * rest
            rest *= 1.0 - v[c]
        for a in range(j):
            for c in range(k):
                lv = min(max(lam[a, c], _EPS), 1 - _EPS)
                loglam[a, c] = np.log(lv)
                log1m[a, c] = np.log(1.0 - lv)
        mk[:] = 0
        ones[:, :] = 0
        for i in range(m):
            if counts[i] == 0:
                continue
            mx = -np.inf
            for c in range(k):
                s = np.log(max(pi[c], 1e-300))
                for a in range(j):
                    s += loglam[a, c] if x[i, a] == 1 else log1m[a, c]
                lp[c] = s
                if s > mx:
                    mx = s
            tot = 0.0
            for c in range(k):
                pr[c] = np.exp(lp[c] - mx)
                tot += pr[c]
            for c in range(k):
                pr[c] /= tot
            _multinomial(counts[i], pr, zrow)
            for c in range(k):
                mk[c] += zrow[c]
                for a in range(j):
                    if x[i, a] == 1:
                        ones[a, c] += zrow[c]
        p0 = 0.0
        for c in range(k):
            s = 0.0
            for a in range(j):
                s += log1m[a, c]
            w0[c] = pi[c] * np.exp(s)
            p0 += w0[c]
        p0 = min(p0, 1 - 1e-12)
        n0 = n0_max + 1
        tries = 0
        while n0 > n0_max and tries < 100:
            n0 = np.random.poisson(np.random.gamma(n, p0 / (1 - p0)))
            tries += 1
        if n0 > n0_max:
            n0 = n0_max
            hits += 1
        for c in range(k):
            w0[c] /= p0 if p0 > 0 else 1.0
        _multinomial(n0, w0, zrow)
        for c in range(k):
            mk[c] += zrow[c]
        low = 0.0
        for c in range(k):
            s = 0.0
            for a in range(j):
                s += log1m[a, c]
            if 1.0 - np.exp(s) < LOW_CAPTURE:
                low += mk[c]
        low /= n + n0
        for a in range(j):
            for c in range(k):
                lam[a, c] = np.random.beta(1.0 + ones[a, c], 1.0 + mk[c] - ones[a, c])
        tail = 0
        for c in range(k - 1, -1, -1):
            if c < k - 1:
                v[c] = min(np.random.beta(1.0 + mk[c], alpha + tail), 1 - _EPS)
            tail += mk[c]
        v[k - 1] = 1.0
        rate = b_alpha
        for c in range(k - 1):
            rate -= np.log1p(-v[c])
        alpha = np.random.gamma(a_alpha + k - 1, 1.0 / rate)
        if it >= burnin and (it - burnin) % thinning == thinning - 1:
            s_i = (it - burnin) // thinning
            out_n[s_i] = n + n0
            out_a[s_i] = alpha
            used = 0
            for c in range(k):
                if mk[c] > 0:
                    used += 1
            out_k[s_i] = used
            out_low[s_i] = low
    return out_n, out_a, out_k, hits, out_low
