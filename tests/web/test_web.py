"""The web app: login, CSRF, rate limit, TOTP, records in Persian, documents, review, exports,
the API error shape, headers and escaping."""

from __future__ import annotations

import io
import re
import threading
import time

import pandas as pd
import pyotp
import pytest
from tests.web.conftest import PASSWORD, csrf_of

ERROR_KEYS = {"ok", "error", "errors", "status"}


def _form(c, **kw):
    return {"csrf": c.csrf, **kw}


# ---------------------------------------------------------------- API error shape


def test_api_error_shape_is_pinned(web, clients):
    anon = web.client()
    cases = [
        (anon.get("/api/records"), 401),
        (clients["viewer"].get("/api/records"), 403),
        (clients["admin"].get("/api/records/99999999"), 404),
        (
            clients["admin"].post(
                "/api/records", json={"name": "x"}, headers={"X-CSRF-Token": clients["admin"].csrf}
            ),
            422,
        ),
        (clients["admin"].post("/api/sources", json={"name": "no token"}), 403),
        (
            clients["admin"].post(
                "/api/records",
                json={"source_id": web.sources["NGO A"], "name": "Ali", "date": "31/31/2019"},
                headers={"X-CSRF-Token": clients["admin"].csrf},
            ),
            400,
        ),
    ]
    for resp, status in cases:
        body = resp.json()
        assert resp.status_code == status, body
        assert set(body) == ERROR_KEYS, body
        assert body["ok"] is False and body["status"] == status
        assert isinstance(body["error"], str) and body["error"]
        assert isinstance(body["errors"], dict | list)
    # Validation problems are reported by field.
    assert "source_id" in cases[3][0].json()["errors"]
    assert "date" in cases[5][0].json()["errors"]


# ---------------------------------------------------------------- login, CSRF, sessions


def test_login_wrong_password_and_csrf(web):
    c = web.client()
    r = c.post("/login", data=_form(c, name="admin", password="nope-nope-nope"))
    assert r.status_code == 401 and "Wrong name, password or two-factor code." in r.text
    r = c.post("/login", data={"name": "admin", "password": PASSWORD})
    assert r.status_code == 403  # no CSRF token
    r = c.post("/login", data=_form(c, name="admin", password=PASSWORD, next="//evil.example"))
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert "undercount_session" in r.headers["set-cookie"]
    assert "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    # Logging out ends the session.
    c.csrf = c.get("/api/me").json()["csrf"]
    assert c.post("/logout", data=_form(c)).status_code == 303
    assert c.get("/api/me").status_code == 401


def test_login_is_rate_limited(tmp_path):
    from tests.web.conftest import make_web

    w = make_web(tmp_path / "rl.duckdb", victims=10, estimates=False)
    c = w.client()
    codes = [
        c.post("/login", data=_form(c, name="viewer", password=f"wrong-{i}")).status_code
        for i in range(6)
    ]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    r = c.post("/login", data=_form(c, name="viewer", password=PASSWORD))
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    w.project.close()


def test_deactivated_user_loses_the_session(web):
    from undercount.store import users as U

    u = U.create_user(web.project, "temp_viewer", "viewer", PASSWORD)
    c = web.client(name="temp_viewer")
    assert c.get("/api/me").status_code == 200
    U.set_active(web.project, u.id, False)
    assert c.get("/api/me").status_code == 401


def test_totp_enrolment_and_login(web):
    from undercount.store import users as U

    U.create_user(web.project, "two_factor", "analyst", PASSWORD)
    c = web.client(name="two_factor")
    assert c.post("/account/totp/start", data=_form(c)).status_code == 303
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', c.get("/account").text)[1]
    bad = c.post("/account/totp/confirm", data=_form(c, code="000000"))
    assert bad.status_code == 400
    t0 = int(time.time())
    ok = c.post("/account/totp/confirm", data=_form(c, code=pyotp.TOTP(secret).at(t0)))
    assert ok.status_code == 303
    assert U.get_user(web.project, "two_factor").totp
    fresh = web.client()
    r = fresh.post("/login", data=_form(fresh, name="two_factor", password=PASSWORD))
    assert r.status_code == 401 and "Wrong name, password or two-factor code." in r.text
    # The code that confirmed enrolment is spent; the next one (still within the window) works.
    spent = pyotp.TOTP(secret).at(t0)
    r = fresh.post("/login", data=_form(fresh, name="two_factor", password=PASSWORD, code=spent))
    assert r.status_code == 401
    nxt = pyotp.TOTP(secret).at(t0 + 30)
    r = fresh.post("/login", data=_form(fresh, name="two_factor", password=PASSWORD, code=nxt))
    assert r.status_code == 303


# ---------------------------------------------------------------- headers, escaping


def test_security_headers_and_no_inline_script(clients):
    c = clients["admin"]
    for path in (
        "/records",
        "/sources",
        "/estimates",
        "/review",
        "/documents",
        "/audit",
        "/admin/users",
        "/account",
        "/export",
        "/api/docs",
        "/records/new",
    ):
        r = c.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", r.text)
        assert not inline, (path, inline)
        assert " on" not in re.sub(r"<[^>]*>", "", "") and not re.search(
            r"<[^>]+\son[a-z]+=", r.text
        ), path
        assert "cdn" not in r.text.lower() and "https://" not in re.sub(
            r"<code>.*?</code>", "", r.text
        ), path
    js = c.get("/static/app.js")
    assert (
        js.status_code == 200
        and "application/javascript" in js.headers["content-type"]
        or "text/javascript" in js.headers["content-type"]
    )


def test_everything_shown_is_escaped(web, clients):
    c = clients["admin"]
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    r = c.post(
        "/records",
        data=_form(c, source_id=str(web.sources["NGO A"]), name=evil, notes=evil, event=evil),
    )
    assert r.status_code == 303, r.text[:500]
    page = c.get(r.headers["location"]).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
    listing = c.get("/records").text
    assert "<img src=x" not in listing


# ---------------------------------------------------------------- records


def test_add_a_record_in_persian_through_the_normaliser(web, clients):
    c = clients["documenter"]
    r = c.post(
        "/records",
        data=_form(
            c,
            source_id=str(web.sources["NGO A"]),
            name="کاوه آهنگری",
            father_name="فریدون",
            sex="male",
            age="۲۳",
            date="۲۵ آبان ۱۳۹۸",
            place_text="ماهشهر",
            violation="killing",
        ),
    )
    assert r.status_code == 303, r.text[:800]
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    rec = c.get(f"/api/records/{rid}").json()["record"]
    assert rec["date"] == "2019-11-16" and rec["date_calendar"] == "jalali"
    assert rec["age"] == 23 and rec["name_script"] == "fa"
    assert rec["province"] == "Khuzestan" and rec["lat"] is not None
    assert rec["raw"]["name"] == "کاوه آهنگری"
    # Found by its Latin spelling, too.
    hits = c.get("/api/records", params={"q": "Ahangari"}).json()["rows"]
    assert rid in [h["id"] for h in hits]
    hits = c.get(
        "/api/records",
        params={
            "q": "آهنگری",
            "province": "Khuzestan",
            "date_from": "1398/08/20",
            "date_to": "2019-11-30",
        },
    ).json()["rows"]
    assert rid in [h["id"] for h in hits]
    # Audited, and the chain still verifies.
    log = web.project.audit_log(limit=5)
    assert "add_record" in set(log["action"])
    assert web.project.verify_audit().ok


def test_record_form_reports_invalid_values_by_field(web, clients):
    c = clients["admin"]
    r = c.post(
        "/records",
        data=_form(
            c,
            source_id=str(web.sources["NGO A"]),
            name="Ali Moradi",
            date="31/31/2019",
            age="two hundred",
        ),
    )
    assert r.status_code == 400
    assert 'aria-invalid="true"' in r.text and "date" in r.text and "age" in r.text
    assert 'value="Ali Moradi"' in r.text  # what was typed is kept


def test_edit_record_keeps_the_original_row_and_the_audit_chain(web, clients):
    c = clients["admin"]
    r = c.post(
        "/records",
        data=_form(c, source_id=str(web.sources["NGO B"]), name="Mehdi Kazemi", date="2019-11-16"),
    )
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    r = c.post(
        f"/records/{rid}", data=_form(c, name="Mehdi Kazemi", date="1398/08/26", city="Shiraz")
    )
    assert r.status_code == 303
    rec = c.get(f"/api/records/{rid}").json()["record"]
    assert rec["city"] == "Shiraz" and rec["province"] == "Fars"
    assert rec["date"] == "2019-11-17" and rec["raw"]["date"] == "2019-11-16"
    entry = web.project.audit_log(limit=1).iloc[0]
    assert entry["action"] == "edit_record" and "Kazemi" not in entry["details"]
    assert web.project.verify_audit().ok


def test_persian_interface_rtl_digits_and_jalali(web):
    from undercount.store import users as U

    U.create_user(web.project, "farsi", "analyst", PASSWORD)
    c = web.client(name="farsi")
    r = c.post("/account/preferences", data=_form(c, language="fa", calendar="jalali"))
    assert r.status_code == 303
    page = c.get("/records").text
    assert '<html lang="fa" dir="rtl">' in page
    assert "پرونده‌ها" in page
    assert re.search(r"۱۳۹۸/۰۸/[۰-۹]{2}", page), "Jalali dates with Persian digits"


def test_concurrent_requests_are_safe(clients):
    c = clients["analyst"]
    errors = []

    def hit(i):
        for path in ("/api/records?q=rezaei", f"/records/{i + 1}", "/records?page=2"):
            r = c.get(path)
            if r.status_code not in (200, 404):
                errors.append((path, r.status_code))

    threads = [threading.Thread(target=hit, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


# ---------------------------------------------------------------- documents, review, estimates


def test_upload_document_and_see_claims_highlighted(web, clients):
    c = clients["documenter"]
    text = (
        "Amnesty International said on 16 December 2019 that at least 304 people were "
        "killed in the November protests. <b>Reuters</b> reported about 1,500 deaths."
    )
    r = c.post(
        f"/documents?csrf={c.csrf}",
        data=_form(c, source_id=str(web.sources["NGO A"])),
        files={"file": ("statement.txt", text.encode(), "text/plain")},
    )
    assert r.status_code == 303, r.text[:500]
    page = c.get(r.headers["location"]).text
    assert '<mark id="claim-' in page and "304" in page
    assert "<b>Reuters</b>" not in page and "&lt;b&gt;Reuters" in page
    assert "statement.txt" in page


def test_review_a_pair(web, clients):
    c = clients["analyst"]
    page = c.get("/review").text
    m = re.search(
        r'name="record_id_l" value="(\d+)".*?name="record_id_r" value="(\d+)"', page, re.S
    )
    assert m, "the fixture queues pairs"
    r = c.post("/review", data=_form(c, record_id_l=m[1], record_id_r=m[2], decision="match"))
    assert r.status_code == 303
    d = web.project.con.execute(
        "SELECT decision, user_name FROM link_decisions ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert d == ("match", "analyst")


def test_estimates_page_shows_the_report_figures(web, clients):
    from undercount.report.html import report_context

    ctx = report_context(web.project, figures_on=False)
    page = clients["analyst"].get("/estimates").text
    h = ctx["headline"]
    assert f"{h['estimate']:,.0f}" in page and f"{h['low']:,.0f}" in page
    for name in ("headline", "overlap", "timeline", "map", "forest-0"):
        assert f"/figures/{name}.svg" in page
        svg = clients["viewer"].get(f"/figures/{name}.svg")
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg")
    # The viewer only ever gets the public version.
    assert "?public=1" in clients["viewer"].get("/estimates").text
    rep = clients["viewer"].get("/report.html?public=0").text
    assert "Public version" in rep
    names = {r[0] for r in web.project.con.execute("SELECT name FROM records").fetchall()}
    assert not [n for n in names if n and n in rep]


def test_run_an_estimate_from_the_web(web, clients):
    c = clients["analyst"]
    before = len(web.project.estimate_runs())
    r = c.post(
        "/api/estimates",
        json={"method": "loglinear", "by": ["sex"]},
        headers={"X-CSRF-Token": c.csrf},
    )
    assert r.status_code == 201, r.text
    assert len(web.project.estimate_runs()) > before
    assert c.get("/api/estimates").json()["stratified"]


# ---------------------------------------------------------------- exports


def test_exports_are_redacted_neutralised_and_audited(web, clients):
    a = clients["admin"]
    a.post(
        "/records",
        data=_form(
            a, source_id=str(web.sources["NGO A"]), name='=HYPERLINK("http://x")', notes="@SUM(A1)"
        ),
    )
    full = a.get("/export/records.csv")
    assert full.status_code == 200 and "attachment" in full.headers["content-disposition"]
    df = pd.read_csv(io.StringIO(full.content.decode("utf-8-sig")), dtype=str)
    assert "name" in df.columns and df["link"].str.contains("/records/").all()
    assert '\'=HYPERLINK("http://x")' in set(df["name"])
    assert "'@SUM(A1)" in set(df["notes"].dropna())
    assert not df.apply(lambda col: col.dropna().str.match(r"^[=+\-@]")).any().any()
    xlsx = a.get("/export/persons.xlsx")
    persons = pd.read_excel(io.BytesIO(xlsx.content))
    assert {"person_id", "canonical_name", "link"} <= set(persons.columns)
    redacted = clients["documenter"].get("/export/records.xlsx")
    rdf = pd.read_excel(io.BytesIO(redacted.content))
    assert not {"name", "given_name", "family_name", "father_name", "notes"} & set(rdf.columns)
    log = web.project.audit_log(limit=10)
    exports = log[log["action"] == "export"]
    assert len(exports) >= 3
    assert clients["viewer"].get("/export/records.csv").status_code == 403
    assert any('"redacted":true' in d.replace(" ", "") for d in exports["details"])


def test_cli_users_add_reads_the_password_from_the_environment(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from undercount.cli import app
    from undercount.store.project import Project
    from undercount.store.users import authenticate

    path = tmp_path / "p.duckdb"
    Project.create(path, user="tester").close()
    monkeypatch.setenv("UNDERCOUNT_PASSWORD", "a-long-enough-password")
    r = CliRunner().invoke(app, ["users", "add", str(path), "amina", "--role", "admin"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["users", "add", str(path), "b", "--role", "boss"])
    assert r.exit_code == 1 and "Unknown role" in r.output
    with Project.open(path) as p:
        assert authenticate(p, "amina", "a-long-enough-password").role == "admin"
        stored = p.con.execute("SELECT password_hash FROM users").fetchone()[0]
        assert stored.startswith("$argon2id$")
        assert p.audit_log(limit=1).iloc[0]["action"] == "add_user"


def test_serve_refuses_a_project_without_accounts(tmp_path):
    from typer.testing import CliRunner

    from undercount.cli import app
    from undercount.store.project import Project

    path = tmp_path / "p.duckdb"
    Project.create(path, user="tester").close()
    r = CliRunner().invoke(app, ["serve", str(path)])
    assert r.exit_code == 1 and "users add" in r.output


@pytest.mark.parametrize(
    "value,expected",
    [("=1+1", "'=1+1"), ("+x", "'+x"), ("-2", "'-2"), ("@a", "'@a"), ("ok", "ok"), (5, 5)],
)
def test_neutralise(value, expected):
    from undercount.report.exports import neutralise

    assert neutralise(value) == expected


def test_csrf_token_in_every_form(clients):
    c = clients["admin"]
    for path in (
        "/records/new",
        "/sources",
        "/documents",
        "/review",
        "/estimates",
        "/admin/users",
        "/account",
    ):
        html = c.get(path).text
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S):
            assert 'name="csrf"' in form, (path, form[:120])
        assert csrf_of(html)


def test_openapi_documents_the_api(web):
    anonymous = web.client()
    assert anonymous.get("/api/openapi.json").status_code == 401
    assert anonymous.get("/api/docs").status_code == 401
    c = web.client("viewer")
    spec = c.get("/api/openapi.json").json()
    for path in (
        "/api/records",
        "/api/records/{record_id}",
        "/api/documents",
        "/api/review",
        "/api/review/decisions",
        "/api/estimates",
        "/api/audit",
        "/api/users",
    ):
        assert path in spec["paths"], path
    assert not [p for p in spec["paths"] if not p.startswith("/api/")]
    page = c.get("/api/docs").text
    assert "/api/review/decisions" in page and "<script" not in page.replace(
        '<script src="/static/app.js" defer></script>', ""
    )


def test_internal_errors_keep_the_shape_and_log_no_data(web, clients, monkeypatch, caplog):
    from undercount.store import queries as Q

    def boom(*a, **k):
        raise RuntimeError("secret victim name Zahra Kazemi")

    monkeypatch.setattr(Q, "audit_entries", boom)
    r = clients["admin"].get("/api/audit")
    assert r.status_code == 500 and set(r.json()) == ERROR_KEYS
    assert "Zahra" not in r.text
    page = clients["admin"].get("/audit")
    assert page.status_code == 500 and "Zahra" not in page.text
    assert "content-security-policy" in page.headers
    assert "Zahra" not in caplog.text and "RuntimeError" in caplog.text


def test_admin_project_page_verifies_the_audit_log(clients):
    page = clients["admin"].get("/admin/project").text
    assert "verifies" in page and "Encrypted at rest" in page


def test_project_page_shows_the_latest_linkage_checks(web, clients):
    """The link warnings show on the project page, not only on the estimates page."""
    import json

    con = web.project.con
    run_id, metrics = con.execute(
        "SELECT id, metrics FROM link_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    warning = (
        "40 of 41 pair(s) of records from different lists that have the same name key "
        "and no conflicting age, sex, date or city are in different persons"
    )
    diag = {
        "fields": [],
        "obvious_pairs_apart": 40,
        "obvious_pairs_linked": 1,
        "overlap": [{"lists": ["NGO A", "NGO B"], "records": [10, 12], "persons_shared": 1}],
        "warnings": [warning],
    }
    try:
        con.execute("UPDATE link_runs SET metrics = NULL WHERE id = ?", [run_id])
        page = clients["admin"].get("/admin/project").text
        assert "No linkage run has stored its checks yet" in page
        con.execute(
            "UPDATE link_runs SET metrics = ? WHERE id = ?",
            [json.dumps({"diagnostics": diag}), run_id],
        )
        page = clients["admin"].get("/admin/project").text
        checks = page[page.index('id="linkage-checks"') :]
        assert "The latest linkage failed a check" in checks and warning in checks
        assert "40 of 41" in checks and "NGO A / NGO B" in checks
        diag["warnings"] = []
        con.execute(
            "UPDATE link_runs SET metrics = ? WHERE id = ?",
            [json.dumps({"diagnostics": diag}), run_id],
        )
        page = clients["admin"].get("/admin/project").text
        assert "passed its checks" in page and "failed a check" not in page
    finally:
        con.execute("UPDATE link_runs SET metrics = ? WHERE id = ?", [metrics, run_id])


def _follow_job(c, response, timeout=120):
    """Follow a background job's page until it has finished; return its last page."""
    import time

    assert response.status_code == 303, response.text[:300]
    url = response.headers["location"]
    assert url.startswith("/jobs/")
    deadline = time.monotonic() + timeout
    while True:
        page = c.get(url)
        assert page.status_code == 200, page.text[:300]
        if 'data-state="running"' not in page.text:
            return url, page
        assert 'http-equiv="refresh"' in page.text  # the page follows the job by itself
        assert time.monotonic() < deadline, "linkage job did not finish"
        time.sleep(0.2)


def test_linkage_runs_as_a_background_job(web, clients):
    """Run linkage returns at once with a page that follows the job; the result is stored and
    audited; the job's page is the starter's (and admins'), not other users'."""
    a = clients["analyst"]
    before = web.project.con.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'link'"
    ).fetchone()[0]
    url, page = _follow_job(a, a.post("/link", data={"csrf": a.csrf}))
    assert 'data-state="done"' in page.text
    persons = web.project.con.execute("SELECT count(*) FROM persons").fetchone()[0]
    assert persons > 0 and f"<b>{persons:,}</b>" in page.text
    assert 'href="/review"' in page.text
    after = web.project.con.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'link'"
    ).fetchone()[0]
    assert after == before + 1
    assert clients["admin"].get(url).status_code == 200
    assert clients["viewer"].get(url).status_code == 404
    assert a.get("/jobs/not-a-job").status_code == 404


def test_a_failed_linkage_job_says_why(web, clients, monkeypatch):
    from undercount.errors import UndercountError
    from undercount.store import queries as Q

    def refuse(project, user):
        raise UndercountError("Nothing to link: import at least two lists first.")

    monkeypatch.setattr(Q, "run_linkage", refuse)
    a = clients["analyst"]
    _, page = _follow_job(a, a.post("/link", data={"csrf": a.csrf}))
    assert 'data-state="failed"' in page.text
    assert "Nothing to link: import at least two lists first." in page.text


def test_estimates_run_as_a_background_job_after_a_check(web, clients):
    """The request is checked at once (a bad method or stratum: 400 on the page, nothing
    run); a good one is fitted in the background and stored, per stratum when asked."""
    a = clients["analyst"]
    runs = "SELECT count(*) FROM estimate_runs"
    before = web.project.con.execute(runs).fetchone()[0]
    bad = a.post("/estimates", data={"csrf": a.csrf, "method": "bogus"})
    assert bad.status_code == 400 and "Unknown method" in bad.text
    bad = a.post("/estimates", data={"csrf": a.csrf, "method": "loglinear", "by": "nope"})
    assert bad.status_code == 400 and "Cannot stratify by" in bad.text
    assert web.project.con.execute(runs).fetchone()[0] == before
    _, page = _follow_job(
        a, a.post("/estimates", data={"csrf": a.csrf, "method": "loglinear", "seed": "7"})
    )
    assert 'data-state="done"' in page.text and 'href="/estimates"' in page.text
    assert web.project.con.execute(runs).fetchone()[0] == before + 1
    assert ">1</b>" in page.text  # one run stored
    # 3+ lists: the hidden-group scenarios stand beside the headline it made (issue 14)
    from undercount.report.html import report_context

    h = report_context(web.project, figures_on=False)["headline"]
    est = a.get("/estimates").text
    assert h["sensitivity"] and 'id="sensitivity"' in est
    assert f"{h['sensitivity'][-1]['cells'][-1]['estimate']:,.0f}" in est
    # What only the fit can find (Chapman needs exactly two lists) shows on the job's page.
    _, page = _follow_job(a, a.post("/estimates", data={"csrf": a.csrf, "method": "chapman"}))
    assert 'data-state="failed"' in page.text and "Chapman" in page.text
    assert web.project.con.execute(runs).fetchone()[0] == before + 1


def test_records_page_shows_whole_ages(web, clients, tmp_path):
    """Ages are whole years on the records page, also when some records have none (was 7.0)."""
    p = tmp_path / "ages.csv"
    p.write_text("name,age\nKaveh Zamani,7\nDara Nouri,Unknown\n", encoding="utf-8")
    web.project.import_list(p, source="Ages")
    from undercount.store.queries import invalidate

    invalidate(web.project)
    c = clients["admin"]
    html = c.get("/records", params={"q": "Kaveh Zamani"}).text
    assert "Kaveh Zamani" in html
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert "7" in cells and "7.0" not in cells
    rows = c.get("/api/records", params={"q": "Kaveh Zamani"}).json()["rows"]
    assert rows[0]["age"] == 7 and isinstance(rows[0]["age"], int)


def test_record_page_shows_age_range_birth_year_and_other_names(web, clients, tmp_path):
    p = tmp_path / "shapes.csv"
    p.write_text(
        "name,name_fa,age\nKaveh (Kia) Zamani,کاوه زمانی,16/17\nDara Nouri,,1991\n",
        encoding="utf-8",
    )
    web.project.import_list(p, source="Shapes")
    ids = web.project.records("Shapes").sort_values("row_number")["id"].tolist()
    c = clients["admin"]
    html = c.get(f"/records/{ids[0]}").text
    assert "16–17" in html and "Kia Zamani" in html and "کاوه زمانی" in html
    html = c.get(f"/records/{ids[1]}").text
    assert "1991" in html
