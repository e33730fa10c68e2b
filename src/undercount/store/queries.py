"""Core functions the web app (and scripts) call: records, sources, documents, review, exports.

Reads run on a per-thread cursor (:func:`cursor`) so that concurrent requests do not share one
DuckDB connection; writes go through ``project.transaction()`` with their audit entry while
holding the project's lock (:func:`as_user` sets who is acting). Every function takes the
acting :class:`~undercount.store.users.User` and enforces its role and source assignment,
so no caller has to remember to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from undercount.errors import IngestError, PermissionDenied, UndercountError
from undercount.model import RECORD_FIELDS
from undercount.store.users import User, can, can_see_source, require

if TYPE_CHECKING:
    from undercount.store.project import Project

PAGE_SIZE = 50
MIN_CELL = 5  # smallest count of persons shown in public views
MAX_UPLOAD = 50 * 1024**2
# Columns shown in record lists, and those a record form edits.
LIST_COLS = (
    "id",
    "source_id",
    "name",
    "name_script",
    "sex",
    "age",
    "date",
    "date_precision",
    "date_calendar",
    "province",
    "city",
    "violation",
    "event",
)
FORM_FIELDS = tuple(
    f for f in RECORD_FIELDS if f not in ("given_name", "family_name", "birth_year", "aliases")
)


class NotFound(UndercountError):
    """The thing asked for does not exist (or the user may not know that it does)."""


# ------------------------------------------------------------------ connections, acting user

_local = threading.local()


def cursor(project: Project) -> duckdb.DuckDBPyConnection:
    """A cursor of ``project`` owned by the calling thread (reads only)."""
    from undercount.store.project import ALIAS

    cache = getattr(_local, "cursors", None)
    if cache is None:
        cache = _local.cursors = {}
    key = id(project.con)
    cur = cache.get(key)
    if cur is None:
        cur = project.con.cursor()
        cur.execute(f"USE {ALIAS}")
        cache[key] = cur
    return cur


@contextlib.contextmanager
def as_user(project: Project, user: User) -> Iterator[Project]:
    """Hold the project's write lock with ``user`` recorded as the actor of audit entries."""
    with project._lock:
        before = project.user
        project.user = user.name
        try:
            yield project
        finally:
            project.user = before


def _clean(v: Any) -> Any:
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date() if v.hour == v.minute == v.second == 0 else v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return v
    return v


def _plain(v: Any) -> Any:
    """:func:`_clean`, with arrays (a list column) as lists."""
    if getattr(v, "ndim", 0) > 0:  # a numpy array
        return [_clean(x) for x in v.tolist()]
    if isinstance(v, list | tuple):
        return [_clean(x) for x in v]
    return _clean(v)


def _rows(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    res = cur.execute(sql, params)
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, (_clean(v) for v in row), strict=True)) for row in res.fetchall()]


def _source_filter(user: User, alias: str = "r") -> tuple[str, list[Any]]:
    allowed = user.allowed_sources()
    if allowed is None:
        return "", []
    if not allowed:
        return " AND FALSE", []
    return f" AND {alias}.source_id IN ({', '.join('?' * len(allowed))})", sorted(allowed)


# ------------------------------------------------------------------ sources


def list_sources(project: Project, user: User) -> list[dict[str, Any]]:
    require(user, "public.read")
    sql = (
        "SELECT s.id, s.name, s.kind, s.reliability, s.publisher, s.url, "
        "(SELECT count(*) FROM records r WHERE r.source_id = s.id) AS records, "
        "(SELECT count(*) FROM documents d WHERE d.source_id = s.id) AS documents "
        "FROM sources s WHERE TRUE"
    )
    where, params = _source_filter(user, "s")
    where = where.replace("s.source_id", "s.id")
    rows = _rows(cursor(project), sql + where + " ORDER BY s.id", params)
    if not can(user, "records.read"):
        # The public view: counts under MIN_CELL are suppressed, as in the public report.
        for r in rows:
            if 0 < r["records"] < MIN_CELL:
                r["records"] = None
    return rows


def visible_sources(project: Project, user: User) -> list[dict[str, Any]]:
    """[{id, name}] of the sources the user may see (cached; for filters and forms)."""
    return [
        {"id": i, "name": n}
        for i, n in sorted(source_names(project).items())
        if can_see_source(user, i)
    ]


def create_source(
    project: Project,
    user: User,
    name: str,
    *,
    kind: str = "other",
    reliability: str = "F",
    publisher: str | None = None,
    url: str | None = None,
) -> int:
    """Create a source; a restricted (documenter) creator is assigned to it."""
    from undercount.store.users import assign_sources

    require(user, "sources.write")
    if url and not url.startswith(("http://", "https://")):
        raise UndercountError("A source URL must start with http:// or https://.")
    with as_user(project, user), project.transaction():
        if project.get_source(name.strip()) is not None:
            raise UndercountError(f"A source called '{name.strip()}' already exists.")
        src = project.ensure_source(
            name, kind=kind, reliability=reliability, publisher=publisher or None, url=url or None
        )
        if user.restricted:
            assign_sources(project, user.id, set(user.source_ids) | {src.id})
    invalidate(project)
    return src.id


# ------------------------------------------------------------------ records


def _date_bounds(text: str | None, end: bool) -> dt.date | None:
    if not text or not text.strip():
        return None
    from undercount.normalize import parse_date
    from undercount.normalize.dates import period_bounds

    pdate = parse_date(text.strip())
    lo, hi = period_bounds(pdate)
    return hi if end else lo


def search_records(
    project: Project,
    user: User,
    *,
    q: str | None = None,
    province: str | None = None,
    violation: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source_id: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """Records matching the filters that ``user`` may see, one page, newest id first.

    ``q`` matches names in either script: its :func:`~undercount.normalize.name_key` words must
    all occur among the key words of the record's name or of one of its aliases (so "Rezaei"
    finds "محمد رضایی", "Zhina Amini" finds "Mahsa (Zhina) Amini" and "مهسا امینی" finds a
    record whose second-script column held it; ي/ی and spelling variants share a key).
    """
    import numpy as np

    require(user, "records.read")
    try:
        lo, hi = _date_bounds(date_from, False), _date_bounds(date_to, True)
    except UndercountError as exc:
        raise UndercountError(f"Date filter: {exc}", field="date") from None
    view = _view(project)
    mask = np.ones(view.n, dtype=bool)
    if q and q.strip():
        from undercount.normalize import name_key

        mask[:] = False
        words = [w for w in name_key(q.strip()).split() if w]
        hits = view.positions(words) if words else np.empty(0, dtype=np.int64)
        mask[hits] = True
    cols = view.cols
    if province:
        mask &= cols["province"] == province
    if violation:
        mask &= cols["violation"] == violation
    if source_id:
        mask &= cols["source_id"] == int(source_id)
    allowed = user.allowed_sources()
    if allowed is not None:
        mask &= np.isin(cols["source_id"], np.fromiter(allowed, dtype=np.int64, count=-1))
    if lo:
        mask &= cols["date"] >= np.datetime64(lo)
    if hi:
        mask &= cols["date"] <= np.datetime64(hi)
    found = np.flatnonzero(mask)
    total = int(found.size)
    page = max(int(page), 1)
    page_size = min(max(int(page_size), 1), 500)
    names = source_names(project)
    rows = []
    for i in found[(page - 1) * page_size : page * page_size]:
        row = view.row(int(i))
        row["source"] = names.get(row["source_id"], "?")
        rows.append(row)
    return {
        "rows": rows,
        "total": total,
        "page": page,
        "page_size": page_size,
        "pages": max((total + page_size - 1) // page_size, 1),
    }


def get_record(project: Project, user: User, record_id: int) -> dict[str, Any]:
    """One record with its source, person and the other records linked to it."""
    require(user, "records.read")
    cur = cursor(project)
    rows = _rows(
        cur,
        "SELECT * EXCLUDE (row_hash, name_norm, name_skeleton, given_key, "
        "family_key, father_key) FROM records WHERE id = ?",
        [int(record_id)],
    )
    if not rows or not can_see_source(user, rows[0]["source_id"]):
        raise NotFound(f"No record {record_id} (or it belongs to a source not assigned to you).")
    rec = rows[0]
    names = source_names(project)
    rec["source"] = names.get(rec["source_id"], "?")
    try:
        rec["raw"] = json.loads(rec["raw"]) if rec.get("raw") else {}
    except ValueError:
        rec["raw"] = {}
    view = _view(project)
    person = view.person_of.get(int(record_id))
    rec["person_id"] = person
    linked: list[dict[str, Any]] = []
    for oid in view.members.get(person, ()) if person is not None else ():
        if oid == int(record_id) or len(linked) >= 200:
            continue
        o = view.row_by_id(oid)
        if o is not None and can_see_source(user, o["source_id"]):
            o["source"] = names.get(o["source_id"], "?")
            linked.append(o)
    rec["linked"] = linked
    return rec


def provinces(project: Project) -> list[str]:
    return _view(project).provinces


# ------------------------------------------------------------------ in-memory read model

_VIEW_COLS = (*LIST_COLS, "name_key")
_views: dict[int, Any] = {}
_views_lock = threading.Lock()
_sources_cache: dict[int, tuple[float, dict[int, str]]] = {}


class _RecordsView:
    """The columns of record lists for every record, newest first, and a name-word index.

    Search and filters run on numpy arrays instead of scanning the table per request. The view
    is rebuilt when a write through this module marks it stale, or when the table's row count
    or largest id, the persons of the last linkage or the audit log's entries on records moved
    (checked at most once a second).
    """

    def __init__(
        self, frame: pd.DataFrame, stamp: tuple[int, ...], persons: list[tuple[int, int]]
    ) -> None:
        import numpy as np

        self.n = len(frame)
        self.stamp = stamp
        self.checked = time.monotonic()
        self.cols: dict[str, Any] = {c: frame[c].to_numpy() for c in _VIEW_COLS}
        self.cols["date"] = frame["date"].to_numpy(dtype="datetime64[D]")
        self.cols["source_id"] = frame["source_id"].to_numpy(dtype=np.int64)
        # Ages are whole years: a column with gaps comes back as floats (7.0) otherwise.
        self.cols["age"] = frame["age"].astype("Int64").to_numpy(dtype=object, na_value=None)
        self.pos_of = {int(v): i for i, v in enumerate(self.cols["id"])}
        # Word index over the record's names: its own name and each alias are one "name"
        # each (a query's words must all be in one of them); name i belongs to record
        # self.record_of[i].
        index: dict[str, list[int]] = {}
        owner: list[int] = []
        alias_keys = frame["alias_keys"].tolist() if "alias_keys" in frame else [None] * self.n
        for i, (key, aliases) in enumerate(
            zip(frame["name_key"].tolist(), alias_keys, strict=True)
        ):
            keys = [key] if isinstance(key, str) else []
            if aliases is not None and not isinstance(aliases, float | type(pd.NA)):
                keys += [a for a in aliases if isinstance(a, str) and a != key]
            for k in keys:
                n = len(owner)
                owner.append(i)
                for w in set(k.split()):
                    index.setdefault(w, []).append(n)
        self.words = {w: np.asarray(v, dtype=np.int64) for w, v in index.items()}
        self.record_of = np.asarray(owner, dtype=np.int64)
        self.provinces = sorted({p for p in self.cols["province"] if isinstance(p, str)})
        # Persons of the last linkage: record -> person, person -> its records.
        self.person_of: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        for rid, pid in persons:
            self.person_of[int(rid)] = int(pid)
            self.members.setdefault(int(pid), []).append(int(rid))

    def positions(self, words: list[str]) -> Any:
        import numpy as np

        arrays = [self.words.get(w) for w in words]
        if any(a is None for a in arrays):
            return np.empty(0, dtype=np.int64)
        out = arrays[0]
        for a in arrays[1:]:
            out = np.intersect1d(out, a, assume_unique=True)
        return np.unique(self.record_of[out])

    def row(self, i: int) -> dict[str, Any]:
        return {c: _clean(self.cols[c][i]) for c in _VIEW_COLS if c != "name_key"}

    def row_by_id(self, rid: int) -> dict[str, Any] | None:
        i = self.pos_of.get(rid)
        return None if i is None else self.row(i)


def _stamp(cur: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    row = cur.execute(
        "SELECT (SELECT count(*) FROM records), (SELECT coalesce(max(id), 0) FROM records), "
        "(SELECT count(*) FROM person_records), (SELECT coalesce(max(id), 0) FROM link_runs), "
        # An audited change of records (names recomputed, a record edited by another
        # process); not logins and other entries, which would rebuild the view for nothing.
        "(SELECT coalesce(max(seq), 0) FROM audit_log WHERE entity IN ('record', 'records'))"
    ).fetchone()
    return tuple(int(v) for v in row) if row else (0, 0, 0, 0, 0)


def _view(project: Project) -> _RecordsView:
    key = id(project.con)
    view = _views.get(key)
    now = time.monotonic()
    if view is not None and now - view.checked < 1.0:
        return view  # type: ignore[no-any-return]
    cur = cursor(project)
    stamp = _stamp(cur)
    if view is not None and view.stamp == stamp:
        view.checked = now
        return view  # type: ignore[no-any-return]
    with _views_lock:
        view = _views.get(key)
        if view is None or view.stamp != stamp:
            frame = cur.execute(
                f"SELECT {', '.join(_VIEW_COLS)}, alias_keys FROM records ORDER BY id DESC"
            ).df()
            persons = cur.execute(
                "SELECT record_id, person_id FROM person_records ORDER BY record_id"
            ).fetchall()
            view = _views[key] = _RecordsView(frame, stamp, persons)
    return view  # type: ignore[no-any-return]


def invalidate(project: Project) -> None:
    """Forget the cached record view and source names (after a write)."""
    _views.pop(id(project.con), None)
    _sources_cache.pop(id(project.con), None)


def source_names(project: Project) -> dict[int, str]:
    """{source id: name}, cached for 10 s or until a source is created here."""
    key = id(project.con)
    hit = _sources_cache.get(key)
    if hit and time.monotonic() - hit[0] < 10.0:
        return hit[1]
    names = {
        int(i): n for i, n in cursor(project).execute("SELECT id, name FROM sources").fetchall()
    }
    _sources_cache[key] = (time.monotonic(), names)
    return names


def validate_form(values: Mapping[str, Any]) -> tuple[pd.DataFrame | None, dict[str, str]]:
    """Normalise one record typed into a form, as an import would: (row, errors by field)."""
    import re

    from undercount.intake.lists import Table, build_records

    data = {f: str(values.get(f) or "").strip() for f in FORM_FIELDS}
    for f, v in data.items():
        if len(v) > 2000:
            return None, {f: "too long (at most 2000 characters)"}
    if not data["name"]:
        return None, {"name": "a record needs the victim's name"}
    cols = [f for f in FORM_FIELDS if data[f]]
    table = Table(pd.DataFrame([[data[c] for c in cols]], columns=cols, dtype=str), "form")
    try:
        frame, _ = build_records(table, {c: c for c in cols}, "form")
    except IngestError as exc:
        errors: dict[str, str] = {}
        for line in exc.problems or [str(exc)]:
            m = re.search(r"column '([^']+)': (.*)", line)
            if m:
                errors.setdefault(m.group(1), m.group(2))
        return None, errors or {"name": str(exc)}
    if not isinstance(frame, pd.DataFrame):  # an Arrow table
        frame = frame.to_pandas()
    for c in frame.columns:
        if isinstance(frame[c].dtype, pd.CategoricalDtype):
            frame[c] = frame[c].astype(object)
    frame["raw"] = [json.dumps({c: data[c] for c in cols}, ensure_ascii=False)]
    return frame, {}


def place_suggestions(text: str, limit: int = 5) -> list[dict[str, Any]]:
    """Gazetteer matches for a place as typed (best first)."""
    from undercount import normalize as nz

    text = (text or "").strip()
    if not text:
        return []
    out = []
    suggest = getattr(nz, "suggest_places", None)
    try:
        places = list(suggest(text, limit=limit)) if suggest else [nz.resolve_place(text)]
    except UndercountError:
        places = []
    for p in places:
        if getattr(p, "resolved", False):
            out.append(
                {
                    "city": p.city,
                    "province": p.province,
                    "lat": p.lat,
                    "lon": p.lon,
                    "city_fa": p.city_fa,
                    "province_fa": p.province_fa,
                    "confidence": round(float(p.confidence), 2),
                }
            )
    return out[:limit]


def create_record(
    project: Project, user: User, source_id: int, values: Mapping[str, Any]
) -> tuple[int | None, dict[str, str]]:
    """Add a record typed into the form: (new id, {}) or (None, errors by field)."""
    require(user, "records.write")
    if not can_see_source(user, source_id):
        raise PermissionDenied("You are not assigned to this source.")
    frame, errors = validate_form(values)
    if frame is None:
        return None, errors
    with as_user(project, user), project.transaction():
        if (
            project.con.execute(
                "SELECT count(*) FROM sources WHERE id = ?", [int(source_id)]
            ).fetchone()[0]
            == 0
        ):  # type: ignore[index]
            raise NotFound(f"No source {source_id}.")
        frame.insert(0, "source_id", int(source_id))
        frame["row_number"] = None
        project.insert_records(frame)
        rid = int(project.con.execute("SELECT max(id) FROM records").fetchone()[0])  # type: ignore[index]
        project.audit(
            "add_record", "record", rid, details={"source_id": int(source_id), "via": "web form"}
        )
    invalidate(project)
    return rid, {}


def update_record(
    project: Project, user: User, record_id: int, values: Mapping[str, Any]
) -> tuple[int | None, dict[str, str]]:
    """Edit a record through the normaliser; the original ``raw`` row is kept unchanged."""
    from undercount.store.audit import record_hash_sql

    require(user, "records.write")
    current = get_record(project, user, record_id)
    frame, errors = validate_form(values)
    if frame is None:
        return None, errors
    row = {c: _plain(v) for c, v in frame.iloc[0].to_dict().items()}
    cols = [c for c in frame.columns if c not in ("raw", "row_number")]
    if row.get("aliases") is None:
        # The form has no field for other names: keep those the import found.
        cols = [c for c in cols if c not in ("aliases", "alias_keys")]
    changed = sorted(c for c in cols if row.get(c) != _plain(current.get(c)))
    if not changed:
        return int(record_id), {}
    with as_user(project, user), project.transaction():
        sets = ", ".join(f"{c} = ?" for c in cols)
        project.con.execute(
            f"UPDATE records SET {sets} WHERE id = ?",
            [row[c] for c in cols] + [int(record_id)],
        )
        project.con.execute(
            f"UPDATE records SET row_hash = {record_hash_sql()} WHERE id = ?", [int(record_id)]
        )
        project.audit("edit_record", "record", int(record_id), details={"fields": changed})
    invalidate(project)
    return int(record_id), {}


# ------------------------------------------------------------------ documents


def list_documents(project: Project, user: User) -> list[dict[str, Any]]:
    require(user, "documents.read")
    extra, sp = _source_filter(user, "d")
    return _rows(
        cursor(project),
        "SELECT d.id, d.filename, d.media_type, d.size, d.sha256, "
        "d.language, d.title, d.retrieved_at, s.name AS source, d.source_id, "
        "(SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims "
        f"FROM documents d JOIN sources s ON s.id = d.source_id WHERE TRUE{extra} "
        "ORDER BY d.id DESC",
        sp,
    )


def get_document(project: Project, user: User, doc_id: int) -> dict[str, Any]:
    """A document's text cut into segments, the claims' spans marked."""
    require(user, "documents.read")
    cur = cursor(project)
    rows = _rows(
        cur,
        "SELECT d.id, d.filename, d.media_type, d.size, d.sha256, d.language, "
        "d.title, d.retrieved_at, d.text, d.source_id, s.name AS source "
        "FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id = ?",
        [int(doc_id)],
    )
    if not rows or not can_see_source(user, rows[0]["source_id"]):
        raise NotFound(f"No document {doc_id} (or it belongs to a source not assigned to you).")
    doc = rows[0]
    claims = _rows(
        cur,
        "SELECT id, value, low, high, qualifier, outcome, attributed_to, event, "
        "place, period, stated_on, span_start, span_end, sentence FROM claims "
        "WHERE document_id = ? ORDER BY span_start",
        [int(doc_id)],
    )
    text = doc.pop("text") or ""
    for c in claims:  # the sentence cut around the figure, to show it highlighted
        a, b, sent = c.get("span_start"), c.get("span_end"), c.pop("sentence", None) or ""
        s0 = text.find(sent, max(0, (a or 0) - len(sent))) if sent and a is not None else -1
        c["evidence"] = (
            [sent[: a - s0], sent[a - s0 : b - s0], sent[b - s0 :]]
            if s0 >= 0 and b is not None and s0 <= a < b <= s0 + len(sent)
            else None
        )
    segments: list[dict[str, Any]] = []
    pos = 0
    for c in claims:
        a, b = c.get("span_start"), c.get("span_end")
        if a is None or b is None or a < pos or b > len(text) or b <= a:
            continue
        if a > pos:
            segments.append({"text": text[pos:a], "claim": None})
        segments.append({"text": text[a:b], "claim": c["id"]})
        pos = b
    if pos < len(text):
        segments.append({"text": text[pos:], "claim": None})
    doc["segments"] = segments
    doc["claims"] = claims
    return doc


def safe_filename(filename: str | None) -> str:
    """The base name of an uploaded file, safe to show and store: no folders, no control
    characters, no names that are only dots, at most 200 characters (suffix kept)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    name = name.strip().strip(".").strip()
    if not name:
        return "upload.txt"
    if len(name) > 200:
        stem, dot, suffix = name.rpartition(".")
        keep = f".{suffix[:16]}" if dot and len(suffix) <= 16 else ""
        name = (stem if dot and keep else name)[: 200 - len(keep)] + keep
    return name


def upload_document(
    project: Project, user: User, source_id: int, filename: str, data: bytes
) -> int:
    """Ingest an uploaded document (text, claims, named victims) into a source; its id."""
    require(user, "documents.write")
    if not can_see_source(user, source_id):
        raise PermissionDenied("You are not assigned to this source.")
    if len(data) > MAX_UPLOAD:
        raise IngestError(f"is over the {MAX_UPLOAD // 1024**2} MB upload limit.", file=filename)
    safe = safe_filename(filename)
    src = (
        cursor(project)
        .execute("SELECT name FROM sources WHERE id = ?", [int(source_id)])
        .fetchone()
    )
    if src is None:
        raise NotFound(f"No source {source_id}.")
    from undercount.intake.documents import InMemoryDocument

    try:
        # From memory: no plaintext copy of the upload on disk (encrypted projects).
        with as_user(project, user):
            report = project.ingest([InMemoryDocument(safe, bytes(data))], source=src[0])
    finally:
        invalidate(project)
    if report.failures:
        raise IngestError(report.failures[0][1], file=safe)
    doc_id = report.documents[0].document_id if report.documents else None
    if doc_id is None:
        raise IngestError("was not stored.", file=safe)
    return int(doc_id)


# ------------------------------------------------------------------ linkage review, estimates


def review_pairs(project: Project, user: User, limit: int = 20) -> list[dict[str, Any]]:
    from undercount.link.review import review_queue

    require(user, "link.review")
    with project._lock:
        return review_queue(project, limit=limit)


def decide_pair(
    project: Project,
    user: User,
    record_id_l: int,
    record_id_r: int,
    decision: str,
    note: str | None = None,
) -> int:
    from undercount.link.review import record_decision

    require(user, "link.review")
    with as_user(project, user):
        return record_decision(
            project, int(record_id_l), int(record_id_r), decision, note=note or None
        )


def run_linkage(project: Project, user: User) -> dict[str, Any]:
    require(user, "link.run")
    with as_user(project, user):
        persons = project.link()
    invalidate(project)
    return {"persons": int(len(persons)) if persons is not None else 0}


def check_estimate(
    project: Project, user: User, method: str | None = None, by: list[str] | None = None
) -> None:
    """What :func:`run_estimate` would refuse before fitting (permission, method, strata),
    without fitting: the web checks a request before running it in the background."""
    from undercount.estimate.api import check_estimate as check
    from undercount.estimate.bands import split_by

    require(user, "estimate.run")
    by = [s for b in (by or []) if b for s in split_by(b)]
    with as_user(project, user):
        check(project.capture_histories(by=by), method=method or None, by=by)


def run_estimate(
    project: Project,
    user: User,
    method: str | None = None,
    by: list[str] | None = None,
    seed: int | None = None,
) -> list[int]:
    """Fit ``method`` on the project's capture histories (per stratum with ``by``), with
    linkage uncertainty and checks, as ``undercount estimate`` does, and store every run;
    returns the run ids."""
    from undercount.estimate.api import estimate_project

    require(user, "estimate.run")
    by = [b for b in (by or []) if b]
    with as_user(project, user):
        out = estimate_project(project, method=method or None, by=by, seed=seed)
        return project.record_estimates(out.runs)


def backup_project(project: Project, user: User) -> str:
    """An admin's consistent copy of the open project (still encrypted, with its key
    description), written beside it in ``<project>-backups/``; returns the backup's path."""
    require(user, "users.manage")
    folder = project.path.parent / f"{project.path.stem}-backups"
    folder.mkdir(exist_ok=True)
    with as_user(project, user):
        return str(project.backup(folder))  # a dated file in the folder


def project_info(project: Project, user: User) -> dict[str, Any]:
    """What an admin checks: file, encryption, schema, counts, and whether the audit verifies."""
    from undercount import __version__

    require(user, "users.manage")
    with project._lock:
        report = project.verify_audit()
        counts = project.counts()
        meta = dict(project.con.execute("SELECT key, value FROM meta").fetchall())
    return {
        "file": project.path.name,
        "encrypted": project.encrypted,
        "schema_version": meta.get("schema_version"),
        "created_with": meta.get("created_with"),
        "software_version": __version__,
        "counts": counts,
        "audit": report.to_dict(),
    }


# ------------------------------------------------------------------ audit log


def audit_entries(
    project: Project, user: User, *, page: int = 1, action: str | None = None, page_size: int = 100
) -> dict[str, Any]:
    require(user, "audit.read")
    where, params = "TRUE", []
    if action:
        where, params = "action = ?", [action]
    cur = cursor(project)
    total = int(cur.execute(f"SELECT count(*) FROM audit_log WHERE {where}", params).fetchone()[0])  # type: ignore[index]
    rows = _rows(
        cur,
        "SELECT seq, logged_at, user_name, action, entity, entity_id, details, "
        f"entry_hash FROM audit_log WHERE {where} ORDER BY seq DESC "
        "LIMIT ? OFFSET ?",
        params + [page_size, (max(page, 1) - 1) * page_size],
    )
    actions = [
        r[0] for r in cur.execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()
    ]
    return {
        "rows": rows,
        "total": total,
        "page": page,
        "actions": actions,
        "pages": max((total + page_size - 1) // page_size, 1),
    }
