"""Security commands: backup, restore, rekey, audit head."""

from __future__ import annotations

from pathlib import Path

import typer

from undercount.cli._app import (
    KeyFileOption,
    app,
    audit_app,
    console,
    handle_errors,
    open_project,
    print_json,
)
from undercount.errors import AuditError, ProjectError


def _locked(exc: ProjectError) -> bool:
    return bool(exc.context.get("locked"))


@app.command()
@handle_errors
def backup(
    project: Path = typer.Argument(..., help="Project file."),
    dest: Path = typer.Argument(..., help="Backup file, or a folder to put a dated backup in."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace DEST if it exists."),
    json_out: bool = typer.Option(False, "--json"),
    key_file: str | None = KeyFileOption,
) -> None:
    """Write a consistent, still-encrypted copy of a project (with its key description)."""
    try:
        p = open_project(str(project), key_file)
    except ProjectError as exc:
        if _locked(exc):
            raise ProjectError(
                f"{project.name} is open in another process (for example `undercount serve`), "
                "so this command cannot read it. Make the backup from the web app instead "
                "(POST /api/backup as an admin): it copies the open project "
                "consistently."
            ) from None
        raise
    with p:
        target = p.backup(dest, overwrite=overwrite)
        counts = p.counts()
    if json_out:
        print_json({"backup": str(target), "encrypted": p.encrypted, "counts": counts})
        return
    what = "encrypted backup" if p.encrypted else "backup"
    console.print(
        f"Wrote {what} {target} ({counts['records']} records, {counts['audit_log']} audit entries)."
    )
    if p.encrypted:
        console.print(
            f"Keep {target.name}.keyinfo.json with it: the backup opens only with both "
            "and the passphrase."
        )


@app.command()
@handle_errors
def restore(
    backup: Path = typer.Argument(..., help="Backup file written by `undercount backup`."),
    project: Path = typer.Argument(..., help="Project file to create or replace."),
    force: bool = typer.Option(False, "--force", help="Replace an existing project."),
    head: str | None = typer.Option(None, "--head", help="Audit head the backup must contain."),
    json_out: bool = typer.Option(False, "--json"),
    key_file: str | None = KeyFileOption,
) -> None:
    """Restore a backup after verifying its audit chain (refuses to overwrite without --force)."""
    from undercount.store.backup import restore_project

    rep = restore_project(backup, project, key_file=key_file, force=force, head=head)
    if json_out:
        print_json({"restored": str(project), "audit": rep.to_dict()})
        return
    console.print(
        f"Restored {project} from {backup.name}: {rep.entries} audit entries and "
        f"{rep.records} records verify."
    )


@app.command()
@handle_errors
def rekey(
    project: Path = typer.Argument(..., help="Project file."),
    key_file: str | None = KeyFileOption,
    new_key_file: str | None = typer.Option(
        None,
        "--new-key-file",
        help="File holding the new passphrase (else UNDERCOUNT_NEW_KEY or a prompt).",
    ),
) -> None:
    """Change the passphrase of an encrypted project (or encrypt an unencrypted one)."""
    with open_project(str(project), key_file) as p:
        was = p.encrypted
        p.rekey(new_key_file=new_key_file)
    if was:
        console.print(
            f"Changed the passphrase of {project}. The old passphrase no longer opens "
            "it; backups made before keep the old one."
        )
    else:
        console.print(
            f"Encrypted {project}. Blocks of the old unencrypted file may remain on "
            "the disk: see docs/RELIABILITY.md."
        )


@audit_app.command("head")
@handle_errors
def audit_head(
    project: Path = typer.Argument(..., help="Project file."),
    json_out: bool = typer.Option(False, "--json"),
    key_file: str | None = KeyFileOption,
) -> None:
    """Print the last audit entry's hash (SEQ:HASH); keep it elsewhere, check with verify --head."""
    with open_project(str(project), key_file) as p:
        rep = p.verify_audit()
    seq, h = rep.head_seq, rep.head
    if not rep.ok:
        raise AuditError(
            "The audit log does not verify, so its head proves nothing: "
            + rep.problems[0]
            + ". Run `undercount audit verify`."
        )
    if json_out:
        print_json({"seq": seq, "head": h, "value": f"{seq}:{h}"})
        return
    console.print(f"{seq}:{h}", soft_wrap=True)
