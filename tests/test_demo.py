"""The demo runs end to end and its estimate covers the simulated truth for a fixed seed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from undercount.cli import app


def test_demo_end_to_end_covers_truth(tmp_path):
    from undercount.demo import run_demo

    res = run_demo(tmp_path / "out", victims=1200, lists=4, seed=7)
    assert res.report_path.exists()
    html = res.report_path.read_text(encoding="utf-8")
    assert "<svg" in html and "Headline" in html
    assert 0 < res.documented < res.true_total
    by_method = {e["label"]: e for e in res.estimates}
    assert len(by_method) == 5
    best = res.estimates[-1]
    assert best["low"] <= res.true_total <= best["high"], res.to_dict()


def test_demo_cli_json(tmp_path):
    r = CliRunner().invoke(
        app, ["demo", "-o", str(tmp_path / "o"), "--victims", "600", "--seed", "3", "--json"]
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["records"] > out["documented"] > 0
    assert (tmp_path / "o" / "report.html").exists()
