"""``undercount serve`` (the web app) and ``undercount users`` (its accounts)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from undercount.cli._app import (
    KeyFileOption,
    app,
    console,
    err_console,
    handle_errors,
    open_project,
    print_json,
    users_app,
)


@app.command()
@handle_errors
def serve(
    project: Path = typer.Argument(..., help="Project file."),
    host: str = typer.Option(
        "127.0.0.1",
        help="Address to listen on (127.0.0.1: this machine "
        "only; put a TLS proxy in front for anything else).",
    ),
    port: int = typer.Option(8000, help="Port."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Serve the web app for documentation teams (sign in with an account from `users add`)."""
    try:
        import uvicorn

        from undercount.web import create_app
    except ImportError as exc:
        raise typer.BadParameter(
            f"The web app needs extra packages ({exc.name} is missing): "
            "pip install 'undercount[web]'"
        ) from None
    from undercount.store.users import count_users

    with open_project(str(project), key_file) as p:
        if not count_users(p):
            err_console.print(
                "No accounts yet. Create the first admin: "
                f"undercount users add {project} NAME --role admin"
            )
            raise typer.Exit(1)
        web = create_app(p)
        console.print(f"Serving {project.name} on http://{host}:{port} (Ctrl-C to stop)")
        # No access log: URLs carry search terms, which can be victims' names.
        # Forwarded headers (X-Forwarded-For) only from a proxy named in
        # UNDERCOUNT_TRUSTED_PROXIES: otherwise any local client could pick its address and
        # escape the per-address login limits.
        trusted = os.environ.get("UNDERCOUNT_TRUSTED_PROXIES", "").strip()
        uvicorn.run(
            web,
            host=host,
            port=port,
            access_log=False,
            log_level="warning",
            server_header=False,
            proxy_headers=bool(trusted),
            forwarded_allow_ips=trusted or None,
        )


@users_app.command("add")
@handle_errors
def users_add(
    project: Path = typer.Argument(..., help="Project file."),
    name: str = typer.Argument(..., help="Login name of the new account."),
    role: str = typer.Option(..., "--role", help="admin, analyst, documenter or viewer."),
    key_file: str | None = KeyFileOption,
    json_out: bool = typer.Option(False, "--json", help="Print the new account as JSON."),
) -> None:
    """Create an account; the password comes from UNDERCOUNT_PASSWORD or a prompt."""
    from undercount.store.users import create_user

    password = os.environ.get("UNDERCOUNT_PASSWORD")
    if not password:
        password = typer.prompt(
            "Password (10+ characters)", hide_input=True, confirmation_prompt=True
        )
    with open_project(str(project), key_file) as p:
        user = create_user(p, name, role, password)
    if json_out:
        print_json(user.to_dict())
        return
    console.print(f"Created {user.role} '{user.name}' (id {user.id}).")


@users_app.command("list")
@handle_errors
def users_list(
    project: Path = typer.Argument(..., help="Project file."),
    key_file: str | None = KeyFileOption,
    json_out: bool = typer.Option(False, "--json", help="Print the accounts as JSON."),
) -> None:
    """List the accounts of the web app (never their passwords or secrets)."""
    from rich.table import Table

    from undercount.store.users import list_users

    with open_project(str(project), key_file) as p:
        users = list_users(p)
    if json_out:
        print_json({"users": [u.to_dict() for u in users]})
        return
    t = Table("id", "name", "role", "active", "2FA", "sources")
    for u in users:
        t.add_row(
            str(u.id),
            u.name,
            u.role,
            "yes" if u.active else "no",
            "on" if u.totp else "off",
            ", ".join(map(str, sorted(u.source_ids))) or "-",
        )
    console.print(t)
