"""No user text reaches SQL as text (issue 17, finding 1).

A documenter could create a source whose name closed the column alias of the capture-history
query and appended a sub-select of their own; any honest name with a double quote took the
estimates, report and figure pages down. These tests create sources with hostile names and run
every path that builds capture histories on them.
"""

from __future__ import annotations

import pytest
from tests.web.conftest import make_web

from undercount.store.sql import ident, literal, positional

INJECTION = "orec\", (SELECT count(*) FROM users WHERE role = 'admin') AS \"prec"  # the shape of the reported attack: close the alias, add a sub-select, reopen
HOSTILE = [
    INJECTION,
    'Amnesty "Iran" list',
    "x'); DROP TABLE records; --",
    'a""b',
    "tab\tand\x01control",
    "\u202eRTL override\u202c",
    "فهرست «ایران»",
    "L" * 200,
    "Daily $x^$ list",
    "back\\slash $",
]


def _attach(project, name: str) -> None:
    """A source named ``name`` whose one record joins an existing person."""
    import pandas as pd

    src = project.ensure_source(name, kind="ngo_list", reliability="C")
    with project.transaction():
        project.insert_records(
            pd.DataFrame([{"source_id": src.id, "row_number": 1, "raw": "{}", "name": "X Y"}])
        )
        rid = project.con.execute("SELECT max(id) FROM records").fetchone()[0]
        project.con.execute("INSERT INTO person_records VALUES (1, ?)", [rid])


def test_capture_histories_keep_hostile_names_as_data(tmp_path):
    from tests.report.builder import build_project

    project = build_project(tmp_path / "p.duckdb", estimates=False)
    long_name = "ن" * 5000
    for name in [*HOSTILE, long_name]:
        _attach(project, name)
    hist = project.capture_histories(by=["province"])
    sources = set(project.sources()["name"])
    assert set(hist.columns) == sources | {"province", "count"}
    # The injected sub-select did not run: no extra column, and each hostile source has the
    # one person it was given.
    assert "prec" not in hist.columns
    for name in [*HOSTILE, long_name]:
        assert int(hist.loc[hist[name] == 1, "count"].sum()) == 1, name
    assert int(project.con.execute("SELECT count(*) FROM records").fetchone()[0]) > 0
    project.close()


@pytest.fixture(scope="module")
def hostile_web(tmp_path_factory):
    w = make_web(tmp_path_factory.mktemp("hostile") / "case.duckdb")
    yield w
    w.project.close()


def test_documenter_cannot_inject_through_a_source_name(hostile_web):
    web = hostile_web
    doc = web.client("documenter")
    for name in HOSTILE:
        r = doc.post("/api/sources", json={"name": name}, headers={"X-CSRF-Token": doc.csrf})
        assert r.status_code == 201, (name, r.text[:300])
        r = doc.post(
            "/api/records",
            json={"source_id": r.json()["id"], "name": "Synthetic Person", "age": "30"},
            headers={"X-CSRF-Token": doc.csrf},
        )
        assert r.status_code == 201, (name, r.text[:300])
        # Join the record to an existing person so that the source enters capture histories.
        rid = r.json()["id"]
        web.project.con.execute("INSERT INTO person_records VALUES (1, ?)", [rid])
    for role in ("admin", "analyst", "documenter", "viewer"):
        c = web.client(role)
        for path in (
            "/estimates",
            "/report.html",
            "/report.html?public=1",
            "/api/estimates",
            "/figures/overlap.svg",
            "/figures/timeline.svg",
            "/figures/headline.svg",
            "/figures/map.svg",
        ):
            r = c.get(path)
            assert r.status_code in (200, 403, 404), (role, path, r.status_code, r.text[:300])
    hist = web.project.capture_histories()
    assert "prec" not in hist.columns
    assert set(HOSTILE) <= set(hist.columns)


def test_identifier_helper_refuses_anything_but_plain_names():
    assert ident("records") == "records"
    assert ident("c12") == "c12"
    for bad in ['a"b', "a b", "1a", "", "x;y", "ملت", "a" * 64, 'x") --']:
        with pytest.raises(Exception, match="not a plain SQL identifier"):
            ident(bad)
    assert positional(3) == ["c0", "c1", "c2"]
    assert literal("it's") == "'it''s'"
    with pytest.raises(Exception, match="NUL"):
        literal("a\x00b")
