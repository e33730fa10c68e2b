"""Records search finds a record by any of its names: aliases, both scripts, variants."""

from __future__ import annotations

import pytest

CSV = (
    "name,name_fa,age\n"
    "Mahsa (Zhina) Amini,مهسا امینی,22\n"
    "Zakaria Khayal (Soleimani),,31\n"
    "علي رضائي,,40\n"
    "Hamid Karimi,,50\n"
)


@pytest.fixture(scope="module")
def searched(tmp_path_factory):
    from undercount.store import queries as Q
    from undercount.store import users as U
    from undercount.store.project import Project

    tmp = tmp_path_factory.mktemp("search")
    path = tmp / "list.csv"
    path.write_text(CSV, encoding="utf-8")
    project = Project.create(tmp / "case.duckdb", user="tester")
    project.import_list(path, source="NGO")
    user = U.create_user(project, "analyst", "analyst", "correct-horse-battery")

    def names(q: str) -> list[str]:
        return sorted(r["name"] for r in Q.search_records(project, user, q=q)["rows"])

    yield names, project
    project.close()


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("Zhina Amini", ["Mahsa (Zhina) Amini"]),  # the name in brackets
        ("ژینا", ["Mahsa (Zhina) Amini"]),  # ... in the other script
        ("مهسا امینی", ["Mahsa (Zhina) Amini"]),  # the second-script column
        ("Mahsa Amini", ["Mahsa (Zhina) Amini"]),  # the name itself
        ("Soleimani", ["Zakaria Khayal (Soleimani)"]),
        ("Zakaria Soleimani", ["Zakaria Khayal (Soleimani)"]),
        ("علی رضایی", ["علي رضائي"]),  # ي/ی, ئ/ی
        ("Ali Rezaei", ["علي رضائي"]),  # transliteration
        ("Karimi", ["Hamid Karimi"]),
    ],
)
def test_search_finds_a_record_by_any_of_its_names(searched, q, found):
    names, _ = searched
    assert names(q) == found


def test_words_must_come_from_one_name(searched):
    names, _ = searched
    # "Zhina" is an alias of one record and "Karimi" the name of another: no record has both.
    assert names("Zhina Karimi") == []
    assert names("Mahsa Khayal") == []


def test_view_follows_recomputed_names(searched, monkeypatch):
    from undercount.store import queries as Q

    names, project = searched
    assert names("Karimi") == ["Hamid Karimi"]
    project.con.execute("UPDATE records SET name_key = 'zzz' WHERE name = 'Hamid Karimi'")
    project.audit("test_change", "records")  # an audited change elsewhere
    clock = iter(range(10**6, 10**7, 10))  # every call past the one-second recheck
    monkeypatch.setattr(Q.time, "monotonic", lambda: float(next(clock)))
    assert names("Karimi") == []
    assert project.recompute_names().changed == 1
    assert names("Karimi") == ["Hamid Karimi"]
