"""Accounts of the web app: users, roles, argon2 passwords, TOTP and source assignments.

Every change is one transaction with its audit entry (``project.audit``); audit details hold
ids and roles, never passwords, secrets or names of victims. What each role may do is
:data:`PERMISSIONS`; the web layer asks :func:`can` and never decides on its own.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from undercount.errors import PermissionDenied, UndercountError
from undercount.vocab import ROLES

if TYPE_CHECKING:
    from undercount.store.project import Project

MIN_PASSWORD = 10
LANGUAGES = ("en", "fa")
CALENDARS = ("gregorian", "jalali")

# action -> roles allowed. "records.read" for a documenter is limited to assigned sources.
PERMISSIONS: dict[str, frozenset[str]] = {
    "public.read": frozenset(ROLES),  # sources, public figures, own account
    "records.read": frozenset({"admin", "analyst", "documenter"}),
    "records.write": frozenset({"admin", "documenter"}),
    "sources.write": frozenset({"admin", "documenter"}),
    "documents.read": frozenset({"admin", "analyst", "documenter"}),
    "documents.write": frozenset({"admin", "documenter"}),
    "link.review": frozenset({"admin", "analyst"}),
    "link.run": frozenset({"admin", "analyst"}),
    "estimate.run": frozenset({"admin", "analyst"}),
    "report.internal": frozenset({"admin", "analyst"}),
    "audit.read": frozenset({"admin", "analyst"}),
    # Record-level exports: a viewer sees only the public (aggregate) view.
    "export.redacted": frozenset({"admin", "analyst", "documenter"}),
    "export.full": frozenset({"admin", "analyst"}),
    "users.manage": frozenset({"admin"}),
}
# Roles whose view of records and documents is limited to the sources assigned to them.
RESTRICTED_ROLES = frozenset({"documenter"})


_version = [0]
_TOTP_LOCK = threading.Lock()


def version() -> int:
    """Bumped by every account change in this process (lets callers cache users safely)."""
    return _version[0]


def _changed() -> None:
    _version[0] += 1


class AuthError(UndercountError):
    """Login failed (the message never says whether the name or the password was wrong)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    language: str = "en"
    calendar: str = "gregorian"
    active: bool = True
    totp: bool = False
    source_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def restricted(self) -> bool:
        """True when the user sees only the records and documents of assigned sources."""
        return self.role in RESTRICTED_ROLES

    def allowed_sources(self) -> frozenset[int] | None:
        """Source ids the user may see, or ``None`` for all sources."""
        return self.source_ids if self.restricted else None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "language": self.language,
            "calendar": self.calendar,
            "active": self.active,
            "totp": self.totp,
            "source_ids": sorted(self.source_ids),
        }


def can(user: User | None, action: str) -> bool:
    if user is None or not user.active:
        return False
    return user.role in PERMISSIONS[action]


def require(user: User | None, action: str) -> User:
    """Return ``user`` if it may do ``action``, else raise :class:`PermissionDenied`."""
    if not can(user, action):
        raise PermissionDenied(
            f"Your role does not allow this ({action}). Ask an admin.", action=action
        )
    assert user is not None
    return user


def can_see_source(user: User, source_id: int | None) -> bool:
    allowed = user.allowed_sources()
    return allowed is None or (source_id is not None and int(source_id) in allowed)


# ------------------------------------------------------------------ passwords and TOTP


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UndercountError(f"The password is too short: use at least {MIN_PASSWORD} characters.")
    return str(_hasher().hash(password))


def verify_password(stored: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not stored:
        return False
    try:
        return bool(_hasher().verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASH: str | None = None


def _burn_time(password: str) -> None:
    """Verify against a dummy hash so unknown names take as long as wrong passwords."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher().hash("not-a-real-password-0")
    verify_password(_DUMMY_HASH, password)


def new_totp_secret() -> str:
    import pyotp

    return str(pyotp.random_base32())


def totp_uri(secret: str, name: str, issuer: str = "undercount") -> str:
    import pyotp

    return str(pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=issuer))


def totp_counter(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (30 s counter) whose code is ``code``, within one step of now, or None."""
    import hmac
    import time

    import pyotp

    code = "".join(ch for ch in str(code) if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    t = time.time() if now is None else now
    for k in (0, -1, 1):
        at = t + k * totp.interval
        if hmac.compare_digest(totp.at(int(at)), code):
            return int(at // totp.interval)
    return None


def verify_totp(secret: str, code: str) -> bool:
    return totp_counter(secret, code) is not None


# Last time step used per (project file, user): a code (or an older one) is accepted once.
# Kept in this process: after a restart a code seen before it could be replayed for at most
# the 90 s the code stays valid.
_TOTP_USED: dict[tuple[str, int], int] = {}


def _use_totp(project: Project, user_id: int, secret: str, code: str) -> bool:
    counter = totp_counter(secret, code)
    if counter is None:
        return False
    key = (str(getattr(project, "path", "")), int(user_id))
    with _TOTP_LOCK:
        if counter <= _TOTP_USED.get(key, -1):
            return False
        _TOTP_USED[key] = counter
    return True


# ------------------------------------------------------------------ reading

_USER_COLS = "id, name, role, language, calendar, active, totp_secret IS NOT NULL"


def _row_to_user(project: Project, row: tuple, con=None) -> User:  # type: ignore[no-untyped-def]
    c = con or project.con
    sids = frozenset(
        int(r[0])
        for r in c.execute(
            "SELECT source_id FROM user_sources WHERE user_id = ?", [row[0]]
        ).fetchall()
    )
    return User(
        int(row[0]),
        row[1],
        row[2],
        row[3] or "en",
        row[4] or "gregorian",
        bool(row[5]),
        bool(row[6]),
        sids,
    )


def get_user(project: Project, ident: int | str, *, con=None) -> User | None:  # type: ignore[no-untyped-def]
    """A user by id or name (``con``: a cursor for use from another thread)."""
    c = con or project.con
    col = "id" if isinstance(ident, int) else "name"
    row = c.execute(f"SELECT {_USER_COLS} FROM users WHERE {col} = ?", [ident]).fetchone()
    return _row_to_user(project, row, c) if row else None


def list_users(project: Project) -> list[User]:
    rows = project.con.execute(f"SELECT {_USER_COLS} FROM users ORDER BY id").fetchall()
    return [_row_to_user(project, r) for r in rows]


def count_users(project: Project) -> int:
    return int(project.con.execute("SELECT count(*) FROM users").fetchone()[0])  # type: ignore[index]


# ------------------------------------------------------------------ writing


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UndercountError(f"Unknown role '{role}'. Use one of: {', '.join(ROLES)}.")


def _bumps(fn):  # type: ignore[no-untyped-def]
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return fn(*args, **kwargs)
        finally:
            _changed()

    return wrapper


@_bumps
def create_user(
    project: Project,
    name: str,
    role: str,
    password: str,
    *,
    language: str = "en",
    calendar: str = "gregorian",
) -> User:
    """Create an account (audited). Names are 1-64 characters, unique."""
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() and ch != " " for ch in name):
        raise UndercountError("A user name needs 1 to 64 characters (no tabs or line breaks).")
    _check_role(role)
    if language not in LANGUAGES or calendar not in CALENDARS:
        raise UndercountError(f"Language must be one of {LANGUAGES}, calendar one of {CALENDARS}.")
    hashed = hash_password(password)
    with project.transaction():
        if get_user(project, name) is not None:
            raise UndercountError(f"A user called '{name}' already exists. Choose another name.")
        uid = project.con.execute(
            "INSERT INTO users (name, role, password_hash, language, calendar) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            [name, role, hashed, language, calendar],
        ).fetchone()[0]  # type: ignore[index]
        project.audit("add_user", "user", uid, details={"role": role})
    user = get_user(project, int(uid))
    assert user is not None
    return user


def _existing(project: Project, user_id: int) -> User:
    user = get_user(project, int(user_id))
    if user is None:
        raise UndercountError(f"No user with id {user_id}.")
    return user


def _admins_left(project: Project, excluding: int) -> int:
    return int(
        project.con.execute(
            "SELECT count(*) FROM users WHERE role = 'admin' AND active AND id <> ?", [excluding]
        ).fetchone()[0]
    )  # type: ignore[index]


@_bumps
def set_role(project: Project, user_id: int, role: str) -> User:
    _check_role(role)
    with project.transaction():
        user = _existing(project, user_id)
        if user.role == "admin" and role != "admin" and not _admins_left(project, user.id):
            raise UndercountError("This is the last admin; make another user admin first.")
        project.con.execute("UPDATE users SET role = ? WHERE id = ?", [role, user.id])
        project.audit("set_role", "user", user.id, details={"from": user.role, "to": role})
    return _existing(project, user_id)


@_bumps
def set_active(project: Project, user_id: int, active: bool) -> User:
    with project.transaction():
        user = _existing(project, user_id)
        if user.role == "admin" and not active and not _admins_left(project, user.id):
            raise UndercountError("This is the last admin; it cannot be deactivated.")
        project.con.execute("UPDATE users SET active = ? WHERE id = ?", [active, user.id])
        project.audit("activate_user" if active else "deactivate_user", "user", user.id)
    return _existing(project, user_id)


@_bumps
def set_password(project: Project, user_id: int, password: str) -> None:
    hashed = hash_password(password)
    with project.transaction():
        user = _existing(project, user_id)
        project.con.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hashed, user.id])
        project.audit("set_password", "user", user.id)


@_bumps
def set_preferences(
    project: Project, user_id: int, *, language: str | None = None, calendar: str | None = None
) -> User:
    with project.transaction():
        user = _existing(project, user_id)
        lang = language or user.language
        cal = calendar or user.calendar
        if lang not in LANGUAGES or cal not in CALENDARS:
            raise UndercountError(
                f"Language must be one of {LANGUAGES}, calendar one of {CALENDARS}."
            )
        project.con.execute(
            "UPDATE users SET language = ?, calendar = ? WHERE id = ?", [lang, cal, user.id]
        )
        project.audit(
            "set_preferences", "user", user.id, details={"language": lang, "calendar": cal}
        )
    return _existing(project, user_id)


@_bumps
def enable_totp(project: Project, user_id: int, secret: str, code: str) -> User:
    """Turn on two-factor login once the user proves the authenticator shows ``code``."""
    if not _use_totp(project, user_id, secret, code):
        raise AuthError(
            "The code does not match: check the authenticator app's clock and "
            "enter the current 6-digit code."
        )
    with project.transaction():
        user = _existing(project, user_id)
        project.con.execute("UPDATE users SET totp_secret = ? WHERE id = ?", [secret, user.id])
        project.audit("enable_totp", "user", user.id)
    return _existing(project, user_id)


@_bumps
def disable_totp(project: Project, user_id: int) -> User:
    with project.transaction():
        user = _existing(project, user_id)
        project.con.execute("UPDATE users SET totp_secret = NULL WHERE id = ?", [user.id])
        project.audit("disable_totp", "user", user.id)
    return _existing(project, user_id)


@_bumps
def assign_sources(project: Project, user_id: int, source_ids: list[int] | set[int]) -> User:
    """Replace the sources a (documenter) user may see."""
    ids = sorted({int(s) for s in source_ids})
    with project.transaction():
        user = _existing(project, user_id)
        if ids:
            found = project.con.execute(
                f"SELECT count(*) FROM sources WHERE id IN ({', '.join('?' * len(ids))})", ids
            ).fetchone()[0]  # type: ignore[index]
            if found != len(ids):
                raise UndercountError("One of the sources does not exist.")
        # Delete and insert only the differences (DuckDB refuses to delete and re-insert the
        # same primary key within one transaction).
        for s in sorted(user.source_ids - set(ids)):
            project.con.execute(
                "DELETE FROM user_sources WHERE user_id = ? AND source_id = ?", [user.id, s]
            )
        for s in sorted(set(ids) - user.source_ids):
            project.con.execute("INSERT INTO user_sources VALUES (?, ?)", [user.id, s])
        project.audit("assign_sources", "user", user.id, details={"source_ids": ids})
    return _existing(project, user_id)


LOGIN_FAILED = "Wrong name, password or two-factor code."


def authenticate(
    project: Project, name: str, password: str, code: str | None = None, *, con=None
) -> User:  # type: ignore[no-untyped-def]
    """The user if name, password (and TOTP code when enabled) are right; else AuthError.

    Every failure has the same message (:data:`LOGIN_FAILED`), so a caller cannot tell a
    wrong password from a missing code or an unknown name; the error's ``user_id`` (not
    shown) lets the caller audit failures on known accounts. A TOTP code is accepted once.
    """
    c = con or project.con
    row = c.execute(
        "SELECT id, password_hash, totp_secret, active FROM users WHERE name = ?", [name.strip()]
    ).fetchone()
    if row is None:
        _burn_time(password)
        raise AuthError(LOGIN_FAILED, user_id=None)
    uid, stored, secret, active = row
    if not verify_password(stored, password) or not active:
        raise AuthError(LOGIN_FAILED, user_id=int(uid))
    if secret and (not code or not _use_totp(project, int(uid), secret, code)):
        raise AuthError(LOGIN_FAILED, user_id=int(uid))
    user = get_user(project, int(uid), con=c)
    assert user is not None
    return user


def check_password(project: Project, user_id: int, password: str, *, con=None) -> bool:  # type: ignore[no-untyped-def]
    """True when ``password`` is the user's current password (for changing it)."""
    c = con or project.con
    row = c.execute("SELECT password_hash FROM users WHERE id = ?", [int(user_id)]).fetchone()
    return bool(row) and verify_password(row[0], password)


def session_stamp(project: Project, user_id: int, *, con=None) -> str | None:  # type: ignore[no-untyped-def]
    """A fingerprint of what a session was granted on: the password hash, the TOTP secret and
    whether the account is active. A session whose stamp differs from the account's current
    one has ended (password change, admin reset, 2FA change, deactivation). Never leaves the
    server; ``None`` when there is no such user."""
    import hashlib

    c = con or project.con
    row = c.execute(
        "SELECT password_hash, totp_secret, active FROM users WHERE id = ?", [int(user_id)]
    ).fetchone()
    if row is None:
        return None
    text = "\x1f".join("" if v is None else str(v) for v in row)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_login(project: Project, user: User, *, ok: bool) -> None:
    """Audit a login (success or a failure on a known account), without the password."""
    with project.transaction():
        project.audit(
            "login" if ok else "login_failed",
            "user",
            user.id,
            details={"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
        )


def record_failed_login(project: Project, user_id: int | None) -> None:
    """Audit a failed login: the account's id when the name is an account, else nothing that
    was typed (it may be a mistyped password or a victim's name). No address is kept."""
    with project._lock:
        before = project.user
        project.user = "(login)"
        try:
            with project.transaction():
                project.audit(
                    "login_failed",
                    "user",
                    user_id,
                    details={
                        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "known_account": user_id is not None,
                    },
                )
        finally:
            project.user = before


def ensure_permission(user: User | None, action: str) -> None:
    require(user, action)


__all__ = [
    "PERMISSIONS",
    "AuthError",
    "PermissionDenied",
    "User",
    "assign_sources",
    "authenticate",
    "can",
    "can_see_source",
    "count_users",
    "create_user",
    "disable_totp",
    "enable_totp",
    "get_user",
    "hash_password",
    "list_users",
    "new_totp_secret",
    "record_failed_login",
    "record_login",
    "require",
    "set_active",
    "set_password",
    "set_preferences",
    "session_stamp",
    "set_role",
    "totp_uri",
    "verify_password",
    "verify_totp",
]
