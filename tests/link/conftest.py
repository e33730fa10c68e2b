"""Fixtures of the linkage tests: small synthetic record sets, inserted without the importer."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

GIVEN = [
    "mohammad",
    "ali",
    "reza",
    "hossein",
    "mehdi",
    "amir",
    "saeed",
    "javad",
    "hamid",
    "majid",
    "nima",
    "omid",
    "pouya",
    "behnam",
    "kian",
    "arash",
    "farhad",
    "kaveh",
]
FAMILY = [
    "rezaei",
    "hosseini",
    "mohammadi",
    "ahmadi",
    "karimi",
    "moradi",
    "jafari",
    "kazemi",
    "rahimi",
    "sadeghi",
    "ebrahimi",
    "hashemi",
    "ghasemi",
    "heidari",
    "najafi",
    "akbari",
    "nouri",
    "safari",
    "bagheri",
    "amini",
    "mousavi",
    "shirazi",
    "tehrani",
    "yazdani",
]
CITIES = [
    ("tehran", "tehran"),
    ("shiraz", "fars"),
    ("mahshahr", "khuzestan"),
    ("ahvaz", "khuzestan"),
    ("karaj", "alborz"),
    ("isfahan", "isfahan"),
    ("kermanshah", "kermanshah"),
    ("sanandaj", "kurdistan"),
]


def record(
    source_id: int,
    row: int,
    given: str,
    family: str,
    *,
    father: str | None = None,
    age: int | None = None,
    sex: str | None = "male",
    date: str | None = "2019-11-16",
    precision: str = "day",
    city: str | None = None,
    province: str | None = None,
    name_fa: str | None = None,
    victim: int | None = None,
) -> dict:
    """One row for ``Project.insert_records`` (keys computed the simple way)."""
    name = name_fa or f"{given.title()} {family.title()}"
    return dict(
        source_id=source_id,
        row_number=row,
        raw="{}",
        name=name,
        name_norm=name,
        name_script="fa" if name_fa else "latin",
        name_key=f"{given} {family}",
        name_latin=f"{given.title()} {family.title()}",
        name_skeleton=f"{given} {family}".replace("a", "").replace("e", ""),
        given_name=given.title(),
        family_name=family.title(),
        father_name=father.title() if father else None,
        given_key=given,
        family_key=family,
        father_key=father,
        sex=sex,
        age=age,
        date=pd.Timestamp(date) if date else None,
        date_precision=precision if date else None,
        date_calendar="gregorian" if date else None,
        city=city,
        province=province,
        notes=None if victim is None else str(victim),
    )


def typo(word: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def synthetic_lists(
    n_victims: int = 300,
    n_sources: int = 3,
    seed: int = 0,
    capture: float = 0.6,
    dup_rate: float = 0.03,
) -> list[list[dict]]:
    """Records of ``n_victims`` victims on ``n_sources`` lists, with noise and duplicates.

    ``notes`` holds the true victim id (for scoring).
    """
    rnd = random.Random(seed)
    victims = []
    for v in range(n_victims):
        city, prov = rnd.choice(CITIES)
        victims.append(
            dict(
                given=rnd.choice(GIVEN),
                family=rnd.choice(FAMILY),
                father=rnd.choice(GIVEN),
                age=rnd.randint(15, 60),
                city=city,
                province=prov,
                day=rnd.randint(15, 19),
                victim=v,
            )
        )
    lists = []
    for s in range(1, n_sources + 1):
        rows: list[dict] = []
        for v in victims:
            times = 0
            if rnd.random() < capture:
                times = 2 if rnd.random() < dup_rate else 1
            for _ in range(times):
                given = v["given"] if rnd.random() > 0.05 else typo(v["given"], rnd)
                age = v["age"] + rnd.choice([0, 0, 0, 0, 1, -1]) if rnd.random() > 0.1 else None
                father = v["father"] if rnd.random() > 0.3 else None
                city = v["city"] if rnd.random() > 0.05 else None
                rows.append(
                    record(
                        s,
                        len(rows) + 1,
                        given,
                        v["family"],
                        father=father,
                        age=age,
                        date=f"2019-11-{v['day']}",
                        city=city,
                        province=v["province"],
                        victim=v["victim"],
                    )
                )
        lists.append(rows)
    return lists


def fill(project, lists: list[list[dict]], names: list[str] | None = None) -> None:
    for i, rows in enumerate(lists):
        src = project.ensure_source(names[i] if names else f"list_{chr(97 + i)}")
        for r in rows:
            r["source_id"] = src.id
        project.insert_records(pd.DataFrame(rows))


def truth_of(project) -> pd.DataFrame:
    """Truth table (source, row, victim_id) of records filled by :func:`fill`."""
    return project.con.execute(
        "SELECT s.name AS source, r.row_number AS row, CAST(r.notes AS BIGINT) AS victim_id "
        "FROM records r JOIN sources s ON s.id = r.source_id"
    ).df()


@pytest.fixture
def linked_small(tmp_path: Path):
    """A project of ~500 records on 3 lists, linked once."""
    from undercount.store.project import Project

    p = Project.create(tmp_path / "link.duckdb", user="tester")
    fill(p, synthetic_lists())
    p.link()
    yield p
    p.close()


def java_available() -> bool:
    return shutil.which("java") is not None
