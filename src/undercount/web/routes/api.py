"""The JSON API under /api/: the same core calls and permissions as the pages.

Authentication is the session cookie of ``POST /login``; unsafe methods also need the
``X-CSRF-Token`` header (its value is in ``GET /api/me``). Every error has the shape
``{"ok": false, "error": str, "errors": {...}, "status": int}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from undercount.errors import UndercountError
from undercount.store import queries as Q
from undercount.store import users as U
from undercount.web.common import (
    csrf_protect,
    csrf_token,
    current_user,
    export_response,
    project_of,
)

router = APIRouter(prefix="/api", dependencies=[Depends(csrf_protect)], tags=["api"])


class FormInvalid(UndercountError):
    """Input that failed validation, with the problems by field."""


class RecordIn(BaseModel):
    """A record as typed: dates in Jalali or Gregorian, places as written."""

    name: str = Field(..., max_length=2000, examples=["محمد رضایی"])
    father_name: str | None = None
    sex: str | None = None
    age: str | None = None
    date: str | None = Field(None, examples=["۲۴ آبان ۱۳۹۸", "2019-11-15"])
    place_text: str | None = None
    city: str | None = None
    province: str | None = None
    violation: str | None = None
    perpetrator: str | None = None
    event: str | None = None
    notes: str | None = None


class NewRecord(RecordIn):
    source_id: int


class SourceIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str = "other"
    reliability: str = "F"
    publisher: str | None = None
    url: str | None = None


class DecisionIn(BaseModel):
    record_id_l: int
    record_id_r: int
    decision: str = Field(..., examples=["match", "non_match", "unsure"])
    note: str | None = None


class EstimateIn(BaseModel):
    method: str = "loglinear"
    by: list[str] = []
    seed: int | None = None


class UserIn(BaseModel):
    name: str
    role: str
    password: str


def _ok(**kw: Any) -> dict[str, Any]:
    return {"ok": True, **kw}


def _record_values(body: RecordIn) -> dict[str, str]:
    return {
        k: ("" if v is None else str(v)) for k, v in body.model_dump().items() if k in Q.FORM_FIELDS
    }


@router.get("/me", summary="The signed-in user and the CSRF token for unsafe calls")
def me(request: Request, user: U.User = Depends(current_user)) -> dict[str, Any]:
    return _ok(
        user=user.to_dict(),
        csrf=csrf_token(request),
        permissions=sorted(a for a in U.PERMISSIONS if U.can(user, a)),
    )


@router.get("/sources", summary="Sources the user may see")
def sources(request: Request, user: U.User = Depends(current_user)) -> dict[str, Any]:
    from undercount.web.routes.analysis import sources_for

    return _ok(sources=sources_for(request, user))


@router.post("/sources", summary="Create a source", status_code=201)
def create_source(
    request: Request, body: SourceIn, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    sid = Q.create_source(
        project_of(request),
        user,
        body.name,
        kind=body.kind,
        reliability=body.reliability,
        publisher=body.publisher,
        url=body.url,
    )
    return _ok(id=sid)


@router.get("/records", summary="Search records (name in either script, filters)")
def records(
    request: Request,
    q: str | None = None,
    province: str | None = None,
    violation: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source_id: int | None = None,
    page: int = Query(1, ge=1, le=1_000_000_000),
    page_size: int = Query(50, ge=1, le=1000),
    user: U.User = Depends(current_user),
) -> dict[str, Any]:
    res = Q.search_records(
        project_of(request),
        user,
        q=q,
        province=province,
        violation=violation,
        date_from=date_from,
        date_to=date_to,
        source_id=source_id,
        page=page,
        page_size=page_size,
    )
    return _ok(**res)


@router.get("/records/{record_id}", summary="One record with the records linked to it")
def record(
    request: Request, record_id: int, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    return _ok(record=Q.get_record(project_of(request), user, record_id))


@router.post("/records", summary="Add a record (validated by the normaliser)", status_code=201)
def create_record(
    request: Request, body: NewRecord, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    rid, errors = Q.create_record(project_of(request), user, body.source_id, _record_values(body))
    if errors:
        raise FormInvalid("The record has invalid values.", errors=errors)
    return _ok(id=rid)


@router.put("/records/{record_id}", summary="Edit a record (validated by the normaliser)")
def update_record(
    request: Request, record_id: int, body: RecordIn, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    rid, errors = Q.update_record(project_of(request), user, record_id, _record_values(body))
    if errors:
        raise FormInvalid("The record has invalid values.", errors=errors)
    return _ok(id=rid)


@router.get("/places", summary="Gazetteer suggestions for a place as typed")
def places(q: str = "", user: U.User = Depends(current_user)) -> dict[str, Any]:
    U.require(user, "records.read")
    return _ok(places=Q.place_suggestions(q))


@router.get("/documents", summary="Documents the user may see")
def documents(request: Request, user: U.User = Depends(current_user)) -> dict[str, Any]:
    return _ok(documents=Q.list_documents(project_of(request), user))


@router.get("/documents/{doc_id}", summary="A document's text segments and claims")
def document(request: Request, doc_id: int, user: U.User = Depends(current_user)) -> dict[str, Any]:
    return _ok(document=Q.get_document(project_of(request), user, doc_id))


@router.post("/documents", summary="Upload a document (multipart)", status_code=201)
def upload(
    request: Request,
    source_id: int = Form(...),
    file: UploadFile = File(...),
    user: U.User = Depends(current_user),
) -> dict[str, Any]:
    data = file.file.read(Q.MAX_UPLOAD + 1)
    doc_id = Q.upload_document(
        project_of(request), user, source_id, file.filename or "upload.txt", data
    )
    return _ok(id=doc_id)


@router.get("/review", summary="Record pairs to review, most useful first")
def review(
    request: Request, limit: int = 20, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    return _ok(pairs=Q.review_pairs(project_of(request), user, limit=min(max(limit, 1), 200)))


@router.post(
    "/review/decisions", summary="Record a match / non_match / unsure decision", status_code=201
)
def decide(
    request: Request, body: DecisionIn, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    did = Q.decide_pair(
        project_of(request), user, body.record_id_l, body.record_id_r, body.decision, body.note
    )
    return _ok(id=did)


@router.post(
    "/backup",
    summary="Back up the open project (admin); returns the backup's path",
    status_code=201,
)
def backup(request: Request, user: U.User = Depends(current_user)) -> dict[str, Any]:
    return _ok(path=Q.backup_project(project_of(request), user))


@router.get("/estimates", summary="Estimates as in the report (public unless allowed)")
def estimates(
    request: Request, public: bool = False, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    from undercount.web.routes.analysis import _public_for, report_ctx

    U.require(user, "public.read")
    pub = _public_for(user, public)
    ctx = report_ctx(request, pub)
    keep = (
        "documented",
        "estimates",
        "headline",
        "stratified",
        "overlap",
        "timeline",
        "provinces",
        "claims",
        "linkage",
        "public",
        "version",
    )
    return _ok(**{k: ctx[k] for k in keep})


@router.post("/estimates", summary="Run an estimate (optionally by strata)", status_code=201)
def run_estimate(
    request: Request, body: EstimateIn, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    ids = Q.run_estimate(project_of(request), user, body.method, body.by, body.seed)
    return _ok(ids=ids)


@router.get("/audit", summary="The audit log, newest first")
def audit(
    request: Request,
    page: int = Query(1, ge=1, le=1_000_000_000),
    action: str | None = None,
    user: U.User = Depends(current_user),
) -> dict[str, Any]:
    return _ok(**Q.audit_entries(project_of(request), user, page=page, action=action))


@router.get("/users", summary="Accounts (admins)")
def users(request: Request, user: U.User = Depends(current_user)) -> dict[str, Any]:
    U.require(user, "users.manage")
    project = project_of(request)
    with project._lock:
        return _ok(users=[u.to_dict() for u in U.list_users(project)])


@router.post("/users", summary="Create an account (admins)", status_code=201)
def create_user(
    request: Request, body: UserIn, user: U.User = Depends(current_user)
) -> dict[str, Any]:
    U.require(user, "users.manage")
    project = project_of(request)
    with Q.as_user(project, user):
        new = U.create_user(project, body.name, body.role, body.password)
    return _ok(user=new.to_dict())


@router.get(
    "/export/{what}.{fmt}",
    summary="CSV/XLSX export of records or persons (audited)",
    response_class=Response,
)
def export(
    request: Request,
    what: str,
    fmt: str,
    redacted: bool = False,
    user: U.User = Depends(current_user),
) -> Response:
    return export_response(request, user, what, fmt, redacted=bool(redacted))
