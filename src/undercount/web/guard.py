"""Checks made before a request body is read: size, session, and CSRF for uploads.

The middleware answers before reading a single byte of the body when

- the declared ``Content-Length`` is over the route's cap (413): :data:`UPLOAD_CAP` for the
  two upload routes, :data:`LOGIN_CAP` for ``/login``, :data:`BODY_CAP` for everything else;
- an unsafe request (POST, PUT, PATCH, DELETE) other than ``/login`` and ``/logout`` comes
  without a live server-side session (401; pages are sent to the login form);
- a multipart request (an upload) comes without the session's CSRF token in the
  ``X-CSRF-Token`` header or the ``csrf`` query parameter (403), or any request sends a
  wrong token in the header (403).

A body without ``Content-Length`` (chunked) is counted as it is read and refused with 413
once over the cap, so nothing larger than the cap is ever buffered or spooled. Together with
``MultiPartParser.spool_max_size`` (raised to the upload cap in :func:`limit_spooling`), an
upload stays in memory and is never written to a temporary file.
"""

from __future__ import annotations

import hmac
import json
from typing import Any
from urllib.parse import parse_qs

from starlette.exceptions import HTTPException

from undercount.store.queries import MAX_UPLOAD

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
BODY_CAP = 1024**2
LOGIN_CAP = 64 * 1024
UPLOAD_CAP = MAX_UPLOAD + BODY_CAP
UPLOAD_PATHS = frozenset({"/documents", "/api/documents"})
OPEN_PATHS = frozenset({"/login", "/logout"})


def cap_of(path: str) -> int:
    if path in UPLOAD_PATHS:
        return UPLOAD_CAP
    if path in OPEN_PATHS:
        return LOGIN_CAP
    return BODY_CAP


def limit_spooling() -> None:
    """Keep multipart uploads (up to the upload cap) in memory, never in a temporary file."""
    from starlette.formparsers import MultiPartParser

    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, UPLOAD_CAP)


class RequestGuard:
    """ASGI middleware (inside the session middleware): see the module docstring."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cap = cap_of(path)
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await _answer(scope, send, 400, "Content-Length is not a number.")
                return
            if int(length) > cap:
                await _answer(scope, send, 413, _too_large(cap))
                return
        if method in UNSAFE and path not in OPEN_PATHS:
            refusal = _refusal(scope, headers)
            if refusal is not None:
                await _answer(scope, send, *refusal)
                return

        seen = [0]

        async def counted() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                seen[0] += len(message.get("body", b""))
                if seen[0] > cap:
                    raise HTTPException(413, _too_large(cap))
            return message

        await self.app(scope, counted, send)


def _too_large(cap: int) -> str:
    return (
        f"The request is over the {cap // 1024**2 or 1} MB limit of this address. "
        "Send a smaller file or split it."
        if cap >= 1024**2
        else f"The request is over the {cap // 1024} KB limit of this address."
    )


def _refusal(scope: Any, headers: dict[str, str]) -> tuple[int, str] | None:
    app = scope.get("app")
    sessions = getattr(getattr(app, "state", None), "sessions", None)
    sess = sessions.get((scope.get("session") or {}).get("sid")) if sessions else None
    if sess is None:
        return 401, "Log in first."
    sent = headers.get("x-csrf-token")
    if sent is None and headers.get("content-type", "").startswith("multipart/"):
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        sent = (query.get("csrf") or [None])[0]
        if sent is None:
            return 403, (
                "Uploads need the CSRF token in the X-CSRF-Token header or the csrf query "
                "parameter. Reload the page and try again."
            )
    if sent is not None and not hmac.compare_digest(str(sess.csrf), str(sent)):
        return 403, (
            "The form expired or did not come from this site (wrong CSRF token). "
            "Reload the page and try again."
        )
    return None


async def _answer(scope: Any, send: Any, status: int, message: str) -> None:
    """An error answer in the app's shapes (JSON for /api/, a redirect or page otherwise)."""
    path = scope.get("path", "")
    extra: list[tuple[bytes, bytes]] = [(b"connection", b"close")]
    if path.startswith("/api/"):
        body = json.dumps({"ok": False, "error": message, "errors": {}, "status": status})
        ctype = b"application/json"
    elif status == 401:
        extra.append((b"location", b"/login"))
        status, body, ctype = 303, "", b"text/plain; charset=utf-8"
    else:
        from html import escape

        body = (
            f"<!doctype html><title>{status}</title><h1>Error ({status})</h1>"
            f"<p>{escape(message)}</p><p><a href='/'>undercount</a></p>"
        )
        ctype = b"text/html; charset=utf-8"
    data = body.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(data)).encode())]
            + extra,
        }
    )
    await send({"type": "http.response.body", "body": data})
