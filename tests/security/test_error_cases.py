"""The 500s and dead ends of issue 17, finding 9, each now a clear answer."""

from __future__ import annotations

import io
import threading

import pytest
from tests.web.conftest import PASSWORD, make_web


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    w = make_web(tmp_path_factory.mktemp("errors") / "case.duckdb", victims=30, estimates=False)
    yield w
    w.project.close()


def test_xlsx_export_with_a_control_character(web):
    from openpyxl import load_workbook

    doc = web.client("documenter")
    r = doc.post(
        "/api/records",
        json={"source_id": web.sources["NGO A"], "name": "Ctrl\u0001Name Synthetic", "age": "30"},
        headers={"X-CSRF-Token": doc.csrf},
    )
    assert r.status_code == 201, r.text[:300]
    for who in ("admin", "documenter"):
        resp = web.client(who).get("/export/records.xlsx")
        assert resp.status_code == 200, (who, resp.status_code, resp.text[:200])
        wb = load_workbook(io.BytesIO(resp.content))
        values = [c for row in wb.active.iter_rows(values_only=True) for c in row]
        if who == "admin":
            assert "Ctrl\\x01Name Synthetic" in values


@pytest.mark.parametrize(
    "path",
    [
        "/api/audit?page=99999999999999999999",
        "/audit?page=99999999999999999999",
        "/api/records?page=99999999999999999999",
        "/records?page=99999999999999999999",
        "/api/records?page_size=99999999999999999999",
    ],
)
def test_huge_page_numbers_are_a_clear_4xx(web, path):
    r = web.client("admin").get(path)
    assert r.status_code == 422, (path, r.status_code)
    assert "page" in r.text


def test_second_analyst_follows_the_running_linkage(web):
    from undercount.store import users as U

    U.create_user(web.project, "analyst_two", "analyst", PASSWORD)
    release = threading.Event()
    job = web.app.state.jobs.start("linkage", "analyst", lambda: (release.wait(30), {})[1])
    try:
        second = web.client(name="analyst_two")
        r = second.post("/link", data={"csrf": second.csrf})
        assert r.status_code == 303 and r.headers["location"] == f"/jobs/{job.id}"
        page = second.get(r.headers["location"])
        assert page.status_code == 200, page.status_code
        # A viewer, who may not run linkage, still cannot look at it.
        assert web.client("viewer").get(f"/jobs/{job.id}").status_code == 404
    finally:
        release.set()
