"""Coverage study: simulate populations with known totals and score every estimator.

Scenarios mix what breaks capture-recapture in practice: heterogeneous catchability (latent
groups and a continuous individual effect), dependence between lists (positive and negative),
3 to 5 lists, and totals from 300 to 5,000. For each method it prints the share of 95%
intervals that contain the truth and the median relative error.

Usage::

    python benchmarks/coverage.py [--scenarios 200] [--seed 1] [--jobs 2] [--methods ...]
"""

from __future__ import annotations

if __name__ == "coverage":  # pragma: no cover
    # imported as the `coverage` package because benchmarks/ is on sys.path (a script run from
    # here, e.g. benchmarks/crash.py): say "not installed" so that numba's probe skips it
    raise ImportError("benchmarks/coverage.py is a script, not the coverage package")

import argparse
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

# this file is called coverage.py: keep numba from importing it as the `coverage` package
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

try:
    import undercount  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from undercount.errors import EstimationError  # noqa: E402
from undercount.estimate import DGA, LCMCR, Chapman, LogLinear  # noqa: E402

METHODS = ("chapman", "loglinear", "dga", "lcmcr")
KINDS = ("independent", "heterogeneous", "dependent", "both")


@dataclass
class Scenario:
    index: int
    kind: str
    n_true: int
    k: int
    seed: int


def simulate(sc: Scenario) -> pd.DataFrame:
    """Capture histories of one scenario (rows: observed patterns, with counts)."""
    rng = np.random.default_rng(sc.seed)
    n, k = sc.n_true, sc.k
    base = rng.uniform(0.08, 0.35, size=k)
    logit = np.log(base / (1 - base))[None, :] * np.ones((n, 1))
    if sc.kind in ("heterogeneous", "both"):
        if rng.random() < 0.5:  # two latent groups, one much harder to reach
            hard = rng.random(n) < rng.uniform(0.3, 0.7)
            logit = logit - 1.5 * hard[:, None]
        else:  # continuous individual effect shared by all lists
            logit = logit + rng.normal(0, 0.8, size=(n, 1))
    p = 1 / (1 + np.exp(-logit))
    caps = rng.random((n, k)) < p
    if sc.kind in ("dependent", "both"):
        i, j = rng.choice(k, size=2, replace=False)
        if rng.random() < 0.6:  # positive: being on list i makes list j likelier
            caps[:, j] |= caps[:, i] & (rng.random(n) < 0.25)
        else:  # negative: list j avoids people already on list i
            caps[:, j] &= ~(caps[:, i] & (rng.random(n) < 0.5))
    seen = caps.any(axis=1)
    df = pd.DataFrame(caps[seen].astype(int), columns=[f"L{x + 1}" for x in range(k)])
    return df.value_counts().rename("count").reset_index()


def make(method: str, df: pd.DataFrame, seed: int):
    if method == "chapman":
        return Chapman(lists=("L1", "L2"))
    if method == "loglinear":
        return LogLinear(max_order=2, criterion="bic")
    if method == "dga":
        return DGA(grid_size=3000)
    return LCMCR(seed=seed, burnin=5000, n_samples=500, thinning=5, n_chains=2)


def run_one(args: tuple[Scenario, tuple[str, ...]]) -> list[dict]:
    sc, methods = args
    df = simulate(sc)
    rows = []
    for m in methods:
        row = {
            "scenario": sc.index,
            "kind": sc.kind,
            "k": sc.k,
            "n_true": sc.n_true,
            "method": m,
            "documented": int(df["count"].sum()),
        }
        t0 = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                est = make(m, df, sc.seed).fit(df)
            lo, hi = est.interval_
            row.update(
                estimate=est.estimate_,
                low=lo,
                high=hi,
                refused=False,
                covered=bool(lo <= sc.n_true <= hi),
                rel_error=(est.estimate_ - sc.n_true) / sc.n_true,
            )
        except EstimationError:
            row.update(refused=True)
        row["seconds"] = time.perf_counter() - t0
        rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scenarios", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    ap.add_argument("--csv", type=Path, help="write the per-scenario results here")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    scenarios = [
        Scenario(
            i,
            KINDS[i % len(KINDS)],
            int(rng.integers(300, 5001)),
            int(rng.integers(3, 6)),
            int(rng.integers(2**31)),
        )
        for i in range(a.scenarios)
    ]
    t0 = time.perf_counter()
    work = [(sc, tuple(a.methods)) for sc in scenarios]
    if a.jobs > 1:
        with ProcessPoolExecutor(a.jobs) as pool:
            results = [r for rows in pool.map(run_one, work, chunksize=4) for r in rows]
    else:
        results = [r for w in work for r in run_one(w)]
    df = pd.DataFrame(results)
    if a.csv:
        df.to_csv(a.csv, index=False)
    print(
        f"{a.scenarios} scenarios ({', '.join(KINDS)}; 3-5 lists; N 300-5000), "
        f"seed {a.seed}, {time.perf_counter() - t0:.0f} s\n"
    )
    header = (
        f"{'method':<10} {'fitted':>6} {'refused':>7} {'coverage95':>10} "
        f"{'median |rel err|':>16} {'median rel err':>14} {'s/fit':>6}"
    )
    print(header)
    print("-" * len(header))
    for m in a.methods:
        sub = df[df["method"] == m]
        ok = sub[~sub["refused"]]
        print(
            f"{m:<10} {len(ok):>6} {int(sub['refused'].sum()):>7} "
            f"{ok['covered'].mean():>10.1%} {ok['rel_error'].abs().median():>16.1%} "
            f"{ok['rel_error'].median():>+14.1%} {ok['seconds'].mean():>6.2f}"
        )
    print("\nCoverage by scenario kind:")
    ok = df[~df["refused"]]
    print(
        ok.pivot_table(index="method", columns="kind", values="covered", aggfunc="mean")
        .map(lambda v: f"{v:.0%}")
        .to_string()
    )


if __name__ == "__main__":
    main()
