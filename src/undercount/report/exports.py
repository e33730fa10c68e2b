"""Exports of records and persons (CSV, XLSX) for the web and scripts: redacted unless the
user's role allows full export, spreadsheet formulas neutralised, every export audited."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

import pandas as pd

from undercount.errors import PermissionDenied, UndercountError
from undercount.store.queries import _clean, _source_filter, as_user, cursor
from undercount.store.users import User, can, require

if TYPE_CHECKING:
    from undercount.store.project import Project

# Redacted exports keep no names and no free text about victims or witnesses.
REDACTED_DROP = (
    "name",
    "given_name",
    "family_name",
    "father_name",
    "name_key",
    "name_latin",
    "notes",
    "raw",
    "place_text",
    "date_text",
    "perpetrator",
    "canonical_name",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Defuse spreadsheet formulas: text starting with = + - @ (or tab/CR) gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_frame(
    project: Project, user: User, what: str, *, base_url: str = "", full: bool | None = None
) -> tuple[pd.DataFrame, bool]:
    """(table, redacted) of records or persons the user may see; full only when allowed."""
    require(user, "export.redacted")
    if what not in ("records", "persons"):
        raise UndercountError("Export 'records' or 'persons'.")
    allow_full = can(user, "export.full")
    redacted = not allow_full if full is None else (not full)
    if not redacted and not allow_full:
        raise PermissionDenied("Your role allows only redacted exports.")
    extra, sp = _source_filter(user)
    cur = cursor(project)
    if what == "records":
        df = cur.execute(
            "SELECT r.id, s.name AS source, r.row_number, r.name, r.given_name, r.family_name, "
            "r.father_name, r.sex, r.age, r.date, r.date_precision, r.date_calendar, r.date_text, "
            "r.place_text, r.province, r.city, r.violation, r.perpetrator, r.event, r.notes, "
            "pr.person_id FROM records r JOIN sources s ON s.id = r.source_id "
            f"LEFT JOIN person_records pr ON pr.record_id = r.id WHERE TRUE{extra} ORDER BY r.id",
            sp,
        ).df()
        df["link"] = [f"{base_url}/records/{i}" for i in df["id"]]
    else:
        df = cur.execute(
            "SELECT p.id AS person_id, p.canonical_name, p.confidence, count(*) AS records, "
            "string_agg(DISTINCT s.name, '; ') AS sources, mode(r.province) AS province, "
            "min(r.date) AS first_date, min(r.id) AS first_record "
            "FROM persons p JOIN person_records pr ON pr.person_id = p.id "
            "JOIN records r ON r.id = pr.record_id JOIN sources s ON s.id = r.source_id "
            f"WHERE TRUE{extra} GROUP BY p.id, p.canonical_name, p.confidence ORDER BY p.id",
            sp,
        ).df()
        df["link"] = [f"{base_url}/records/{i}" for i in df["first_record"]]
    if redacted:
        df = df.drop(columns=[c for c in REDACTED_DROP if c in df.columns])
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(neutralise)
    return df, redacted


def export(
    project: Project,
    user: User,
    what: str,
    fmt: str,
    *,
    base_url: str = "",
    full: bool | None = None,
) -> tuple[bytes, str, str]:
    """Export as CSV or XLSX (audited): (bytes, filename, media type)."""
    if fmt not in ("csv", "xlsx"):
        raise UndercountError("Export format must be csv or xlsx.")
    df, redacted = export_frame(project, user, what, base_url=base_url, full=full)
    if fmt == "csv":
        data = df.to_csv(index=False).encode("utf-8-sig")
        media = "text/csv; charset=utf-8"
    else:
        data = _xlsx(df)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with as_user(project, user), project.transaction():
        project.audit(
            "export",
            "export",
            None,
            details={"what": what, "format": fmt, "rows": int(len(df)), "redacted": redacted},
        )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    tag = "redacted" if redacted else "full"
    return data, f"{what}-{tag}-{stamp}.{fmt}", media


def _xml_safe(text: str) -> str:
    """Control characters that XLSX (XML) cannot hold, written as visible ``\\xNN`` escapes
    (a name typed with a stray control character still exports, and shows it)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text))


def _xlsx(df: pd.DataFrame) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("export")
    ws.append([str(c) for c in df.columns])
    for row in df.itertuples(index=False):
        out = []
        for v in row:
            v = _clean(v)
            if isinstance(v, str):
                v = neutralise(_xml_safe(v))
            out.append(v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
