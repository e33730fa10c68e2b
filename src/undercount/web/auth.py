"""Login, logout, the rate limit on failed logins, and the user's own account (TOTP, prefs)."""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from undercount.errors import UndercountError
from undercount.store import queries as Q
from undercount.store import users as U
from undercount.web.common import (
    csrf_protect,
    current_user,
    project_of,
    render,
    session_user,
)

router = APIRouter(dependencies=[Depends(csrf_protect)])


class RateLimited(UndercountError):
    """Too many failed logins from one address or for one account."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many failed logins. Wait {retry_after} seconds and try again.",
            retry_after=retry_after,
        )
        self.retry_after = retry_after


class LoginLimiter:
    """At most ``limit`` failures per ``window`` seconds per client address and per name."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit = limit
        self.window = window
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._fails[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def check(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                q = self._prune(k, now)
                if len(q) >= self.limit:
                    raise RateLimited(int(self.window - (now - q[0])) + 1)

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._prune(k, now).append(now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    name: str = Form(...),
    password: str = Form(...),
    code: str = Form(""),
    next: str = Form("/"),
) -> Response:
    project = project_of(request)
    limiter: LoginLimiter = request.app.state.limiter
    ip = request.client.host if request.client else "?"
    keys = (f"ip:{ip}", f"name:{name.strip().lower()}")
    try:
        limiter.check(*keys)
    except RateLimited as exc:
        resp = render(request, "login.html", status=429, next=_safe_next(next), error=str(exc))
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    try:
        user = U.authenticate(project, name, password, code or None, con=Q.cursor(project))
    except U.AuthError as exc:
        limiter.fail(*keys)
        return render(
            request,
            "login.html",
            status=401,
            next=_safe_next(next),
            error=str(exc),
            name=name,
            need_code=bool(exc.context.get("totp")),
        )
    limiter.reset(keys[1])
    with Q.as_user(project, user):
        U.record_login(project, user, ok=True)
    request.session.clear()
    request.session.update(
        {
            "uid": user.id,
            "role": user.role,
            "csrf": secrets.token_urlsafe(32),
            "at": int(time.time()),
        }
    )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{lang}", include_in_schema=False)
def set_language(request: Request, lang: str) -> Response:
    """Language of the login page for visitors (signed-in users set it in their account)."""
    if lang in U.LANGUAGES:
        request.session["lang"] = lang
    return RedirectResponse("/login", status_code=303)


@router.get("/account", include_in_schema=False)
def account(request: Request, user: U.User = Depends(current_user)) -> Response:
    pending = request.session.get("totp_pending")
    uri = U.totp_uri(pending, user.name) if pending else None
    return render(request, "account.html", pending=pending, uri=uri, error=None, message=None)


@router.post("/account/preferences", include_in_schema=False)
def preferences(
    request: Request,
    language: str = Form(...),
    calendar: str = Form(...),
    user: U.User = Depends(current_user),
) -> Response:
    project = project_of(request)
    with Q.as_user(project, user):
        U.set_preferences(project, user.id, language=language, calendar=calendar)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request,
    current: str = Form(...),
    new: str = Form(...),
    user: U.User = Depends(current_user),
) -> Response:
    project = project_of(request)
    try:
        if not U.check_password(project, user.id, current, con=Q.cursor(project)):
            raise U.AuthError("The current password is wrong.")
        with Q.as_user(project, user):
            U.set_password(project, user.id, new)
    except UndercountError as exc:
        return render(
            request,
            "account.html",
            status=400,
            pending=None,
            uri=None,
            error=str(exc),
            message=None,
        )
    return render(
        request, "account.html", pending=None, uri=None, error=None, message="Password changed."
    )


@router.post("/account/totp/start", include_in_schema=False)
def totp_start(request: Request, user: U.User = Depends(current_user)) -> Response:
    request.session["totp_pending"] = U.new_totp_secret()
    return RedirectResponse("/account#totp", status_code=303)


@router.post("/account/totp/confirm", include_in_schema=False)
def totp_confirm(
    request: Request, code: str = Form(...), user: U.User = Depends(current_user)
) -> Response:
    project = project_of(request)
    secret = request.session.get("totp_pending")
    if not secret:
        return RedirectResponse("/account", status_code=303)
    try:
        with Q.as_user(project, user):
            U.enable_totp(project, user.id, secret, code)
    except UndercountError as exc:
        return render(
            request,
            "account.html",
            status=400,
            pending=secret,
            uri=U.totp_uri(secret, user.name),
            error=str(exc),
            message=None,
        )
    request.session.pop("totp_pending", None)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/totp/disable", include_in_schema=False)
def totp_disable(request: Request, user: U.User = Depends(current_user)) -> Response:
    project = project_of(request)
    with Q.as_user(project, user):
        U.disable_totp(project, user.id)
    return RedirectResponse("/account", status_code=303)


__all__ = ["LoginLimiter", "RateLimited", "router", "session_user"]
