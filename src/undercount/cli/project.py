"""Project commands: init, import, sources, audit verify."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from undercount.cli._app import (
    KeyFileOption,
    app,
    audit_app,
    console,
    handle_errors,
    open_project,
    print_json,
)
from undercount.errors import IngestError


@app.command()
@handle_errors
def init(
    project: Path = typer.Argument(..., help="Path of the new project file (e.g. case.duckdb)."),
    encrypt: bool = typer.Option(False, "--encrypt", help="Encrypt the project at rest (AES-GCM)."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Create a new, empty project."""
    from undercount.store.project import Project

    with Project.create(project, encrypt=encrypt, key_file=key_file) as p:
        what = "encrypted project" if p.encrypted else "project"
        console.print(f"Created {what} {project}.")


def _parse_map(items: list[str]) -> dict[str, str]:
    out = {}
    for it in items:
        if "=" not in it:
            raise IngestError(
                f"--map '{it}' must have the form column=field (e.g. 'Full name=name')."
            )
        col, fld = it.rsplit("=", 1)
        out[col.strip()] = fld.strip()
    return out


@app.command("import")
@handle_errors
def import_(
    project: Path = typer.Argument(..., help="Project file."),
    file: Path = typer.Argument(..., help="List to import: .csv, .tsv, .xlsx, .json or .jsonl."),
    source: str = typer.Option(
        ..., "--source", "-s", help="Name of the source the list comes from."
    ),
    map_: list[str] = typer.Option(
        [], "--map", help="column=field, repeatable (e.g. 'Full name=name')."
    ),
    kind: str = typer.Option("ngo_list", help="Source kind when the source is new."),
    lenient: bool = typer.Option(False, help="Keep unreadable values as text instead of failing."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Import a victim list into a source (all or nothing; re-importing the same file adds nothing)."""
    mapping = _parse_map(map_)
    with open_project(str(project), key_file) as p:
        res = p.import_list(
            file, source, mapping=mapping, kind=kind, lenient=lenient, progress=not json_out
        )
    if json_out:
        print_json(res.to_dict())
        return
    console.print(res.message)
    for w in res.warnings:
        console.print(f"[yellow]warning:[/] {w}")
    if not res.skipped:
        console.print("Columns: " + ", ".join(f"{c} → {f}" for c, f in res.mapping.items()))
        for line in res.missing_lines():
            console.print(f"Missing: {line}")


@app.command()
@handle_errors
def sources(
    project: Path = typer.Argument(..., help="Project file."),
    json_out: bool = typer.Option(False, "--json"),
    key_file: str | None = KeyFileOption,
) -> None:
    """List the project's sources with their record and document counts."""
    with open_project(str(project), key_file) as p:
        df = p.sources()
    if json_out:
        print_json({"sources": df.to_dict(orient="records")})
        return
    t = Table("id", "name", "kind", "reliability", "records", "documents")
    for r in df.itertuples():
        t.add_row(str(r.id), r.name, r.kind, r.reliability, str(r.records), str(r.documents))
    console.print(t)


@audit_app.command("verify")
@handle_errors
def audit_verify(
    project: Path = typer.Argument(..., help="Project file."),
    head: str | None = typer.Option(
        None,
        "--head",
        help="SEQ:HASH printed earlier by `undercount audit head`; the chain must still contain it.",
    ),
    json_out: bool = typer.Option(False, "--json"),
    key_file: str | None = KeyFileOption,
) -> None:
    """Recompute the audit hash chain and the records' hashes; report the first disagreement."""
    with open_project(str(project), key_file) as p:
        rep = p.verify_audit(head=head)
    if json_out:
        print_json(rep.to_dict())
    elif rep.ok:
        console.print(
            f"[green]OK[/]: {rep.entries} audit entries and {rep.records} records verify."
        )
        if rep.entries_after_head is not None:
            console.print(f"{rep.entries_after_head} entries were added after the given head.")
    else:
        for prob in rep.problems:
            console.print(f"[red]TAMPERED[/]: {prob}")
    if not rep.ok:
        raise typer.Exit(3)
