"""Fixtures of the web tests: a synthetic project with one account per role, logged-in clients."""

from __future__ import annotations

import re
import warnings

import pytest
from tests.report.browser_support import browser  # noqa: F401
from tests.report.builder import build_project

with warnings.catch_warnings():
    # Starlette warns that its TestClient will move to httpx2; the client works as is.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct-horse-battery"
ROLES = ("admin", "analyst", "documenter", "viewer")


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF field in the page"
    return m.group(1)


class Web:
    """A project served by the app, with users per role and a client factory."""

    def __init__(self, project, app):
        self.project = project
        self.app = app
        self.users = {}

    def client(self, role: str | None = None, *, name: str | None = None) -> TestClient:
        c = TestClient(self.app, follow_redirects=False)
        c.csrf = csrf_of(c.get("/login").text)
        if role or name:
            who = name or role
            r = c.post(
                "/login", data={"name": who, "password": PASSWORD, "csrf": c.csrf, "next": "/"}
            )
            assert r.status_code == 303, r.text[:300]
            me = c.get("/api/me").json()
            c.csrf = me["csrf"]
            c.user = me["user"]
        return c


def make_web(path, **kw) -> Web:
    from undercount.store import users as U
    from undercount.web import create_app

    project = build_project(path, **kw)
    app = create_app(project, secret="test-secret-0123456789")
    web = Web(project, app)
    src = {s.name: s.id for s in (project.get_source(n) for n in ("NGO A", "NGO B", "NGO C"))}
    web.sources = src
    for role in ROLES:
        web.users[role] = U.create_user(project, role, role, PASSWORD)
    U.assign_sources(project, web.users["documenter"].id, [src["NGO A"]])
    web.users["documenter_b"] = U.create_user(project, "documenter_b", "documenter", PASSWORD)
    U.assign_sources(project, web.users["documenter_b"].id, [src["NGO B"]])
    return web


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    w = make_web(tmp_path_factory.mktemp("web") / "case.duckdb")
    yield w
    w.project.close()


@pytest.fixture(scope="module")
def clients(web):
    return {role: web.client(role) for role in ROLES}
