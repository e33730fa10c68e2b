"""Every route, as every role and as an anonymous visitor: the allowed/denied matrix."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from fastapi.routing import APIRoute
from tests.web.conftest import ROLES, make_web

A, N, D, V = "admin", "analyst", "documenter", "viewer"
ALL = {A, N, D, V}
PUBLIC = "public"  # also allowed without logging in

# (method, path) -> roles allowed. Anything not listed here fails the test, so a new route
# must be added to the matrix.
MATRIX: dict[tuple[str, str], set[str] | str] = {
    ("GET", "/"): ALL,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/lang/{lang}"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/api/docs"): ALL,
    ("GET", "/api/openapi.json"): ALL,
    ("GET", "/account"): ALL,
    ("POST", "/account/preferences"): ALL,
    ("POST", "/account/password"): ALL,
    ("POST", "/account/totp/start"): ALL,
    ("POST", "/account/totp/confirm"): ALL,
    ("POST", "/account/totp/disable"): ALL,
    ("GET", "/sources"): ALL,
    ("POST", "/sources"): {A, D},
    ("GET", "/records"): {A, N, D},
    ("GET", "/records/new"): {A, D},
    ("POST", "/records"): {A, D},
    ("GET", "/records/{record_id}"): {A, N, D},
    ("GET", "/records/{record_id}/edit"): {A, D},
    ("POST", "/records/{record_id}"): {A, D},
    ("GET", "/places"): {A, N, D},
    ("GET", "/export"): {A, N, D},
    ("GET", "/export/{what}.{fmt}"): {A, N, D},
    ("GET", "/documents"): {A, N, D},
    ("POST", "/documents"): {A, D},
    ("GET", "/documents/{doc_id}"): {A, N, D},
    ("GET", "/review"): {A, N},
    ("POST", "/review"): {A, N},
    ("POST", "/link"): {A, N},
    ("GET", "/jobs/{job_id}"): ALL,  # a job's page: its starter's and admins' (404 to others)
    ("GET", "/estimates"): ALL,
    ("POST", "/estimates"): {A, N},
    ("GET", "/figures/{name}.svg"): ALL,
    ("GET", "/report.html"): ALL,
    ("GET", "/audit"): {A, N},
    ("GET", "/admin/users"): {A},
    ("GET", "/admin/project"): {A},
    ("POST", "/admin/users"): {A},
    ("POST", "/admin/users/{user_id}"): {A},
    ("GET", "/api/me"): ALL,
    ("GET", "/api/sources"): ALL,
    ("POST", "/api/sources"): {A, D},
    ("GET", "/api/records"): {A, N, D},
    ("POST", "/api/records"): {A, D},
    ("GET", "/api/records/{record_id}"): {A, N, D},
    ("PUT", "/api/records/{record_id}"): {A, D},
    ("GET", "/api/places"): {A, N, D},
    ("GET", "/api/documents"): {A, N, D},
    ("POST", "/api/documents"): {A, D},
    ("GET", "/api/documents/{doc_id}"): {A, N, D},
    ("GET", "/api/review"): {A, N},
    ("POST", "/api/review/decisions"): {A, N},
    ("POST", "/api/backup"): {A},
    ("GET", "/api/estimates"): ALL,
    ("POST", "/api/estimates"): {A, N},
    ("GET", "/api/audit"): {A, N},
    ("GET", "/api/users"): {A},
    ("POST", "/api/users"): {A},
    ("GET", "/api/export/{what}.{fmt}"): {A, N, D},
}
SKIP_WALK = {("POST", "/login"), ("POST", "/logout")}  # covered by the login tests


@pytest.fixture(scope="module")
def mweb(tmp_path_factory):
    w = make_web(tmp_path_factory.mktemp("matrix") / "case.duckdb", victims=80)
    # Linkage itself is tested elsewhere; here only who may start it matters.
    w.project.link = lambda **kw: pd.DataFrame()
    yield w
    w.project.close()


def _ids(w) -> dict[str, str]:
    from undercount.store import queries as Q
    from undercount.store.users import get_user

    admin = get_user(w.project, "admin")
    rec = w.project.con.execute(
        "SELECT min(id) FROM records WHERE source_id = ?", [w.sources["NGO A"]]
    ).fetchone()[0]
    w.project.con.execute("CHECKPOINT")
    doc_id = Q.upload_document(
        w.project,
        admin,
        w.sources["NGO A"],
        "seed.txt",
        b"Amnesty International said at least 12 people were killed.",
    )
    return {
        "record_id": str(rec),
        "doc_id": str(doc_id),
        "user_id": str(w.users["viewer"].id),
        "lang": "fa",
        "what": "records",
        "fmt": "csv",
        "name": "headline",
        "job_id": "no-such-job",
    }


def _request(c, method: str, path: str, role: str, n: int, w) -> object:
    """One call with inputs that reach the permission check (and fail harmlessly after it)."""
    h = {"X-CSRF-Token": c.csrf}
    form = {"csrf": c.csrf}
    src = str(w.sources["NGO A"])
    if method == "GET":
        return c.get(path)
    if path == "/sources":
        return c.post(path, data={**form, "name": f"src {role} {n}"})
    if path == "/records" or path.startswith("/records/"):
        return c.post(path, data={**form, "source_id": src, "name": ""})
    if path == "/documents":
        return c.post(
            f"{path}?csrf={c.csrf}",
            data={**form, "source_id": src},
            files={"file": (f"{role}{n}.txt", f"doc {role} {n}: 3 killed".encode(), "text/plain")},
        )
    if path == "/review":
        return c.post(
            path, data={**form, "record_id_l": "1", "record_id_r": "2", "decision": "bogus"}
        )
    if path == "/link":
        return c.post(path, data=form)
    if path == "/estimates":
        return c.post(path, data={**form, "method": "bogus"})
    if path == "/admin/users":
        return c.post(path, data={**form, "name": f"u{n}", "role": "bogus", "password": "short"})
    if path.startswith("/admin/users/"):
        return c.post(path, data={**form, "action": "bogus"})
    if path == "/account/preferences":
        return c.post(path, data={**form, "language": "en", "calendar": "gregorian"})
    if path == "/account/password":
        return c.post(path, data={**form, "current": "wrong-password", "new": "x" * 12})
    if path == "/account/totp/confirm":
        return c.post(path, data={**form, "code": "000000"})
    if path.startswith("/account/"):
        return c.post(path, data=form)
    if path == "/api/sources":
        return c.post(path, json={"name": f"api src {role} {n}"}, headers=h)
    if path == "/api/records":
        return c.post(path, json={"source_id": int(src), "name": ""}, headers=h)
    if path.startswith("/api/records/"):
        return c.put(path, json={"name": ""}, headers=h)
    if path == "/api/documents":
        return c.post(
            path,
            data={"source_id": src},
            headers=h,
            files={
                "file": (f"api{role}{n}.txt", f"api {role} {n}: 4 killed".encode(), "text/plain")
            },
        )
    if path == "/api/review/decisions":
        return c.post(
            path, json={"record_id_l": 1, "record_id_r": 2, "decision": "bogus"}, headers=h
        )
    if path == "/api/estimates":
        return c.post(path, json={"method": "bogus"}, headers=h)
    if path == "/api/backup":
        return c.post(path, headers=h)
    if path == "/api/users":
        return c.post(
            path, json={"name": f"apiu{n}", "role": "bogus", "password": "short"}, headers=h
        )
    raise AssertionError(f"no request recipe for {method} {path}")


def _walk(routes) -> set[tuple[str, str]]:
    """(method, path) of every route, looking into included routers (any FastAPI version)."""
    out: set[tuple[str, str]] = set()
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            out |= _walk(inner.routes)
        elif isinstance(r, APIRoute) or getattr(r, "methods", None):
            out |= {(m, r.path) for m in r.methods if m != "HEAD"}
    return out


def test_every_route_is_in_the_matrix(mweb):
    routes = _walk(mweb.app.routes)
    assert len(routes) > 40
    missing = routes - set(MATRIX)
    stale = set(MATRIX) - routes
    assert not missing, f"routes without an expected permission: {sorted(missing)}"
    assert not stale, f"matrix entries without a route: {sorted(stale)}"


@pytest.mark.parametrize("who", [*ROLES, None])
def test_route_matrix(mweb, who):
    ids = _ids(mweb)
    c = mweb.client(who)
    problems = []
    for n, ((method, template), allowed) in enumerate(sorted(MATRIX.items())):
        if (method, template) in SKIP_WALK:
            continue
        path = template.format(**ids)
        r = _request(c, method, path, who or "anon", n, mweb)
        ok = allowed == PUBLIC or (who is not None and who in allowed)
        status = r.status_code
        if status >= 500:
            problems.append(f"{method} {path}: {status} (server error)")
        elif ok and status in (401, 403):
            problems.append(f"{method} {path}: {status}, expected allowed for {who}")
        elif not ok:
            if who is None:
                api = path.startswith("/api/")
                want_ok = (
                    (status == 401)
                    if api
                    else (status == 303 and r.headers["location"].startswith("/login"))
                )
                if not want_ok:
                    problems.append(f"{method} {path}: {status}, expected login for anonymous")
            elif status != 403:
                problems.append(f"{method} {path}: {status}, expected 403 for {who}")
    assert not problems, "\n".join(problems)


def test_documenters_see_only_assigned_sources(web):
    a_id, b_id = web.sources["NGO A"], web.sources["NGO B"]
    con = web.project.con
    rec_a = con.execute("SELECT min(id) FROM records WHERE source_id = ?", [a_id]).fetchone()[0]
    rec_b = con.execute("SELECT min(id) FROM records WHERE source_id = ?", [b_id]).fetchone()[0]
    doc_a = web.client("documenter")
    doc_b = web.client(name="documenter_b")
    assert doc_a.get(f"/records/{rec_a}").status_code == 200
    assert doc_a.get(f"/records/{rec_b}").status_code == 404
    assert doc_b.get(f"/records/{rec_a}").status_code == 404
    assert doc_b.get(f"/api/records/{rec_b}").status_code == 200
    rows = doc_a.get("/api/records?page_size=500").json()["rows"]
    assert rows and {r["source_id"] for r in rows} == {a_id}
    assert {s["id"] for s in doc_a.get("/api/sources").json()["sources"]} == {a_id}
    # The linked records of another source stay hidden too.
    linked = doc_a.get(f"/api/records/{rec_a}").json()["record"]["linked"]
    assert all(x["source"] == "NGO A" for x in linked)
    # Writing into a source not assigned is refused.
    r = doc_a.post(
        "/api/records",
        json={"source_id": b_id, "name": "Ali Karimi"},
        headers={"X-CSRF-Token": doc_a.csrf},
    )
    assert r.status_code == 403
    # An export holds only the assigned source, redacted.
    csv = doc_a.get("/export/records.csv").content.decode("utf-8-sig")
    df = pd.read_csv(io.StringIO(csv))
    assert set(df["source"]) == {"NGO A"} and "name" not in df.columns
