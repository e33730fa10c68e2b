"""Long work started from the web app (linkage, estimates) runs in a background thread.

The request that starts it returns at once with a page that follows the job; a second start
while one of the same kind runs shows the running one instead of starting another. Jobs live
in the server's memory: they are not resumed after a restart, and their results are in the
project (the job only reports them).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from undercount.errors import UndercountError

log = logging.getLogger("undercount.web")
KEEP_FINISHED = 50  # finished jobs remembered (for their pages)


@dataclass
class Job:
    id: str
    kind: str
    user: str
    then: tuple[tuple[str, str], ...]  # (label, url) of the pages to go on to when done
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished: dt.datetime | None = None
    result: dict[str, Any] | None = None
    error: str | None = None

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def seconds(self) -> int:
        end = self.finished or dt.datetime.now(dt.UTC)
        return int((end - self.started).total_seconds())


class Jobs:
    """The jobs of one web app."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(
        self,
        kind: str,
        user: str,
        work: Callable[[], dict[str, Any]],
        then: tuple[tuple[str, str], ...] = (),
    ) -> Job:
        """Run ``work`` in a thread (or return the job of this kind already running)."""
        with self._lock:
            for job in self._jobs.values():
                if job.kind == kind and job.running:
                    return job
            job = Job(secrets.token_urlsafe(9), kind, user, then)
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(
            target=self._run, args=(job, work), name=f"uc-job-{kind}", daemon=True
        ).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, work: Callable[[], dict[str, Any]]) -> None:
        try:
            job.result = work()
        except UndercountError as exc:  # says what is wrong and what to do
            job.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - reported on the job's page, never raised
            # The type only: messages and tracebacks can carry personal data.
            log.error("%s job %s failed: %s", job.kind, job.id, type(exc).__name__)
            job.error = f"the {job.kind} failed ({type(exc).__name__}); see the server log."
        finally:
            job.finished = dt.datetime.now(dt.UTC)

    def _forget_old(self) -> None:
        done = [j for j in self._jobs.values() if not j.running]
        for job in sorted(done, key=lambda j: j.started)[:-KEEP_FINISHED]:
            del self._jobs[job.id]
