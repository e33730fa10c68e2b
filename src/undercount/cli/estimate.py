"""`undercount estimate`: multiple systems estimation from a project or a capture-history CSV."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from undercount.cli._app import (
    KeyFileOption,
    app,
    console,
    err_console,
    handle_errors,
    open_project,
    print_json,
)

_METHODS = ("lcmcr", "loglinear", "dga", "chapman")


@app.command("estimate")
@handle_errors
def estimate(
    project: str | None = typer.Argument(
        None, help="Project file (.duckdb). Leave out when --histories is given."
    ),
    histories: Path | None = typer.Option(
        None,
        "--histories",
        help="Capture-history CSV (one 0/1 column per list, 'count', optional strata); "
        "no project needed.",
    ),
    method: str | None = typer.Option(
        None,
        "--method",
        help="lcmcr, loglinear, dga or chapman (default: loglinear for 3+ lists, chapman for 2).",
    ),
    by: str | None = typer.Option(
        None, "--by", help="Estimate per stratum and combine, e.g. --by province,sex."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Random seed (LCMCR, DGA draws)."),
    max_order: int | None = typer.Option(
        None, "--max-order", help="Log-linear: highest interaction order searched (default 2)."
    ),
    criterion: str | None = typer.Option(
        None, "--criterion", help="Log-linear model choice: bic (default), aic or aicc."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Estimate the total number of victims, documented and undocumented, with an interval."""
    from undercount.estimate.api import run_estimate
    from undercount.estimate.histories import read_histories

    if (project is None) == (histories is None):
        raise typer.BadParameter("give either PROJECT or --histories FILE.csv (not both)")
    if method is not None and method.lower() not in _METHODS:
        raise typer.BadParameter(f"--method must be one of {', '.join(_METHODS)}")
    if criterion is not None and criterion.lower() not in ("bic", "aic", "aicc"):
        raise typer.BadParameter("--criterion must be bic, aic or aicc")
    if max_order is not None and max_order < 1:
        raise typer.BadParameter("--max-order must be 1 or more")
    by_list = [b.strip() for b in by.split(",") if b.strip()] if by else []
    proj = None
    if histories is not None:
        table = read_histories(histories)
    else:
        proj = open_project(str(project), key_file)
        table = proj.capture_histories(by=by_list)
    try:
        out = run_estimate(
            table,
            method=method,
            by=by_list,
            seed=seed,
            max_order=max_order,
            criterion=criterion.lower() if criterion else None,
        )
        if proj is not None:
            from undercount.link.diagnostics import warnings_of_latest

            # The linkage's own warnings first: an estimate is only as good as its links.
            out.warnings = [f"linkage: {w}" for w in warnings_of_latest(proj)] + out.warnings
            out.run_ids = proj.record_estimates(out.runs)
    finally:
        if proj is not None and hasattr(proj, "close"):
            proj.close()
    if json_out:
        print_json(out.to_dict())
        return
    for w in out.warnings:
        err_console.print(f"[yellow]warning:[/] {w}", soft_wrap=True)
    t = Table(title=f"Estimate ({out.method})")
    t.add_column("")
    t.add_column("value", justify="right")
    t.add_row("documented", f"{out.documented:,}")
    t.add_row("estimated total", f"{out.estimate:,.0f}")
    t.add_row(f"{out.level:.0%} interval", f"{out.interval[0]:,.0f} – {out.interval[1]:,.0f}")
    t.add_row("model", out.model)
    if out.seed is not None:
        t.add_row("seed", str(out.seed))
    console.print(t)
    if out.strata is not None:
        s = Table(title=f"By {', '.join(out.by)}")
        for col in ("stratum", "documented", "estimate", "interval"):
            s.add_column(col, justify="left" if col == "stratum" else "right")
        for _, r in out.strata.iterrows():
            s.add_row(
                str(r["stratum"]),
                f"{int(r['documented']):,}",
                f"{r['estimate']:,.0f}",
                f"{r['low']:,.0f} – {r['high']:,.0f}",
            )
        console.print(s)
    if out.run_ids:
        console.print(f"Stored as estimate run {out.run_ids[-1]}.")
