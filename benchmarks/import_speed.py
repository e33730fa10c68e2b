"""Import speed: rows per second and peak memory importing 1,000,000 simulated rows.

Target (issue 2): >= 100,000 rows/s on 2 cores, peak memory < 2 GB.
The peer is DuckDB's own CSV reader loading the same files into a plain table (no mapping,
validation, normalisation, hashing or audit): the floor of what any import could cost.

    python benchmarks/import_speed.py [--rows 1000000] [--keep DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEAK = r"""
import resource


def peak_mb():
    # The peak resident memory of this process alone: VmHWM is reset when a process starts a
    # new program, while ru_maxrss keeps the forking parent's peak (the simulation's).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

CHILD = (
    PEAK
    + r"""
import json, sys, time
from pathlib import Path
# Loading the Python modules (pandas, pyarrow, duckdb, the name tables) is start-up, not
# import work: timed apart, as the peer's `import duckdb` is.
t_load = time.perf_counter()
import undercount as uc
import undercount.intake.lists, undercount.normalize.names, undercount.store.project
import pyarrow.csv, pyarrow.dataset  # pyarrow.dataset: loaded by DuckDB on reading Arrow
load = time.perf_counter() - t_load
files = [Path(p) for p in sys.argv[2:]]
t0 = time.perf_counter()
with uc.Project.create(sys.argv[1]) as p:
    rows = 0
    for f in files:
        rows += p.import_list(f, source=f.stem).added
    n = p.counts()["records"]
wall = time.perf_counter() - t0
print(json.dumps({"rows": rows, "stored": n, "wall": wall, "load": load,
                  "peak_mb": peak_mb()}))
"""
)

PEER = (
    PEAK
    + r"""
import json, sys, time
import duckdb
t0 = time.perf_counter()
con = duckdb.connect(sys.argv[1])
rows = 0
for i, f in enumerate(sys.argv[2:]):
    con.execute(f"CREATE TABLE t{i} AS SELECT * FROM read_csv('{f}', all_varchar=true)")
    rows += con.execute(f"SELECT count(*) FROM t{i}").fetchone()[0]
con.close()
print(json.dumps({"rows": rows, "wall": time.perf_counter() - t0,
                  "peak_mb": peak_mb()}))
"""
)


def make_lists(out: Path, target_rows: int) -> list[Path]:
    from undercount.simulate import simulate

    probe = simulate(None, victims=5000, lists=4, seed=11)
    per_victim = sum(len(df) for df in probe.lists.values()) / 5000
    victims = int(target_rows / per_victim) + 1
    sim = simulate(out, victims=victims, lists=4, seed=11)
    return sorted(out / f"{name}.csv" for name in sim.lists)


def _child(code: str, db: Path, files: list[Path]) -> dict:
    """Run one measured import in a fresh process (so its peak memory is its own)."""
    out = subprocess.run(
        [sys.executable, "-c", code, str(db), *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="imports to time (the median is the figure: shared machines vary run to run)",
    )
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="uc-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    files = make_lists(work / "lists", args.rows)
    print(f"simulated {len(files)} lists in {time.perf_counter() - t0:.1f} s")
    runs = []
    for i in range(max(args.repeat, 1)):
        for db in (work / "bench.duckdb", work / "peer.duckdb"):
            if db.exists():
                db.unlink()
        res = _child(CHILD, work / "bench.duckdb", files)
        peer = _child(PEER, work / "peer.duckdb", files)
        runs.append((res, peer))
        print(
            f"run {i + 1}: undercount {res['rows'] / res['wall']:,.0f} rows/s "
            f"({res['wall']:.2f} s, peak {res['peak_mb']:,.0f} MB); "
            f"peer {peer['rows'] / peer['wall']:,.0f} rows/s ({peer['wall']:.2f} s)"
        )
    runs.sort(key=lambda r: r[0]["wall"])
    res, peer = runs[len(runs) // 2]
    rate = res["rows"] / res["wall"]
    peak = max(r[0]["peak_mb"] for r in runs)
    print(
        f"undercount import (median of {len(runs)}): {res['rows']:,} rows in {res['wall']:.1f} s "
        f"= {rate:,.0f} rows/s; peak memory {peak:,.0f} MB  "
        f"(target >= 100,000 rows/s, < 2,048 MB); loading the modules first took "
        f"{res['load']:.1f} s"
    )
    print(
        f"peer, DuckDB read_csv into a plain table (same run): {peer['rows']:,} rows in "
        f"{peer['wall']:.1f} s = {peer['rows'] / peer['wall']:,.0f} rows/s; "
        f"peak {peer['peak_mb']:,.0f} MB"
    )
    print(
        f"undercount / peer time ratio: {res['wall'] / peer['wall']:.1f}x "
        "(undercount also validates, normalises names/dates/places, hashes and audits)"
    )


if __name__ == "__main__":
    main()
