"""Small-cell protection of the public report on real lists: cost and what a reader recovers.

Data: two releases of the Gaza Ministry of Health list of people killed (transcribed by Tech
for Palestine, TechForPalestine/palestine-datasets, public domain; see
/work/shared/data/real/README.md). A sample of each release is imported as one list; persons
are formed from the published identity number (this benchmark is about the public report,
not about linkage), and Chapman estimates are fitted by age group and by sex, so the public
report has overlap patterns, records per list and strata, some of them small.

For each rule the script prints how many cells are hidden and how many hidden cells under 5 a
reader can still work out exactly from what is shown (linear programming over the same
relations the report publishes):

- baseline: primary suppression only (every count under 5 hidden, nothing else) — the rule
  before issue 17;
- undercount: primary + complementary suppression (``report/cells.py``);
- peer: tau-Argus (``pytauargus``), the tool statistical offices use, is not installed here
  and needs network to install; it is named, not run.

    python benchmarks/public_cells.py                 # 400 rows of each release
    python benchmarks/public_cells.py --rows 2000
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = Path("/work/shared/data/real/gaza")
FILES = ("20240413killed-in-gaza.csv", "20240808killed-in-gaza.csv")


def sample(path: Path, rows: int, offset: int, out: Path) -> Path:
    with open(path, encoding="utf-8") as fh:
        data = list(csv.DictReader(fh))
    data = [r for r in data if r["id"].isdigit()][offset : offset + rows]
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "age", "sex"])
        for r in data:
            w.writerow([r["id"], r["name"], r["age"] if r["age"] != "-1" else "", r["sex"]])
    return out


def build(d: Path, rows: int):
    sys.path.insert(0, str(ROOT / "src"))
    from undercount.estimate.api import run_estimate
    from undercount.store.project import Project

    p = Project.create(d / "gaza.duckdb", user="benchmark")
    # Half of each sample overlaps the other release (same identities), half does not.
    a = sample(REAL / FILES[0], rows, 0, d / "release_2.csv")
    b = sample(REAL / FILES[1], rows, rows // 2, d / "release_4.csv")
    mapping = {"name": "name", "age": "age", "sex": "sex", "id": "notes"}
    p.import_list(a, source="MoH release 2", mapping=mapping)
    p.import_list(b, source="MoH release 4", mapping=mapping)
    ids = p.con.execute("SELECT id, notes FROM records ORDER BY id").fetchall()
    person: dict[str, int] = {}
    with p.transaction():
        run = p.con.execute(
            "INSERT INTO link_runs (engine, method, threshold, n_records, n_pairs, n_persons, "
            "user_name) VALUES ('truth', 'identity number', 1, ?, 0, 0, 'benchmark') RETURNING id",
            [len(ids)],
        ).fetchone()[0]
        for rid, ident in ids:
            if ident not in person:
                person[ident] = len(person) + 1
                p.con.execute(
                    "INSERT INTO persons VALUES (?, NULL, 1.0, ?, current_timestamp)",
                    [person[ident], run],
                )
            p.con.execute("INSERT INTO person_records VALUES (?, ?)", [person[ident], rid])
        p.audit("link", "link_run", run, details={"persons": len(person)})
    from undercount.errors import UndercountError

    for by in (["age_group"], ["sex"]):
        try:
            out = run_estimate(p.capture_histories(by=by), method="chapman", by=by, seed=1)
        except UndercountError as exc:  # a sparse stratum in a small sample: go without
            print(f"no estimate by {by[0]}: {str(exc)[:80]}")
            continue
        p.record_estimates(out.runs)
    return p


def build_synthetic(d: Path, victims: int):
    """The simulator's lists (5 lists, provinces, days), persons from its truth file."""
    sys.path.insert(0, str(ROOT / "src"))
    from undercount.errors import UndercountError
    from undercount.estimate.api import run_estimate
    from undercount.simulate import simulate
    from undercount.store.project import Project

    simulate(d, victims=victims, lists=5, seed=7)
    p = Project.create(d / "sim.duckdb", user="benchmark")
    names = sorted(f.stem for f in d.glob("list_*.csv"))
    for name in names:
        p.import_list(d / f"{name}.csv", source=name)
    with open(d / "truth.csv", encoding="utf-8") as fh:
        truth = {(r["source"], int(r["row"])): r["victim_id"] for r in csv.DictReader(fh)}
    rows = p.con.execute(
        "SELECT r.id, s.name, r.row_number FROM records r JOIN sources s ON s.id = r.source_id"
    ).fetchall()
    person: dict[str, int] = {}
    with p.transaction():
        for rid, src, row in rows:
            v = truth.get((src, int(row)), f"none-{rid}")
            if v not in person:
                person[v] = len(person) + 1
                p.con.execute(
                    "INSERT INTO persons VALUES (?, NULL, 1.0, NULL, current_timestamp)",
                    [person[v]],
                )
            p.con.execute("INSERT INTO person_records VALUES (?, ?)", [person[v], rid])
        p.audit("link", "link_run", None, details={"persons": len(person)})
    for by in (["province"], ["sex"]):
        try:
            out = run_estimate(p.capture_histories(by=by), method="loglinear", by=by, seed=1)
        except UndercountError as exc:
            print(f"no estimate by {by[0]}: {str(exc)[:80]}")
            continue
        p.record_estimates(out.runs)
    return p


def audit(ctx_raw, ctx_pub) -> tuple[int, int, int]:
    """(cells shown, cells hidden, hidden cells under 5 a reader recovers exactly), over the
    same cells and relations the report publishes."""
    from undercount.report.cells import MIN_CELL, _range

    values = _published_counts(ctx_raw, raw=True)
    shown_pub = _published_counts(ctx_pub)
    hidden = [k for k in values if shown_pub.get(k) is None]
    index = {k: i for i, k in enumerate(values)}
    vals = [float(values[k] or 0) for k in values]
    rel = _relations(ctx_raw, index)
    order = sorted(index[k] for k in hidden)
    recovered = 0
    for k in hidden:
        if 0 < (values[k] or 0) < MIN_CELL:
            rng = _range(index[k], order, vals, rel, 1.0)
            if rng is not None and rng[1] - rng[0] < 1 - 1e-9:
                recovered += 1
    return len(values) - len(hidden), len(hidden), recovered


def _published_counts(ctx, raw: bool = False) -> dict[str, float | None]:
    out: dict[str, float | None] = {"persons": ctx["documented"]}
    for p, c in zip(ctx["overlap"]["patterns"], ctx["overlap"]["counts"], strict=True):
        out[f"pattern {p}"] = c
    for s, n in zip(ctx["overlap"]["sources"], ctx["overlap"]["set_sizes"], strict=True):
        out[f"list {s}"] = n
    for s in ctx["sources"]:
        out[f"records {s['name']}"] = s["records"]
    out["records"] = ctx["quality"]["records"]
    rows = {r["id"]: r for g in ctx["stratified"] for r in g["rows"]}
    for r in ctx["stratified_rows"] if raw else []:  # every stratum, drawn or not
        out[f"stratum {r['label']} {r['stratum']}"] = r["documented_raw"]
    for r in rows.values() if not raw else []:
        out[f"stratum {r['label']} {r['stratum']}"] = r["documented"]
    return out


def _relations(ctx, index):
    from undercount.report.cells import Relation

    rels = []
    pats = [k for k in index if k.startswith("pattern ")]
    rels.append(Relation({index["persons"]: 1.0, **{index[k]: -1.0 for k in pats}}))
    for j, s in enumerate(ctx["overlap"]["sources"]):
        mine = [k for k, p in zip(pats, ctx["overlap"]["patterns"], strict=True) if p[j]]
        rels.append(Relation({index[f"list {s}"]: 1.0, **{index[k]: -1.0 for k in mine}}))
    recs = [k for k in index if k.startswith("records ")]
    rels.append(Relation({index["records"]: 1.0, **{index[k]: -1.0 for k in recs}}))
    for label in {r["label"] for r in ctx["stratified_rows"]}:
        keys = [k for k in index if k.startswith(f"stratum {label} ")]
        rels.append(Relation({index["persons"]: 1.0, **{index[k]: -1.0 for k in keys}}))
    return rels


def baseline(ctx_raw):
    """Primary suppression only: every count under 5 hidden, nothing else."""
    from undercount.report.cells import MIN_CELL

    def p(v):
        return None if v is not None and 0 < v < MIN_CELL else v

    ov = ctx_raw["overlap"]
    return {
        **ctx_raw,
        "documented": p(ctx_raw["documented"]),
        "overlap": {
            **ov,
            "counts": [p(c) for c in ov["counts"]],
            "set_sizes": [p(c) for c in ov["set_sizes"]],
        },
        "sources": [{**s, "records": p(s["records"])} for s in ctx_raw["sources"]],
        "quality": {**ctx_raw["quality"], "records": p(ctx_raw["quality"]["records"])},
        "stratified": [
            {**g, "rows": [r for r in g["rows"] if p(r["documented"]) is not None]}
            for g in ctx_raw["stratified"]
        ],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=400, help="rows of each release")
    ap.add_argument("--victims", type=int, default=400, help="victims of the simulation")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from undercount.report.html import report_context

    scenarios = [
        (f"Gaza MoH releases 2 and 4 (real), {args.rows} rows each", build, args.rows),
        (f"simulator, {args.victims} victims, 5 lists (synthetic)", build_synthetic, args.victims),
    ]
    for title, make, n in scenarios:
        with tempfile.TemporaryDirectory() as d:
            project = make(Path(d), n)
            report_context(project, public=False, figures_on=False)  # warm caches
            t0 = time.perf_counter()
            raw = report_context(project, public=False, figures_on=False)
            t_raw = time.perf_counter() - t0
            t0 = time.perf_counter()
            pub = report_context(project, public=True, figures_on=False)
            t_pub = time.perf_counter() - t0
            print(f"\n{title}: {raw['documented']} persons")
            print(
                f"{'rule':12s} {'shown':>6s} {'hidden':>7s} {'small hidden recovered':>23s} {'time s':>7s}"
            )
            shown, hidden, rec = audit(raw, baseline(raw))
            print(f"{'baseline':12s} {shown:6d} {hidden:7d} {rec:23d} {t_raw:7.2f}")
            shown, hidden, rec = audit(raw, pub)
            print(f"{'undercount':12s} {shown:6d} {hidden:7d} {rec:23d} {t_pub:7.2f}")
            print(f"{'tau-Argus':12s} not installed here (pip install pytauargus); not run")
            project.close()


if __name__ == "__main__":
    main()
