"""CLI: undercount extract / ingest / claims."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from undercount.cli import app

runner = CliRunner()

TEXT = (
    "Amnesty International said at least 304 people were killed. Reuters, citing officials, "
    'said about 1,500 people died. "The figures are lies," said Ali Rabiei, the government '
    "spokesman."
)


def test_extract_json(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(f), "--json", "--published-on", "2019-12-16"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out) >= {"claims", "people", "quotes", "actors"}
    assert [(c["value"], c["attributed_to"]) for c in out["claims"]] == [
        (304.0, "Amnesty International"),
        (1500.0, "Reuters"),
    ]
    assert out["quotes"][0]["speaker"] == "Ali Rabiei"
    assert {a["name"] for a in out["actors"]} == {"Amnesty International", "Reuters"}


def test_extract_table_and_errors(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text(TEXT, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(f)])
    assert res.exit_code == 0 and "Claims (2)" in res.output
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x00\x01\x02")
    res = runner.invoke(app, ["extract", str(bad)])
    assert res.exit_code == 1
    assert "x.bin: has an unknown document type '.bin'" in res.output


def test_ingest_and_claims(tmp_path: Path) -> None:
    proj = tmp_path / "p.duckdb"
    assert runner.invoke(app, ["init", str(proj)]).exit_code == 0
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "b.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    res = runner.invoke(
        app, ["ingest", str(proj), str(a), str(bad), "--source", "Example News", "--json"]
    )
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert out["added"] == 1 and out["failures"][0]["file"] == "b.pdf"
    res = runner.invoke(app, ["ingest", str(proj), str(a), "--source", "Example News"])
    assert res.exit_code == 0 and "already in the project" in res.output
    res = runner.invoke(app, ["claims", str(proj), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["claims"]
    assert {r["attributed_to"] for r in rows} == {"Amnesty International", "Reuters"}
    assert rows[0]["source"] == "Example News" and rows[0]["reliability"] == "F"
    res = runner.invoke(app, ["claims", str(proj), "--event", "nothing-like-this"])
    assert res.exit_code == 0 and "No claims" in res.output
    res = runner.invoke(app, ["claims", str(proj)])
    assert res.exit_code == 0 and "1,500" in res.output


def test_report_and_web_show_the_figure_highlighted_in_its_sentence(tmp_path: Path) -> None:
    """Evidence (issue 16, item 4): the sentence with the figure marked, in report and web."""
    import undercount as uc
    from undercount.extract import claims_table
    from undercount.report.context import claims as report_claims
    from undercount.store.queries import get_document
    from undercount.store.users import User

    proj = tmp_path / "p.duckdb"
    assert runner.invoke(app, ["init", str(proj)]).exit_code == 0
    a = tmp_path / "a.txt"
    a.write_text("Preamble. " + TEXT, encoding="utf-8")
    assert (
        runner.invoke(app, ["ingest", str(proj), str(a), "--source", "Example News"]).exit_code == 0
    )
    project = uc.Project.open(proj)
    try:
        df = claims_table(project)
        row = df[df["value"] == 1500.0].iloc[0]
        assert row["sentence"][int(row["mark_start"]) : int(row["mark_end"])] == "about 1,500"
        rc = [c for c in report_claims(project, public=False) if c["value"] == 1500.0][0]
        assert rc["sentence"][rc["mark"][0] : rc["mark"][1]] == "about 1,500"
        assert all(c["mark"] is None for c in report_claims(project, public=True))
        admin = User(id=1, name="admin", role="admin")
        doc = get_document(project, admin, int(row["document_id"]))
        ev = [c["evidence"] for c in doc["claims"] if c["value"] == 1500.0][0]
        assert ev[1] == "about 1,500" and ev[0].startswith("Reuters, citing officials")
    finally:
        project.close()
