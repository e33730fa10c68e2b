"""`undercount demo`: the whole pipeline on built-in synthetic data."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from undercount.cli._app import app, console, err_console, handle_errors, print_json


@app.command()
@handle_errors
def demo(
    out: Path = typer.Option(
        Path("out"), "-o", "--out", help="Folder for the lists, project and report."
    ),
    victims: int = typer.Option(2000, help="Size of the simulated population."),
    lists: int = typer.Option(4, help="Number of documenting sources."),
    seed: int = typer.Option(2019, help="Random seed (the same seed gives the same demo)."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Simulate a crackdown with known truth, import, link, estimate and write a report."""
    from undercount.demo import run_demo

    res = run_demo(
        out, victims=victims, lists=lists, seed=seed, console=None if json_out else err_console
    )
    if json_out:
        print_json(res.to_dict())
        return
    console.print(f"[bold]undercount demo[/] — simulated crackdown, {lists} lists, seed {seed}")
    console.print(f"Records imported: {res.records}; linkage: {res.link_method}")
    t = Table("method", "documented", "estimate", "95% interval")
    for e in res.estimates:
        t.add_row(
            e["label"],
            f"{e['documented']:,}",
            f"{e['estimate']:,.0f}",
            f"{e['low']:,.0f} – {e['high']:,.0f}",
        )
    console.print(t)
    best = res.estimates[-1]
    console.print(
        f"[bold]Headline:[/] documented {res.documented:,}; estimated {best['estimate']:,.0f} "
        f"(95% interval {best['low']:,.0f}–{best['high']:,.0f}); true total {res.true_total:,}."
    )
    console.print(f"Report: {res.report_path}   ({res.seconds:.1f} s)")
