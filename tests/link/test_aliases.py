"""Other spellings of a name (intake's ``aliases`` / ``alias_keys``) in linkage.

Two lists that agree on a person only through an alias: the blocking rule on alias keys
pairs them (no other blocking key does) and the name comparison's "another spelling
agrees" level links them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from undercount.link import settings as st
from undercount.store.project import Project

from .conftest import FAMILY, GIVEN


def _crowd(seed: int = 3) -> tuple[list[dict], list[dict]]:
    """Thirty people on each list, twenty on both (distinct names)."""
    rnd = random.Random(seed)
    people: dict[tuple[str, str], int] = {}
    while len(people) < 40:
        people.setdefault(
            (rnd.choice(GIVEN).title(), rnd.choice(FAMILY).title()), rnd.randint(15, 60)
        )
    rows = [{"name": f"{g} {f}", "age": a, "sex": "male"} for (g, f), a in people.items()]
    return rows[:30], rows[10:]


def _project(tmp_path: Path, a: list[dict], b: list[dict]) -> Project:
    p = Project.create(tmp_path / "alias.duckdb", user="tester")
    for name, rows in (("A", a), ("B", b)):
        pd.DataFrame(rows).to_csv(tmp_path / f"{name}.csv", index=False)
        p.import_list(tmp_path / f"{name}.csv", source=name, lenient=True)
    return p


def _person(p: Project, name: str) -> list[int]:
    return [
        int(r[0])
        for r in p.con.execute(
            "SELECT pr.person_id FROM records r JOIN person_records pr ON pr.record_id = r.id "
            "WHERE r.name = ? ORDER BY r.id",
            [name],
        ).fetchall()
    ]


def test_lists_that_agree_only_through_an_alias_are_linked(tmp_path):
    a, b = _crowd()
    a += [
        {"name": "Mahsa (Zhina) Amini", "age": 22, "sex": "female"},
        {"name": "Ali Rezaei aka Abu Khalil", "age": 40, "sex": "male"},
    ]
    b += [
        {"name": "Zhina Amini", "age": 22, "sex": "female"},
        {"name": "Abu Khalil", "age": 40, "sex": "male"},
    ]
    p = _project(tmp_path, a, b)
    try:
        recs = p.con.execute(f"SELECT {', '.join(st.record_columns(p.con))} FROM records").df()
        feats = st.prepare_features(recs).set_index("unique_id")
        ids = dict(zip(recs["name"], recs["id"], strict=True))
        left, right = feats.loc[ids["Ali Rezaei aka Abu Khalil"]], feats.loc[ids["Abu Khalil"]]
        # Only the alias key brings the two records together.
        assert set(left["blk_alias"]) & set(right["blk_alias"])
        for key in st.BLOCKING_KEYS:
            assert left[key] is None or left[key] != right[key], key
        p.link()
        zhina = _person(p, "Mahsa (Zhina) Amini") + _person(p, "Zhina Amini")
        khalil = _person(p, "Ali Rezaei aka Abu Khalil") + _person(p, "Abu Khalil")
        assert len(zhina) == 2 and zhina[0] == zhina[1]
        assert len(khalil) == 2 and khalil[0] == khalil[1]
        # The crowd links as it should: 20 shared people, nobody else merged.
        persons = p.con.execute("SELECT count(DISTINCT person_id) FROM person_records").fetchone()
        assert persons[0] == 40 + 2
    finally:
        p.close()


def test_without_the_alias_the_same_names_stay_apart(tmp_path):
    a, b = _crowd()
    a += [{"name": "Ali Rezaei", "age": 40, "sex": "male"}]
    b += [{"name": "Abu Khalil", "age": 40, "sex": "male"}]
    p = _project(tmp_path, a, b)
    try:
        p.link()
        assert _person(p, "Ali Rezaei") != _person(p, "Abu Khalil")
    finally:
        p.close()


def test_a_persian_spelling_column_links_to_a_list_in_persian(tmp_path):
    """List A has Latin names and a ``name_fa`` column; list B is in Persian only."""
    a, b = _crowd()
    a = [dict(r, name_fa="") for r in a]
    a.append({"name": "Kian Pirfalak", "age": 9, "sex": "male", "name_fa": "کیان پیرفلک"})
    b.append({"name": "کیان پیرفلک", "age": 9, "sex": "male"})
    p = _project(tmp_path, a, b)
    try:
        row = p.con.execute(
            "SELECT alias_keys FROM records WHERE name = 'Kian Pirfalak'"
        ).fetchone()
        assert row is not None and row[0]  # the Persian spelling became an alias
        p.link()
        kian = _person(p, "Kian Pirfalak") + _person(p, "کیان پیرفلک")
        assert len(kian) == 2 and kian[0] == kian[1]
    finally:
        p.close()
