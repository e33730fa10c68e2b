"""What every route shares: the project, the signed-in user, CSRF checks and page rendering.

No decisions about data live here: permissions come from :mod:`undercount.store.users`,
data from :mod:`undercount.store.queries`.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from undercount.errors import UndercountError
from undercount.store import queries as Q
from undercount.store.users import PERMISSIONS, User, can, get_user, session_stamp
from undercount.store.users import version as users_version
from undercount.web import i18n
from undercount.web.sessions import Session

HERE = Path(__file__).parent
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(UndercountError):
    """No signed-in user (pages redirect to /login, the API answers 401)."""


class CSRFError(UndercountError):
    """A form or API call came without the session's CSRF token."""


def project_of(request: Request) -> Any:
    return request.app.state.project


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def server_session(request: Request) -> Session | None:
    """The server-side session of the request's cookie (None when signed out or ended)."""
    return request.app.state.sessions.get(request.session.get("sid"))  # type: ignore[no-any-return]


def start_session(request: Request, user: User) -> Session:
    """Sign ``user`` in: a fresh session id (never the one sent before login)."""
    project = project_of(request)
    old = request.session.get("sid")
    request.app.state.sessions.drop(old)
    lang = request.session.get("lang")
    request.session.clear()
    stamp = session_stamp(project, user.id, con=Q.cursor(project)) or ""
    sid, sess = request.app.state.sessions.new(user.id, stamp)
    request.session["sid"] = sid
    if lang:
        request.session["lang"] = lang
    request.state.uc_user = user
    return sess


def end_session(request: Request) -> None:
    request.app.state.sessions.drop(request.session.get("sid"))
    request.session.clear()
    request.state.uc_user = None


def renew_stamp(request: Request, user: User) -> None:
    """After the user changed their own password or 2FA: keep this session, end the others."""
    project = project_of(request)
    sess = server_session(request)
    request.app.state.sessions.drop_user(user.id, keep=request.session.get("sid"))
    request.app.state.user_cache.pop(user.id, None)
    if sess is not None:
        sess.stamp = session_stamp(project, user.id, con=Q.cursor(project)) or ""


def session_user(request: Request) -> User | None:
    """The signed-in, active user (looked up once per request), or None.

    The session must exist on the server and carry the account's current stamp: a password
    change, an admin reset, a 2FA change or deactivation ends every session granted before.
    """
    if "uc_user" in request.state._state:
        return request.state.uc_user  # type: ignore[no-any-return]
    user = None
    sess = server_session(request)
    if sess is not None:
        project = project_of(request)
        cache: dict = request.app.state.user_cache
        ver = users_version()
        hit = cache.get(sess.uid)
        if hit is not None and hit[0] == ver:
            user, stamp = hit[1], hit[2]
        else:
            con = Q.cursor(project)
            user = get_user(project, sess.uid, con=con)
            stamp = session_stamp(project, sess.uid, con=con)
            cache[sess.uid] = (ver, user, stamp)
        if user is None or not user.active or stamp != sess.stamp:
            request.app.state.sessions.drop(request.session.get("sid"))
            user = None
    request.state.uc_user = user
    return user


async def current_user(request: Request) -> User:
    """Dependency: the signed-in user, else LoginRequired."""
    user = session_user(request)
    if user is None:
        raise LoginRequired("Log in first.")
    return user


def csrf_token(request: Request) -> str:
    """The CSRF token: the server session's when signed in, else one kept in the cookie (a
    token for the login form, no secret of the server)."""
    sess = server_session(request)
    if sess is not None:
        return sess.csrf
    tok = request.session.get("csrf")
    if not isinstance(tok, str) or len(tok) < 20:
        tok = secrets.token_urlsafe(32)
        request.session["csrf"] = tok
    return tok


async def csrf_protect(request: Request) -> None:
    """Dependency on every router: unsafe methods need the session's token.

    Forms send it in the field ``csrf`` (upload forms in the query, ``?csrf=``); API clients
    in the header ``X-CSRF-Token`` (read it from ``GET /api/me``).
    """
    if request.method not in UNSAFE:
        return
    sess = server_session(request)
    expected = sess.csrf if sess is not None else request.session.get("csrf")
    # Uploads carry it in the query (checked before the body is read, web/guard.py).
    sent = request.headers.get("x-csrf-token") or request.query_params.get("csrf")
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf")
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), str(sent)):
        raise CSRFError(
            "The form expired or did not come from this site (missing CSRF "
            "token). Reload the page and try again."
        )


def lang_of(request: Request, user: User | None) -> str:
    if user is not None:
        return user.language
    lang = request.session.get("lang")
    return lang if lang in i18n.LANGUAGES else "en"


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Filters (compiled to direct calls, cheaper than context functions in long tables).
    env.filters["tr"] = i18n.translate
    env.filters["dg"] = i18n.digits
    env.filters["nm"] = i18n.fmt_num
    env.filters["dt"] = lambda d, lang, cal, precision="day": i18n.fmt_date(d, lang, cal, precision)
    return env


ENV = _env()


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """Render a page with the user, language, calendar and CSRF token in scope."""
    user = session_user(request)
    lang = lang_of(request, user)
    cal = user.calendar if user else ("jalali" if lang == "fa" else "gregorian")
    base = {
        "request": request,
        "user": user,
        "lang": lang,
        "dir": "rtl" if lang in i18n.RTL else "ltr",
        "calendar": cal,
        "csrf": csrf_token(request),
        "t": lambda s: i18n.translate(s, lang),
        "num": lambda v: i18n.fmt_num(v, lang),
        "digits": lambda v: i18n.digits(v, lang),
        "date": lambda d, p="day": i18n.fmt_date(d, lang, cal, p),
        "can": lambda action: can(user, action),
        "permissions": PERMISSIONS,
        "path": request.url.path,
        "languages": i18n.LANGUAGES,
    }
    base.update(ctx)
    html = ENV.get_template(template).render(**base)
    return HTMLResponse(html, status_code=status)


def page_url(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters replaced (for paging links)."""
    params = dict(request.query_params)
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    from urllib.parse import urlencode

    return request.url.path + ("?" + urlencode(params) if params else "")


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def export_response(request: Request, user: User, what: str, fmt: str, *, redacted: bool) -> Any:
    """The download of an export (redacted unless the role allows full export; logged)."""
    from fastapi.responses import Response

    from undercount.report import exports

    data, filename, media = exports.export(
        project_of(request),
        user,
        what,
        fmt,
        base_url=base_url(request),
        full=False if redacted else None,
    )
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
