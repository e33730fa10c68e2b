"""Background jobs of the web app: one of a kind at a time, errors reported without data."""

from __future__ import annotations

import threading
import time

from undercount.web import jobs as J


def _wait(job, timeout=10.0):
    deadline = time.monotonic() + timeout
    while job.running:
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.01)


def test_one_job_of_a_kind_runs_at_a_time():
    jobs = J.Jobs()
    release = threading.Event()
    first = jobs.start("linkage", "ana", lambda: release.wait(10) and {"persons": 3})
    again = jobs.start("linkage", "bob", lambda: {"persons": 0})
    assert again is first and first.running
    release.set()
    _wait(first)
    assert first.result == {"persons": 3} and first.error is None
    later = jobs.start("linkage", "bob", lambda: {"persons": 4})
    assert later is not first
    _wait(later)
    assert jobs.get(later.id).result == {"persons": 4}


def test_unexpected_errors_report_their_type_only(caplog):
    jobs = J.Jobs()

    def fails():
        raise ValueError("Mahsa Amini")  # a message may carry a victim's name

    job = jobs.start("linkage", "ana", fails)
    _wait(job)
    assert job.error == "the linkage failed (ValueError); see the server log."
    assert "ValueError" in caplog.text and "Mahsa" not in caplog.text


def test_finished_jobs_are_forgotten_beyond_a_limit(monkeypatch):
    monkeypatch.setattr(J, "KEEP_FINISHED", 3)
    jobs = J.Jobs()
    started = []
    for i in range(6):
        job = jobs.start(f"kind{i}", "ana", lambda: {})
        _wait(job)
        started.append(job)
    # The oldest go once more than KEEP_FINISHED have finished (checked at each start).
    assert jobs.get(started[0].id) is None
    assert all(jobs.get(j.id) is not None for j in started[-3:])
