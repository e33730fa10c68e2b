"""CLI: every command has help; errors are one line with exit code 1; JSON output parses."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from undercount.cli import app

runner = CliRunner()


def _commands(typer_app, prefix=()):
    import typer.main

    group = typer.main.get_command(typer_app)
    out = []

    def walk(cmd, path):
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, c in sub.items():
                walk(c, path + (name,))
        else:
            out.append(path)

    walk(group, tuple(prefix))
    return out


@pytest.mark.parametrize("path", _commands(app))
def test_every_command_has_help(path):
    r = runner.invoke(app, [*path, "--help"])
    assert r.exit_code == 0, r.output
    assert "Usage" in r.output


def test_init_import_sources_verify(tmp_path, sample_csv):
    db = str(tmp_path / "c.duckdb")
    assert runner.invoke(app, ["init", db]).exit_code == 0
    r = runner.invoke(app, ["import", db, str(sample_csv), "--source", "NGO A", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["added"] == 3
    r = runner.invoke(app, ["import", db, str(sample_csv), "--source", "NGO A"])
    assert r.exit_code == 0 and "already imported" in r.output
    r = runner.invoke(app, ["sources", db, "--json"])
    assert json.loads(r.stdout)["sources"][0]["records"] == 3
    r = runner.invoke(app, ["audit", "verify", db])
    assert r.exit_code == 0 and "OK" in r.output


def test_bad_input_is_one_line_exit_1(tmp_path):
    db = str(tmp_path / "c.duckdb")
    runner.invoke(app, ["init", db])
    bad = tmp_path / "x.csv"
    bad.write_text("Age\n3\n", encoding="utf-8")
    r = runner.invoke(app, ["import", db, str(bad), "--source", "S"])
    assert r.exit_code == 1
    assert "error:" in r.output and "no column holds the victim's name" in r.output
    r = runner.invoke(app, ["import", str(tmp_path / "missing.duckdb"), str(bad), "-s", "S"])
    assert r.exit_code == 1 and "undercount init" in r.output


@pytest.mark.parametrize("path", _commands(app))
def test_every_command_is_documented(path):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## undercount {' '.join(path)}\n" in doc, (
        f"undercount {' '.join(path)} is missing from docs/cli.md: run python scripts/gen_cli_docs.py"
    )
