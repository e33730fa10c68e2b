"""Pages: user accounts (admins only): create, role, active, sources, password, TOTP reset."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from undercount.errors import UndercountError
from undercount.store import queries as Q
from undercount.store import users as U
from undercount.vocab import ROLES
from undercount.web.common import csrf_protect, current_user, project_of, render

router = APIRouter(dependencies=[Depends(csrf_protect)])


def _page(request: Request, user: U.User, status: int = 200, error: str | None = None) -> Response:
    project = project_of(request)
    U.require(user, "users.manage")
    with project._lock:
        users = U.list_users(project)
    return render(
        request,
        "users.html",
        status=status,
        users=users,
        roles=ROLES,
        sources=Q.list_sources(project, user),
        error=error,
    )


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request, user: U.User = Depends(current_user)) -> Response:
    return _page(request, user)


@router.post("/admin/users", include_in_schema=False)
def create_user(
    request: Request,
    name: str = Form(...),
    role: str = Form(...),
    password: str = Form(...),
    user: U.User = Depends(current_user),
) -> Response:
    U.require(user, "users.manage")
    project = project_of(request)
    try:
        with Q.as_user(project, user):
            U.create_user(project, name, role, password)
    except UndercountError as exc:
        return _page(request, user, 400, str(exc))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}", include_in_schema=False)
async def update_user(
    request: Request, user_id: int, user: U.User = Depends(current_user)
) -> Response:
    from starlette.concurrency import run_in_threadpool

    U.require(user, "users.manage")
    form = await request.form()
    project = project_of(request)
    action = str(form.get("action") or "")

    def apply() -> None:
        with Q.as_user(project, user):
            if action == "role":
                U.set_role(project, user_id, str(form.get("role") or ""))
            elif action == "active":
                U.set_active(project, user_id, form.get("active") == "1")
            elif action == "sources":
                U.assign_sources(
                    project,
                    user_id,
                    [int(v) for v in form.getlist("source_ids") if str(v).isdigit()],
                )
            elif action == "password":
                U.set_password(project, user_id, str(form.get("password") or ""))
            elif action == "totp_off":
                U.disable_totp(project, user_id)
            else:
                raise UndercountError(f"Unknown action '{action}'.")

    try:
        await run_in_threadpool(apply)
    except UndercountError as exc:
        return await run_in_threadpool(_page, request, user, 400, str(exc))
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/project", include_in_schema=False)
def project_page(request: Request, user: U.User = Depends(current_user)) -> Response:
    """Project settings as they stand: encryption, schema, counts, audit verification, and
    the checks of the latest linkage (its warnings, as on the estimates page)."""
    from undercount.link.diagnostics import latest

    project = project_of(request)
    info = Q.project_info(project, user)
    with project._lock:
        linkage = latest(project)
    return render(request, "project.html", info=info, linkage=linkage)
