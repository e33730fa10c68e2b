"""``undercount names key``, ``dates parse``, ``places resolve``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import undercount.cli.normalize  # noqa: F401  (registers the commands)
from undercount.cli._app import app

runner = CliRunner()


def test_names_key():
    res = runner.invoke(app, ["names", "key", "محمد رضایی"])
    assert res.exit_code == 0 and res.output.strip() == "mhmd rzi"
    res = runner.invoke(app, ["names", "key", "--json", "Seyed Ali Rezaei son of Hossein"])
    data = json.loads(res.output)
    assert data["name_key"] == "ali rzi" and data["father"] == "Hossein"
    assert data["honorifics"] == ["Seyed"] and data["script"] == "latin"


def test_names_show():
    res = runner.invoke(app, ["names", "show", "علی رضایی"])
    assert res.exit_code == 0 and "Ali Rezaei" in res.output


def test_dates_parse():
    res = runner.invoke(app, ["dates", "parse", "--json", "۲۴ آبان ۱۳۹۸"])
    data = json.loads(res.output)
    assert data["date"] == "2019-11-15" and data["calendar"] == "jalali"
    assert data["jalali"] == "1398/08/24" and data["precision"] == "day"
    res = runner.invoke(app, ["dates", "parse", "Aban 1398"])
    assert res.exit_code == 0 and "2019-10-23 .. 2019-11-21" in res.output
    res = runner.invoke(app, ["dates", "parse", "--json", "03/04/2019"])
    assert json.loads(res.output)["ambiguous"] == ["2019-03-04"]
    res = runner.invoke(app, ["dates", "parse", "--monthfirst", "--json", "03/04/2019"])
    assert json.loads(res.output)["date"] == "2019-03-04"


def test_dates_parse_errors_exit_1():
    for args in (
        ["dates", "parse", "1400/12/30"],
        ["dates", "parse", "--strict", "03/04/2019"],
        ["dates", "parse", "soon"],
    ):
        res = runner.invoke(app, args)
        assert res.exit_code == 1 and "error" in res.output


def test_places_resolve():
    res = runner.invoke(app, ["places", "resolve", "--json", "Bandar-e Mahshahr"])
    data = json.loads(res.output)
    assert data["city"] == "Mahshahr" and data["province"] == "Khuzestan" and data["resolved"]
    res = runner.invoke(app, ["places", "resolve", "Nurabad", "--province", "Fars"])
    assert res.exit_code == 0 and "Nurabad, Fars" in res.output
    res = runner.invoke(app, ["places", "resolve", "Atlantis"])
    assert res.exit_code == 0 and "not found" in res.output


def test_every_command_has_help():
    for args in (["names", "key"], ["names", "show"], ["dates", "parse"], ["places", "resolve"]):
        res = runner.invoke(app, [*args, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output
