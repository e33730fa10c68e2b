"""Sessions end when they should; logins resist replay, guessing and lock-out (issue 17,
findings 5 and 8)."""

from __future__ import annotations

import base64
import json
import re
import time

import pyotp
import pytest
from tests.web.conftest import PASSWORD, make_web

NEW_PASSWORD = "another-long-password-1"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    w = make_web(tmp_path_factory.mktemp("sessions") / "case.duckdb", victims=30, estimates=False)
    yield w
    w.project.close()


def _form(c, **kw):
    return {"csrf": c.csrf, **kw}


def _copy(web, c):
    """A second client holding a copy of ``c``'s cookie (what a thief would keep)."""
    thief = web.client()
    thief.cookies.set("undercount_session", c.cookies.get("undercount_session"))
    return thief


def _user(web, name, role="analyst"):
    from undercount.store import users as U

    return U.create_user(web.project, name, role, PASSWORD)


def test_logout_ends_a_copied_cookie(web):
    _user(web, "s_logout")
    c = web.client(name="s_logout")
    thief = _copy(web, c)
    assert thief.get("/api/me").status_code == 200
    assert c.post("/logout", data=_form(c)).status_code == 303
    assert thief.get("/api/me").status_code == 401


def test_own_password_change_ends_every_other_session(web):
    _user(web, "s_pw")
    c = web.client(name="s_pw")
    other = web.client(name="s_pw")
    thief = _copy(web, c)
    r = c.post("/account/password", data=_form(c, current=PASSWORD, new=NEW_PASSWORD))
    assert r.status_code == 200 and "Password changed" in r.text
    assert c.get("/api/me").status_code == 200  # the session that changed it stays
    assert other.get("/api/me").status_code == 401
    assert thief.get("/api/me").status_code == 200  # same session id as c: c's own session
    assert c.post("/logout", data=_form(c)).status_code == 303
    assert thief.get("/api/me").status_code == 401


def test_admin_reset_ends_the_users_sessions(web):
    u = _user(web, "s_reset")
    c = web.client(name="s_reset")
    thief = _copy(web, c)
    admin = web.client("admin")
    r = admin.post(
        f"/admin/users/{u.id}", data=_form(admin, action="password", password="reset-by-admin-000")
    )
    assert r.status_code in (200, 303), r.text[:300]
    assert c.get("/api/me").status_code == 401
    assert thief.get("/api/me").status_code == 401


def _cookie_payload(c) -> bytes:
    raw = c.cookies.get("undercount_session")
    data = raw.split(".")[0]
    return base64.b64decode(data + "=" * (-len(data) % 4))


def test_no_secret_in_the_cookie(web):
    _user(web, "s_cookie")
    c = web.client(name="s_cookie")
    assert c.post("/account/totp/start", data=_form(c)).status_code == 303
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', c.get("/account").text)[1]
    payload = _cookie_payload(c)
    assert secret.encode() not in payload
    assert set(json.loads(payload)) <= {"sid", "lang", "csrf"}, payload


def _enrol(web, name):
    _user(web, name)
    c = web.client(name=name)
    c.post("/account/totp/start", data=_form(c))
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', c.get("/account").text)[1]
    t0 = int(time.time())
    assert (
        c.post("/account/totp/confirm", data=_form(c, code=pyotp.TOTP(secret).at(t0))).status_code
        == 303
    )
    return c, secret, t0


def test_totp_codes_are_single_use(web):
    _, secret, t0 = _enrol(web, "s_totp")
    code = pyotp.TOTP(secret).at(t0 + 30)
    results = []
    for _ in range(3):
        f = web.client()
        r = f.post("/login", data=_form(f, name="s_totp", password=PASSWORD, code=code))
        results.append(r.status_code)
    assert results == [303, 401, 401]
    # An older code (the previous window) is refused once a newer one was used.
    f = web.client()
    old = pyotp.TOTP(secret).at(t0)
    assert (
        f.post("/login", data=_form(f, name="s_totp", password=PASSWORD, code=old)).status_code
        == 401
    )


def test_every_failed_login_says_the_same(web):
    _enrol(web, "s_same")
    texts = set()
    for form in (
        {"name": "s_same", "password": "wrong-password-xx"},
        {"name": "s_same", "password": PASSWORD},  # right password, no code
        {"name": "s_same", "password": PASSWORD, "code": "123456"},
        {"name": "nobody-at-all", "password": "wrong-password-xx"},
    ):
        f = web.client()
        r = f.post("/login", data=_form(f, **form))
        assert r.status_code == 401
        texts.add(re.search(r'<p class="error" role="alert">([^<]*)</p>', r.text)[1])
    assert len(texts) == 1, texts


def test_disabling_2fa_needs_the_password(web):
    from undercount.store import users as U

    c, _, _ = _enrol(web, "s_disable")
    r = c.post("/account/totp/disable", data=_form(c))
    assert r.status_code == 400
    r = c.post("/account/totp/disable", data=_form(c, current="not-my-password"))
    assert r.status_code == 400
    assert U.get_user(web.project, "s_disable").totp
    r = c.post("/account/totp/disable", data=_form(c, current=PASSWORD))
    assert r.status_code == 303
    assert not U.get_user(web.project, "s_disable").totp


def test_current_password_check_is_rate_limited(web):
    _user(web, "s_guess")
    c = web.client(name="s_guess")
    codes = [
        c.post(
            "/account/password", data=_form(c, current=f"guess-{i}-xxxxx", new=NEW_PASSWORD)
        ).status_code
        for i in range(6)
    ]
    assert codes[:5] == [400] * 5 and codes[5] == 429


def test_forwarded_for_does_not_reset_the_limit(tmp_path):
    w = make_web(tmp_path / "xff.duckdb", victims=10, estimates=False)
    c = w.client()
    codes = [
        c.post(
            "/login",
            data=_form(c, name="viewer", password=f"wrong-{i}"),
            headers={"X-Forwarded-For": f"10.0.0.{i}"},
        ).status_code
        for i in range(7)
    ]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    w.project.close()


def test_a_flood_from_elsewhere_does_not_lock_the_real_user_out():
    from undercount.web.auth import LoginLimiter, RateLimited

    lim = LoginLimiter(5, 300, account_limit=50, account_window=3600)
    lim.succeed("192.0.2.10", "alice")  # alice signed in from her usual address
    for i in range(200):  # an attacker spreads wrong passwords over many addresses
        ip = f"198.51.100.{i % 40}"
        try:
            lim.check(ip, "alice")
        except RateLimited:
            continue
        lim.fail(ip, "alice")
    lim.check("192.0.2.10", "alice")  # alice still gets in from her address
    with pytest.raises(RateLimited):
        lim.check("203.0.113.7", "alice")  # a new address meets the account limit
    with pytest.raises(RateLimited):
        lim.check("198.51.100.3", "alice")  # and each attacking address its own limit


def test_failed_logins_are_audited_without_what_was_typed(web):
    before = web.project.con.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'login_failed'"
    ).fetchone()[0]
    f = web.client()
    f.post("/login", data=_form(f, name="viewer", password="wrong-password-yy"))
    f.post("/login", data=_form(f, name="Typed Victim Name", password="wrong-password-yy"))
    rows = web.project.con.execute(
        "SELECT entity_id, details FROM audit_log WHERE action = 'login_failed' ORDER BY seq"
    ).fetchall()
    assert len(rows) == before + 2
    assert str(rows[-2][0]) == str(web.users["viewer"].id)
    assert rows[-1][0] is None
    assert "Typed Victim Name" not in str(rows) and "wrong-password" not in str(rows)
