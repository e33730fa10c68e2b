"""No suppressed cell can be recovered by subtraction (issue 17, finding 3).

Each test plays the reader of the public report: it takes a published total, subtracts the
cells shown, and checks that what is left never pins down a hidden cell (one hidden cell
left, or as many persons left as hidden cells, each of which holds at least one).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from tests.report.builder import build_project

    p = build_project(tmp_path_factory.mktemp("cells") / "p.duckdb", victims=220)
    # A small fourth list (2 records, on persons already known) and 2 deaths in a province
    # no one else has: single small cells in the overlap, the sources and the provinces.
    d = p.ensure_source("NGO D", kind="ngo_list", reliability="C")
    rows = [
        {
            "source_id": d.id,
            "row_number": i,
            "raw": "{}",
            "name": f"D {i}",
            "province": "Ilam",
            "violation": "killing",
        }
        for i in (1, 2)
    ]
    with p.transaction():
        p.insert_records(pd.DataFrame(rows))
        top = p.con.execute("SELECT max(id) FROM records").fetchone()[0]
        pid = p.con.execute("SELECT max(id) FROM persons").fetchone()[0]
        for k, rid in enumerate((top - 1, top)):
            p.con.execute(
                "INSERT INTO persons VALUES (?, NULL, 1.0, 1, current_timestamp)", [pid + 1 + k]
            )
            p.con.execute("INSERT INTO person_records VALUES (?, ?)", [pid + 1 + k, rid])
    yield p
    p.close()


@pytest.fixture(scope="module")
def pub(project):
    from undercount.report.html import report_context

    return report_context(project, public=True, figures_on=False)


@pytest.fixture(scope="module")
def raw(project):
    from undercount.report.html import report_context

    return report_context(project, public=False, figures_on=False)


def recoverable(total, shown, hidden: int) -> bool:
    """Whether ``total - sum(shown)`` gives back a small hidden cell: one hidden cell left
    holding fewer than 5, or as many persons left as hidden cells (each holds one). A hidden
    cell of 5 or more given back is no disclosure (it was hidden only as a complement)."""
    if total is None or hidden == 0:
        return False
    rest = total - sum(shown)
    return (hidden == 1 and rest < 5) or rest == hidden


def test_fixture_has_small_cells(raw):
    assert any(0 < c < 5 for c in raw["overlap"]["counts"])
    assert any(0 < (s["records"] or 0) < 5 for s in raw["sources"])
    assert any(0 < (r["documented"] or 0) < 5 for r in raw["provinces"]["rows"])
    assert any(0 < c < 5 for c in raw["timeline"]["counts"])


def test_persons_minus_shown_overlap_patterns(pub, raw):
    ov = pub["overlap"]
    n_patterns = len(raw["overlap"]["patterns"]) + raw["overlap"]["more"]
    shown = [c for c in ov["counts"] if c is not None]
    assert not recoverable(pub["documented"], shown, n_patterns - len(shown))
    # Per list: persons on a list minus the shown patterns that include it.
    for j, size in enumerate(ov["set_sizes"]):
        mine = [c for p, c in zip(ov["patterns"], ov["counts"], strict=True) if p[j]]
        all_mine = sum(1 for p in raw["overlap"]["patterns"] if p[j])
        shown_mine = [c for c in mine if c is not None]
        if raw["overlap"]["more"] == 0:
            assert not recoverable(size, shown_mine, all_mine - len(shown_mine)), ov["sources"][j]


def test_deaths_minus_shown_provinces(pub):
    tl, prov = pub["timeline"], pub["provinces"]
    if tl["total"] is None or tl["undated"] is None:
        return
    shown = [r["documented"] for r in prov["rows"] if r["documented"] is not None]
    hidden = sum(1 for r in prov["rows"] if r["documented"] is None)
    if prov["unknown"] is None:
        hidden += 1
    else:
        shown.append(prov["unknown"])
    assert hidden == 0 or not recoverable(tl["total"] + tl["undated"], shown, hidden)
    assert any(r["documented"] is None for r in prov["rows"])  # Ilam (2) is hidden


def test_records_minus_shown_sources(pub):
    shown = [s["records"] for s in pub["sources"] if s["records"] is not None]
    hidden = sum(1 for s in pub["sources"] if s["records"] is None)
    assert not recoverable(pub["quality"]["records"], shown, hidden)


def test_timeline_total_minus_shown_days(pub, raw):
    tl = pub["timeline"]
    hidden = len(raw["timeline"]["days"]) - len(tl["days"])
    assert hidden == tl["hidden_days"]
    assert not recoverable(tl["total"], tl["counts"], hidden)


def test_hidden_days_are_not_named(pub, raw):
    tl = pub["timeline"]
    gone = set(raw["timeline"]["days"]) - set(tl["days"])
    assert gone, "the fixture has days under 5"
    assert tl["suppressed_days"] == []
    text = json.dumps(tl)
    assert not [d for d in gone if d in text]


def test_strata_minus_shown(pub, raw):
    for g in pub["stratified"]:
        rows = [r for r in raw["stratified_rows"] if r["label"] == g["label"]]
        if sum(r["documented_raw"] for r in rows) != raw["documented"]:
            continue  # strata fitted before the last import: they do not add up to the total
        shown = [r["documented"] for r in g["rows"]]
        assert not recoverable(pub["documented"], shown, len(rows) - len(shown)), g["label"]


def test_strata_that_add_up_are_protected(tmp_path):
    from tests.report.builder import build_project

    from undercount.report.html import report_context

    p = build_project(tmp_path / "s.duckdb", victims=25, seed=3)
    pub = report_context(p, public=True, figures_on=False)
    raw = report_context(p, public=False, figures_on=False)
    small = [r for r in raw["stratified_rows"] if 0 < r["documented_raw"] < 5]
    assert small, "the fixture has a stratum under 5"
    test_strata_minus_shown(pub, raw)
    p.close()


def test_estimates_documented_minus_persons(pub, raw):
    """The runs were fitted before the small list came in: their documented count differs
    from the persons by exactly the persons only on that list (2). Published side by side,
    the difference would give that hidden cell back."""
    small = [
        e["documented"] for e in raw["estimates"] if 0 < raw["documented"] - e["documented"] < 5
    ]
    assert small, "the fixture has runs that differ from the total by a small group"
    for e in pub["estimates"]:
        if e["documented"] is not None and pub["documented"] is not None:
            assert not 0 < pub["documented"] - e["documented"] < 5, e["label"]


def test_no_raw_count_in_public_context(pub):
    text = json.dumps(pub, default=str)
    assert "documented_raw" not in text and "stratified_rows" not in pub


def test_protect_hides_a_complement():
    from undercount.report.cells import Relation, protect

    # Total 65 = 20 + 3 + 30 + 12: hiding the 3 alone lets 65 - 62 give it back.
    hide = protect([65, 20, 3, 30, 12], [Relation({0: 1, 1: -1, 2: -1, 3: -1, 4: -1})], keep={0})
    assert hide == {2, 4}
    # Six persons in six cells of one: every cell is 1 whatever is hidden, so the total goes.
    cells = [6, 1, 1, 1, 1, 1, 1]
    hide = protect(cells, [Relation({0: 1, **{i: -1 for i in range(1, 7)}})], keep={0})
    assert hide == set(range(7))
