"""Pages: linkage review, estimates and report (the same figures as the HTML report), audit."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from undercount.errors import UndercountError
from undercount.store import queries as Q
from undercount.store.users import User, can, require
from undercount.vocab import DECISIONS
from undercount.web.common import csrf_protect, current_user, page_url, project_of, render

router = APIRouter(dependencies=[Depends(csrf_protect)])
REVIEW_FIELDS = (
    "name",
    "father_name",
    "sex",
    "age",
    "date",
    "date_text",
    "place_text",
    "province",
    "city",
    "violation",
    "event",
    "source",
)
JOB_PERMISSION = {"linkage": "link.run", "estimate": "estimate.run"}
FIGURE_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_ctx_lock = threading.Lock()


# Audit actions that change nothing the report shows.
_NOT_DATA = (
    "login",
    "login_failed",
    "export",
    "report",
    "set_preferences",
    "set_password",
    "enable_totp",
    "disable_totp",
)


def _data_version(project: Any) -> tuple:
    """Changes whenever something the report shows may have changed (any audited data write)."""
    marks = ", ".join(f"'{a}'" for a in _NOT_DATA)
    row = (
        Q.cursor(project)
        .execute(f"SELECT coalesce(max(seq), 0) FROM audit_log WHERE action NOT IN ({marks})")
        .fetchone()
    )
    return tuple(row or ())


def report_ctx(request: Request, public: bool) -> dict[str, Any]:
    """The report's context (figures included), cached until the data changes."""
    from undercount.report.html import report_context

    project = project_of(request)
    cache: dict = request.app.state.report_cache
    key = (_data_version(project), public)
    with _ctx_lock:
        if key not in cache:
            with project._lock:
                ctx = report_context(project, public=public)
            cache.clear() if len(cache) > 4 else None
            cache[key] = ctx
        return cache[key]  # type: ignore[no-any-return]


def sources_for(request: Request, user: User) -> list[dict[str, Any]]:
    """Sources as ``user`` may see them. A role without access to records gets the public
    view: the names and record counts of the public report (testimony sources aliased, small
    counts and their complements hidden the same way), never a second, different view."""
    rows = Q.list_sources(project_of(request), user)
    if can(user, "records.read"):
        return rows
    public = {s["id"]: s for s in report_ctx(request, True)["sources"]}
    return [
        {
            **r,
            "name": public[r["id"]]["name"],
            "records": public[r["id"]]["records"],
            "publisher": None if r["kind"] == "testimony" else r["publisher"],
            "url": None if r["kind"] == "testimony" else r["url"],
        }
        for r in rows
        if r["id"] in public
    ]


def _public_for(user: User, want_public: bool) -> bool:
    return want_public or not can(user, "report.internal")


@router.get("/review", include_in_schema=False)
def review_page(request: Request, user: User = Depends(current_user)) -> Response:
    require(user, "link.review")
    pairs = Q.review_pairs(project_of(request), user, limit=20)
    pair = pairs[0] if pairs else None
    rows = []
    if pair:
        for f in REVIEW_FIELDS:
            a, b = pair["left"].get(f), pair["right"].get(f)
            rows.append(
                {
                    "field": f,
                    "left": a,
                    "right": b,
                    "same": a is not None and b is not None and str(a) == str(b),
                }
            )
    return render(
        request, "review.html", pair=pair, rows=rows, remaining=len(pairs), decisions=DECISIONS
    )


@router.post("/review", include_in_schema=False)
def review_decide(
    request: Request,
    record_id_l: int = Form(...),
    record_id_r: int = Form(...),
    decision: str = Form(...),
    note: str = Form(""),
    user: User = Depends(current_user),
) -> Response:
    Q.decide_pair(project_of(request), user, record_id_l, record_id_r, decision, note)
    return RedirectResponse("/review", status_code=303)


@router.post("/link", include_in_schema=False)
def link_run(request: Request, user: User = Depends(current_user)) -> Response:
    """Start linkage in the background (minutes on a large project) and follow it."""
    require(user, "link.run")
    project = project_of(request)
    job = request.app.state.jobs.start(
        "linkage",
        user.name,
        lambda: Q.run_linkage(project, user),
        then=(("Review", "/review"), ("Estimates", "/estimates")),
    )
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", include_in_schema=False)
def job_page(request: Request, job_id: str, user: User = Depends(current_user)) -> Response:
    job = request.app.state.jobs.get(job_id)
    # Anyone who may start this kind of job may follow it: a second analyst pressing
    # "Run linkage" while one runs is sent to that job.
    allowed = job is not None and (
        job.user == user.name
        or can(user, "users.manage")
        or can(user, JOB_PERMISSION.get(job.kind, "users.manage"))
    )
    if job is None or not allowed:
        raise Q.NotFound("No such job: it was never started, or the server has restarted since.")
    return render(request, "job.html", job=job, title=job.kind.capitalize())


@router.get("/estimates", include_in_schema=False)
def estimates_page(
    request: Request, public: int = 0, user: User = Depends(current_user)
) -> Response:
    require(user, "public.read")
    pub = _public_for(user, bool(public))
    ctx = report_ctx(request, pub)
    figs = {k: bool(v) for k, v in ctx["plots"].items() if k != "forest"}
    return render(
        request,
        "estimates.html",
        R=ctx,
        public=pub,
        figs=figs,
        n_forest=len(ctx["plots"].get("forest", [])),
        error=None,
        methods=("loglinear", "chapman", "lcmcr", "dga"),
    )


@router.post("/estimates", include_in_schema=False)
def estimates_run(
    request: Request,
    method: str = Form("loglinear"),
    by: str = Form(""),
    seed: str = Form(""),
    user: User = Depends(current_user),
) -> Response:
    """Check the request now (a clear 400 on this page), then fit in the background (the
    latent-class sampler takes minutes on large stratified projects) and follow it."""
    project = project_of(request)
    from undercount.estimate.bands import split_by

    strata = split_by(by)
    seed_value = int(seed) if seed.strip().isdigit() else None
    try:
        Q.check_estimate(project, user, method, strata)
    except UndercountError as exc:
        if type(exc).__name__ == "PermissionDenied":
            raise
        ctx = report_ctx(request, False)
        return render(
            request,
            "estimates.html",
            status=400,
            R=ctx,
            public=False,
            figs={k: bool(v) for k, v in ctx["plots"].items() if k != "forest"},
            n_forest=len(ctx["plots"].get("forest", [])),
            error=str(exc),
            methods=("loglinear", "chapman", "lcmcr", "dga"),
        )
    job = request.app.state.jobs.start(
        "estimate",
        user.name,
        lambda: {"runs": len(Q.run_estimate(project, user, method, strata, seed_value))},
        then=(("Estimates", "/estimates"),),
    )
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/figures/{name}.svg", include_in_schema=False)
def figure(
    request: Request, name: str, public: int = 0, user: User = Depends(current_user)
) -> Response:
    require(user, "public.read")
    ctx = report_ctx(request, _public_for(user, bool(public)))
    plots = ctx["plots"]
    svg = None
    if name.startswith("forest-") and name[7:].isdigit():
        forests = plots.get("forest", [])
        i = int(name[7:])
        svg = forests[i] if i < len(forests) else None
    elif name in ("headline", "overlap", "timeline", "map"):
        svg = plots.get(name)
    if not svg:
        return Response("no such figure", status_code=404, media_type="text/plain")
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg[:600]:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    body = '<?xml version="1.0" encoding="utf-8"?>\n' + svg
    return Response(
        body,
        media_type="image/svg+xml",
        headers={"Content-Security-Policy": FIGURE_CSP, "Cache-Control": "no-store"},
    )


@router.get("/report.html", include_in_schema=False)
def report_file(request: Request, public: int = 1, user: User = Depends(current_user)) -> Response:
    """The self-contained HTML report (internal version only for admins and analysts)."""
    from undercount.report.html import render_report, report_digest

    require(user, "public.read")
    pub = _public_for(user, bool(public))
    project = project_of(request)
    with Q.as_user(project, user):
        html = render_report(project, public=pub)
        with project.transaction():
            project.audit(
                "report",
                "report",
                None,
                details={"public": pub, "sha256": report_digest(html), "via": "web"},
            )
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="report{"-public" if pub else ""}.html"',
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        },
    )


@router.get("/audit", include_in_schema=False)
def audit_page(
    request: Request,
    page: int = Query(1, ge=1, le=1_000_000_000),
    action: str | None = None,
    user: User = Depends(current_user),
) -> Response:
    res = Q.audit_entries(project_of(request), user, page=page, action=action or None)
    return render(
        request,
        "audit.html",
        res=res,
        action=action,
        prev_url=page_url(request, page=page - 1) if page > 1 else None,
        next_url=page_url(request, page=page + 1) if page < res["pages"] else None,
    )
