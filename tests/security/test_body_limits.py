"""Request bodies: checked before they are read, capped, and never spooled in plaintext
(issue 17, findings 6 and 7)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from tests.security.conftest import PASS
from tests.web.conftest import PASSWORD, make_web

GIB2 = 2 * 1024**3


class Body:
    """A lazily produced request body: counts how much the app asked for."""

    def __init__(self, total: int, chunk: int = 1024**2, prefix: bytes = b"") -> None:
        self.total, self.chunk, self.read, self.prefix = total, chunk, 0, prefix

    async def receive(self):
        n = min(self.chunk, self.total - self.read)
        data = (self.prefix if self.read == 0 else b"") + b"x" * n
        self.read += n
        return {"type": "http.request", "body": data, "more_body": self.read < self.total}


def call(app, method, path, body: Body, headers=(), cookie: str | None = None, query=b""):
    """One raw ASGI request; returns (status, response headers)."""
    hs = [(k.encode(), v.encode()) for k, v in headers]
    if cookie:
        hs.append((b"cookie", f"undercount_session={cookie}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": hs,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    out: dict = {}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = dict(message["headers"])

    asyncio.run(app(scope, body.receive, send))
    return out["status"], out["headers"]


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    w = make_web(tmp_path_factory.mktemp("body") / "case.duckdb", victims=20, estimates=False)
    yield w
    w.project.close()


MULTIPART = ("content-type", "multipart/form-data; boundary=xyz")


def test_anonymous_2gib_upload_is_refused_before_reading(web):
    for declared in (True, False):
        body = Body(GIB2)
        headers = [MULTIPART] + ([("content-length", str(GIB2))] if declared else [])
        status, _ = call(web.app, "POST", "/documents", body, headers)
        assert status in (303, 401, 413)
        assert body.read == 0, f"{body.read} bytes read (declared length: {declared})"
        body = Body(GIB2)
        status, _ = call(web.app, "POST", "/api/documents", body, headers)
        assert status in (401, 413) and body.read == 0


def test_signed_in_upload_without_token_is_refused_before_reading(web):
    c = web.client("documenter")
    cookie = c.cookies.get("undercount_session")
    body = Body(GIB2)
    status, _ = call(web.app, "POST", "/documents", body, [MULTIPART], cookie=cookie)
    assert status == 403 and body.read == 0
    body = Body(10 * 1024**2)
    status, _ = call(
        web.app, "POST", "/documents", body, [MULTIPART, ("x-csrf-token", "forged" * 8)], cookie
    )
    assert status == 403 and body.read == 0


def test_every_route_caps_the_body(web):
    from undercount.web.guard import BODY_CAP, UPLOAD_CAP

    c = web.client("admin")
    cookie = c.cookies.get("undercount_session")
    tok = [("x-csrf-token", c.csrf)]
    # A declared length over the cap: refused unread.
    body = Body(UPLOAD_CAP + 1)
    headers = [MULTIPART, ("content-length", str(UPLOAD_CAP + 1)), *tok]
    status, _ = call(web.app, "POST", "/api/documents", body, headers, cookie)
    assert status == 413 and body.read == 0
    body = Body(BODY_CAP + 1)
    headers = [("content-type", "application/json"), ("content-length", str(BODY_CAP + 1)), *tok]
    assert call(web.app, "POST", "/api/records", body, headers, cookie)[0] == 413
    assert body.read == 0
    body = Body(GIB2)
    status, _ = call(web.app, "POST", "/login", body, [("content-length", str(GIB2))])
    assert status == 413 and body.read == 0
    # No declared length (chunked): read only up to the cap, then refused.
    for path, ctype in (
        ("/api/records", "application/json"),
        ("/records", "application/x-www-form-urlencoded"),
        ("/api/documents", "multipart/form-data; boundary=xyz"),
    ):
        prefix = (
            b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n"
            if ctype.startswith("multipart/")
            else b""
        )
        body = Body(GIB2, chunk=256 * 1024, prefix=prefix)
        status, _ = call(web.app, "POST", path, body, [("content-type", ctype), *tok], cookie)
        cap = UPLOAD_CAP if path.endswith("documents") else BODY_CAP
        assert status == 413, (path, status)
        assert body.read <= cap + 256 * 1024, (path, body.read)


def test_encrypted_upload_never_reaches_a_temporary_file(tmp_path, monkeypatch):
    """A 3 MB upload (over Starlette's 1 MB spool) to an encrypted project leaves no file in
    the temporary folder, and its text is not in any file there."""
    from undercount.store import users as U
    from undercount.store.project import Project
    from undercount.web import create_app

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setenv("TMPDIR", str(tmp))
    db = tmp_path / "enc.duckdb"
    project = Project.create(db, encrypt=True, key=PASS, user="tester")
    src = project.ensure_source("NGO A", kind="ngo_list", reliability="B")
    U.create_user(project, "doc", "documenter", PASSWORD)
    U.assign_sources(project, U.get_user(project, "doc").id, [src.id])
    from tests.web.conftest import Web

    web = Web(project, create_app(project, secret="s" * 32))
    c = web.client(name="doc")
    marker = "Zhinous Farahmandpour was killed in Mahshahr."
    text = (marker + " ") * (3 * 1024**2 // len(marker))
    seen: list[str] = []

    def watching(name):
        real = getattr(tempfile, name)

        def watch(*a, **kw):
            seen.append(name)
            return real(*a, **kw)

        monkeypatch.setattr(tempfile, name, watch)

    # Every way to a temporary file (SpooledTemporaryFile rolls over into TemporaryFile,
    # which on Linux has no name in the folder).
    for name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
        watching(name)
    r = c.post(
        "/api/documents",
        data={"source_id": str(src.id)},
        files={"file": ("statement.txt", text.encode(), "text/plain")},
        headers={"X-CSRF-Token": c.csrf},
    )
    assert r.status_code in (201, 400), r.text[:300]
    leftovers = [p for p in Path(tmp).rglob("*") if p.is_file()]
    assert not seen, f"temporary files were created: {seen}"
    assert not leftovers, leftovers
    project.close()


def test_upload_names_that_were_500s(web):
    c = web.client("documenter")
    src = str(web.sources["NGO A"])
    for i, name in enumerate(["..", "ن" * 200 + ".txt", "a" * 300 + ".txt", "../../etc/x"]):
        r = c.post(
            "/api/documents",
            data={"source_id": src},
            files={"file": (name, f"Report {i}: 3 people were killed.".encode(), "text/plain")},
            headers={"X-CSRF-Token": c.csrf},
        )
        assert r.status_code in (201, 400), (name[:20], r.status_code, r.text[:200])
        if r.status_code == 201:
            doc = c.get(f"/api/documents/{r.json()['id']}").json()["document"]
            assert "/" not in doc["filename"] and len(doc["filename"]) <= 200


def test_upload_with_the_token_only_in_the_query(web):
    """The token checked before the body is read is enough (no csrf field in the body)."""
    c = web.client("documenter")
    r = c.post(
        f"/api/documents?csrf={c.csrf}",
        data={"source_id": str(web.sources["NGO A"])},
        files={"file": ("q.txt", b"Query token report: 2 people were killed.", "text/plain")},
    )
    assert r.status_code == 201, r.text[:300]
