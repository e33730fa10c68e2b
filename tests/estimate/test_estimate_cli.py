from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from undercount.cli import app

from .conftest import DATA

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["estimate", *args])


def test_histories_default_method_table():
    res = run("--histories", str(DATA / "kosovo_4list.csv"))
    assert res.exit_code == 0, res.output
    assert "loglinear" in res.output and "14,342" in res.output


@pytest.mark.parametrize("method", ["loglinear", "dga", "chapman", "lcmcr"])
def test_json_output(method, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("A,B,count\n1,0,60\n0,1,40\n1,1,20\n")
    src = path if method == "chapman" else DATA / "korea_3list.csv"
    res = run("--histories", str(src), "--method", method, "--seed", "3", "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["method"] == method
    assert {"documented", "estimate", "interval", "level", "model", "input_hash"} <= set(out)
    lo, hi = out["interval"]
    assert lo <= out["estimate"] <= hi and out["level"] == 0.95


def test_two_lists_default_to_chapman(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("A,B,count\n1,0,60\n0,1,40\n1,1,20\n")
    out = json.loads(run("--histories", str(path), "--json").stdout)
    assert out["method"] == "chapman"


def test_by_and_options():
    res = run(
        "--histories",
        str(DATA / "scotland_pwid_4list_by_covariates.csv"),
        "--by",
        "Region",
        "--criterion",
        "aic",
        "--max-order",
        "1",
        "--json",
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["by"] == ["Region"] and len(out["strata"]) == 2


def test_bad_input_exit_codes(tmp_path):
    assert run().exit_code == 2
    assert run("proj.duckdb", "--histories", "x.csv").exit_code == 2
    assert run("--histories", str(DATA / "korea_3list.csv"), "--method", "nope").exit_code == 2
    missing = run("--histories", str(tmp_path / "missing.csv"))
    assert missing.exit_code == 1 and "does not exist" in missing.output
    sparse = run("--histories", str(DATA / "artificial_3list.csv"))
    assert sparse.exit_code == 1 and "share no individuals" in sparse.output


def test_help_mentions_every_option():
    res = run("--help")
    for opt in (
        "--histories",
        "--method",
        "--by",
        "--seed",
        "--max-order",
        "--criterion",
        "--no-linkage-uncertainty",
        "--linkage-draws",
        "--no-model-uncertainty",
        "--json",
        "--key-file",
    ):
        assert opt in res.output


def test_project_path_records_runs(project):
    """PROJECT path: capture histories from linked persons, fit, store the run."""
    from undercount.cli.estimate import estimate  # noqa: F401 - registered on the app

    if not hasattr(project, "record_estimate"):
        pytest.skip("Project.record_estimate not available in this build")
    import pandas as pd

    hist = pd.read_csv(DATA / "korea_3list.csv")
    project.capture_histories = lambda by=None: hist  # the linkage is not under test here
    from undercount.estimate.api import run_estimate

    out = run_estimate(hist, method="dga")
    ids = [project.record_estimate(r, stratum=label) for label, r in out.runs]
    assert ids and all(isinstance(i, int) for i in ids)


def test_api_errors():
    from undercount.errors import EstimationError
    from undercount.estimate.api import make_estimator, run_estimate

    with pytest.raises(EstimationError, match="Unknown method"):
        make_estimator("bogus", 3)
    hist = __import__("pandas").read_csv(DATA / "kosovo_4list.csv")
    with pytest.raises(EstimationError, match="not a stratum column"):
        run_estimate(hist, by=["province"])
    out = run_estimate(hist, method="loglinear", max_order=1)
    assert out.to_dict()["model"].startswith("log-linear")


def test_two_lists_refuse_models_beyond_independence_and_chapman_states_it(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("A,B,count\n1,0,60\n0,1,40\n1,1,20\n")
    for method in ("lcmcr", "dga", "loglinear"):
        res = run("--histories", str(path), "--method", method)
        assert res.exit_code == 1 and "at least 3 lists" in res.output, res.output
        assert "chapman" in res.output
    res = run("--histories", str(path))
    assert res.exit_code == 0
    assert "assumption" in res.output and "independent" in res.output
    out = json.loads(run("--histories", str(path), "--json").stdout)
    assert "independent" in out["assumption"]


def test_checks_come_first_and_strata_rates_are_shown(tmp_path):
    path = tmp_path / "het.csv"
    path.write_text(
        "A,B,C,count\n1,0,0,400\n0,1,0,300\n0,0,1,200\n1,1,0,30\n1,0,1,25\n0,1,1,20\n1,1,1,12\n"
    )
    res = run("--histories", str(path), "--max-order", "1")
    assert res.exit_code == 0, res.output
    assert res.output.index("check (") < res.output.index("Estimate (")
    out = json.loads(run("--histories", str(path), "--max-order", "1", "--json").stdout)
    assert out["checks"] and out["warnings"][0].startswith(out["checks"][0]["message"])
    res = run("--histories", str(DATA / "scotland_pwid_4list_by_covariates.csv"), "--by", "Region")
    assert res.exit_code == 0, res.output
    assert "Capture rate per list by Region" in res.output


def test_project_output_shows_what_linkage_adds(tmp_path):
    """PROJECT path with pair probabilities: the interval with linkage uncertainty, the one
    taking the linkage as certain and the linkage allowance, in the table and in --json."""
    from tests.report.builder import build_project

    path = tmp_path / "c.duckdb"
    build_project(path, victims=300, estimates=False).close()
    args = (str(path), "--method", "loglinear", "--seed", "1", "--linkage-draws", "3")
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert "taking linkage as certain" in res.output and "linkage allowance" in res.output
    out = json.loads(run(*args, "--json").stdout)
    lo, hi = out["interval"]
    clo, chi = out["linkage_conditional_interval"]
    rms = out["linkage"]["linkage_rms"]
    assert lo <= max(clo - rms, out["documented"]) + 1e-6 and hi >= chi + rms - 1e-6


def test_stratum_not_estimable_is_shown_first_and_the_others_go_on():
    path = DATA / "spina_bifida_ny_3list_by_ethnicity.csv"
    res = run("--histories", str(path), "--by", "eth", "--seed", "1")
    assert res.exit_code == 0, res.output
    assert res.output.index("stratum_not_estimable") < res.output.index("estimated total")
    assert "eth=other" in res.output and "not estimable" in res.output
    out = json.loads(run("--histories", str(path), "--by", "eth", "--seed", "1", "--json").stdout)
    assert next(iter(out)) == "checks" and out["checks"][0]["code"] == "stratum_not_estimable"
    rows = {r["stratum"]: r for r in out["strata"]}
    assert rows["eth=other"]["model"] == "not estimable" and rows["eth=other"]["estimate"] is None
    assert isinstance(rows["eth=caucasian"]["estimate"], float)


def test_hidden_group_sensitivity_table():
    src = str(DATA / "kosovo_4list.csv")
    res = run("--histories", src)
    assert res.exit_code == 0, res.output
    assert "If a hidden group were harder for every list to record" in res.output
    assert "10x harder to record" in res.output and "50%" in res.output
    assert "sensitivity table" in res.output  # named by the assumption (and checks)
    out = json.loads(run("--histories", src, "--json").stdout)
    rows = out["sensitivity"]
    assert len(rows) == 6
    assert {"share", "ratio", "factor", "estimate", "low", "high"} <= set(rows[0])
    assert all(r["estimate"] > out["estimate"] for r in rows)
