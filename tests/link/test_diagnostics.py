"""Diagnostics of a link run: stored, printed by `link`, repeated by `estimate`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from undercount.cli import app
from undercount.link import diagnostics as dg
from undercount.store.project import Project

from .test_real import _as_list, _lists

runner = CliRunner()


def _real_project(tmp_path: Path) -> Path:
    a, b = _lists()
    path = tmp_path / "diag.duckdb"
    p = Project.create(path, user="tester")
    for name, d in (("A", _as_list(a)), ("B", _as_list(b))):
        d.to_csv(tmp_path / f"{name}.csv", index=False)
        p.import_list(tmp_path / f"{name}.csv", source=name, lenient=True)
    p.close()
    return path


def test_link_prints_and_stores_diagnostics_and_estimate_repeats_warnings(tmp_path):
    path = _real_project(tmp_path)
    res = runner.invoke(app, ["link", str(path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["fields"] == ["name", "age", "sex"]
    d = out["diagnostics"]
    assert {f["field"] for f in d["fields"] if f["filled"]} == {"name", "age", "sex"}
    assert d["overlap"][0]["lists"] == ["A", "B"] and d["overlap"][0]["persons_shared"] >= 140
    assert d["obvious_pairs_apart"] <= 3 and out["warnings"] == []
    with Project.open(path) as p:
        stored = dg.latest(p)
        assert stored is not None and stored["overlap"] == d["overlap"]
        # Every record its own person: the obvious pairs show and a warning says so.
        recs = p.con.execute("SELECT id FROM records ORDER BY id").df()
        alone = pd.DataFrame({"record_id": recs["id"], "person_id": recs["id"]})
        bad = dg.diagnose(p, alone, None, {})
        assert bad["obvious_pairs_apart"] >= 100
        assert any("different persons" in w for w in bad["warnings"])
        # As if the run had found that: estimate repeats the warning.
        metrics = json.loads(p.con.execute("SELECT metrics FROM link_runs").fetchone()[0])
        metrics["diagnostics"] = bad
        p.con.execute("UPDATE link_runs SET metrics = ?", [json.dumps(metrics)])
    res = runner.invoke(app, ["link", str(path), "--full"])
    assert res.exit_code == 0, res.output
    assert "Fields the model used" in res.stdout and "person(s) in both" in res.stdout
    # The count of obvious pairs left apart is given out of all of them ("X of Y").
    assert re.search(r"Obvious pairs left apart .*: [\d,]+ of [\d,]+\.", res.stdout)
    with Project.open(path) as p:
        metrics = json.loads(
            p.con.execute("SELECT metrics FROM link_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
        )
        metrics["diagnostics"] = bad
        p.con.execute(
            "UPDATE link_runs SET metrics = ? WHERE id = (SELECT max(id) FROM link_runs)",
            [json.dumps(metrics)],
        )
    res = runner.invoke(app, ["estimate", str(path), "--json"])
    assert res.exit_code == 0, res.output
    est = json.loads(res.stdout)
    assert any(w.startswith("linkage: ") and "different persons" in w for w in est["warnings"])


def test_obvious_pairs_warning_fires_on_a_floored_name_model_and_not_on_a_good_run(tmp_path):
    """The failure reported in issue 13: a model whose name levels sit at their floor
    leaves records with the same name, age and sex apart; the good run stays quiet."""
    path = _real_project(tmp_path)
    with Project.open(path) as p:
        good: dict = {}
        p.link(summary=good)
        d = good["diagnostics"]
        assert d["obvious_pairs_linked"] >= 100
        assert d["obvious_pairs_apart"] <= dg.OBVIOUS_SHARE * d["obvious_pairs_linked"] / 2
        assert not any("different persons" in w for w in good["warnings"])
        # The stored model with every agreeing name level at the floor, reused as it is.
        settings = json.loads(p.con.execute("SELECT settings FROM link_runs").fetchone()[0])
        name = next(
            c for c in settings["model"]["comparisons"] if c["output_column_name"] == "name"
        )
        levels = [lv for lv in name["comparison_levels"] if not lv.get("is_null_level")]
        for lv in levels[:-1]:
            lv["m_probability"] = 0.002
        levels[-1]["m_probability"] = 1 - 0.002 * (len(levels) - 1)
        p.con.execute("UPDATE link_runs SET settings = ?", [json.dumps(settings)])
        bad: dict = {}
        p.link(summary=bad, incremental=False, reuse_model=True)
    d = bad["diagnostics"]
    assert d["obvious_pairs_apart"] > dg.OBVIOUS_SHARE * (
        d["obvious_pairs_apart"] + d["obvious_pairs_linked"]
    )
    assert any("different persons" in w for w in bad["warnings"])
