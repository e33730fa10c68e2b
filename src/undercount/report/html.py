"""The HTML report: one self-contained file (inline SVG and CSS, no script, no network).

``report_context`` gathers the numbers (also used by the web app, so both show the same
figures); ``render_report`` turns them into HTML; ``write_report`` writes the file, and
``write_pdf`` prints the same HTML to PDF with chromium.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from undercount.report import context as C
from undercount.report import figures
from undercount.report.cells import SUPPRESSED
from undercount.report.public import publish

if TYPE_CHECKING:
    from undercount.store.project import Project

ASSUMPTIONS = (
    (
        "Closed population",
        "every victim was alive and could be listed during the period; "
        "nobody enters or leaves the population while the lists are compiled.",
    ),
    (
        "Correct linkage",
        "records of the same person were linked and different people were "
        "kept apart; linkage errors bias the estimate (false matches push it down, missed matches "
        "up) and are not part of the intervals.",
    ),
    (
        "List dependence is modelled",
        "lists that share informants or sources are positively "
        "dependent; log-linear models include the interactions chosen by the criterion, "
        "latent-class models absorb dependence through classes.",
    ),
    (
        "Heterogeneity is modelled",
        "victims differ in how visible they are (province, age, sex, "
        "date). Stratifying and latent classes reduce the bias; unmodelled heterogeneity that "
        "makes the same people visible to every list leads to underestimates.",
    ),
    (
        "Same definition on every list",
        "every list counts the same kind of event in the same "
        "place and period (inclusion criteria are applied before estimation).",
    ),
)


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("undercount.report", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    env.filters["n"] = _fmt_n
    return env


def _fmt_n(v: Any, suppressed: str = SUPPRESSED) -> str:
    if v is None:
        return suppressed
    if isinstance(v, float):
        return f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def report_context(
    project: Project,
    *,
    public: bool = False,
    true_total: float | None = None,
    figures_on: bool = True,
) -> dict[str, Any]:
    """Everything the report shows, read from the project (also used by the web app)."""
    from undercount import __version__

    overall, strat = C.estimate_rows(project, public=False)
    counts = project.counts()
    documented = counts["persons"] or counts["records"]
    fresh = [e for e in overall if not e["stale"]] or overall
    headline = fresh[-1] if fresh else None
    forest = C.forest_groups(strat, public=False)
    ov = C.overlap(project, public=False)
    tl = C.timeline(project, public=False)
    prov = C.province_counts(project, public=False, strat=strat)
    ctx: dict[str, Any] = {
        "title": f"undercount report — {project.path.stem}",
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "public": public,
        "min_cell": C.MIN_CELL,
        "counts": counts,
        "documented": documented,
        "linked": bool(counts["persons"]),
        "estimates": overall,
        "headline": headline,
        "stratified": forest,
        "true_total": true_total,
        "overlap": ov,
        "timeline": tl,
        "provinces": prov,
        "claims": C.claims(project, public=False),
        "linkage": C.linkage(project, public=False),
        "sources": C.sources(project, public=False),
        "quality": C.quality(project, public=False),
        "audit": C.audit_state(project),
        "assumptions": ASSUMPTIONS,
        "persons": counts["persons"],
        "plots": {},
        # Every stratified run (with those not drawn), for the public rule's cell audit.
        "stratified_rows": strat,
    }
    if public:
        # The one place where the public rule is applied (names, small cells).
        ctx = publish(ctx, project)
    if figures_on:
        ctx["plots"] = _plots(ctx)
    # Old name kept for callers of the first version.
    ctx["plot_estimates"] = ctx["plots"].get("headline", "")
    return ctx


def _plots(ctx: dict[str, Any]) -> dict[str, Any]:
    plots: dict[str, Any] = {}
    est = [e for e in ctx["estimates"] if e["estimate"] is not None]
    if est:
        plots["headline"] = figures.documented_vs_estimated(
            [e["label"] for e in est],
            [e["documented"] or 0 for e in est],
            [e["estimate"] for e in est],
            [e["low"] or e["estimate"] for e in est],
            [e["high"] or e["estimate"] for e in est],
            ctx["true_total"],
        )
    forests = []
    for g in ctx["stratified"]:
        rows = g["rows"][:40]
        if rows:
            forests.append(
                figures.forest_plot(
                    [r["stratum_label"] for r in rows],
                    [r["documented"] for r in rows],
                    [r["estimate"] for r in rows],
                    [r["low"] or r["estimate"] for r in rows],
                    [r["high"] or r["estimate"] for r in rows],
                    title=f"{g['label']} by {g['by']}",
                )
            )
    plots["forest"] = forests
    ov = ctx["overlap"]
    if ov and ov["patterns"]:
        plots["overlap"] = figures.upset(
            ov["sources"], ov["patterns"], ov["counts"], ov["set_sizes"], SUPPRESSED
        )
    tl = ctx["timeline"]
    if tl["days"] or tl["suppressed_days"]:
        plots["timeline"] = figures.timeline(tl["days"], tl["counts"], tl["suppressed_days"])
    items = [i for i in ctx["provinces"]["rows"] if i["lat"] is not None]
    if items:
        plots["map"] = figures.province_map(
            [i["province"] for i in items],
            [i["lat"] for i in items],
            [i["lon"] for i in items],
            [i["documented"] for i in items],
            [i["estimate"] for i in items],
            background=C.all_provinces(),
        )
    return plots


def render_report(
    project: Project, *, public: bool = False, true_total: float | None = None
) -> str:
    """The report as one HTML string."""
    ctx = report_context(project, public=public, true_total=true_total)
    return _env().get_template("report.html").render(**ctx)


def write_report(
    project: Project, path: str | Path, *, public: bool = False, true_total: float | None = None
) -> Path:
    """Write the self-contained HTML report (or a PDF when ``path`` ends in .pdf)."""
    out = Path(path)
    html = render_report(project, public=public, true_total=true_total)
    if out.suffix.lower() == ".pdf":
        from undercount.report.pdf import html_to_pdf

        return html_to_pdf(html, out)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out


def write_pdf(
    project: Project, path: str | Path, *, public: bool = False, true_total: float | None = None
) -> Path:
    """Write the same report as a PDF (needs chromium; see :mod:`undercount.report.pdf`)."""
    from undercount.report.pdf import html_to_pdf

    return html_to_pdf(render_report(project, public=public, true_total=true_total), Path(path))


def report_digest(html: str) -> str:
    """SHA-256 of a rendered report (logged in the audit entry of ``undercount report``)."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()
