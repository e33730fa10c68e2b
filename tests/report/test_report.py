"""The HTML report: every section, the public version's redaction, the CLI, PDF and chromium."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from tests.report.builder import build_project, names_in
from typer.testing import CliRunner

FIGURES = ("headline", "forest", "overlap", "timeline", "map")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    project = build_project(d / "case.duckdb")
    yield project
    project.close()


@pytest.fixture(scope="module")
def html_internal(built) -> str:
    from undercount.report.html import render_report

    return render_report(built)


@pytest.fixture(scope="module")
def html_public(built) -> str:
    from undercount.report.html import render_report

    return render_report(built, public=True)


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_every_section_and_figure_is_present(html_internal):
    for section in (
        "headline",
        "strata",
        "overlap",
        "timeline",
        "map",
        "claims",
        "sources",
        "methods",
    ):
        assert f'<section id="{section}">' in html_internal
    for fig in FIGURES:
        assert f'data-figure="{fig}"' in html_internal, fig
    # Methods: model, seed, input hash, software version, assumptions, audit state.
    assert "input hash" in html_internal and "Closed population" in html_internal
    assert re.search(r"<code>[0-9a-f]{64}</code>", html_internal)
    assert "undercount 0." in html_internal and "chain verifies" in html_internal
    # Contested figures side by side, with the sentence in the internal version.
    assert "Amnesty International" in html_internal and "Reuters" in html_internal
    assert "at least 304 people were killed" in html_internal


def test_report_is_self_contained(html_internal):
    assert "<script" not in html_internal.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']https?://""", html_internal)
    assert "url(http" not in html_internal
    assert "default-src 'none'" in html_internal


def test_public_report_contains_no_name_from_the_project(built, html_public):
    names = names_in(built)
    assert names, "the fixture has names"
    text = html_public
    tokens = set()
    for n in names:
        tokens.add(n)
        tokens.update(t for t in n.split() if len(t) >= 3)
    leaked = sorted(t for t in tokens if t in text)
    assert not leaked, f"names in the public report: {leaked[:5]}"
    # Free text is gone too: claim sentences and record notes.
    assert "people were killed" not in text and "witness statement" not in text
    assert "Public version" in text


def test_public_report_suppresses_small_cells(built, html_public):
    from undercount.report.html import report_context

    pub = report_context(built, public=True, figures_on=False)
    raw = report_context(built, public=False, figures_on=False)
    for c_pub, c_raw in zip(pub["overlap"]["counts"], raw["overlap"]["counts"], strict=True):
        if 0 < c_raw < 5:
            assert c_pub is None
        else:
            assert c_pub in (None, c_raw)  # None: complementary suppression
    tl = pub["timeline"]
    assert all(c >= 5 for c in tl["counts"])
    assert not tl["suppressed_days"] and tl["hidden_days"], "the fixture has days under 5"
    assert "day(s) suppressed" in html_public


def test_suppress_rule():
    from undercount.report.context import suppress

    assert suppress(0, True) == 0
    assert suppress(4, True) is None
    assert suppress(5, True) == 5
    assert suppress(4, False) == 4


def test_headline_figures_match_stored_runs(built, html_internal):
    runs = built.estimate_runs()
    overall = runs[runs["stratum"].isna()]
    for r in overall.itertuples():
        assert f"{r.estimate:,.0f}" in html_internal
        assert f"{r.low:,.0f}" in html_internal


def test_report_of_an_empty_project(project):
    from undercount.report.html import render_report

    html = render_report(project)
    assert "No estimate has been run yet" in html
    assert "<svg" not in html


def test_report_escapes_text(tmp_path):
    from undercount.report.html import render_report
    from undercount.store.project import Project

    with Project.create(tmp_path / "x.duckdb", user="tester") as p:
        p.ensure_source("<script>alert(1)</script>")
        html = render_report(p)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_cli_report_writes_html_and_audits(built, tmp_path):
    from undercount.cli import app
    from undercount.store.project import Project

    src = Path(built.path)
    built.con.execute("CHECKPOINT")
    copy = tmp_path / "copy.duckdb"
    shutil.copy(src, copy)
    out = tmp_path / "public.html"
    r = CliRunner().invoke(app, ["report", str(copy), "-o", str(out), "--public", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["files"] == [str(out)]
    assert "Public version" in out.read_text(encoding="utf-8")
    with Project.open(copy) as p:
        last = p.audit_log(limit=1).iloc[0]
        assert last["action"] == "report"
        assert json.loads(last["details"])["public"] is True
        assert p.verify_audit().ok


def test_cli_report_missing_project(tmp_path):
    from undercount.cli import app

    r = CliRunner().invoke(app, ["report", str(tmp_path / "nope.duckdb")])
    assert r.exit_code == 1
    assert "undercount init" in r.output


def test_pdf(built, tmp_path):
    from undercount.report.pdf import find_chromium

    if find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium): PDF printing untested")
    from undercount.report.html import write_pdf, write_report

    pdf = write_report(built, tmp_path / "o.pdf", public=True)  # -o report.pdf
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert callable(write_pdf)


def test_pdf_without_chromium_says_what_to_do(monkeypatch, tmp_path):
    from undercount.errors import UndercountError
    from undercount.report import pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    with pytest.raises(UndercountError, match="apt-get install chromium"):
        pdf.html_to_pdf("<p>x</p>", tmp_path / "x.pdf")


@pytest.mark.browser
def test_report_renders_in_chromium_with_every_plot_visible(
    built, tmp_path, html_public, html_internal, browser
):
    artifacts = Path(__file__).resolve().parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    for name, html in (("report_internal", html_internal), ("report_public", html_public)):
        f = tmp_path / f"{name}.html"
        f.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors: list[str] = []
        page.on(
            "console",
            lambda m, errors=errors: (
                errors.append(m.text) if m.type in ("error", "warning") else None
            ),
        )
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on(
            "request",
            lambda r, errors=errors: (
                errors.append("network: " + r.url)
                if not r.url.startswith(("file:", "data:"))
                else None
            ),
        )
        page.goto(f.as_uri())
        for fig in FIGURES:
            el = page.locator(f'svg[data-figure="{fig}"]').first
            assert el.is_visible(), fig
            box = el.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 80, (fig, box)
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        page.close()
        assert not errors, errors


def test_public_report_aliases_testimony_sources(tmp_path):
    import pandas as pd

    from undercount.report.html import render_report

    p = build_project(tmp_path / "t.duckdb", victims=30, estimates=False)
    src = p.ensure_source("Statement of Parisa Nadimi", kind="testimony")
    p.insert_records(pd.DataFrame([{"source_id": src.id, "raw": "{}", "name": "Ali Jafari"}]))
    internal = render_report(p)
    public = render_report(p, public=True)
    p.close()
    assert "Statement of Parisa Nadimi" in internal
    assert "Parisa" not in public and "testimony 1" in public


def test_figures_escape_labels():
    from undercount.report import figures

    svg = figures.upset(["<script>alert(1)</script>", "b&c"], [(1, 0), (1, 1)], [3, 4], [5, 6])
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_headline_shows_the_hidden_group_sensitivity_table(project):
    import warnings

    from tests.estimate.conftest import DATA

    from undercount.estimate.api import run_estimate
    from undercount.estimate.histories import read_histories
    from undercount.report.html import render_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = run_estimate(read_histories(DATA / "kosovo_4list.csv"), seed=1, checks=False)
    project.record_estimates(out.runs)
    html = render_report(project)
    assert "If a hidden group were harder for every list to record" in html
    assert "10× harder to record" in html and "<td>50%</td>" in html
    top = max(out.sensitivity, key=lambda r: r.estimate)
    assert f"{top.estimate:,.0f}" in html
