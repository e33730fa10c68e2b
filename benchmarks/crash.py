"""Crash safety: SIGKILL real processes at random moments of imports, link runs and estimates.

Each round starts a worker process (forked from a preloaded fork server, so a round costs
milliseconds rather than an interpreter start) that opens the project and runs a random plan
of actions (import a small list, link, estimate). After a random delay the parent kills it
with SIGKILL, reopens the project and checks that it is exactly "before" or "after" each
action, never between:

* the audit chain and every record's hash verify (``audit.verify``);
* every import's records are all there (``count(records) == imports.n_rows``), and there is one
  audit entry per import, link run and estimate run;
* the number of records is what the worker had finished, or that plus the action it was in.

Usage::

    python benchmarks/crash.py                 # 300 kills, prints counts
    python benchmarks/crash.py --kills 50 --encrypted-every 5 --seed 1

The test suite runs the same loop with 50 kills (tests/security/test_crash.py).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PASS = "crash test passphrase"
_GIVEN = ["Mohsen", "Parisa", "Kian", "Nasrin", "Arash", "Shirin", "Omid", "Leila", "Sina"]
_FAMILY = ["Tabrizi", "Kazemi", "Rostami", "Jafari", "Moradi", "Sadeghi", "Bagheri", "Nouri"]
_CITIES = ["Mahshahr", "Shiraz", "Karaj", "Tehran", "Isfahan", "Tabriz", "Sanandaj"]
_PRELOAD = [
    "pandas",
    "duckdb",
    "undercount.store.project",
    "undercount.intake.lists",
    "undercount.link.exact",
    "undercount.estimate.api",
    "undercount.normalize",
]


def write_list(path: Path, n: int, seed: int) -> Path:
    """A small synthetic list; names repeat across lists so that linkage finds overlaps."""
    rng = random.Random(seed)
    lines = ["Full name,Sex,Age,Date of death,City"]
    for _ in range(n):
        lines.append(
            f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)},{rng.choice(['male', 'female'])},"
            f"{rng.randint(15, 70)},2019-11-{rng.randint(15, 18)},{rng.choice(_CITIES)}"
        )
    lines.append(f"Unique Person {seed},male,30,2019-11-16,Tehran")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _log(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()


def worker(
    db: str, key: str | None, plan: list[tuple[str, str, int]], log: str, link_method: str
) -> None:
    """Run ``plan`` (action, file, rows) on the project, logging each start and finish."""
    from undercount.errors import UndercountError
    from undercount.store.project import Project

    p = Project.open(db, key=key)
    _log(log, "open")
    for i, (action, file, rows) in enumerate(plan):
        _log(log, f"start {i} {action} {rows}")
        added = 0
        try:
            if action == "import":
                added = p.import_list(file, source=f"NGO {'ABC'[rows % 3]}").added
            elif action == "link":
                if link_method == "exact":
                    from undercount.link.exact import link_exact

                    link_exact(p)
                else:
                    p.link(method=link_method)
            elif action == "estimate":
                from undercount.estimate.api import run_estimate

                out = run_estimate(p.capture_histories())
                p.record_estimates(out.runs)  # one action = one transaction
        except UndercountError:
            pass  # e.g. nothing linked yet, or too little overlap to estimate
        _log(log, f"done {i} {action} {added}")
    p.close()


@dataclass
class Tally:
    kills: int = 0
    killed_mid_action: dict[str, int] = field(default_factory=dict)
    before_action: int = 0
    after_action: int = 0
    finished_plans: int = 0
    encrypted_rounds: int = 0
    problems: list[str] = field(default_factory=list)


def check_project(db: Path, key: str | None) -> tuple[int, list[str]]:
    """Open the project after a kill and check every invariant; return (records, problems)."""
    from undercount.store import audit
    from undercount.store.project import Project

    problems: list[str] = []
    with Project.open(db, key=key) as p:
        rep = audit.verify(p.con)
        if not rep.ok:
            problems.append("audit: " + "; ".join(rep.problems))
        c = p.con

        def one(sql: str) -> int:
            return int(c.execute(sql).fetchone()[0])  # type: ignore[index]

        n_records = one("SELECT count(*) FROM records")
        bad_imports = one(
            "SELECT count(*) FROM imports i WHERE n_rows <> "
            "(SELECT count(*) FROM records r WHERE r.import_id = i.id)"
        )
        if bad_imports:
            problems.append(f"{bad_imports} import(s) with a record count differing from n_rows")
        orphans = one(
            "SELECT count(*) FROM records WHERE import_id IS NOT NULL AND import_id "
            "NOT IN (SELECT id FROM imports)"
        )
        if orphans:
            problems.append(f"{orphans} record(s) of no import")
        for table, action in (
            ("imports", "import_list"),
            ("link_runs", "link"),
            ("estimate_runs", "estimate"),
        ):
            n_t = one(f"SELECT count(*) FROM {table}")
            n_a = one(f"SELECT count(*) FROM audit_log WHERE action = '{action}'")
            if n_t != n_a:
                problems.append(f"{table}: {n_t} rows but {n_a} audit entries")
        dangling = one(
            "SELECT count(*) FROM person_records WHERE record_id NOT IN "
            "(SELECT id FROM records) OR person_id NOT IN (SELECT id FROM persons)"
        )
        if dangling:
            problems.append(f"{dangling} person link(s) to missing records or persons")
    return n_records, problems


def _read_log(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def crash_loop(
    kills: int = 50,
    *,
    seed: int = 0,
    workdir: Path | None = None,
    encrypted_every: int = 0,
    max_delay: float = 0.6,
    link_method: str = "exact",
    plan_len: int = 6,
    time_budget: float | None = None,
) -> Tally:
    """Kill ``kills`` worker processes at random moments; return what happened."""
    rng = random.Random(seed)
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    own_tmp = None
    if workdir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="undercount-crash-")
        workdir = Path(own_tmp.name)
    from undercount.store.project import Project

    tally = Tally()
    t0 = time.monotonic()
    projects: dict[bool, Path] = {}
    counts: dict[bool, int] = {}
    file_no = 0
    try:
        for k in range(kills):
            if time_budget is not None and time.monotonic() - t0 > time_budget:
                break
            enc = bool(encrypted_every) and k % encrypted_every == encrypted_every - 1
            key = PASS if enc else None
            if enc not in projects:
                projects[enc] = workdir / ("enc.duckdb" if enc else "plain.duckdb")
                Project.create(projects[enc], encrypt=enc, key=key).close()
                counts[enc] = 0
            db = projects[enc]
            plan: list[tuple[str, str, int]] = []
            for _ in range(plan_len):
                r = rng.random()
                if r < 0.6:
                    file_no += 1
                    n = rng.randint(3, 40)
                    f = write_list(workdir / f"list{file_no}.csv", n, seed * 100000 + file_no)
                    plan.append(("import", str(f), n + 1))
                elif r < 0.8:
                    plan.append(("link", "", 0))
                else:
                    plan.append(("estimate", "", 0))
            log = workdir / f"log{k}.txt"
            proc = ctx.Process(target=worker, args=(str(db), key, plan, str(log), link_method))
            proc.start()
            deadline = time.monotonic() + 60
            while "open" not in _read_log(log) and proc.is_alive() and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, max_delay))
            if proc.is_alive():
                os.kill(proc.pid, signal.SIGKILL)
            proc.join(30)
            lines = _read_log(log)
            if "open" not in lines:
                tally.problems.append(
                    f"kill {k}: the worker did not start (exit code {proc.exitcode})"
                )
                break
            done_rows = sum(
                int(x.split()[3])
                for x in lines
                if x.startswith("done") and x.split()[2] == "import"
            )
            started = [x for x in lines if x.startswith("start")]
            done = [x for x in lines if x.startswith("done")]
            inflight = started[-1] if len(started) > len(done) else None
            inflight_rows = int(inflight.split()[3]) if inflight and " import " in inflight else 0
            n_records, problems = check_project(db, key)
            expect_before = counts[enc] + done_rows
            expect_after = expect_before + inflight_rows
            # A re-import of a file is skipped (idempotent), so fewer rows is fine only if the
            # project is consistent; each file is new here, so expect exact counts.
            if n_records not in (expect_before, expect_after):
                problems.append(
                    f"records {n_records}, expected {expect_before} (before) or "
                    f"{expect_after} (after)"
                )
            tally.kills += 1
            tally.encrypted_rounds += enc
            if inflight is None:
                tally.finished_plans += 1
            else:
                a = inflight.split()[2]
                tally.killed_mid_action[a] = tally.killed_mid_action.get(a, 0) + 1
                if inflight_rows:
                    if n_records == expect_after:
                        tally.after_action += 1
                    else:
                        tally.before_action += 1
            tally.problems += [f"kill {k}: {p}" for p in problems]
            counts[enc] = n_records
            log.unlink(missing_ok=True)
    finally:
        if own_tmp is not None:
            own_tmp.cleanup()
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--encrypted-every", type=int, default=5)
    ap.add_argument("--max-delay", type=float, default=0.8)
    ap.add_argument("--link-method", default="exact", choices=["exact", "probabilistic"])
    args = ap.parse_args(argv)
    t = time.monotonic()
    tally = crash_loop(
        args.kills,
        seed=args.seed,
        encrypted_every=args.encrypted_every,
        max_delay=args.max_delay,
        link_method=args.link_method,
    )
    print(
        f"kills: {tally.kills} ({tally.encrypted_rounds} on an encrypted project) "
        f"in {time.monotonic() - t:.0f} s"
    )
    print(
        f"killed in the middle of an action: {sum(tally.killed_mid_action.values())} "
        f"{dict(sorted(tally.killed_mid_action.items()))}"
    )
    print(f"  imports found as before: {tally.before_action}, as after: {tally.after_action}")
    print(f"killed after finishing the plan: {tally.finished_plans}")
    print(f"inconsistent projects: {len(tally.problems)}")
    for p in tally.problems[:20]:
        print("  " + p)
    return 1 if tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
