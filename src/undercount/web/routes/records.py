"""Pages: home, sources, records (search, view, form) and exports."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from undercount.errors import UndercountError
from undercount.store import queries as Q
from undercount.store.users import User, require
from undercount.vocab import RELIABILITY_GRADES, SEXES, SOURCE_KINDS, VIOLATIONS
from undercount.web.common import (
    csrf_protect,
    current_user,
    export_response,
    page_url,
    project_of,
    render,
)

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/", include_in_schema=False)
def home(request: Request, user: User = Depends(current_user)) -> Response:
    if user.role == "viewer":
        return RedirectResponse("/estimates", status_code=303)
    return RedirectResponse(
        "/records" if user.role == "documenter" else "/estimates", status_code=303
    )


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, user: User = Depends(current_user)) -> Response:
    from undercount.web.routes.analysis import sources_for

    rows = sources_for(request, user)
    return render(
        request,
        "sources.html",
        sources=rows,
        kinds=SOURCE_KINDS,
        grades=RELIABILITY_GRADES,
        error=None,
    )


@router.post("/sources", include_in_schema=False)
def add_source(
    request: Request,
    name: str = Form(...),
    kind: str = Form("other"),
    reliability: str = Form("F"),
    publisher: str = Form(""),
    url: str = Form(""),
    user: User = Depends(current_user),
) -> Response:
    project = project_of(request)
    try:
        Q.create_source(
            project, user, name, kind=kind, reliability=reliability, publisher=publisher, url=url
        )
    except UndercountError as exc:
        if type(exc).__name__ == "PermissionDenied":
            raise
        return render(
            request,
            "sources.html",
            status=400,
            sources=Q.list_sources(project, user),
            kinds=SOURCE_KINDS,
            grades=RELIABILITY_GRADES,
            error=str(exc),
        )
    return RedirectResponse("/sources", status_code=303)


def _filters(request: Request) -> dict[str, str | None]:
    p = request.query_params
    return {
        k: (p.get(k) or None)
        for k in ("q", "province", "violation", "date_from", "date_to", "source_id")
    }


# The two hottest pages run on the event loop: their work is in memory or one point query,
# cheaper than a hop to the thread pool and a contended GIL.
@router.get("/records", include_in_schema=False)
async def records_page(
    request: Request,
    page: int = Query(1, ge=1, le=1_000_000_000),
    user: User = Depends(current_user),
) -> Response:
    project = project_of(request)
    f = _filters(request)
    error = None
    try:
        res = Q.search_records(
            project,
            user,
            q=f["q"],
            province=f["province"],
            violation=f["violation"],
            date_from=f["date_from"],
            date_to=f["date_to"],
            source_id=int(f["source_id"]) if (f["source_id"] or "").isdigit() else None,
            page=page,
        )
    except UndercountError as exc:
        if type(exc).__name__ == "PermissionDenied":
            raise
        error = str(exc)
        res = {"rows": [], "total": 0, "page": 1, "pages": 1, "page_size": Q.PAGE_SIZE}
    return render(
        request,
        "records.html",
        res=res,
        f=f,
        error=error,
        provinces=Q.provinces(project),
        violations=VIOLATIONS,
        sources=Q.visible_sources(project, user),
        prev_url=page_url(request, page=res["page"] - 1) if res["page"] > 1 else None,
        next_url=page_url(request, page=res["page"] + 1) if res["page"] < res["pages"] else None,
    )


@router.get("/records/new", include_in_schema=False)
def new_record(
    request: Request, source_id: int | None = None, user: User = Depends(current_user)
) -> Response:
    require(user, "records.write")
    project = project_of(request)
    return render(
        request,
        "record_form.html",
        record=None,
        values={},
        errors={},
        sources=Q.list_sources(project, user),
        source_id=source_id,
        sexes=SEXES,
        violations=VIOLATIONS,
        suggestions=[],
    )


def _form_values(form: dict) -> dict[str, str]:
    return {k: str(form.get(k) or "") for k in Q.FORM_FIELDS}


@router.post("/records", include_in_schema=False)
async def create_record(request: Request, user: User = Depends(current_user)) -> Response:
    form = dict(await request.form())
    return await _save(request, user, None, form)


@router.get("/records/{record_id}", include_in_schema=False)
async def record_page(
    request: Request, record_id: int, user: User = Depends(current_user)
) -> Response:
    rec = Q.get_record(project_of(request), user, record_id)
    return render(request, "record.html", r=rec)


@router.get("/records/{record_id}/edit", include_in_schema=False)
def edit_record(request: Request, record_id: int, user: User = Depends(current_user)) -> Response:
    require(user, "records.write")
    project = project_of(request)
    rec = Q.get_record(project, user, record_id)
    values = {k: ("" if rec.get(k) is None else str(rec.get(k))) for k in Q.FORM_FIELDS}
    values["date"] = rec.get("date_text") or values.get("date", "")
    return render(
        request,
        "record_form.html",
        record=rec,
        values=values,
        errors={},
        sources=Q.list_sources(project, user),
        source_id=rec["source_id"],
        sexes=SEXES,
        violations=VIOLATIONS,
        suggestions=[],
    )


@router.post("/records/{record_id}", include_in_schema=False)
async def update_record(
    request: Request, record_id: int, user: User = Depends(current_user)
) -> Response:
    form = dict(await request.form())
    return await _save(request, user, record_id, form)


async def _save(request: Request, user: User, record_id: int | None, form: dict) -> Response:
    from starlette.concurrency import run_in_threadpool

    project = project_of(request)
    values = _form_values(form)
    sid = str(form.get("source_id") or "")
    if record_id is None:
        if not sid.isdigit():
            errors = {"source_id": "choose a source"}
            rid = None
        else:
            rid, errors = await run_in_threadpool(Q.create_record, project, user, int(sid), values)
    else:
        rid, errors = await run_in_threadpool(Q.update_record, project, user, record_id, values)
    if rid is not None and not errors:
        return RedirectResponse(f"/records/{rid}", status_code=303)
    suggestions = Q.place_suggestions(values.get("place_text") or values.get("city") or "")
    rec = Q.get_record(project, user, record_id) if record_id else None
    return render(
        request,
        "record_form.html",
        status=400,
        record=rec,
        values=values,
        errors=errors,
        sources=Q.list_sources(project, user),
        source_id=int(sid) if sid.isdigit() else None,
        sexes=SEXES,
        violations=VIOLATIONS,
        suggestions=suggestions,
    )


@router.get("/places", include_in_schema=False)
def places_page(request: Request, q: str = "", user: User = Depends(current_user)) -> Response:
    require(user, "records.read")
    return render(request, "places.html", q=q, suggestions=Q.place_suggestions(q))


@router.get("/export", include_in_schema=False)
def export_page(request: Request, user: User = Depends(current_user)) -> Response:
    require(user, "export.redacted")
    return render(request, "export.html")


@router.get("/export/{what}.{fmt}", include_in_schema=False)
def export_file(
    request: Request, what: str, fmt: str, redacted: int = 0, user: User = Depends(current_user)
) -> Response:
    return export_response(request, user, what, fmt, redacted=bool(redacted))
