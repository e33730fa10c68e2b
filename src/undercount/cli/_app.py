"""The Typer application and the helpers every command uses.

Commands live in sibling modules (one per pipeline stage) and register themselves on ``app``.
They parse input, call the core, and format output: no logic of their own.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from undercount.errors import UndercountError

app = typer.Typer(
    name="undercount",
    help="Document, normalise, link and estimate under-reported human-rights violations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
names_app = typer.Typer(
    help="Name normalisation: matching keys, transliteration.", no_args_is_help=True
)
dates_app = typer.Typer(
    help="Date parsing: Jalali and Gregorian, partial dates.", no_args_is_help=True
)
places_app = typer.Typer(help="Place resolution against the gazetteer.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts of the web app.", no_args_is_help=True)
app.add_typer(names_app, name="names")
app.add_typer(dates_app, name="dates")
app.add_typer(places_app, name="places")
app.add_typer(audit_app, name="audit")
app.add_typer(users_app, name="users")

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Turn UndercountError into a one-line message on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UndercountError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def print_json(obj: Any) -> None:
    """Print one JSON object on stdout (machine-readable output of ``--json``)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str, indent=2) + "\n")
    sys.stdout.flush()


KeyFileOption = typer.Option(
    None, "--key-file", help="File holding the passphrase of an encrypted project."
)


def open_project(path: str, key_file: str | None = None, *, user: str | None = None) -> Any:
    """Open a project for a command; the passphrase comes from UNDERCOUNT_KEY, --key-file or a prompt."""
    from undercount.store.project import Project

    return Project.open(path, key_file=key_file, user=user or os.environ.get("UNDERCOUNT_USER"))
