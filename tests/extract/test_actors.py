"""Actors: aliases resolved to one name, extensible by a project file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from undercount.errors import ExtractionError
from undercount.extract import extract, load_actors


def test_aliases_resolve() -> None:
    idx = load_actors()
    for alias in (
        "IRGC",
        "Revolutionary Guards",
        "Islamic Revolutionary Guard Corps",
        "سپاه پاسداران",
    ):
        assert idx.resolve(alias) == "IRGC"
    assert idx.resolve("Amnesty") == "Amnesty International"
    assert idx.resolve("عفو بین الملل") == "Amnesty International"  # space for ZWNJ
    assert idx.resolve("Interior Ministry") == "Interior Ministry"
    assert idx.resolve("the Basij") == "Basij"


def test_abbreviations_are_case_sensitive() -> None:
    idx = load_actors()
    assert [m.name for m in idx.find("The UN said so; un día.")] == ["United Nations"]


def test_actors_listed_once_with_aliases() -> None:
    x = extract("The IRGC denied it. The Revolutionary Guards said 10 people were arrested.")
    (a,) = [a for a in x.actors if a["name"] == "IRGC"]
    assert a["mentions"] == 2 and set(a["aliases"]) == {"IRGC", "Revolutionary Guards"}


def test_project_actors_file(tmp_path: Path) -> None:
    j = tmp_path / "actors.json"
    j.write_text(json.dumps({"KHRN": "Kurdistan Human Rights Network", "Kurd Watch": "KurdWatch"}))
    x = extract("Kurd Watch said 12 people were killed.", actors=j)
    assert x.claims[0].attributed_to == "KurdWatch"
    c = tmp_path / "actors.csv"
    c.write_text("alias,canonical,kind\nSepah News,IRGC,state\n", encoding="utf-8")
    assert load_actors(c).resolve("Sepah News") == "IRGC"


def test_bad_actors_file(tmp_path: Path) -> None:
    bad = tmp_path / "a.json"
    bad.write_text("[1, 2]")
    with pytest.raises(ExtractionError, match="must hold one JSON object"):
        load_actors(bad)
    with pytest.raises(ExtractionError, match="does not exist"):
        load_actors(tmp_path / "missing.json")
    csv = tmp_path / "a.csv"
    csv.write_text("name,org\nx,y\n")
    with pytest.raises(ExtractionError, match="needs the columns 'alias' and 'canonical'"):
        load_actors(csv)
