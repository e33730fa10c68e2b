"""Login, logout, the rate limit on failed logins, and the user's own account (TOTP, prefs)."""

from __future__ import annotations

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
    end_session,
    project_of,
    render,
    renew_stamp,
    server_session,
    session_user,
    start_session,
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
    """Failed-login limits that an attacker cannot turn against the real user.

    Failures are counted per (address, account) (``limit`` per ``window`` seconds), per address
    over all accounts (``4 * limit``, against password spraying) and per account over all
    addresses (``account_limit`` per ``account_window``, against guessing from many
    addresses). The per-account limit does not apply from an address where that account
    signed in successfully before, so a flood of wrong passwords from elsewhere does not lock
    the real user out. The address is the TCP peer: ``X-Forwarded-For`` counts only behind a
    proxy named in ``UNDERCOUNT_TRUSTED_PROXIES`` (``undercount serve`` passes it to uvicorn).
    """

    def __init__(
        self,
        limit: int = 5,
        window: float = 300.0,
        *,
        account_limit: int = 50,
        account_window: float = 3600.0,
    ) -> None:
        self.limits = {
            "pair": (limit, window),
            "ip": (4 * limit, window),
            "acct": (account_limit, account_window),
        }
        self._fails: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._known: dict[str, set[str]] = defaultdict(set)
        self._lock = threading.Lock()

    def _keys(self, ip: str, account: str) -> list[tuple[str, str]]:
        keys = [("pair", f"{ip}\x1f{account}"), ("ip", ip)]
        if ip not in self._known.get(account, ()):
            keys.append(("acct", account))
        return keys

    def _prune(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._fails[key]
        window = self.limits[key[0]][1]
        while q and now - q[0] > window:
            q.popleft()
        return q

    def check(self, ip: str, account: str) -> None:
        """Raise :class:`RateLimited` when any limit that applies is reached."""
        now = time.monotonic()
        with self._lock:
            for key in self._keys(ip, account):
                q = self._prune(key, now)
                limit, window = self.limits[key[0]]
                if len(q) >= limit:
                    raise RateLimited(int(window - (now - q[0])) + 1)

    def fail(self, ip: str, account: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in [("pair", f"{ip}\x1f{account}"), ("ip", ip), ("acct", account)]:
                self._prune(key, now).append(now)

    def succeed(self, ip: str, account: str) -> None:
        """A right login: forget this pair's failures and remember the address as known."""
        with self._lock:
            self._fails.pop(("pair", f"{ip}\x1f{account}"), None)
            known = self._known[account]
            if len(known) >= 64:
                known.clear()
            known.add(ip)


def client_address(request: Request) -> str:
    """The client's address as the server saw it (the proxy's when behind one that uvicorn
    was told to trust; forwarded headers are not read here)."""
    return request.client.host if request.client else "?"


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
    ip, account = client_address(request), name.strip().casefold()
    try:
        limiter.check(ip, account)
    except RateLimited as exc:
        resp = render(request, "login.html", status=429, next=_safe_next(next), error=str(exc))
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    try:
        user = U.authenticate(project, name, password, code or None, con=Q.cursor(project))
    except U.AuthError as exc:
        limiter.fail(ip, account)
        U.record_failed_login(project, exc.context.get("user_id"))
        return render(
            request,
            "login.html",
            status=401,
            next=_safe_next(next),
            error=U.LOGIN_FAILED,
            name=name,
        )
    limiter.succeed(ip, account)
    with Q.as_user(project, user):
        U.record_login(project, user, ok=True)
    start_session(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    end_session(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{lang}", include_in_schema=False)
def set_language(request: Request, lang: str) -> Response:
    """Language of the login page for visitors (signed-in users set it in their account)."""
    if lang in U.LANGUAGES:
        request.session["lang"] = lang
    return RedirectResponse("/login", status_code=303)


@router.get("/account", include_in_schema=False)
def account(request: Request, user: U.User = Depends(current_user)) -> Response:
    sess = server_session(request)
    pending = sess.data.get("totp_pending") if sess else None
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


def _check_current_password(request: Request, user: U.User, current: str, wrong: str) -> None:
    """Raise unless ``current`` is the user's password; attempts are rate-limited like logins."""
    project = project_of(request)
    limiter: LoginLimiter = request.app.state.limiter
    ip, account = client_address(request), user.name.casefold()
    limiter.check(ip, account)
    if not U.check_password(project, user.id, current, con=Q.cursor(project)):
        limiter.fail(ip, account)
        raise U.AuthError(wrong)


def _account_error(request: Request, exc: UndercountError) -> Response:
    """The account page with ``exc``'s message (429 when rate-limited, else 400)."""
    return render(
        request,
        "account.html",
        status=429 if isinstance(exc, RateLimited) else 400,
        pending=None,
        uri=None,
        error=str(exc),
        message=None,
    )


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request,
    current: str = Form(...),
    new: str = Form(...),
    user: U.User = Depends(current_user),
) -> Response:
    project = project_of(request)
    try:
        _check_current_password(request, user, current, "The current password is wrong.")
        with Q.as_user(project, user):
            U.set_password(project, user.id, new)
        renew_stamp(request, user)
    except UndercountError as exc:
        return _account_error(request, exc)
    return render(
        request, "account.html", pending=None, uri=None, error=None, message="Password changed."
    )


@router.post("/account/totp/start", include_in_schema=False)
def totp_start(request: Request, user: U.User = Depends(current_user)) -> Response:
    sess = server_session(request)
    if sess is not None:
        # Kept on the server: the cookie carries no secret.
        sess.data["totp_pending"] = U.new_totp_secret()
    return RedirectResponse("/account#totp", status_code=303)


@router.post("/account/totp/confirm", include_in_schema=False)
def totp_confirm(
    request: Request, code: str = Form(...), user: U.User = Depends(current_user)
) -> Response:
    project = project_of(request)
    sess = server_session(request)
    secret = sess.data.get("totp_pending") if sess else None
    if not secret or sess is None:
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
    sess.data.pop("totp_pending", None)
    renew_stamp(request, user)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/totp/disable", include_in_schema=False)
def totp_disable(
    request: Request, current: str = Form(""), user: U.User = Depends(current_user)
) -> Response:
    """Turn 2FA off: needs the current password (rate-limited like a login), not only the
    session, so a borrowed session cannot remove the second factor."""
    project = project_of(request)
    try:
        _check_current_password(
            request, user, current, "The current password is wrong: 2FA stays on."
        )
    except UndercountError as exc:
        return _account_error(request, exc)
    with Q.as_user(project, user):
        U.disable_totp(project, user.id)
    renew_stamp(request, user)
    return RedirectResponse("/account", status_code=303)


__all__ = ["LoginLimiter", "RateLimited", "router", "session_user"]
