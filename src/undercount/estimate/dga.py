"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997).

The complete 2^K table, including the unobserved cell n0, is multinomial. Under each
decomposable graph on the K lists the cell probabilities get a hyper-Dirichlet prior with
``delta`` pseudo-counts per cell, which gives a closed-form marginal likelihood (a product
over the cliques divided by a product over the separators). The posterior of (graph, n0) is
computed exactly on a grid of n0 with the prior p(N) proportional to 1/N and equal prior
weight on every graph; the model-averaged posterior of N is summed over graphs. This is the
method of HRDAG's R package ``dga`` (Johndrow, Lum & Ball).

References
----------
.. [1] Madigan, D. & York, J. C. (1997). Bayesian methods for estimation of the size of a
   closed population. *Biometrika* 84:19-31.
.. [2] Dawid, A. P. & Lauritzen, S. L. (1993). Hyper Markov laws in the statistical analysis
   of decomposable graphical models. *Annals of Statistics* 21:1272-1317.
.. [3] Lum, K., Price, M. & Banks, D. (2013). Applications of multiple systems estimation in
   human rights research. *The American Statistician* 67:191-200.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from itertools import combinations
from numbers import Integral, Real
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.special import gammaln, logsumexp

from undercount.errors import EstimationError
from undercount.estimate.base import BaseEstimator, Level, Range
from undercount.estimate.diagnostics import GridWarning
from undercount.estimate.histories import Histories, check_overlap
from undercount.estimate.identify import ASSUMPTIONS, require_lists

__all__ = ["DGA", "decomposable_graphs"]

Graph = tuple[tuple[int, ...], tuple[int, ...]]  # (clique bitmasks, separator bitmasks)


def _cliques_separators(g: nx.Graph) -> Graph:
    cliques = [frozenset(c) for c in nx.chordal_graph_cliques(g)]
    cg = nx.Graph()
    cg.add_nodes_from(range(len(cliques)))
    for i, j in combinations(range(len(cliques)), 2):
        cg.add_edge(i, j, weight=len(cliques[i] & cliques[j]))
    tree = nx.maximum_spanning_tree(cg) if len(cliques) > 1 else cg
    seps = [cliques[i] & cliques[j] for i, j in tree.edges()]

    def mask(s: frozenset[int]) -> int:
        return sum(1 << v for v in s)

    return tuple(sorted(mask(c) for c in cliques)), tuple(sorted(mask(s) for s in seps if s))


def _mcs(adj: list[int]) -> Graph | None:
    """Maximum cardinality search on a small graph given as neighbour bitmasks.

    Returns (clique masks, separator masks) when the graph is chordal, else None (Tarjan &
    Yannakakis 1984; cliques and separators as in Blair & Peyton 1993, algorithm 4.2).
    """
    k = len(adj)
    weight = [0] * k
    visited = 0
    cliques: list[int] = []
    seps: list[int] = []
    current, prev_card = 0, -1
    for i in range(k):
        v = max((u for u in range(k) if not visited >> u & 1), key=lambda u: (weight[u], -u))
        pred = adj[v] & visited
        for u in range(k):  # the earlier neighbours of v must form a clique
            if pred >> u & 1 and (adj[u] | 1 << u) & pred != pred:
                return None
        card = bin(pred).count("1")
        if i > 0 and card <= prev_card:
            cliques.append(current)
            if pred:
                seps.append(pred)
            current = pred | 1 << v
        else:
            current |= 1 << v
        prev_card = card
        visited |= 1 << v
        for u in range(k):
            if adj[v] >> u & 1 and not visited >> u & 1:
                weight[u] += 1
    cliques.append(current)
    return tuple(sorted(cliques)), tuple(sorted(seps))


@lru_cache(maxsize=8)
def decomposable_graphs(k: int) -> tuple[tuple[tuple[tuple[int, int], ...], Graph], ...]:
    """Every decomposable (chordal) graph on k labelled vertices with its cliques/separators.

    There are 8, 61, 822 and 18,154 of them for k = 3, 4, 5, 6.
    """
    pairs = list(combinations(range(k), 2))
    out = []
    for bits in range(2 ** len(pairs)):
        edges = tuple(p for i, p in enumerate(pairs) if bits >> i & 1)
        adj = [0] * k
        for a, b in edges:
            adj[a] |= 1 << b
            adj[b] |= 1 << a
        cs = _mcs(adj)
        if cs is not None:
            out.append((edges, cs))
    return tuple(out)


class DGA(BaseEstimator):
    """Model-averaged population size over decomposable graphical models (HRDAG's dga).

    Assumes a closed population; dependence between lists is modelled by the graph (lists
    joined by an edge may depend on each other), averaged over every decomposable graph.

    Parameters
    ----------
    delta : float, optional
        Hyper-Dirichlet pseudo-count per cell of the 2^K table; None means 2^-K (one
        pseudo-observation in all), the default HRDAG uses.
    max_n0 : int, optional
        Top of the grid over the unobserved count; None means 30 x documented. The grid is
        doubled (up to 3 times) while the posterior mass in its top 10% exceeds 1e-4.
    grid_size : int, default 20000
        Number of grid points at most (integer steps).
    level : float, default 0.95
        Coverage of the equal-tailed credible interval.
    seed : int, optional
        Seed (0 when None) of the graph search for more than ``max_exact_lists`` lists (the fit is exact,
        with no randomness, up to that).
    n_mcmc : int, default 5000
        Steps of the Metropolis search over decomposable graphs (add or remove one edge,
        keep the graph chordal) used for more than ``max_exact_lists`` lists; the posterior
        of N is averaged over the visited graphs.
    max_exact_lists : int, default 6
        Up to this many lists every decomposable graph is enumerated (822 for 5 lists,
        18,154 for 6: a few seconds the first time, then cached).

    Attributes
    ----------
    estimate_ : float
        Posterior median of N.
    interval_ : tuple of float
        Equal-tailed credible interval for N.
    posterior_ : pandas.DataFrame
        The grid: ``N`` and posterior probability ``prob``.
    graphs_ : pandas.DataFrame
        Posterior probability of each graph (edges as "A-B"), highest first.
    documented_ : int
    diagnostics_ : dict
        Posterior mean, top graph and its probability, number of graphs, grid top and step,
        posterior mass in the top 10% of the grid, delta.

    References
    ----------
    .. [1] Madigan & York (1997), Biometrika 84:19-31.
    .. [2] Dawid & Lauritzen (1993), Annals of Statistics 21:1272-1317.

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"A": [1, 0, 0, 1, 1, 0, 1], "B": [0, 1, 0, 1, 0, 1, 1],
    ...                   "C": [0, 0, 1, 0, 1, 1, 1], "count": [40, 30, 20, 10, 8, 6, 3]})
    >>> est = DGA().fit(h)
    >>> est.documented_ < est.estimate_
    True
    """

    method = "dga"
    _parameter_constraints = {
        "delta": Range(Real, 0, None, none_ok=True, low_open=True),
        "max_n0": Range(Integral, 1, None, none_ok=True),
        "grid_size": Range(Integral, 10, None),
        "level": Level,
        "seed": Range(Integral, 0, None, none_ok=True),
        "n_mcmc": Range(Integral, 100, None),
        "max_exact_lists": Range(Integral, 2, 6),
    }

    def __init__(
        self,
        delta: float | None = None,
        *,
        max_n0: int | None = None,
        grid_size: int = 20000,
        level: float = 0.95,
        seed: int | None = None,
        n_mcmc: int = 5000,
        max_exact_lists: int = 6,
    ) -> None:
        self.delta = delta
        self.max_n0 = max_n0
        self.grid_size = grid_size
        self.level = level
        self.seed = seed
        self.n_mcmc = n_mcmc
        self.max_exact_lists = max_exact_lists

    def fit(self, histories: pd.DataFrame | Histories) -> DGA:
        """Compute the exact posterior over (graph, n0) on the grid; returns ``self``."""
        h = self._prepare(histories)
        if h.k < 2:  # pragma: no cover - validate_histories needs two lists
            raise EstimationError("DGA needs at least two lists.")
        require_lists("DGA", h.k, h.lists, what="a dependence graph between lists")
        check_overlap(h, "DGA")
        # the posterior does not depend on list order; fix it for reproducible sums
        h = h.reorder(sorted(h.lists))
        delta = 2.0 ** (-h.k) if self.delta is None else float(self.delta)
        top = int(self.max_n0) if self.max_n0 is not None else 30 * h.n
        exact = h.k <= self.max_exact_lists
        graphs = decomposable_graphs(h.k) if exact else ()
        seed = self.seed if self.seed is not None else 0
        for attempt in range(4):
            grid = _grid(top, int(self.grid_size))
            if exact:
                log_n, log_g = _log_posterior(h, graphs, grid, delta)
            else:
                graphs, log_n, log_g = _graph_mcmc(
                    h, grid, delta, int(self.n_mcmc), np.random.default_rng(seed)
                )
            total = logsumexp(log_n)
            post_n = np.exp(log_n - total)
            upper = post_n[grid >= 0.9 * grid[-1]].sum()
            if upper <= 1e-4 or self.max_n0 is not None or attempt == 3:
                break
            top *= 2
        if upper > 1e-3:
            warnings.warn(
                f"DGA: posterior mass {upper:.2g} in the top 10% of the grid (n0 <= {grid[-1]:,}); "
                "the data barely bound the unseen count. Raise max_n0 and read the upper end of "
                "the interval as 'at least'.",
                GridWarning,
                stacklevel=2,
            )
        post_g = np.exp(log_g - total)
        nvals = h.n + grid
        cdf = np.cumsum(post_n)
        a = (1 - self.level) / 2
        self._grid, self._post = nvals, post_n
        self.estimate_ = float(_quantile(nvals, cdf, 0.5))
        self.interval_ = (float(_quantile(nvals, cdf, a)), float(_quantile(nvals, cdf, 1 - a)))
        self.posterior_ = pd.DataFrame({"N": nvals, "prob": post_n})
        names = [
            " ".join(f"{h.lists[i]}-{h.lists[j]}" for i, j in edges) or "(independence)"
            for edges, _ in graphs
        ]
        self.graphs_ = (
            pd.DataFrame({"graph": names, "prob": post_g})
            .sort_values("prob", ascending=False, kind="stable")
            .reset_index(drop=True)
        )
        self.diagnostics_: dict[str, Any] = {
            "posterior_mean": float(np.sum(nvals * post_n)),
            "top_graph": self.graphs_.iloc[0]["graph"],
            "top_graph_prob": float(self.graphs_.iloc[0]["prob"]),
            "n_graphs": len(graphs),
            "grid_max_n0": int(grid[-1]),
            "grid_step": int(grid[1] - grid[0]),
            "mass_top10pct_grid": float(upper),
            "delta": delta,
            "graph_search": "exact" if exact else f"MCMC ({int(self.n_mcmc)} steps)",
            "assumption": ASSUMPTIONS["dga"],
        }
        return self

    def _model_description(self) -> str:
        return (
            f"DGA: Bayesian average over {self.diagnostics_['n_graphs']} decomposable graphs "
            f"(top: {self.diagnostics_['top_graph']}, p={self.diagnostics_['top_graph_prob']:.2f})"
        )

    def draws(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """Draws from the grid posterior of N (jittered within a grid step)."""
        self._check_fitted()
        step = self.diagnostics_["grid_step"]
        i = rng.choice(len(self._grid), size=size, p=self._post / self._post.sum())
        jitter = rng.integers(0, step, size=size) - step // 2 if step > 1 else 0
        return np.maximum(self._grid[i] + jitter, self.documented_).astype(float)


def _grid(top: int, size: int) -> np.ndarray:
    step = max(1, math.ceil(top / size))
    return np.arange(0, top + step, step, dtype=np.int64)


def _quantile(values: np.ndarray, cdf: np.ndarray, q: float) -> float:
    return float(values[min(int(np.searchsorted(cdf, q * cdf[-1])), len(values) - 1)])


class _Scorer:
    """Clique/separator terms of the hyper-Dirichlet marginal likelihood, cached by subset."""

    def __init__(self, h: Histories, grid: np.ndarray, delta: float) -> None:
        self.lists = h.lists
        self.h, self.grid, self.delta = h, grid, delta
        self.big_n = h.n + grid.astype(float)
        self.a_tot = delta * 2**h.k
        self.cells = h.cells.astype(float)
        self.pat = h.patterns
        self.base = gammaln(self.big_n + 1) - gammaln(grid + 1.0) - np.log(self.big_n)
        self._f: dict[int, np.ndarray] = {}

    def f(self, s: int) -> np.ndarray:
        if s not in self._f:
            k = self.h.k
            members = [j for j in range(k) if s >> j & 1]
            alpha = self.delta * 2 ** (k - len(members))
            key = (self.pat[:, members].astype(np.int64) << np.arange(len(members))).sum(axis=1)
            margin = np.bincount(key, weights=self.cells, minlength=2 ** len(members))
            fixed = np.sum(gammaln(alpha + margin[1:]) - gammaln(alpha))
            zero = gammaln(alpha + margin[0] + self.grid) - gammaln(alpha)
            self._f[s] = gammaln(self.a_tot) - gammaln(self.a_tot + self.big_n) + fixed + zero
        return self._f[s]

    def graph(self, cliques: tuple[int, ...], seps: tuple[int, ...]) -> np.ndarray:
        v = self.base.copy()
        for c in cliques:
            v += self.f(c)
        for s in seps:
            v -= self.f(s)
        return v


def _log_posterior(
    h: Histories, graphs: tuple[Any, ...], grid: np.ndarray, delta: float
) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalised log posterior of n0 (summed over graphs) and of each graph (summed over n0).

    Accumulated graph by graph, so memory stays O(grid) for the 18,154 graphs of 6 lists.
    """
    keep = np.arange(len(graphs))
    log_g = np.full(len(graphs), -np.inf)
    if len(graphs) > 1000 and len(grid) > 1000:
        # Occam's window: score every graph on a coarse grid, refine the ones that matter
        coarse = grid[:: max(1, len(grid) // 500)]
        sc0 = _Scorer(h, coarse, delta)
        rough = np.array([logsumexp(sc0.graph(*cs)) for _, cs in graphs])
        keep = np.flatnonzero(rough > rough.max() - 25.0)
    sc = _Scorer(h, grid, delta)
    log_n = np.full(len(grid), -np.inf)
    for i in keep:
        v = sc.graph(*graphs[i][1])
        log_g[i] = logsumexp(v)
        np.logaddexp(log_n, v, out=log_n)
    return log_n, log_g


def _graph_mcmc(
    h: Histories, grid: np.ndarray, delta: float, n_iter: int, rng: np.random.Generator
) -> tuple[tuple[Any, ...], np.ndarray]:
    """Metropolis search over decomposable graphs (toggle one edge, stay chordal).

    Two chains start from the empty and the complete graph. Every decomposable graph the
    search scored is kept with its exact posterior weight (the posterior restricted to the
    explored graphs, as in Madigan & Raftery's Occam's window), which is far more stable than
    visit frequencies.
    """
    sc = _Scorer(h, grid, delta)
    pairs = list(combinations(range(h.k), 2))
    cache: dict[frozenset[tuple[int, int]], tuple[float, np.ndarray, Graph]] = {}

    def score(edges: frozenset[tuple[int, int]]) -> tuple[float, np.ndarray, Graph] | None:
        if edges not in cache:
            adj = [0] * h.k
            for a, b in edges:
                adj[a] |= 1 << b
                adj[b] |= 1 << a
            cs = _mcs(adj)
            if cs is None:
                return None
            v = sc.graph(*cs)
            cache[edges] = (float(logsumexp(v)), v, cs)
        return cache[edges]

    starts: list[frozenset[tuple[int, int]]] = [frozenset(), frozenset(pairs)]
    for start in starts:
        current, cur = start, score(start)
        assert cur is not None
        for _ in range(n_iter // len(starts)):
            prop = current ^ {pairs[int(rng.integers(len(pairs)))]}
            s = score(prop)
            if s is not None and np.log(rng.random()) < s[0] - cur[0]:
                current, cur = prop, s
    graphs = tuple((tuple(sorted(e)), cache[e][2]) for e in sorted(cache, key=lambda e: sorted(e)))
    log_n, log_g = _log_posterior(h, graphs, grid, delta)
    return graphs, log_n, log_g
