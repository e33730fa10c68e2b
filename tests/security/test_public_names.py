"""Public outputs name nobody (issue 17, finding 2).

A project gets a known, invented name in every field that can hold a person's name: victims'
names (full, given, family, father), notes, a witness quoted in a claim (``attributed_to``)
and the claim's sentence, a testimony source named after its witness, every user account, and
the project's file name. Every public output is then scanned for every one of those names.
"""

from __future__ import annotations

import re

import pytest
from tests.web.conftest import PASSWORD, make_web

# Invented names, distinctive enough that no method label, province or number contains them.
VICTIM = ("Xanthippe", "Quorvaldi", "Ysolde")  # given, family, father
VICTIM_FA = ("ژینوسا", "فرهمندپورک", "بردیاسان")
WITNESS = "Theophania Brackwater"
TESTIMONY = "Testimony of Ulfrida Mossgrave"
OFFICIAL = "Colonel Hieronymus Vantablack"
USER = "petronella.gaskarth"
PROJECT_FILE = "kalliroe-investigation"
NOTES_NAME = "Ottoline Fairweather"


def _names() -> list[str]:
    return [
        *VICTIM,
        " ".join(VICTIM[:2]),
        *VICTIM_FA,
        " ".join(VICTIM_FA[:2]),
        WITNESS,
        "Ulfrida Mossgrave",
        OFFICIAL,
        "Hieronymus",
        USER,
        PROJECT_FILE,
        NOTES_NAME,
    ]


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    import pandas as pd

    from undercount.store import users as U

    d = tmp_path_factory.mktemp("names")
    web = make_web(d / f"{PROJECT_FILE}.duckdb")
    p = web.project
    U.create_user(p, USER, "analyst", PASSWORD)
    testimony = p.ensure_source(TESTIMONY, kind="testimony", reliability="C")
    rows = []
    for i, (g, f, fa) in enumerate([VICTIM, VICTIM_FA]):
        rows.append(
            {
                "source_id": testimony.id,
                "row_number": i + 1,
                "raw": "{}",
                "name": f"{g} {f}",
                "given_name": g,
                "family_name": f,
                "father_name": fa,
                "notes": f"told by {NOTES_NAME}",
                "province": "Tehran",
                "violation": "killing",
            }
        )
    with p.transaction():
        p.insert_records(pd.DataFrame(rows))
        rid = p.con.execute("SELECT max(id) FROM records").fetchone()[0]
        p.con.execute("INSERT INTO person_records VALUES (1, ?), (2, ?)", [rid - 1, rid])
        p.con.execute(
            "INSERT INTO claims (source_id, value, qualifier, outcome, event, attributed_to, "
            "stated_on, sentence, span_start, span_end) VALUES "
            "(?, 40, 'at_least', 'killed', 'November 2019', ?, '2019-12-01', ?, 0, 10), "
            "(?, 12, 'exact', 'killed', 'November 2019', ?, '2019-12-02', 'x', 0, 10), "
            "(?, 7, 'exact', 'arrested', 'November 2019', ?, '2019-12-03', 'y', 0, 10)",
            [
                testimony.id,
                WITNESS,
                f"{WITNESS} said at least 40 were killed, among them {VICTIM[0]}.",
                testimony.id,
                OFFICIAL,
                testimony.id,
                "Amnesty International",
            ],
        )
    yield web
    p.close()


def _svgs(client, query: str) -> list[str]:
    out = []
    for name in ("headline", "overlap", "timeline", "map", "forest-0", "forest-1"):
        r = client.get(f"/figures/{name}.svg{query}")
        if r.status_code == 200:
            out.append(r.text)
    return out


def _main(html: str) -> str:
    """The page's content (the header names the signed-in user to that user only)."""
    m = re.search(r"<main>(.*)</main>", html, re.S)
    assert m, "no <main> in the page"
    return m.group(1)


def public_outputs(web) -> dict[str, str]:
    from undercount.report.html import render_report

    outs: dict[str, str] = {"report --public": render_report(web.project, public=True)}
    viewer = web.client("viewer")
    admin = web.client("admin")
    outs["viewer /report.html"] = viewer.get("/report.html").text
    outs["admin /report.html?public=1"] = admin.get("/report.html?public=1").text
    outs["viewer /estimates"] = _main(viewer.get("/estimates").text)
    outs["admin /estimates?public=1"] = _main(admin.get("/estimates?public=1").text)
    outs["viewer /api/estimates"] = viewer.get("/api/estimates").text
    outs["viewer /sources"] = _main(viewer.get("/sources").text)
    outs["viewer /api/sources"] = viewer.get("/api/sources").text
    outs["admin /api/estimates?public=true"] = admin.get("/api/estimates?public=true").text
    for i, svg in enumerate(_svgs(viewer, "")):
        outs[f"viewer svg {i}"] = svg
    for i, svg in enumerate(_svgs(admin, "?public=1")):
        outs[f"admin svg ?public=1 {i}"] = svg
    return outs


def test_no_public_output_names_anyone(named):
    from undercount.store import users as U

    names = _names() + [u.name for u in U.list_users(named.project)]
    outs = public_outputs(named)
    assert len(outs) >= 10
    leaks = {
        where: [n for n in names if n.casefold() in text.casefold()] for where, text in outs.items()
    }
    assert not {k: v for k, v in leaks.items() if v}, leaks
    # The numbers and the organisations are still there.
    report = outs["report --public"]
    assert "Amnesty International" in report
    assert "an individual (name withheld)" in report
    assert "testimony 1" in report
    assert "<title>undercount report (public)</title>" in report


def test_internal_report_still_names_the_speaker(named):
    """The rule is for public outputs only: the internal report keeps who said it."""
    from undercount.report.html import render_report

    internal = render_report(named.project, public=False)
    assert WITNESS in internal
    assert PROJECT_FILE in internal


def test_speaker_rule():
    from undercount.report.public import INDIVIDUAL, speaker

    orgs = {"ngo a", "iran human rights"}
    assert speaker("Amnesty International", orgs) == "Amnesty International"
    assert speaker("NGO A", orgs) == "NGO A"
    assert speaker("Iran  Human Rights", orgs) == "Iran  Human Rights"
    assert speaker("Jane Doe", orgs) == INDIVIDUAL
    assert speaker("", orgs) is None
    assert speaker(None, orgs) is None
