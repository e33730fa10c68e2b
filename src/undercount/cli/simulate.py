"""``undercount simulate``: synthetic lists with known truth (a thin adapter over ``simulate``)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from undercount.cli._app import app, console, handle_errors, print_json


@app.command("simulate")
@handle_errors
def simulate_command(
    out: Path = typer.Option(
        ...,
        "-o",
        "--out",
        help="Folder to write the lists, truth.csv and population.csv into.",
        file_okay=False,
        dir_okay=True,
    ),
    victims: int = typer.Option(
        2000, "--victims", help="True number of victims (documented or not)."
    ),
    lists: int = typer.Option(4, "--lists", help="Number of documenting lists (2 to 26)."),
    seed: int = typer.Option(
        0, "--seed", help="Random seed; the same seed gives byte-identical files."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary instead of a table."),
) -> None:
    """Simulate victim lists of a crackdown with known truth (list_a.csv ..., truth.csv).

    The lists differ in script, transliteration, calendar and date format, and carry typos, missing fields and within-list duplicates. truth.csv says which row of which list is which victim (for link-evaluate --truth); population.csv holds the true attributes.
    """
    from undercount.simulate import simulate

    try:
        sim = simulate(out, victims=victims, lists=lists, seed=seed)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    summary = sim.summary()
    if as_json:
        print_json({**summary, "out": str(out)})
        return
    table = Table(title=f"Simulated lists in {out}")
    table.add_column("list")
    table.add_column("file")
    table.add_column("records", justify="right")
    table.add_column("duplicates", justify="right")
    table.add_column("headers")
    for name, info in summary["lists"].items():
        table.add_row(
            name,
            f"{name}.csv",
            str(info["records"]),
            str(info["duplicates"]),
            ", ".join(info["columns"]),
        )
    console.print(table)
    console.print(
        f"true total: [bold]{sim.true_total}[/]   documented (unique victims on any "
        f"list): [bold]{sim.documented}[/]   seed: {seed}"
    )
    console.print(f"ground truth: {out / 'truth.csv'}   true attributes: {out / 'population.csv'}")
