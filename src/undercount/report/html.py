"""The HTML report: one self-contained file (inline SVG and CSS, no network)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from undercount.report import figures

if TYPE_CHECKING:
    from undercount.store.project import Project


def _env() -> Environment:
    return Environment(loader=PackageLoader("undercount.report", "templates"),
                       autoescape=select_autoescape(["html"]))


def report_context(project: Project, *, public: bool = False,
                   true_total: float | None = None) -> dict[str, Any]:
    """Everything the report shows, read from the project (also used by the web app)."""
    from undercount import __version__

    con = project.con
    runs = project.estimate_runs()
    latest = runs.sort_values("id").groupby(["method", "stratum"], dropna=False).tail(1) \
        if not runs.empty else runs
    estimates = []
    for r in latest.itertuples():
        estimates.append({
            "method": r.method, "documented": int(r.documented), "estimate": float(r.estimate),
            "low": float(r.low), "high": float(r.high), "level": float(r.level),
            "seed": None if r.seed != r.seed or r.seed is None else int(r.seed),
            "input_hash": r.input_hash, "parameters": json.loads(r.parameters or "{}"),
            "diagnostics": json.loads(r.diagnostics or "{}"), "created_at": r.created_at,
        })
    counts = project.counts()
    sources = project.sources().to_dict(orient="records")
    n_persons = counts["persons"]
    link_run = con.execute(
        "SELECT method, threshold, n_records, n_persons, created_at FROM link_runs "
        "ORDER BY id DESC LIMIT 1").fetchone()
    plot = ""
    if estimates:
        plot = figures.documented_vs_estimated(
            [e["method"] for e in estimates], [e["documented"] for e in estimates],
            [e["estimate"] for e in estimates], [e["low"] for e in estimates],
            [e["high"] for e in estimates], true_total)
    return {
        "title": f"undercount report — {project.path.stem}",
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__, "public": public, "counts": counts, "sources": sources,
        "persons": n_persons, "estimates": estimates, "true_total": true_total,
        "plot_estimates": plot,
        "link_run": None if link_run is None else dict(zip(
            ("method", "threshold", "n_records", "n_persons", "created_at"), link_run, strict=True)),
    }


def write_report(project: Project, path: str | Path, *, public: bool = False,
                 true_total: float | None = None) -> Path:
    """Write the self-contained HTML report and return its path."""
    ctx = report_context(project, public=public, true_total=true_total)
    html = _env().get_template("report.html").render(**ctx)
    out = Path(path)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out
