"""``undercount names|dates|places``: normalisation of single values, and ``names recompute``
for the records of a project (thin adapters)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from undercount.cli._app import (
    KeyFileOption,
    console,
    dates_app,
    handle_errors,
    names_app,
    open_project,
    places_app,
    print_json,
)


def _name_info(text: str) -> dict[str, Any]:
    from undercount.normalize import (
        detect_script,
        name_key,
        name_skeleton,
        normalize_text,
        split_name,
        transliterate,
    )

    parts = split_name(text)
    return {
        "text": text,
        "name_norm": normalize_text(text),
        "script": detect_script(text),
        "name_key": name_key(text),
        "name_skeleton": name_skeleton(text),
        "name_latin": transliterate(text),
        "given": parts.given,
        "family": parts.family,
        "father": parts.father,
        "honorifics": list(parts.honorifics),
    }


@names_app.command("key")
@handle_errors
def names_key(
    text: str = typer.Argument(..., help="A personal name, in Persian, Arabic or Latin script."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Print the matching key of a name (shared by its Persian and Latin spellings)."""
    info = _name_info(text)
    if as_json:
        print_json(info)
        return
    console.print(info["name_key"], soft_wrap=True)


@names_app.command("show")
@handle_errors
def names_show(
    text: str = typer.Argument(..., help="A personal name, in Persian, Arabic or Latin script."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Show every normalised form of a name: key, skeleton, Latin form and parts."""
    info = _name_info(text)
    if as_json:
        print_json(info)
        return
    for k, v in info.items():
        console.print(f"{k:14} {v if v not in (None, []) else '-'}", soft_wrap=True)


def _date_info(text: str, dayfirst: bool | None) -> dict[str, Any]:
    from undercount.normalize import parse_date, period_bounds
    from undercount.normalize.dates import gregorian_to_jalali

    pd = parse_date(text, dayfirst=dayfirst)
    start, end = period_bounds(pd)
    y, m, d = gregorian_to_jalali(pd.date)
    return {
        "text": text,
        "date": pd.date.isoformat(),
        "iso": pd.iso() if pd.calendar != "jalali" or pd.precision == "day" else None,
        "precision": pd.precision,
        "calendar": pd.calendar,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "jalali": f"{y:04d}/{m:02d}/{d:02d}",
        "ambiguous": [a.isoformat() for a in pd.ambiguous],
    }


@dates_app.command("parse")
@handle_errors
def dates_parse(
    text: str = typer.Argument(..., help="A date as written: '۲۴ آبان ۱۳۹۸', '15/11/2019', ..."),
    monthfirst: bool = typer.Option(
        False, "--monthfirst", help="Read NN/NN/YYYY as month/day/year (default: day/month)."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Refuse NN/NN/YYYY dates that read both ways."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Parse a Jalali or Gregorian date, full or partial, and print it in the Gregorian calendar."""
    dayfirst = None if strict else not monthfirst
    info = _date_info(text, dayfirst)
    if as_json:
        print_json(info)
        return
    span = info["date"] if info["precision"] == "day" else f"{info['start']} .. {info['end']}"
    console.print(f"{span}  ({info['precision']}, written in the {info['calendar']} calendar)")
    if info["ambiguous"]:
        console.print(f"also reads as: {', '.join(info['ambiguous'])}")


@places_app.command("resolve")
@handle_errors
def places_resolve(
    text: str = typer.Argument(..., help="A place as written: 'Bandar-e Mahshahr', 'ماهشهر', ..."),
    province: str | None = typer.Option(
        None, "--province", help="Province known from elsewhere (English, Persian or ISO code)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Resolve a place name to a city and province of Iran, with coordinates."""
    from undercount.model import asdict
    from undercount.normalize import resolve_place

    place = resolve_place(text, province=province)
    if as_json:
        print_json({**asdict(place), "resolved": place.resolved})
        return
    if not place.resolved:
        console.print("not found in the gazetteer (confidence 0)")
        return
    where = ", ".join(x for x in (place.city, place.province) if x)
    coords = f"  ({place.lat}, {place.lon})" if place.lat is not None else ""
    console.print(f"{where}{coords}  confidence {place.confidence:.2f}", soft_wrap=True)


@names_app.command("recompute")
@handle_errors
def names_recompute(
    project: Path = typer.Argument(..., help="Project file."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Recompute the name keys, skeletons and alias keys of the records already stored.

    Run it once after upgrading undercount when the name rules changed, then link again.
    """
    with open_project(str(project), key_file) as p:
        res = p.recompute_names(progress=not json_out)
    if json_out:
        print_json({"records": res.records, "changed": res.changed, "by_column": res.by_column})
        return
    console.print(res.message)
    if res.changed:
        console.print("Run `undercount link` again: links were made with the old keys.")
