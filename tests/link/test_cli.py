"""`undercount link`, `link-evaluate` and `review` from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from undercount.cli import app
from undercount.cli.link import visual

from .conftest import fill, synthetic_lists, truth_of

runner = CliRunner()


def _project(tmp_path):
    from undercount.store.project import Project

    path = tmp_path / "cli.duckdb"
    p = Project.create(path, user="tester")
    fill(p, synthetic_lists(n_victims=120, n_sources=3, seed=4))
    truth = truth_of(p)
    p.close()
    tpath = tmp_path / "truth.csv"
    truth.to_csv(tpath, index=False)
    return path, tpath


def test_link_evaluate_and_review(tmp_path):
    path, tpath = _project(tmp_path)
    res = runner.invoke(app, ["link", str(path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["persons"] > 0 and out["records"] > out["persons"]
    res = runner.invoke(app, ["link-evaluate", str(path), "--truth", str(tpath), "--json"])
    assert res.exit_code == 0, res.output
    ev = json.loads(res.stdout)
    assert set(ev["pairwise"]) >= {"precision", "recall", "f1"}
    assert "bcubed_f1" in ev["cluster"] and ev["pairwise"]["f1"] > 0.8
    res = runner.invoke(app, ["link-evaluate", str(path), "--truth", str(tpath)])
    assert res.exit_code == 0 and "pairwise" in res.stdout
    # Review two pairs (non-match, skip), then quit; decisions are stored and re-linked.
    res = runner.invoke(app, ["review", str(path), "--limit", "3"], input="n\ns\nq\n")
    assert res.exit_code == 0, res.output
    assert "1 decision(s) stored" in res.stdout
    from undercount.store.project import Project

    with Project.open(path) as p:
        d = p.con.execute("SELECT decision, user_name FROM link_decisions").fetchall()
        assert d == [("non_match", "tester")]
        assert p.con.execute("SELECT count(*) FROM link_runs").fetchone()[0] == 2


def test_bad_input_exits_nonzero(tmp_path):
    path, tpath = _project(tmp_path)
    res = runner.invoke(app, ["link", str(path), "--engine", "oracle"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["link-evaluate", str(path), "--truth", str(tpath)])
    assert res.exit_code == 1 and "link the records first" in res.output
    res = runner.invoke(app, ["review", str(path)])
    assert res.exit_code == 1
    res = runner.invoke(app, ["link", str(tmp_path / "nope.duckdb")])
    assert res.exit_code == 1


def test_visual_order_of_persian():
    assert visual("Mohammad Rezaei") == "Mohammad Rezaei"
    shown = visual("محمد رضایی")
    assert sorted(shown) == sorted("محمد رضایی")
    assert shown[0] == "ی" or shown.startswith("ی")  # last letter first on screen
    assert visual(None) == ""
