"""Speed of the estimators against R, in the same run when R is installed.

Prints seconds for a full log-linear model search over every hierarchical 2-way model on six
lists (uk_6list, netherlands_6list: 32,768 models each; 1,024 on the five-list uk_5list, the
search R's stats::glm loop timed), and for 10,000 LCMCR Gibbs sweeps on five lists
(uk_5list, K* = 10). Where ``Rscript`` with the LCMCR package is on the PATH, the same
LCMCR work runs in R and the ratio is printed; otherwise the R wall times recorded in
tests/data/mse/reference_results.csv are printed, with a note that R was not available.

With ``--linkage`` it also times the default estimate with linkage uncertainty on a
simulated project of about 5,000 records on 4 lists (simulate -> import -> link), against
the same estimate taking the linkage as certain (target: <= 60 s on 2 cores).

Usage::

    python benchmarks/estimate_speed.py [--repeat 3] [--linkage] [--victims 3300]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

# benchmarks/coverage.py would shadow the `coverage` package that numba probes for
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "mse"
try:
    import undercount  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

from undercount.estimate import LogLinear  # noqa: E402
from undercount.estimate._lcmcr_kernels import get_numba_kernel  # noqa: E402
from undercount.estimate.histories import Histories  # noqa: E402

R_LCMCR = """
suppressMessages(library(LCMCR))
d <- read.csv("{csv}")
cnt <- d$count; d$count <- NULL
X <- d[rep(seq_len(nrow(d)), cnt), , drop = FALSE]
for (j in seq_along(X)) X[[j]] <- factor(X[[j]], levels = c(0, 1))
set.seed(1)
t0 <- proc.time()[["elapsed"]]
obj <- lcmCR(X, K = 10, a_alpha = 0.25, b_alpha = 0.25, seed = 1, buffer_size = 10000,
             thinning = 1)
s <- lcmCR_PostSampl(obj, burnin = 0, samples = 10000, thinning = 1, output = FALSE)
cat(proc.time()[["elapsed"]] - t0, "\\n")
"""


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def r_lcmcr_seconds(csv: Path) -> float | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None
    probe = subprocess.run([rscript, "-e", "library(LCMCR)"], capture_output=True)
    if probe.returncode != 0:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as f:
        f.write(R_LCMCR.format(csv=csv))
    out = subprocess.run([rscript, f.name], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--linkage", action="store_true", help="time linkage uncertainty")
    ap.add_argument("--victims", type=int, default=3300, help="victims simulated (--linkage)")
    ap.add_argument("--only-linkage", action="store_true", help="skip the other timings")
    a = ap.parse_args()
    if a.linkage or a.only_linkage:
        linkage_timing(a.victims)
        if a.only_linkage:
            return
    ref = pd.read_csv(DATA / "reference_results.csv")
    import warnings

    warnings.simplefilter("ignore")
    print("Log-linear: full search over hierarchical 2-way models (fit + profile interval)")
    for name in ("uk_6list", "netherlands_6list", "uk_5list"):
        df = pd.read_csv(DATA / f"{name}.csv")
        LogLinear().fit(df)  # warm-up: numba kernels
        secs = best_of(lambda df=df: LogLinear(criterion="bic").fit(df), a.repeat)
        n_models = LogLinear().fit(df).diagnostics_["n_models"]
        line = f"  {name:<18} {n_models:>6} models  {secs:6.2f} s"
        r = ref[(ref["dataset"] == name) & ref["method"].str.contains("min-BIC over all 2-way")]
        if len(r):
            rs = float(r["wall_s"].iloc[0])
            line += f"   R stats::glm loop (recorded): {rs:.2f} s, ratio R/ours {rs / secs:.1f}x"
        print(line)

    print("\nLCMCR: 10,000 Gibbs sweeps, 5 lists (uk_5list), K* = 10")
    h = Histories.from_frame(pd.read_csv(DATA / "uk_5list.csv"))
    keep = h.cells[1:] > 0
    x = h.patterns[1:][keep].astype(np.int64)
    c = h.cells[1:][keep].astype(np.int64)
    kern = get_numba_kernel()
    kern(x, c, 10, 0.25, 0.25, 10, 10, 1, 20 * h.n, 1)  # compile / load the cache
    ours = best_of(lambda: kern(x, c, 10, 0.25, 0.25, 0, 10000, 1, 20 * h.n, 1), a.repeat)
    print(f"  undercount (numba)  {ours:6.3f} s  ({10000 / ours:,.0f} sweeps/s)")
    r_secs = r_lcmcr_seconds(DATA / "uk_5list.csv")
    if r_secs is not None:
        print(f"  R LCMCR (this run)  {r_secs:6.3f} s  ratio R/ours {r_secs / ours:.1f}x")
    else:
        rows = ref[(ref["dataset"] == "uk_5list") & ref["method"].str.contains("LCMCR")]
        sweeps = 50000 + 5000 * 50
        print(
            "  R was not available here (no Rscript with LCMCR). Recorded R 4.2.2 runs of "
            f"LCMCR 0.4.14 on uk_5list ({sweeps:,} sweeps each):"
        )
        for _, r in rows.iterrows():
            per10k = r["wall_s"] * 10000 / sweeps
            print(
                f"    {r['settings']}: {r['wall_s']:.2f} s -> {per10k:.3f} s per 10,000 "
                f"sweeps (ratio R/ours {per10k / ours:.1f}x, different machines)"
            )


def linkage_timing(victims: int) -> None:
    import warnings

    from undercount.estimate.api import estimate_project
    from undercount.simulate import simulate
    from undercount.store.project import Project

    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        sim = simulate(Path(tmp) / "lists", victims=victims, lists=4, seed=7)
        with Project.create(Path(tmp) / "p.duckdb", user="bench") as project:
            for name in sorted(sim.lists):
                project.import_list(Path(tmp) / "lists" / f"{name}.csv", source=name)
            t0 = time.perf_counter()
            project.link()
            link_s = time.perf_counter() - t0
            n_rec = project.counts()["records"]
            n_pairs = project.con.execute("SELECT count(*) FROM pair_scores").fetchone()[0]
            print(
                f"Linkage uncertainty: {n_rec:,} records, 4 lists, {n_pairs:,} scored pairs "
                f"(link took {link_s:.1f} s); true total {sim.true_total:,}"
            )
            # warm-up on another table (numba kernels loaded), untimed
            from undercount.estimate import api

            warm = pd.DataFrame(
                {"A": [1, 0, 0, 1, 1, 0, 1], "B": [0, 1, 0, 1, 0, 1, 1]}
                | {"C": [0, 0, 1, 0, 1, 1, 1], "count": [40, 30, 20, 10, 8, 6, 3]}
            )
            api.run_estimate(warm, seed=1)
            for label, kw in (
                ("linkage as certain (--no-linkage-uncertainty)", {"linkage_uncertainty": False}),
                ("with linkage uncertainty (20 draws, default)", {}),
            ):
                api._COMPANION_CACHE.clear()  # each timing fits the checks' companions
                t0 = time.perf_counter()
                out = estimate_project(project, seed=1, **kw)
                secs = time.perf_counter() - t0
                lo, hi = out.interval
                print(
                    f"  {label:<48} {secs:6.1f} s  estimate {out.estimate:,.0f}  "
                    f"interval {lo:,.0f}-{hi:,.0f} (width {hi - lo:,.0f})"
                )
            if out.linkage:
                print(
                    f"  linkage allowance (RMS change of the estimate across draws) "
                    f"{out.linkage.get('linkage_rms', float('nan')):,.0f}; pooled draws' interval "
                    f"{out.linkage.get('pooled_interval')}"
                )
                print(
                    f"  linkage draws: {out.linkage.get('persons_per_draw')} persons per draw "
                    f"(stored {out.linkage.get('stored_persons')})"
                )


if __name__ == "__main__":
    main()
