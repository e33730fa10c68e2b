"""The web app: ``create_app(project)`` returns a FastAPI application serving one project.

Server-rendered pages (Jinja2), a JSON API under /api/, signed-cookie sessions, CSRF tokens,
a strict Content-Security-Policy (scripts only from /static), and one exception handler for
the API whose errors all look like ``{"ok": false, "error", "errors", "status"}``.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from undercount.errors import IngestError, PermissionDenied, UndercountError
from undercount.store.queries import NotFound
from undercount.web.common import (
    HERE,
    CSRFError,
    LoginRequired,
    current_user,
    is_api,
    render,
)
from undercount.web.guard import RequestGuard, limit_spooling
from undercount.web.jobs import Jobs
from undercount.web.sessions import SessionStore

log = logging.getLogger("undercount.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SESSION_MAX_AGE = 12 * 3600


class SecurityHeaders:
    """ASGI middleware: CSP and the other protective headers on every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", CSP.encode()))
                if not static:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers + extra}
            if message["type"] == "http.response.start":
                started[0] = True
            await send(message)

        started = [False]
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - last resort: answer 500, log the type only
            # Caught here so that no traceback (whose message could quote data) is logged.
            log.error(
                "internal error on %s %s: %s",
                scope.get("method"),
                scope.get("path"),
                type(exc).__name__,
            )
            if started[0]:
                return
            api = scope.get("path", "").startswith("/api/")
            message = "Internal error. The server log has the error type; nothing was changed."
            if api:
                body = json.dumps(error_body(500, message)).encode()
                ctype = b"application/json"
            else:
                body = (
                    f"<!doctype html><title>500</title><h1>Error (500)</h1><p>{message}</p>"
                    "<p><a href='/'>undercount</a></p>"
                ).encode()
                ctype = b"text/html; charset=utf-8"
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", ctype),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})


def _status_of(exc: Exception) -> int:
    if isinstance(exc, LoginRequired):
        return 401
    if isinstance(exc, PermissionDenied | CSRFError):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if type(exc).__name__ == "RateLimited":
        return 429
    if isinstance(exc, UndercountError):
        return 400
    return 500


def error_body(status: int, error: str, errors: Any = None) -> dict[str, Any]:
    """The one shape of every API error."""
    return {
        "ok": False,
        "error": error,
        "errors": errors if errors is not None else {},
        "status": status,
    }


def _errors_of(exc: Exception) -> Any:
    if isinstance(exc, UndercountError):
        errs = exc.context.get("errors")
        if errs:
            return errs
        if isinstance(exc, IngestError) and exc.problems:
            return {"problems": exc.problems}
    return {}


def create_app(
    project: Any,
    *,
    secret: str | None = None,
    secure_cookies: bool | None = None,
    login_limit: int = 5,
    login_window: float = 300.0,
) -> FastAPI:
    """The app serving ``project`` (an open :class:`~undercount.store.project.Project`).

    ``secret`` signs the session cookies (default: ``UNDERCOUNT_SECRET`` or a random key, so
    restarting the server signs everyone out). ``secure_cookies``: send cookies over HTTPS only
    (default: ``UNDERCOUNT_SECURE_COOKIES=1``; use it behind a TLS proxy).
    """
    from undercount import __version__
    from undercount.web.auth import LoginLimiter
    from undercount.web.auth import router as auth_router
    from undercount.web.routes import admin, analysis, api, documents, records

    app = FastAPI(
        title="undercount",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, to signed-in users only
        description="JSON API of an undercount project. Sign in with POST /login "
        "(form fields name, password, code); send the CSRF token of "
        "GET /api/me as X-CSRF-Token on POST/PUT.",
    )
    app.state.project = project
    app.state.limiter = LoginLimiter(login_limit, login_window)
    app.state.report_cache = {}
    app.state.jobs = Jobs()
    app.state.user_cache = {}
    app.state.sessions = SessionStore(SESSION_MAX_AGE)
    key = secret or os.environ.get("UNDERCOUNT_SECRET") or secrets.token_urlsafe(48)
    if secure_cookies is None:
        secure_cookies = os.environ.get("UNDERCOUNT_SECURE_COOKIES") == "1"

    # Innermost: size, session and upload CSRF checks before any body is read.
    limit_spooling()
    app.add_middleware(RequestGuard)
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        session_cookie="undercount_session",
        max_age=SESSION_MAX_AGE,
        same_site="strict",
        https_only=secure_cookies,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for r in (
        auth_router,
        records.router,
        documents.router,
        analysis.router,
        admin.router,
        api.router,
    ):
        app.include_router(r)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request, user: Any = Depends(current_user)) -> Response:
        return render(request, "api_docs.html", spec=app.openapi())

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi_schema(user: Any = Depends(current_user)) -> dict[str, Any]:
        return app.openapi()

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    def handle(
        request: Request, exc: Exception, status: int | None = None, errors: Any = None
    ) -> Response:
        status = status or _status_of(exc)
        message = (
            str(exc)
            if isinstance(exc, UndercountError)
            else (getattr(exc, "detail", None) or "Internal error")
        )
        if status >= 500:
            log.error(
                "internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__
            )
            message = "Internal error. The server log has the error type; nothing was changed."
        if is_api(request):
            resp: Response = JSONResponse(
                error_body(status, str(message), errors if errors is not None else _errors_of(exc)),
                status_code=status,
            )
        elif status == 401:
            target = request.url.path
            if request.url.query:
                target += "?" + request.url.query
            from urllib.parse import quote

            resp = RedirectResponse("/login?next=" + quote(target, safe="/"), status_code=303)
        else:
            resp = render(
                request, "error.html", status=status, status_code=status, message=str(message)
            )
        if isinstance(exc, UndercountError) and "retry_after" in exc.context:
            resp.headers["Retry-After"] = str(exc.context["retry_after"])
        return resp

    @app.exception_handler(UndercountError)
    async def undercount_error(request: Request, exc: UndercountError) -> Response:
        return handle(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = {
            ".".join(str(p) for p in e.get("loc", ()) if p != "body"): e.get("msg", "")
            for e in exc.errors()
        }
        if not is_api(request):
            return render(
                request,
                "error.html",
                status=422,
                status_code=422,
                message="Some fields are missing or invalid: " + ", ".join(errors),
            )
        return JSONResponse(
            error_body(422, "Some fields are missing or invalid.", errors), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            return JSONResponse(
                error_body(exc.status_code, str(exc.detail)), status_code=exc.status_code
            )
        return render(
            request,
            "error.html",
            status=exc.status_code,
            status_code=exc.status_code,
            message=str(exc.detail),
        )

    return app
