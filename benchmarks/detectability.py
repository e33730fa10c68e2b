"""How well could *any* warning see a hidden group? An oracle study on coverage.py's scenarios.

The heterogeneity warning (:mod:`undercount.estimate.heterogeneity`) reads only the observed
table. On ``benchmarks/coverage.py``'s latent-heterogeneity family (a hidden group of 30-60% of
people, 3-12 times lower capture odds on every list, 3-5 lists) it fires on about half of the
scenarios whose default interval misses the truth. This benchmark asks how much better a rule
could do if it knew the generating family, by scoring, on the same scenarios as the shipped
rule, detectors that are given more than any real rule has:

* **fitted two-class oracle** (``lr_fit``): the generating family is known to be two groups
  with the lists independent within each. Its maximum-likelihood fit (EM with N free, several
  starts) against the model the default log-linear selection picks (BIC, N free):
  ``2 (loglik two-class - loglik selected)``, both conditional on the number seen. Also the
  two-class total ``n_2c`` (fire when it is above the interval).
* **true-parameter oracle** (``lr_true``, latent family only): the same likelihood ratio with
  the *true* class shares and capture probabilities in place of the fitted two-class model:
  the Neyman-Pearson statistic of the truth against the selected model (it also knows N's
  generating parameters; a real rule never does).
* **trace in the table** (``lambda_*``): the expected likelihood-ratio statistic (non-centrality)
  of the truth against the closest homogeneous log-linear model, computed from the *expected*
  table (no sampling noise): ``2 sum E log(E / m)`` with E the expected observed cells and m
  the model fitted to E. ``lambda_pairs`` is against the model with every two-list
  interaction (the largest model of the default search; with 3 lists it is saturated, so
  lambda is 0), ``lambda_selected`` against the model the default picked on the data.
  ``power_pairs`` = Phi(sqrt(lambda) - 1.645) approximates the power of the most powerful 5%
  test of the truth against that model; ``n_pairs`` is that model's total on the expected
  table: a homogeneous model that fits the truth as well as the truth fits itself, with a
  total far below it, is Link's (2003) non-identifiability.

For each detector the script prints an ROC-like table (threshold; fire rate on latent misses,
latent hits, independent, dependent), the best share of misses caught with at most 30% of the
latent hits, and the shipped rule on the same scenarios; then, for the latent misses, how far
the truth is above the interval and how many tables carry a detectable trace.

Usage::

    python benchmarks/detectability.py --seed 202 --latent 200 --controls 40 --jobs 2 \\
        --csv detect_202.csv
    python benchmarks/detectability.py --summarise detect_202.csv detect_303.csv

References
----------
.. [1] Link, W. A. (2003). Nonidentifiability of population size from capture-recapture data
   with heterogeneous detection probabilities. *Biometrics* 59:1123-1130.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

try:
    import undercount  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from undercount.errors import EstimationError
from undercount.estimate import LogLinear
from undercount.estimate._glm import design, fit_batch, interaction_terms
from undercount.estimate.api import run_estimate
from undercount.estimate.checks import (
    chao_lower_bound,
    chao_lower_bound_se,
    check_estimate_against,
)
from undercount.estimate.heterogeneity import MH_EXCESS, MH_Z, heterogeneity_evidence
from undercount.estimate.histories import Histories


def _load_coverage() -> Any:
    """benchmarks/coverage.py under another module name (it refuses to be imported as
    ``coverage``, the name of the test-coverage package)."""
    path = Path(__file__).resolve().parent / "coverage.py"
    spec = importlib.util.spec_from_file_location("undercount_coverage_benchmark", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


cov = _load_coverage()

#: Random starts of the two-class EM (plus one start from a visible/hidden split).
EM_STARTS = 8
EM_MAXIT = 3000
#: The two-class total is reported up to this many times the number seen (beyond it the
#: hidden class is essentially never recorded and the total is not identified).
N_CAP = 100.0


def two_class_fit(h: Histories, rng: np.random.Generator) -> tuple[float, float]:
    """Maximum-likelihood two-class model (lists independent within each class), N free.

    Returns (log-likelihood conditional on the number seen, total). EM over the unseen cell,
    with N profiled out (the unseen count imputed as n P0 / (1 - P0)); the best of
    :data:`EM_STARTS` + 1 starts.
    """
    pat = h.patterns.astype(float)  # (C, k), row 0 = unseen
    y = h.cells.astype(float)
    n = float(y.sum())
    k = h.k
    rate = np.clip(pat[1:].T @ y[1:] / n, 0.02, 0.95)  # share of the seen on each list
    s = EM_STARTS + 1
    p = rng.uniform(0.02, 0.9, size=(s, 2, k))
    pi = rng.uniform(0.2, 0.8, size=(s, 1))
    p[0, 0], p[0, 1], pi[0] = np.clip(1.3 * rate, 0.01, 0.99), 0.3 * rate, 0.5
    pis = np.concatenate([pi, 1 - pi], axis=1)  # (s, 2)
    prev = np.full(s, -np.inf)
    for _ in range(EM_MAXIT):
        pc = np.exp(
            pat @ np.log(p).transpose(0, 2, 1) + (1 - pat) @ np.log1p(-p).transpose(0, 2, 1)
        )
        joint = pc * pis[:, None, :]  # (s, C, 2)
        px = joint.sum(axis=2)  # (s, C)
        p0 = np.minimum(px[:, 0], 1 - 1e-12)
        ll = (y[None, 1:] * np.log(px[:, 1:] / (1 - p0)[:, None])).sum(axis=1)
        if np.all(np.abs(ll - prev) < 1e-8 * (1 + np.abs(ll))):
            break
        prev = ll
        full = np.broadcast_to(y, px.shape).copy()
        full[:, 0] = n * p0 / (1 - p0)
        r = joint / px[..., None]  # (s, C, 2)
        w = np.einsum("sc,sct->st", full, r)
        pis = w / w.sum(axis=1, keepdims=True)
        p = np.einsum("sc,sct,cj->stj", full, r, pat) / w[..., None]
        p = np.clip(p, 1e-5, 1 - 1e-5)
    best = int(np.argmax(ll))
    total = n / (1 - p0[best])
    return float(ll[best]), float(min(total, N_CAP * n))


def conditional_loglik(y: np.ndarray, mu: np.ndarray) -> float:
    """Multinomial log-likelihood of the observed cells ``y`` given their total, with cell
    probabilities proportional to ``mu`` (the part of a Poisson log-likelihood with N free
    that depends on the model)."""
    q = mu / mu.sum()
    m = y > 0
    return float((y[m] * np.log(q[m])).sum())


def _selected_terms(est: LogLinear, h: Histories) -> list[tuple[int, ...]]:
    index = {name: j for j, name in enumerate(h.lists)}
    return [tuple(sorted(index[x] for x in t)) for t in est.model_]


def _projection(
    h: Histories, expected: np.ndarray, terms: list[tuple[int, ...]]
) -> tuple[float, float]:
    """(lambda, total) of the log-linear model with ``terms`` fitted to the expected observed
    cells (non-integer counts; cells in h's order)."""
    x = design(h.k, terms)
    r = fit_batch(x, expected, np.ones((1, x.shape[1]), dtype=bool))
    mu = r.mu[0]
    lam = 2 * float((expected * np.log(expected / mu)).sum())
    return max(lam, 0.0), float(expected.sum() + np.exp(min(r.beta[0, 0], 30)))


def run_one(sc: Any) -> dict[str, Any]:
    """Default estimate, the shipped rule and every oracle statistic for one scenario."""
    _, _, truth = cov.draw(sc)
    df = cov.simulate(sc)
    lists = [c for c in df.columns if c.startswith("L")]
    flat = df.groupby(lists)["count"].sum().reset_index()
    h = Histories.from_frame(flat).reorder(sorted(lists))
    row: dict[str, Any] = {
        "scenario": sc.index,
        "family": sc.family,
        "k": sc.k,
        "n_true": sc.n_true,
        "seen": h.n,
        "hidden_share": truth.hidden_share,
        "hidden_shift": truth.hidden_shift,
    }
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = run_estimate(flat, seed=1, checks=False)
            sel = LogLinear(interval="profile").fit(flat)
    except EstimationError:
        row["refused"] = True
        return row
    lo, hi = out.interval
    row.update(refused=False, estimate=out.estimate, low=lo, high=hi)
    row["covered"] = bool(lo <= sc.n_true <= hi)
    row["truth_over_high"] = sc.n_true / hi - 1
    # the shipped rule (heterogeneity_test and lower_bound, as `undercount estimate` runs them)
    ev = heterogeneity_evidence(h)
    codes = {c.code for c in check_estimate_against(h, out.interval, label="x", evidence=ev)}
    row["rule"] = bool(codes & {"heterogeneity_test", "lower_bound"})
    # the rule's own statistic: the largest total / upper end among the Mh-type models that
    # fit better than independence (z > MH_Z); 0 when none does
    for m, z, total, _ in ev.mh:
        row[f"z_{m}"], row[f"n_{m}"] = z, total
    row["mh_ratio"] = max([0.0, *(total / hi for _, z, total, _ in ev.mh if z > MH_Z)])
    row["chao_margin"] = (chao_lower_bound(h) - 1.96 * chao_lower_bound_se(h)) / hi
    y = h.cells[1:].astype(float)
    terms = _selected_terms(sel, h)
    x = design(h.k, terms)
    fit = fit_batch(x, y, np.ones((1, x.shape[1]), dtype=bool))
    ll_sel = conditional_loglik(y, fit.mu[0])
    x1 = design(h.k, [])
    ll_ind = conditional_loglik(y, fit_batch(x1, y, np.ones((1, x1.shape[1]), dtype=bool)).mu[0])
    ll_2c, n_2c = two_class_fit(h, np.random.default_rng(sc.seed % 2**31))
    row.update(
        model=";".join(":".join(map(str, t)) for t in terms) or "independence",
        lr_fit=2 * (ll_2c - ll_sel),
        lr_fit_indep=2 * (ll_2c - ll_ind),
        n_2c=n_2c,
        n_2c_over_high=n_2c / hi,
    )
    if sc.family == "latent":
        q = truth.cell_probabilities(h.patterns.astype(int))
        row["lr_true"] = 2 * (conditional_loglik(y, q[1:]) - ll_sel)
        expected = sc.n_true * q[1:]
        lam_p, n_p = _projection(h, expected, interaction_terms(h.k, 2))
        lam_s, n_s = _projection(h, expected, terms)
        row.update(
            lambda_pairs=lam_p,
            n_pairs=n_p,
            lambda_selected=lam_s,
            n_selected=n_s,
            power_pairs=float(stats.norm.cdf(np.sqrt(lam_p) - 1.645)),
            power_selected=float(stats.norm.cdf(np.sqrt(lam_s) - 1.645)),
        )
    row["seconds"] = time.perf_counter() - t0
    return row


def scenarios(seed: int, latent: int, controls: int) -> list[Any]:
    """``latent`` latent-family scenarios and ``controls`` each of the independent and
    dependent families, drawn as coverage.py draws them (N 500-5,000, 3-5 lists)."""
    rng = np.random.default_rng(seed)
    fams = ["latent"] * latent + ["independent"] * controls + ["dependent"] * controls
    return [
        cov.Scenario(
            i, f, int(rng.integers(500, 5001)), int(rng.integers(3, 6)), int(rng.integers(2**31))
        )
        for i, f in enumerate(fams)
    ]


def _rates(d: pd.DataFrame, fire: pd.Series) -> dict[str, float]:
    lat = d["family"] == "latent"
    cov_ = d["covered"].eq(True)
    groups = {
        "latent misses": lat & ~cov_,
        "latent hits": lat & cov_,
        "independent": d["family"] == "independent",
        "dependent": d["family"] == "dependent",
    }
    return {g: float(fire[m].mean()) if m.any() else float("nan") for g, m in groups.items()}


def _roc(d: pd.DataFrame, label: str, stat: pd.Series, grid: list[float], extra=None) -> None:
    print(f"\n{label}")
    print(f"  {'threshold':>9} {'lat.miss':>8} {'lat.hit':>8} {'indep':>7} {'dep':>7}")
    best = None
    for t in grid:
        fire = stat > t
        if extra is not None:
            fire &= extra
        r = _rates(d, fire)
        print(
            f"  {t:>9.3g} {r['latent misses']:>8.0%} {r['latent hits']:>8.0%} "
            + " ".join(
                f"{r[g]:>7.0%}" if np.isfinite(r[g]) else f"{'-':>7}"
                for g in ("independent", "dependent")
            )
        )
        if r["latent hits"] <= 0.3 and (best is None or r["latent misses"] > best[1]):
            best = (t, r["latent misses"])
    if best:
        print(
            f"  best with latent hits <= 30%: threshold {best[0]:.3g}, latent misses {best[1]:.0%}"
        )
    # the same over every threshold (each observed value of the statistic), not just the grid
    lat = d[d["family"] == "latent"]
    ok = extra[lat.index] if extra is not None else pd.Series(True, index=lat.index)
    x = np.where(ok, stat[lat.index], -np.inf)
    hit = lat["covered"].to_numpy()
    order = np.argsort(-x, kind="stable")
    xs = x[order]
    fired_miss = np.cumsum(~hit[order]) / max(1, int((~hit).sum()))
    fired_hit = np.cumsum(hit[order]) / max(1, int(hit.sum()))
    # fire on every scenario with a statistic >= xs[i] (ties fire together)
    last_of_tie = np.r_[xs[1:] != xs[:-1], True]
    can = np.isfinite(xs) & last_of_tie & (fired_hit <= 0.3)
    if can.any():
        i = int(np.argmax(np.where(can, fired_miss, -1.0)))
        fire = stat >= xs[i]
        if extra is not None:
            fire &= extra
        r = _rates(d, fire)
        print(
            f"  best over every threshold with latent hits <= 30% (tuned on these scenarios): "
            f"fire when >= {xs[i]:.3g}: "
            + ", ".join(f"{g} {v:.0%}" for g, v in r.items() if np.isfinite(v))
        )


def summarise(d: pd.DataFrame) -> None:
    d = d[~d["refused"].astype(bool)].copy()
    d["covered"] = d["covered"].eq(True)
    lat = d[d["family"] == "latent"]
    miss = lat[~lat["covered"]]
    n = {f: int((d["family"] == f).sum()) for f in ("latent", "independent", "dependent")}
    print(
        f"{len(d)} scenarios: {n['latent']} latent ({len(miss)} misses, "
        f"{len(lat) - len(miss)} hits), {n['independent']} independent, {n['dependent']} "
        "dependent. Fire rates:"
    )
    r = _rates(d, d["rule"].eq(True))
    print(
        "\nshipped rule (heterogeneity_test or lower_bound): "
        + ", ".join(f"{g} {v:.0%}" for g, v in r.items())
    )
    _roc(
        d,
        f"the shipped rule's statistic: fire when an Mh model with z > {MH_Z} puts the total "
        f"above threshold x the upper end (shipped: {1 + MH_EXCESS:.2f}; Chao's bound left out)",
        d["mh_ratio"],
        [0.8, 0.9, 0.95, 1.0, 1 + MH_EXCESS, 1.05, 1.1, 1.2, 1.5],
    )
    lr_grid = [-np.inf, 0, 1, 2, 4, 6, 8, 10, 15, 20, 30, 50]
    _roc(d, "fitted two-class oracle: fire when lr_fit > threshold", d["lr_fit"], lr_grid)
    _roc(
        d,
        "fitted two-class oracle: fire when n_2c > threshold x the interval's upper end "
        "(and lr_fit > 0)",
        d["n_2c_over_high"],
        [0.9, 1.0, 1.03, 1.1, 1.2, 1.5, 2.0, 3.0],
        extra=d["lr_fit"] > 0,
    )
    _roc(
        d,
        "true-parameter oracle (latent only): fire when lr_true > threshold",
        d["lr_true"],
        [-20, -10, -5, -2, 0, 2, 5, 10, 20],
    )
    if len(miss):
        print(
            f"\nlatent misses ({len(miss)}): truth above the interval's upper end by a median "
            f"{miss['truth_over_high'].median():.0%} (quartiles "
            f"{miss['truth_over_high'].quantile(0.25):.0%}-{miss['truth_over_high'].quantile(0.75):.0%})"
        )
        for k, sub in miss.groupby("k"):
            print(
                f"  {k} lists: {len(sub)} misses; trace against the all-pairs model: median "
                f"lambda {sub['lambda_pairs'].median():.2f}, power >= 50% in "
                f"{int((sub['power_pairs'] >= 0.5).sum())}, >= 80% in "
                f"{int((sub['power_pairs'] >= 0.8).sum())}; all-pairs total on the expected "
                f"table / truth median {(sub['n_pairs'] / sub['n_true']).median():.2f}; "
                f"shipped rule fires on {int(sub['rule'].sum())}"
            )
        print(
            "  against the model the default selected (fitted to the expected table): power "
            f">= 50% in {int((miss['power_selected'] >= 0.5).sum())} of {len(miss)} misses "
            f"(median lambda {miss['lambda_selected'].median():.2f})"
        )
        bins = pd.cut(miss["truth_over_high"], [0, 0.1, 0.2, 0.4, np.inf])
        print("  by how far the truth is above the interval:")
        for b, sub in miss.groupby(bins, observed=True):
            print(
                f"    {str(b):<14} {len(sub):>4} misses; median power against the all-pairs "
                f"model {sub['power_pairs'].median():.2f}, against the selected model "
                f"{sub['power_selected'].median():.2f}; shipped rule fires on "
                f"{sub['rule'].mean():.0%}; fitted two-class total above the interval in "
                f"{(sub['n_2c_over_high'] > 1).mean():.0%}"
            )
        hits = lat[lat["covered"]]
        if len(hits):
            print(
                f"  latent hits ({len(hits)}): power against the all-pairs model >= 50% in "
                f"{int((hits['power_pairs'] >= 0.5).sum())}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seed", type=int, default=202)
    ap.add_argument("--latent", type=int, default=200)
    ap.add_argument("--controls", type=int, default=40, help="independent and dependent each")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--csv", type=Path)
    ap.add_argument("--summarise", type=Path, nargs="+", help="only summarise saved --csv files")
    a = ap.parse_args()
    if a.summarise:
        summarise(pd.concat([pd.read_csv(p) for p in a.summarise], ignore_index=True))
        return
    work = scenarios(a.seed, a.latent, a.controls)
    t0 = time.perf_counter()
    if a.jobs > 1:
        with ProcessPoolExecutor(a.jobs) as pool:
            rows = list(pool.map(run_one, work))
    else:
        rows = [run_one(w) for w in work]
    df = pd.DataFrame(rows)
    if a.csv:
        df.to_csv(a.csv, index=False)
    print(f"seed {a.seed}, {time.perf_counter() - t0:.0f} s\n")
    summarise(df)


if __name__ == "__main__":
    main()
