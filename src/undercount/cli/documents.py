"""Document commands: ingest, extract, claims."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from undercount.cli._app import KeyFileOption, app, console, handle_errors, open_project, print_json
from undercount.errors import IngestError


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise IngestError(f"{option} '{value}' is not a date; give YYYY-MM-DD.") from None


@app.command()
@handle_errors
def ingest(
    project: Path = typer.Argument(..., help="Project file."),
    files: list[Path] = typer.Argument(..., help="Documents: .html, .pdf, .docx, .txt, .md."),
    source: str = typer.Option(..., "--source", "-s", help="Source the documents come from."),
    kind: str = typer.Option("report", help="Source kind when the source is new."),
    published_on: str | None = typer.Option(
        None, "--published-on", help="Publication date of the documents (YYYY-MM-DD)."
    ),
    actors: Path | None = typer.Option(
        None, "--actors", help="JSON/CSV file of actor aliases (alias -> canonical name)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Ingest documents: original bytes + SHA-256, text, claims and named victims.

    Each file is stored in its own transaction; a file that fails leaves nothing behind, the
    others go on, and the command exits with status 1.
    """
    pub = _date(published_on, "--published-on")
    with open_project(str(project), key_file) as p:
        rep = p.ingest(
            [str(f) for f in files],
            source,
            progress=not json_out,
            published_on=pub,
            kind=kind,
            actors_file=actors,
        )
    if json_out:
        print_json(rep.to_dict())
    else:
        for d in rep.documents:
            console.print(escape(d.message))
        for _f, err in rep.failures:
            console.print(f"[bold red]failed:[/] {escape(err)}", soft_wrap=True)
        console.print(
            f"{rep.added} document(s) added, {rep.skipped} already present, "
            f"{len(rep.failures)} failed."
        )
    if rep.failures:
        raise typer.Exit(1)


@app.command()
@handle_errors
def extract(
    document: Path = typer.Argument(..., help="A document: .html, .pdf, .docx, .txt or .md."),
    json_out: bool = typer.Option(
        False, "--json", help="Print one JSON object: claims, people, quotes, actors."
    ),
    published_on: str | None = typer.Option(
        None, "--published-on", help="Publication date (YYYY-MM-DD) for relative dates."
    ),
    publisher: str | None = typer.Option(
        None, "--publisher", help="Who published it (figures with no source go to it)."
    ),
    actors: Path | None = typer.Option(None, "--actors", help="JSON/CSV file of actor aliases."),
) -> None:
    """Show the claims, named people, quotes and actors of one document (no project needed)."""
    from undercount.extract import extract as run_extract
    from undercount.intake.documents import read_document

    doc = read_document(document)
    pub = _date(published_on, "--published-on") or doc.published_on
    x = run_extract(
        doc.text, published_on=pub, publisher=publisher, language=doc.language, actors=actors
    )
    out = x.to_dict()
    if json_out:
        print_json(out)
        return
    console.print(
        f"[bold]{escape(document.name)}[/] ({doc.media_type}, language {doc.language}"
        f"{', published ' + pub.isoformat() if pub else ''})"
    )
    t = Table(title=f"Claims ({len(out['claims'])})", show_lines=False)
    for col in ("figure", "outcome", "victims", "attributed to", "event", "period", "place"):
        t.add_column(col)
    for c in out["claims"]:
        t.add_row(
            _figure(c),
            c["outcome"],
            c["victims"] or "",
            c["attributed_to"] or "",
            c["event"] or "",
            c["period"] or "",
            c["place"] or "",
        )
    console.print(t)
    if out["people"]:
        t = Table(title=f"People ({len(out['people'])})")
        for col in ("name", "role", "age", "violation", "evidence"):
            t.add_column(col)
        for p in out["people"]:
            t.add_row(
                p["name"],
                p["role"],
                "" if p["age"] is None else str(p["age"]),
                p["violation"] or "",
                _clip(p["evidence"]),
            )
        console.print(t)
    if out["quotes"]:
        t = Table(title=f"Quotes ({len(out['quotes'])})")
        t.add_column("speaker")
        t.add_column("quote")
        for q in out["quotes"]:
            t.add_row(q["speaker"] or "?", _clip(q["text"], 100))
        console.print(t)
    if out["actors"]:
        console.print(
            "Actors: " + ", ".join(f"{a['name']} ({a['mentions']})" for a in out["actors"])
        )


@app.command()
@handle_errors
def claims(
    project: Path = typer.Argument(..., help="Project file."),
    event: str | None = typer.Option(
        None,
        "--event",
        help="Only claims whose event, period, place or sentence contains this text.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the claims as JSON."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Contested figures side by side: value, qualifier, outcome, who said it, source, grade."""
    with open_project(str(project), key_file) as p:
        frame = p.claims(event=event)
    rows = [_row(r) for r in frame.to_dict(orient="records")]
    if json_out:
        print_json({"event": event, "claims": rows})
        return
    if not rows:
        console.print(
            "No claims"
            + (f" for '{escape(event)}'." if event else ".")
            + " Ingest documents first: undercount ingest PROJECT FILE --source NAME."
        )
        return
    t = Table(title="Claims" + (f" — {escape(event)}" if event else ""))
    for col in (
        "outcome",
        "figure",
        "qualifier",
        "attributed to",
        "source",
        "grade",
        "date",
        "event",
        "document",
    ):
        t.add_column(col)
    for r in rows:
        t.add_row(
            r["outcome"] or "",
            _figure(r),
            r["qualifier"] or "",
            r["attributed_to"] or "",
            r["source"] or "",
            r["reliability"] or "",
            r["stated_on"] or "",
            r["event"] or "",
            r["filename"] or "",
        )
    console.print(t)


def _row(r: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in r.items():
        if isinstance(v, float) and math.isnan(v):
            v = None
        elif hasattr(v, "isoformat"):
            v = v.isoformat()[:10]
        elif v is not None and type(v).__name__ in ("NaTType", "NAType"):
            v = None
        out[k] = v
    return out


def _num(v: Any) -> str:
    if v is None:
        return "?"
    f = float(v)
    return f"{int(f):,}" if f.is_integer() else f"{f:,}"


def _figure(c: dict[str, Any]) -> str:
    q = c.get("qualifier")
    if q == "range":
        return f"{_num(c.get('low'))}–{_num(c.get('high'))}"
    prefix = {"at_least": "≥ ", "at_most": "≤ ", "about": "~ "}.get(q or "", "")
    return prefix + _num(c.get("value"))


def _clip(s: str | None, n: int = 60) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"
