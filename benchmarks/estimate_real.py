"""Linkage uncertainty on real names: two samples of the Gaza Ministry of Health lists.

Data: two releases of the list of people killed in Gaza (Ministry of Health, transcribed by
Tech for Palestine, public domain; ../shared/data/real/gaza/README.md). The identity number
``id`` is the truth and is never given to the linker.

Design: a population of ``--population`` identities present in both releases is drawn; list A
takes each of them with probability ``--pa`` as written in the March 2024 release, list B with
probability ``--pb`` as written in the June 2024 release (names differ between releases for
about 13% of people). The lists sample independently, so Chapman's assumption holds and the
true total is the population size; what can go wrong is the linkage. The lists are imported
with name, age and sex only, linked with ``link`` (probabilistic), and estimated with Chapman
taking the linkage as certain and with linkage uncertainty (the default). The trivial
baseline is the number documented (persons after linkage); the peer is the same estimate on
the true linkage (ids), printed in the same run.

Usage::

    python benchmarks/estimate_real.py [--population 3000] [--pa 0.3] [--pb 0.4] [--seeds 1 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
ROOT = Path(__file__).resolve().parents[1]
try:
    import undercount  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from undercount.estimate import Chapman  # noqa: E402
from undercount.estimate.api import estimate_project  # noqa: E402
from undercount.store.project import Project  # noqa: E402

GAZA = ROOT.parent / "shared" / "data" / "real" / "gaza"


def load() -> tuple[pd.DataFrame, pd.DataFrame]:
    a = pd.read_csv(GAZA / "20240413killed-in-gaza.csv", dtype=str)
    b = pd.read_csv(GAZA / "20240808killed-in-gaza.csv", dtype=str)
    a = a[a["id"].str.fullmatch(r"\d+")].drop_duplicates("id")
    b = b[b["id"].str.fullmatch(r"\d+")].drop_duplicates("id")
    return a, b


def one(a: pd.DataFrame, b: pd.DataFrame, n: int, pa: float, pb: float, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    common = np.intersect1d(a["id"].to_numpy(), b["id"].to_numpy())
    pop = rng.choice(common, size=n, replace=False)
    ina = pop[rng.random(n) < pa]
    inb = pop[rng.random(n) < pb]
    la = a[a["id"].isin(ina)].sample(frac=1, random_state=seed)
    lb = b[b["id"].isin(inb)].sample(frac=1, random_state=seed + 1)
    m_true = len(np.intersect1d(ina, inb))
    truth = Chapman().fit(
        pd.DataFrame(
            {
                "A": [1, 0, 1],
                "B": [0, 1, 1],
                "count": [len(ina) - m_true, len(inb) - m_true, m_true],
            }
        )
    )
    row: dict = {"seed": seed, "true_total": n, "list_a": len(la), "list_b": len(lb)}
    row["true_overlap"] = m_true
    row["chapman_true_linkage"] = (
        f"{truth.estimate_:,.0f} ({truth.interval_[0]:,.0f}-{truth.interval_[1]:,.0f})"
    )
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, frame in (("list_a", la), ("list_b", lb)):
            out_frame = frame[["name", "age", "sex"]].copy()
            out_frame.loc[out_frame["age"] == "-1", "age"] = ""  # -1 means unknown
            out_frame.to_csv(Path(tmp) / f"{name}.csv", index=False)
        with Project.create(Path(tmp) / "p.duckdb", user="bench") as project:
            for name in ("list_a", "list_b"):
                project.import_list(Path(tmp) / f"{name}.csv", source=name)
            t0 = time.perf_counter()
            project.link()
            row["link_s"] = round(time.perf_counter() - t0, 1)
            row["documented"] = int(project.counts()["persons"])
            t0 = time.perf_counter()
            out = estimate_project(project, seed=1, checks=False)
            row["estimate_s"] = round(time.perf_counter() - t0, 1)
    lo, hi = out.interval
    clo, chi = out.conditional_interval or out.interval
    row.update(
        linked_overlap=int(out.diagnostics.get("m", -1)),
        estimate=round(out.estimate),
        interval=f"{lo:,.0f}-{hi:,.0f}",
        covered=bool(lo <= n <= hi),
        conditional=f"{clo:,.0f}-{chi:,.0f}",
        covered_conditional=bool(clo <= n <= chi),
    )
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--population", type=int, default=3000)
    ap.add_argument("--pa", type=float, default=0.3)
    ap.add_argument("--pb", type=float, default=0.4)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    a, b = load()
    rows = [one(a, b, args.population, args.pa, args.pb, s) for s in args.seeds]
    pd.set_option("display.width", 250)
    print(pd.DataFrame(rows).T.to_string())


if __name__ == "__main__":
    main()
