"""A small synthetic project built straight through the store (no normaliser or linker needed).

Used by the report and web tests. Every name is synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd

PROVINCES = {
    "Khuzestan": (31.32, 48.67),
    "Tehran": (35.69, 51.39),
    "Fars": (29.59, 52.58),
    "Kermanshah": (34.31, 47.07),
    "Alborz": (35.83, 50.99),
    "Isfahan": (32.65, 51.67),
}
GIVEN = [
    ("Mohammad", "محمد"),
    ("Reza", "رضا"),
    ("Fatemeh", "فاطمه"),
    ("Zahra", "زهرا"),
    ("Hossein", "حسین"),
    ("Mehdi", "مهدی"),
    ("Amir", "امیر"),
    ("Maryam", "مریم"),
]
FAMILY = [
    ("Rezaei", "رضایی"),
    ("Ahmadi", "احمدی"),
    ("Hosseini", "حسینی"),
    ("Karimi", "کریمی"),
    ("Moradi", "مرادی"),
    ("Jafari", "جعفری"),
    ("Sadeghi", "صادقی"),
    ("Kazemi", "کاظمی"),
]
SOURCES = ["NGO A", "NGO B", "NGO C"]


def names_in(project) -> set[str]:
    """Every name (full, given, family, father) stored in the project's records."""
    out: set[str] = set()
    for row in project.con.execute(
        "SELECT name, given_name, family_name, father_name FROM records"
    ).fetchall():
        out.update(v for v in row if v)
    return out


def build_project(
    path: Path,
    *,
    victims: int = 220,
    seed: int = 1,
    estimates: bool = True,
    user: str = "tester",
    key: str | None = None,
):
    from undercount.estimate import Chapman, LogLinear
    from undercount.model import EstimateRun, Interval
    from undercount.store.project import Project

    rng = random.Random(seed)
    project = Project.create(path, user=user, encrypt=key is not None, key=key)
    src_ids = [project.ensure_source(s, kind="ngo_list", reliability="B").id for s in SOURCES]
    rows = []
    members: list[list[int]] = []
    rid = 0
    capture = (0.55, 0.45, 0.35)
    start = dt.date(2019, 11, 15)
    for v in range(victims):
        g, f = rng.choice(GIVEN), rng.choice(FAMILY)
        father = rng.choice(GIVEN)
        prov = rng.choice(list(PROVINCES)) if v % 9 else "Tehran"
        lat, lon = PROVINCES[prov]
        day = start + dt.timedelta(days=min(int(rng.expovariate(0.7)), 9))
        age = rng.randint(12, 60)
        ids = []
        for s, p in zip(src_ids, capture, strict=True):
            if rng.random() >= p:
                continue
            persian = rng.random() < 0.5
            rid += 1
            name = f"{g[1]} {f[1]}" if persian else f"{g[0]} {f[0]}"
            rows.append(
                {
                    "id": rid,
                    "source_id": s,
                    "row_number": rid,
                    "raw": "{}",
                    "name": name,
                    "name_script": "fa" if persian else "latin",
                    "given_name": g[1] if persian else g[0],
                    "family_name": f[1] if persian else f[0],
                    "father_name": father[1] if persian else father[0],
                    "sex": "female" if g[0] in ("Fatemeh", "Zahra", "Maryam") else "male",
                    "age": age,
                    "date": day,
                    "date_precision": "day",
                    "date_calendar": "jalali" if persian else "gregorian",
                    "date_text": day.isoformat(),
                    "place_text": prov,
                    "province": prov,
                    "city": None,
                    "violation": "killing",
                    "perpetrator": None,
                    "event": "November 2019",
                    "notes": f"witness statement by {father[0]} {f[0]}",
                    "name_key": f"{g[0]} {f[0]}".lower(),
                    "name_latin": f"{g[0]} {f[0]}",
                    "lat": lat,
                    "lon": lon,
                }
            )
            ids.append(rid)
        if ids:
            members.append(ids)
    frame = pd.DataFrame(rows).drop(columns=["id"])
    try:
        from undercount.normalize import name_key, normalize_names

        nf = normalize_names(frame["name"].tolist())
        for k in ("name_norm", "name_script", "name_key", "name_latin", "name_skeleton"):
            frame[k] = nf[k]
        for part in ("given", "family", "father"):
            frame[f"{part}_key"] = [name_key(v) or None for v in frame[f"{part}_name"]]
    except ImportError:  # normaliser not installed: keep the simple keys above
        pass
    with project.transaction():
        project.insert_records(frame)
        project.audit("import_list", "import", None, details={"rows": len(rows)})
        run_id = project.con.execute(
            "INSERT INTO link_runs (engine, method, threshold, n_records, n_pairs, n_persons, "
            "user_name) VALUES ('duckdb', 'exact', 0.9, ?, 0, ?, 'tester') RETURNING id",
            [len(rows), len(members)],
        ).fetchone()[0]
        for pid, ids in enumerate(members, start=1):
            project.con.execute(
                "INSERT INTO persons VALUES (?, NULL, 1.0, ?, current_timestamp)", [pid, run_id]
            )
            project.con.executemany(
                "INSERT INTO person_records VALUES (?, ?)", [[pid, i] for i in ids]
            )
        pairs = [m for m in members if len(m) > 1][:6]
        for m in pairs[:3]:
            project.con.execute(
                "INSERT INTO pair_scores VALUES (?, ?, ?, 0.6, 1.0, 0.5)", [run_id, m[0], m[1]]
            )
        project.audit("link", "link_run", run_id, details={"persons": len(members)})
        project.con.execute(
            "INSERT INTO claims (source_id, value, low, high, qualifier, outcome, event, "
            "attributed_to, stated_on, sentence, span_start, span_end) VALUES "
            "(?, 304, 304, NULL, 'at_least', 'killed', 'November 2019', 'Amnesty International',"
            " '2019-12-16', 'Amnesty said at least 304 people were killed.', 0, 40), "
            "(?, 1500, NULL, NULL, 'about', 'killed', 'November 2019', 'Reuters', '2019-12-23',"
            " 'About 1,500 people were killed, Reuters reported.', 0, 40)",
            [src_ids[0], src_ids[1]],
        )
    if estimates:
        hist = project.capture_histories()
        lists = [c for c in hist.columns if c != "count"]
        two = hist.groupby(lists[:2], as_index=False)["count"].sum()
        two = two[(two[lists[0]] + two[lists[1]]) > 0]
        project.record_estimate(Chapman().fit(two).to_run())
        project.record_estimate(LogLinear(max_order=1).fit(hist).to_run())
        by = project.capture_histories(by=["province"])
        for prov, part in by.groupby("province"):
            part = part.drop(columns=["province"])
            part = part.groupby(lists, as_index=False)["count"].sum()
            part = part[part["count"] > 0]
            try:
                est = LogLinear(max_order=1).fit(part)
            except Exception:  # noqa: BLE001 - a sparse stratum: store documented only
                n = int(part["count"].sum())
                run = EstimateRun(
                    None,
                    "loglinear",
                    {"max_order": 1},
                    None,
                    {"province": prov},
                    n,
                    float(n),
                    Interval(float(n), float(n)),
                )
            else:
                run = est.to_run(strata={"province": prov})
            project.record_estimate(run, stratum=f"province={prov}")
    return project
