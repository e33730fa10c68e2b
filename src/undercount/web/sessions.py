"""Server-side sessions: the cookie carries only a random session id.

Everything a session holds (the user, the CSRF token, a TOTP secret being set up) stays in
this process. A session ends on logout, when it is older than its maximum age, or when the
account's :func:`~undercount.store.users.session_stamp` changes (a password change or admin
reset, a 2FA change, deactivation): a cookie copied before any of these no longer works.
Restarting the server ends every session.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Session:
    uid: int
    stamp: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    created: float = field(default_factory=time.time)
    data: dict[str, Any] = field(default_factory=dict)


class SessionStore:
    """Sessions by id (thread-safe), each at most ``max_age`` seconds old."""

    def __init__(self, max_age: float) -> None:
        self.max_age = max_age
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self, uid: int, stamp: str) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        s = Session(uid, stamp)
        with self._lock:
            self._expire()
            self._by_id[sid] = s
        return sid, s

    def get(self, sid: Any) -> Session | None:
        if not isinstance(sid, str):
            return None
        with self._lock:
            s = self._by_id.get(sid)
            if s is not None and time.time() - s.created > self.max_age:
                del self._by_id[sid]
                s = None
            return s

    def drop(self, sid: Any) -> None:
        with self._lock:
            self._by_id.pop(sid, None) if isinstance(sid, str) else None

    def drop_user(self, uid: int, *, keep: str | None = None) -> int:
        """End every session of ``uid`` except ``keep``; how many ended."""
        with self._lock:
            gone = [k for k, s in self._by_id.items() if s.uid == uid and k != keep]
            for k in gone:
                del self._by_id[k]
        return len(gone)

    def count(self) -> int:
        with self._lock:
            return len(self._by_id)

    def _expire(self) -> None:
        now = time.time()
        for k in [k for k, s in self._by_id.items() if now - s.created > self.max_age]:
            del self._by_id[k]
