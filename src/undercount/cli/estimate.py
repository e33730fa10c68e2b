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
        help="lcmcr, loglinear, dga or chapman (default: loglinear for 3+ lists, chapman for 2). "
        "LCMCR, DGA and log-linear interactions need 3+ lists.",
    ),
    by: str | None = typer.Option(
        None,
        "--by",
        help="Estimate per stratum and combine: sex, province, city, violation, event, "
        "age_group, month, date, age bands or date windows, e.g. --by age_band=0-17,18-,sex "
        "or --by date=..2019-11-16,2019-11-17..",
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="Random seed (LCMCR, DGA, bootstrap and linkage draws)."
    ),
    max_order: int | None = typer.Option(
        None, "--max-order", help="Log-linear: highest interaction order searched (default 2)."
    ),
    criterion: str | None = typer.Option(
        None, "--criterion", help="Log-linear model choice: bic (default), aic or aicc."
    ),
    no_linkage_uncertainty: bool = typer.Option(
        False,
        "--no-linkage-uncertainty",
        help="Take the stored linkage as certain. By default the estimate is refitted on "
        "linkage configurations drawn from the pair match probabilities and the interval "
        "includes what linkage adds.",
    ),
    linkage_draws: int = typer.Option(
        20, "--linkage-draws", min=2, help="Number of linkage configurations drawn."
    ),
    no_model_uncertainty: bool = typer.Option(
        False,
        "--no-model-uncertainty",
        help="Log-linear: the interval conditional on the selected model (by default it "
        "accounts for the model selection).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    key_file: str | None = KeyFileOption,
) -> None:
    """Estimate the total number of victims, documented and undocumented, with an interval.

    Checks that say when the model may be wrong are printed first, with what to do.
    """
    from undercount.estimate.api import estimate_project, run_estimate
    from undercount.estimate.bands import split_by
    from undercount.estimate.histories import read_histories

    if (project is None) == (histories is None):
        raise typer.BadParameter("give either PROJECT or --histories FILE.csv (not both)")
    if method is not None and method.lower() not in _METHODS:
        raise typer.BadParameter(f"--method must be one of {', '.join(_METHODS)}")
    if criterion is not None and criterion.lower() not in ("bic", "aic", "aicc"):
        raise typer.BadParameter("--criterion must be bic, aic or aicc")
    if max_order is not None and max_order < 1:
        raise typer.BadParameter("--max-order must be 1 or more")
    by_list = split_by(by)
    crit = criterion.lower() if criterion else None
    if histories is not None:
        out = run_estimate(
            read_histories(histories),
            method=method,
            by=by_list,
            seed=seed,
            max_order=max_order,
            criterion=crit,
            model_uncertainty=not no_model_uncertainty,
        )
    else:
        proj = open_project(str(project), key_file)
        try:
            out = estimate_project(
                proj,
                method=method,
                by=by_list,
                seed=seed,
                max_order=max_order,
                criterion=crit,
                model_uncertainty=not no_model_uncertainty,
                linkage_uncertainty=not no_linkage_uncertainty,
                n_linkage_draws=linkage_draws,
            )
            from undercount.link.diagnostics import warnings_of_latest

            # The linkage's own warnings right after the model checks (which lead the list):
            # an estimate is only as good as its links.
            n = len(out.checks)
            linkage = [f"linkage: {w}" for w in warnings_of_latest(proj)]
            out.warnings = out.warnings[:n] + linkage + out.warnings[n:]
            out.run_ids = proj.record_estimates(out.runs)
        finally:
            if hasattr(proj, "close"):
                proj.close()
    if json_out:
        print_json(out.to_dict())
        return
    for c in out.checks:
        err_console.print(f"[bold red]check ({c.code}):[/] {c.text()}", soft_wrap=True)
    for w in out.warnings[len(out.checks) :]:
        err_console.print(f"[yellow]warning:[/] {w}", soft_wrap=True)
    if out.assumption:
        err_console.print(f"[cyan]assumption:[/] {out.assumption}", soft_wrap=True)
    t = Table(title=f"Estimate ({out.method})")
    t.add_column("")
    t.add_column("value", justify="right")
    t.add_row("documented", f"{out.documented:,}")
    t.add_row("estimated total", f"{out.estimate:,.0f}")
    lo, hi = out.interval
    t.add_row(f"{out.level:.0%} interval", f"{lo:,.0f} – {hi:,.0f} (width {hi - lo:,.0f})")
    if out.conditional_interval is not None:
        clo, chi = out.conditional_interval
        t.add_row(
            "  taking linkage as certain", f"{clo:,.0f} – {chi:,.0f} (width {chi - clo:,.0f})"
        )
        rms = (out.linkage or {}).get("linkage_rms")
        if rms is not None:
            t.add_row("  linkage allowance (± RMS change across draws)", f"{rms:,.0f}")
    t.add_row("model", out.model)
    if out.seed is not None:
        t.add_row("seed", str(out.seed))
    console.print(t)
    if out.sensitivity:
        _print_sensitivity(out)
    if out.strata is not None:
        s = Table(title=f"By {', '.join(out.by)}")
        for col in ("stratum", "documented", "estimate", "interval"):
            s.add_column(col, justify="left" if col == "stratum" else "right")
        for _, r in out.strata.iterrows():
            skipped = r["model"] == "not estimable"
            s.add_row(
                str(r["stratum"]),
                f"{int(r['documented']):,}",
                "not estimable" if skipped else f"{r['estimate']:,.0f}",
                "–" if skipped else f"{r['low']:,.0f} – {r['high']:,.0f}",
            )
        console.print(s)
    for cov in [*out.by, *(c for c in out.suggested_strata if c not in out.by)]:
        rates = out.capture_rates.get(cov)
        if rates is None or rates.empty:
            continue
        r = Table(title=f"Capture rate per list by {cov} (share of people on another list)")
        r.add_column(cov)
        lists = list(dict.fromkeys(rates["list"]))
        for name in lists:
            r.add_column(str(name), justify="right")
        for level, sub in rates.groupby("level", sort=True):
            vals = dict(zip(sub["list"], zip(sub["rate"], sub["others"], strict=True), strict=True))
            r.add_row(
                str(level),
                *("–" if vals[n][1] == 0 else f"{vals[n][0]:.0%} of {vals[n][1]:,}" for n in lists),
            )
        console.print(r)
    if out.suggested_strata:
        console.print(f"Suggested strata: --by {','.join(out.suggested_strata)}")
    if out.run_ids:
        console.print(f"Stored as estimate run {out.run_ids[-1]}.")


def _print_sensitivity(out) -> None:  # noqa: ANN001 - EstimateOutcome, imported lazily
    """The hidden-group sensitivity table: one row per hidden share, one column per ratio."""
    ratios = list(dict.fromkeys(r.ratio for r in out.sensitivity))
    t = Table(
        title="If a hidden group were harder for every list to record, the total would be about",
        caption="Scenarios, not estimates: the lists cannot show which, if any, is true. "
        f"Without such a group: {out.estimate:,.0f}.",
    )
    t.add_column("hidden share")
    for y in ratios:
        t.add_column(f"{y:g}x harder to record", justify="right")
    for share in dict.fromkeys(r.share for r in out.sensitivity):
        cells = {r.ratio: r for r in out.sensitivity if r.share == share}
        t.add_row(
            f"{share:.0%}",
            *(
                f"{cells[y].estimate:,.0f} ({cells[y].low:,.0f} – {cells[y].high:,.0f})"
                for y in ratios
            ),
        )
    console.print(t)
