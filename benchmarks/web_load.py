"""Load test of the web app: record search and record page, 20 concurrent clients.

Builds (or reuses) a linked project of about 50,000 records from the simulator, starts
``undercount serve`` in a separate process on 127.0.0.1, logs 20 clients in and drives
``GET /records?q=...`` (name search, half of the queries in Persian script) and
``GET /records/{id}`` from this process. Prints requests/s and p50/p95/p99 latency per
endpoint. Bounded: at most ``--requests`` requests and ``--seconds`` seconds of load.

    python benchmarks/web_load.py                        # 50k records, 20 clients
    python benchmarks/web_load.py --records 5000 --requests 400   # quick run

Target: p95 < 100 ms on a 50,000-record project.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "benchmark-password-1"
HOST = "127.0.0.1"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["UNDERCOUNT_PASSWORD"] = PASSWORD
    env["UNDERCOUNT_USER"] = "benchmark"
    return env


def build_project(path: Path, records: int, seed: int) -> None:
    """Simulate lists until about ``records`` rows, import them, add 20 accounts."""
    sys.path.insert(0, str(ROOT / "src"))
    from undercount.simulate import simulate
    from undercount.store.project import Project
    from undercount.store.users import create_user

    victims = max(int(records / 1.5), 50)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        sim = simulate(Path(d), victims=victims, lists=4, seed=seed)
        with Project.create(path, user="benchmark") as p:
            for name in sorted(sim.lists):
                p.import_list(Path(d) / f"{name}.csv", source=name)
            p.link()  # persons, so that record pages show their linked records
            for i in range(20):
                create_user(p, f"analyst{i}", "analyst", PASSWORD)
            n = p.counts()["records"]
    print(
        f"built {path.name}: {n:,} records, linked, in {time.perf_counter() - t0:.0f} s", flush=True
    )


def sample_inputs(path: Path, k: int = 400) -> tuple[list[str], list[int], int]:
    sys.path.insert(0, str(ROOT / "src"))
    from undercount.store.project import Project

    with Project.open(path, read_only=True) as p:
        n = p.counts()["records"]
        rows = p.con.execute(
            "SELECT name, id FROM records WHERE name IS NOT NULL USING SAMPLE 2000 ROWS"
        ).fetchall()
    rng = random.Random(1)
    names = [r[0] for r in rows]
    ids = [int(r[1]) for r in rows]
    queries = []
    for nm in rng.sample(names, min(k, len(names))):
        parts = nm.split()
        queries.append(parts[-1] if len(parts) > 1 and rng.random() < 0.5 else nm)
    return queries, ids, n


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(path: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "undercount",
            "serve",
            str(path),
            "--host",
            HOST,
            "--port",
            str(port),
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited: " + (proc.stderr.read() or b"").decode()[-2000:])
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start within 60 s")


def login(base: str, name: str) -> httpx.Client:
    c = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
    assert csrf, "no CSRF token on the login page"
    r = c.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf": csrf.group(1), "next": "/records"},
    )
    assert r.status_code == 303, f"login failed: {r.status_code}"
    return c


def run_load(
    base: str,
    clients: int,
    queries: list[str],
    ids: list[int],
    max_requests: int,
    max_seconds: float,
) -> dict[str, list[float]]:
    """Closed loop: each client waits for its answer before the next request.

    Requests go over persistent ``http.client`` connections (a light client, so that the
    load generator takes little of the CPU the server needs).
    """
    import http.client
    from urllib.parse import quote, urlparse

    cookies = []
    for i in range(clients):
        c = login(base, f"analyst{i}")
        cookies.append("; ".join(f"{k}={v}" for k, v in c.cookies.items()))
        c.close()
    host, port = urlparse(base).hostname, urlparse(base).port
    lat: dict[str, list[float]] = {"search": [], "record": []}
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(max_requests))
    stop_at = time.perf_counter() + max_seconds

    def get(conn: http.client.HTTPConnection, cookie: str, url: str) -> int:
        conn.request("GET", url, headers={"Cookie": cookie})
        r = conn.getresponse()
        r.read()
        return r.status

    def worker(cookie: str, seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        get(conn, cookie, "/records?q=" + quote(queries[0]))  # warm-up
        get(conn, cookie, f"/records/{ids[0]}")
        barrier.wait()
        while time.perf_counter() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            if i % 2 == 0:
                kind, url = "search", "/records?q=" + quote(rng.choice(queries))
            else:
                kind, url = "record", f"/records/{rng.choice(ids)}"
            t = time.perf_counter()
            status = get(conn, cookie, url)
            dt = time.perf_counter() - t
            with lock:
                if status != 200:
                    errors.append(f"{kind} {status}")
                lat[kind].append(dt)
        conn.close()

    barrier = threading.Barrier(clients + 1)
    threads = [threading.Thread(target=worker, args=(c, i)) for i, c in enumerate(cookies)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat["_wall"] = [wall]
    lat["_errors"] = [float(len(errors))]
    return lat


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(int(round(p / 100 * (len(s) - 1))), len(s) - 1)] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=50_000, help="about this many records")
    ap.add_argument(
        "--project",
        type=Path,
        default=None,
        help="reuse/build the project here (default: a temporary folder)",
    )
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=4000, help="most requests in all")
    ap.add_argument("--seconds", type=float, default=60.0, help="most seconds of load")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    args.clients = min(args.clients, 20)
    tmp = None
    if args.project is None:
        tmp = tempfile.TemporaryDirectory()
        args.project = Path(tmp.name) / f"load_{args.records}.duckdb"
    if not args.project.exists():
        build_project(args.project, args.records, args.seed)
    queries, ids, n = sample_inputs(args.project)
    port = free_port()
    server = start_server(args.project, port)
    try:
        lat = run_load(
            f"http://{HOST}:{port}", args.clients, queries, ids, args.requests, args.seconds
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp is not None:
            tmp.cleanup()
    wall = lat.pop("_wall")[0]
    errors = int(lat.pop("_errors")[0])
    total = sum(len(v) for v in lat.values())
    print(
        f"project: {n:,} records; {args.clients} concurrent clients on {HOST}; "
        f"{total} requests in {wall:.1f} s; errors: {errors}"
    )
    print(f"{'endpoint':<22}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    allv = [x for v in lat.values() for x in v]
    for name, label in (("search", "GET /records?q="), ("record", "GET /records/{id}")):
        v = lat[name]
        if v:
            print(
                f"{label:<22}{len(v):>9}{len(v) / wall:>9.1f}{pct(v, 50):>9.1f}"
                f"{pct(v, 95):>9.1f}{pct(v, 99):>9.1f}"
            )
    if allv:
        print(
            f"{'all':<22}{len(allv):>9}{len(allv) / wall:>9.1f}{pct(allv, 50):>9.1f}"
            f"{pct(allv, 95):>9.1f}{pct(allv, 99):>9.1f}"
        )
        verdict = "meets" if pct(allv, 95) < 100 else "misses"
        print(
            f"p95 {pct(allv, 95):.1f} ms {verdict} the target of 100 ms "
            f"(mean {statistics.mean(allv) * 1000:.1f} ms)"
        )


if __name__ == "__main__":
    main()
