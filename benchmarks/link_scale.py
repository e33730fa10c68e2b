"""Scale of the linkage: dedupe N simulated records, wall time and peak memory per engine.

    python benchmarks/link_scale.py [--records 1000000] [--engine duckdb|spark|both]

Simulated 4-list data (Persian and Latin names) are imported through the normal importer
into a fresh project (timed apart), then ``project.link()`` runs in a child process whose
wall time and peak resident memory are reported. DuckDB trains, scores and clusters; the
Spark run (local mode, all cores) scores and clusters with the model the DuckDB run trained
(``--spark-train`` makes it train too, which Spark does slowly). Pairwise F1 against the
simulator's truth is printed beside each run, and beside them, on the same records in the
same run, plain Splink as a new user configures it (``benchmarks/link_quality.py``'s
"splink default-style" peer; ``--no-splink`` skips it, which takes minutes at a million).

The peer at scale: the simulated dates take 8 values, so Splink's tutorial rules explode at a
million records (counted on 996,579 records, seed 7: EM blocked on date + place 3.9 billion
pairs, which spilled over 60 GB and died; prediction rules given + date 3.1 billion, family +
date 1.3 billion). As Splink advises for large data, the peer counts each rule's pairs first
and tightens a rule over 150 million (``link_quality.peer_plan``: prediction rules gain the
place; the date + place EM session becomes date + place + given and date + place + family).
At 100,000 records every rule is under that budget, so the peer is the tutorial model as
before. The peer runs in a child process (its wall time and peak memory reported like
ours) with DuckDB's spill folder capped at 15 GB and a wall-clock budget
(``--splink-timeout``, 900 s): if it runs out of either, that is printed as its result.
Measured so at 996,579 records on 2 shared, loaded cores: even tightened (EM sessions of
132, 97 and 42 million pairs; prediction rules of the same sizes) the peer did not
finish in 900 s (about 1,490 CPU-s, 9.2 GB resident, 12 GB spilled), beside undercount's
56.6 s, F1 0.8991.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from undercount.store.project import Project
path, engine, reuse = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
t = time.perf_counter()
summary = {}
with Project.open(path) as p:
    p.link(engine=engine, incremental=False, reuse_model=reuse, summary=summary)
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_SELF)
rss, cpu = u.ru_maxrss / 1024**2, u.ru_utime + u.ru_stime
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_rss_gb": rss, "summary": summary}))
"""


PEER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[4])
import pandas as pd
from link_quality import _baseline
from undercount.store.project import Project
path, seed, truth = sys.argv[1], int(sys.argv[2]), pd.read_parquet(sys.argv[3])
with Project.open(path) as p:
    base, wall = _baseline(p, truth, seed, report=True)
u = resource.getrusage(resource.RUSAGE_SELF)
rss, cpu = u.ru_maxrss / 1024**2, u.ru_utime + u.ru_stime
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_rss_gb": rss, "f1": base["pairwise"]["f1"]}))
"""


def _run_peer(path: Path, truth, seed: int, timeout: float) -> dict:
    """The plain Splink peer in a child process; raises RuntimeError with why it failed."""
    tfile = path.with_name("truth.parquet")
    truth.to_parquet(tfile)
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    here = str(Path(__file__).resolve().parent)
    # DuckDB's spill folder goes under the benchmark's own folder, removed even if killed.
    spill = path.with_name("peer-tmp")
    spill.mkdir(exist_ok=True)
    env["TMPDIR"] = str(spill)
    cmd = [sys.executable, "-c", PEER, str(path), str(seed), str(tfile), here]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        print(out, end="")
        raise RuntimeError(f"did not finish within the {timeout:.0f} s budget (killed)") from None
    finally:
        tfile.unlink(missing_ok=True)
        shutil.rmtree(spill, ignore_errors=True)
    lines = out.strip().splitlines()
    if proc.returncode != 0:
        print("\n".join(lines))  # the peer's pair counts and the stages it finished
        why = " ".join(err.strip().splitlines()[-1:])
        raise RuntimeError(f"exit {proc.returncode}: {why}")
    print("\n".join(lines[:-1]))
    return json.loads(lines[-1])


def _run_child(path: Path, engine: str, reuse: bool) -> dict:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), engine, "1" if reuse else "0"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{out.stderr[-3000:]}")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["process_s"] = time.perf_counter() - t
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--engine", choices=["duckdb", "spark", "both"], default="both")
    ap.add_argument("--spark-train", action="store_true", help="train on Spark too")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="folder to keep the project in")
    ap.add_argument("--no-splink", action="store_true", help="skip the plain Splink peer")
    ap.add_argument(
        "--splink-timeout", type=float, default=900, help="wall-clock budget of the peer (s)"
    )
    args = ap.parse_args()

    from undercount.link.evaluate import evaluate_project
    from undercount.simulate import simulate
    from undercount.store.project import Project

    work = Path(args.keep or tempfile.mkdtemp(prefix="uc-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    victims = max(100, int(args.records / 1.52))
    t = time.perf_counter()
    sim = simulate(work / "lists", victims=victims, lists=4, seed=args.seed)
    t_sim = time.perf_counter() - t
    path = work / "scale.duckdb"
    if path.exists():
        path.unlink()
    t = time.perf_counter()
    with Project.create(path, user="benchmark") as p:
        for name in sorted(sim.lists):
            p.import_list(work / "lists" / f"{name}.csv", source=name)
        n = p.counts()["records"]
    t_import = time.perf_counter() - t
    print(
        f"{n:,} records ({victims:,} simulated victims, 4 lists); simulate {t_sim:.0f} s, "
        f"import {t_import:.0f} s (not counted below); {os.cpu_count()} cores"
    )
    rows = []

    def show(row: tuple) -> None:
        # Printed as soon as measured: a peer that fails later does not lose it.
        name, wall, cpu, rss, pairs, f1, tim = row
        print(
            f"{name:34s} {wall:8.1f} {cpu:8.1f} {rss:8.2f} {pairs or 0:10,d} {f1:7.4f}  {tim}",
            flush=True,
        )
        rows.append(row)

    print(
        f"{'engine':34s} {'wall s':>8s} {'CPU s':>8s} {'peak GB':>8s} {'pairs':>10s} {'F1':>7s}"
        "  stages (s)"
    )
    engines = ["duckdb", "spark"] if args.engine == "both" else [args.engine]
    for engine in engines:
        reuse = engine == "spark" and not args.spark_train and "duckdb" in engines
        res = _run_child(path, engine, reuse)
        with Project.open(path) as p:
            f1 = evaluate_project(p, sim.truth, by_script=False)["pairwise"]["f1"]
        s = res["summary"]
        show(
            (
                engine + (" (DuckDB-trained model)" if reuse else ""),
                res["wall_s"],
                res["cpu_s"],
                res["peak_rss_gb"],
                s.get("pairs_scored"),
                f1,
                s.get("timings"),
            )
        )
    if not args.no_splink:
        t = time.perf_counter()
        try:
            res = _run_peer(path, sim.truth, args.seed, args.splink_timeout)
        except RuntimeError as exc:  # the peer's failure is a result to print
            why = " ".join(str(exc).split())
            print(
                f"plain Splink (default-style) failed after {time.perf_counter() - t:.0f} s: "
                f"{why[:300]}{'…' if len(why) > 300 else ''}"
            )
        else:
            show(
                (
                    "plain Splink (default-style)",
                    res["wall_s"],
                    res["cpu_s"],
                    res["peak_rss_gb"],
                    None,
                    res["f1"],
                    {},
                )
            )
    print(
        "targets (DuckDB, 2 cores): 1,000,000 records <= 60 s and ahead of plain Splink on "
        "time and F1; 100,000 records no slower than plain Splink"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    _ = resource  # peak memory is measured in the child process


if __name__ == "__main__":
    main()
