"""What the report shows, read from a project: numbers only, ready for a template or the web.

Everything here is aggregate (counts, estimates, intervals). In the public version every count
of persons below :data:`MIN_CELL` is suppressed (``None``) and free text (claim sentences, user
names) is left out; no function here ever returns a victim's name.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from undercount.store.project import Project

MIN_CELL = 5
DEATHS = ("killing", "execution", "death_in_custody")
# Violation of a record counted as a death when the list gives no violation (victim lists).
_DEATH_SQL = "coalesce(r.violation, 'killing') IN ('killing', 'execution', 'death_in_custody')"


def suppress(n: int | float | None, public: bool) -> int | None:
    """A count as published: ``None`` when public and 0 < n < MIN_CELL."""
    if n is None or pd.isna(n):
        return None
    n = int(n)
    if public and 0 < n < MIN_CELL:
        return None
    return n


def _loads(text: Any) -> Any:
    if text is None or (not isinstance(text, dict | list) and pd.isna(text)):
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _num(v: Any) -> float | None:
    if v is None or pd.isna(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def stratum_fields(stratum: Any, strata: Any) -> dict[str, str]:
    """The stratum of a run as {field: value} (from ``strata`` JSON or 'k=v; k=v' text)."""
    d = _loads(strata) if isinstance(strata, str) else strata
    if isinstance(d, dict) and d and all(not isinstance(v, list | dict) for v in d.values()):
        return {str(k): str(v) for k, v in d.items()}
    if isinstance(stratum, str) and stratum:
        out = {}
        for part in stratum.replace(",", ";").split(";"):
            if "=" in part:
                k, v = part.split("=", 1)
                out[k.strip()] = v.strip()
        return out or {"stratum": stratum}
    return {}


def _by_of(strata: Any) -> list[str]:
    """The stratifying fields of a run (``{"by": [...]}`` as stored by the estimators)."""
    d = _loads(strata) if isinstance(strata, str) else strata
    if isinstance(d, dict) and isinstance(d.get("by"), list):
        return [str(b) for b in d["by"]]
    return []


def _method_label(method: str, params: dict[str, Any], diag: dict[str, Any]) -> str:
    model = diag.get("model") if isinstance(diag, dict) else None
    if method == "loglinear":
        order = params.get("max_order")
        crit = params.get("criterion", "")
        what = "independence" if order == 1 else f"{str(crit).upper()} over {order}-way models"
        return f"Log-linear ({what})"
    names = {
        "chapman": "Chapman (two lists)",
        "lcmcr": "LCMCR (latent classes)",
        "dga": "DGA (decomposable graphs)",
    }
    label = names.get(method, method)
    if method == "chapman" and isinstance(model, str) and " on " in model:
        label = f"Chapman ({model.split(' on ', 1)[1]})"
    return label


def _scalar_diagnostics(diag: Any) -> dict[str, Any]:
    if not isinstance(diag, dict):
        return {}
    out = {}
    for k, v in diag.items():
        if isinstance(v, bool | int | str):
            out[k] = v
        elif isinstance(v, float):
            out[k] = round(v, 4) if math.isfinite(v) else str(v)
    return out


def _check_texts(diag: Any) -> list[str]:
    checks = diag.get("checks") if isinstance(diag, dict) else None
    if not isinstance(checks, list):
        return []
    return [
        f"{c.get('message', '')} {c.get('action', '')}".strip()
        for c in checks
        if isinstance(c, dict)
    ]


def _pair(v: Any) -> tuple[float, float] | None:
    if isinstance(v, list | tuple) and len(v) == 2:
        lo, hi = _num(v[0]), _num(v[1])
        if lo is not None and hi is not None:
            return (lo, hi)
    return None


def _sensitivity(v: Any) -> list[dict[str, Any]]:
    """The stored hidden-group sensitivity table as rows (share, ratio) with one cell per
    capture ratio: ``[{"share": x, "cells": [{"ratio", "estimate", "low", "high"}, ...]}]``."""
    if not isinstance(v, list):
        return []
    rows: dict[float, list[dict[str, Any]]] = {}
    for r in v:
        if not isinstance(r, dict):
            continue
        share, est = _num(r.get("share")), _num(r.get("estimate"))
        if share is None or est is None:
            continue
        rows.setdefault(share, []).append(
            {
                "ratio": _num(r.get("ratio")),
                "estimate": est,
                "low": _num(r.get("low")),
                "high": _num(r.get("high")),
            }
        )
    return [{"share": x, "cells": cells} for x, cells in rows.items()]


def _current_input_hash(project: Project) -> str | None:
    try:
        from undercount.estimate.histories import Histories

        return Histories.from_frame(project.capture_histories()).hash
    except Exception:  # noqa: BLE001 - no persons yet, or a partial install: no check
        return None


def estimate_rows(project: Project, *, public: bool = False) -> tuple[list[dict], list[dict]]:
    """Latest run per (method, parameters, stratum): (overall runs, stratified runs)."""
    runs = project.estimate_runs()
    if runs.empty:
        return [], []
    runs = runs.assign(
        _p=runs["parameters"].fillna(""),
        _s=runs["stratum"].fillna(""),
        _b=[json.dumps(_by_of(s)) for s in runs["strata"]],
    )
    latest = runs.sort_values("id").groupby(["method", "_p", "_s", "_b"], dropna=False).tail(1)
    current = _current_input_hash(project)
    overall, strat = [], []
    for r in latest.sort_values("id").itertuples():
        params = _loads(r.parameters) or {}
        diag = _loads(r.diagnostics) or {}
        fields = stratum_fields(r.stratum, r.strata)
        seed = None if pd.isna(r.seed) else int(r.seed)
        row = {
            "id": int(r.id),
            "method": r.method,
            "label": _method_label(r.method, params, diag)
            + (
                f", by {', '.join(_by_of(r.strata))}"
                if _by_of(r.strata) and not (isinstance(r.stratum, str) and r.stratum)
                else ""
            ),
            "model": diag.get("model") if isinstance(diag, dict) else None,
            "documented": suppress(r.documented, public),
            "documented_raw": 0 if pd.isna(r.documented) else int(r.documented),
            "estimate": _num(r.estimate),
            "low": _num(r.low),
            "high": _num(r.high),
            "level": _num(r.level) or 0.95,
            "seed": seed,
            "input_hash": r.input_hash or "",
            "parameters": params,
            "diagnostics": _scalar_diagnostics(diag),
            # issue 14: checks first, and the interval taking the linkage as certain beside it
            "checks": _check_texts(diag),
            "conditional": _pair(diag.get("linkage_conditional_interval")),
            # 3+ lists: the total if a hidden group were harder for every list to record
            "sensitivity": _sensitivity(diag.get("sensitivity")),
            "software_version": r.software_version,
            "created_at": str(r.created_at)[:19],
            "user": None if public or pd.isna(r.user_name) else r.user_name,
            "stratum": r.stratum if isinstance(r.stratum, str) and r.stratum else None,
            "fields": fields,
            "stratum_label": ", ".join(fields.values()) if fields else (r.stratum or ""),
            "stale": bool(
                current
                and r.input_hash
                and not _by_of(r.strata)
                and (r.stratum is None or pd.isna(r.stratum))
                and r.input_hash != current
                and r.method != "chapman"
            ),
        }
        (strat if row["stratum"] else overall).append(row)
    return overall, strat


def forest_groups(strat: list[dict], *, public: bool) -> list[dict[str, Any]]:
    """Stratified runs grouped by method and stratification, suppressed cells removed."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in strat:
        key = (r["label"], ",".join(sorted(r["fields"])))
        groups[key].append(r)
    out = []
    for (label, by), rows in groups.items():
        kept = [r for r in rows if r["estimate"] is not None and r["documented"] is not None]
        n_supp = len(rows) - len(kept)
        kept.sort(key=lambda r: -(r["estimate"] or 0))
        out.append({"label": label, "by": by or "stratum", "rows": kept, "suppressed": n_supp})
    return out


def overlap(project: Project, *, public: bool) -> dict[str, Any] | None:
    """Capture patterns of persons across sources (UpSet), largest first, max 24 patterns."""
    if not project.counts()["persons"]:
        return None
    hist = project.capture_histories()
    sources = [c for c in hist.columns if c != "count"]
    if not sources:
        return None
    hist = hist.groupby(sources, as_index=False)["count"].sum()
    hist = hist[hist["count"] > 0].sort_values("count", ascending=False)
    patterns, counts = [], []
    for row in hist.head(24).itertuples(index=False):
        patterns.append(tuple(int(v) for v in row[:-1]))
        counts.append(suppress(row[-1], public))
    set_sizes = [suppress(int(hist.loc[hist[s] == 1, "count"].sum()), public) for s in sources]
    rest = len(hist) - len(patterns)
    table = [
        {"sources": [s for s, v in zip(sources, p, strict=True) if v], "count": c}
        for p, c in zip(patterns, counts, strict=True)
    ]
    return {
        "sources": sources,
        "patterns": patterns,
        "counts": counts,
        "set_sizes": set_sizes,
        "more": rest,
        "table": table,
        "persons": int(hist["count"].sum()),
        "suppressed": sum(1 for c in counts if c is None),
    }


def _person_sql(select: str, where: str = "") -> str:
    """Per-person aggregate over its records (every record is its own person before linkage)."""
    return (
        f"SELECT {select} FROM records r LEFT JOIN person_records pr ON pr.record_id = r.id "
        f"{where} GROUP BY coalesce(pr.person_id, -r.id)"
    )


def timeline(project: Project, *, public: bool) -> dict[str, Any]:
    sql = (
        "WITH p AS ("
        + _person_sql(
            f"min(r.date) FILTER (WHERE r.date_precision = 'day') AS d, bool_or({_DEATH_SQL}) AS death"
        )
        + ") SELECT d, count(*) FROM p WHERE death AND d IS NOT NULL GROUP BY d ORDER BY d"
    )
    rows = project.con.execute(sql).fetchall()
    undated = project.con.execute(
        "WITH p AS ("
        + _person_sql(
            f"min(r.date) FILTER (WHERE r.date_precision = 'day') AS d, bool_or({_DEATH_SQL}) AS death"
        )
        + ") SELECT count(*) FROM p WHERE death AND d IS NULL"
    ).fetchone()[0]  # type: ignore[index]
    days, counts, supp = [], [], []
    for d, n in rows:
        c = suppress(n, public)
        if c is None:
            supp.append(d.isoformat())
        else:
            days.append(d.isoformat())
            counts.append(c)
    return {
        "days": days,
        "counts": counts,
        "suppressed_days": supp,
        "total": suppress(sum(n for _, n in rows), public),
        "undated": suppress(int(undated), public),
    }


def all_provinces() -> list[tuple[str, float, float]]:
    """(name, lat, lon) of every province in the gazetteer (its capital's coordinates)."""
    try:
        from undercount.normalize import provinces as _provinces

        return [(p.name, float(p.lat), float(p.lon)) for p in _provinces()]
    except Exception:  # noqa: BLE001 - gazetteer unavailable: no background
        return []


def _province_coordinates(names: list[str]) -> dict[str, tuple[float, float]]:
    """Coordinates of provinces by name (gazetteer names, Persian names and aliases)."""
    out: dict[str, tuple[float, float]] = {}
    try:
        from undercount.normalize import provinces as _provinces

        table: dict[str, tuple[float, float]] = {}
        for p in _provinces():
            for key in (p.name, p.name_fa, p.code, *p.aliases):
                if key:
                    table[str(key).casefold()] = (float(p.lat), float(p.lon))
    except Exception:  # noqa: BLE001 - fall back to the records' own coordinates
        return out
    for n in names:
        hit = table.get(str(n).casefold())
        if hit:
            out[n] = hit
    return out


def province_counts(
    project: Project, *, public: bool, strat: list[dict] | None = None
) -> dict[str, Any]:
    sql = (
        "WITH p AS ("
        + _person_sql(
            f"mode(r.province) AS prov, avg(r.lat) AS lat, avg(r.lon) AS lon, bool_or({_DEATH_SQL}) AS death"
        )
        + ") SELECT prov, count(*) AS n, avg(lat), avg(lon) FROM p WHERE death "
        "GROUP BY prov ORDER BY n DESC"
    )
    rows = project.con.execute(sql).fetchall()
    names = [r[0] for r in rows if r[0]]
    coords = _province_coordinates(names)
    est_by_prov: dict[str, dict] = {}
    for r in strat or []:
        if set(r["fields"]) == {"province"} and r["estimate"] is not None:
            est_by_prov.setdefault(r["fields"]["province"], r)
    items, unknown = [], 0
    for prov, n, lat, lon in rows:
        if not prov:
            unknown += int(n)
            continue
        ll = coords.get(prov) or ((lat, lon) if lat is not None and lon is not None else None)
        e = est_by_prov.get(prov)
        items.append(
            {
                "province": prov,
                "documented": suppress(n, public),
                "lat": ll[0] if ll else None,
                "lon": ll[1] if ll else None,
                "estimate": e["estimate"] if e and e["documented"] is not None else None,
                "low": e["low"] if e and e["documented"] is not None else None,
                "high": e["high"] if e and e["documented"] is not None else None,
            }
        )
    return {
        "rows": items,
        "unknown": suppress(unknown, public),
        "estimated_method": next(iter(est_by_prov.values()))["label"] if est_by_prov else None,
    }


def claims(project: Project, *, public: bool) -> list[dict[str, Any]]:
    """Contested figures: every claim with who said it and when (sentences only if internal)."""
    try:
        from undercount.extract import claims_table

        df = claims_table(project)
    except Exception:  # noqa: BLE001 - extraction not installed yet: read the table directly
        df = project.con.execute(
            "SELECT c.*, s.name AS source FROM claims c LEFT JOIN sources s ON s.id = c.source_id "
            "ORDER BY c.event, c.outcome, c.stated_on"
        ).df()
    out = []
    for r in df.to_dict(orient="records"):

        def g(k: str, r: dict[str, Any] = r) -> Any:
            v = r.get(k)
            return None if v is None or (not isinstance(v, list | dict) and pd.isna(v)) else v

        out.append(
            {
                "event": g("event"),
                "outcome": g("outcome"),
                "value": _num(g("value")),
                "low": _num(g("low")),
                "high": _num(g("high")),
                "qualifier": g("qualifier") or "",
                "attributed_to": g("attributed_to"),
                "source": g("source") or g("source_name"),
                "stated_on": str(g("stated_on"))[:10] if g("stated_on") is not None else None,
                "place": g("place"),
                "period": g("period"),
                "sentence": None if public else g("sentence"),
                "mark": None if public else _mark(g("sentence"), g("mark_start"), g("mark_end")),
            }
        )
    out.sort(
        key=lambda c: (str(c["event"] or ""), str(c["outcome"] or ""), str(c["stated_on"] or ""))
    )
    return out


def _mark(sentence: Any, start: Any, end: Any) -> list[int] | None:
    """Offsets of the figure in its sentence, when they fall inside it."""
    if sentence is None or start is None or end is None:
        return None
    a, b = int(start), int(end)
    return [a, b] if 0 <= a < b <= len(sentence) else None


def linkage(project: Project, *, public: bool) -> dict[str, Any] | None:
    row = project.con.execute(
        "SELECT engine, method, settings, threshold, n_records, n_pairs, n_persons, metrics, "
        "created_at FROM link_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    decisions = dict(
        project.con.execute(
            "SELECT decision, count(*) FROM link_decisions GROUP BY decision"
        ).fetchall()
    )
    if row is None:
        return None
    metrics = _loads(row[7])
    diag = metrics.get("diagnostics") if isinstance(metrics, dict) else None
    diag = diag if isinstance(diag, dict) else {}
    return {
        "engine": row[0],
        "method": row[1],
        "threshold": row[3],
        "n_records": row[4],
        "n_pairs": row[5],
        "n_persons": row[6],
        "created_at": str(row[8])[:19],
        "metrics": _scalar_diagnostics(metrics) if isinstance(metrics, dict) else {},
        "decisions": decisions,
        # The run's checks (counts and messages, no record values): shown by the estimate.
        "warnings": list(diag.get("warnings", [])),
        "obvious_pairs_apart": diag.get("obvious_pairs_apart"),
        "obvious_pairs_linked": diag.get("obvious_pairs_linked"),
    }


def testimony_aliases(project: Project) -> dict[str, str]:
    """Public names for sources of kind 'testimony' (their names may name a witness)."""
    rows = project.con.execute(
        "SELECT name, id FROM sources WHERE kind = 'testimony' ORDER BY id"
    ).fetchall()
    return {name: f"testimony {i}" for i, (name, _) in enumerate(rows, start=1)}


def replace_names(obj: Any, aliases: dict[str, str]) -> Any:
    """``obj`` (nested dicts, lists, tuples, strings) with every alias key replaced."""
    if not aliases:
        return obj
    if isinstance(obj, str):
        for name in sorted(aliases, key=len, reverse=True):
            if name in obj:
                obj = obj.replace(name, aliases[name])
        return obj
    if isinstance(obj, dict):
        return {k: replace_names(v, aliases) for k, v in obj.items()}
    if isinstance(obj, list):
        return [replace_names(v, aliases) for v in obj]
    if isinstance(obj, tuple):
        return tuple(replace_names(v, aliases) for v in obj)
    return obj


def sources(project: Project, *, public: bool) -> list[dict[str, Any]]:
    df = project.sources()
    out = []
    for r in df.to_dict(orient="records"):
        out.append(
            {
                "id": int(r["id"]),
                "name": r["name"],
                "kind": r["kind"],
                "reliability": r["reliability"],
                "records": suppress(r["records"], public),
                "documents": int(r["documents"]),
            }
        )
    return out


def quality(project: Project, *, public: bool) -> dict[str, Any]:
    """How much of the data is precise enough to use (shares of records)."""
    row = project.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE date_precision = 'day'), "
        "count(*) FILTER (WHERE date IS NOT NULL), count(*) FILTER (WHERE province IS NOT NULL), "
        "count(*) FILTER (WHERE lat IS NOT NULL), count(*) FILTER (WHERE sex IS NOT NULL), "
        "count(*) FILTER (WHERE age IS NOT NULL) FROM records"
    ).fetchone()
    assert row is not None
    n = row[0] or 0

    def share(k: int) -> float | None:
        return round(100.0 * k / n, 1) if n else None

    return {
        "records": suppress(n, public),
        "day_date": share(row[1]),
        "any_date": share(row[2]),
        "province": share(row[3]),
        "coordinates": share(row[4]),
        "sex": share(row[5]),
        "age": share(row[6]),
    }


def audit_state(project: Project) -> dict[str, Any]:
    rep = project.verify_audit()
    last = project.con.execute(
        "SELECT seq, entry_hash, logged_at FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return {
        "ok": rep.ok,
        "entries": rep.entries,
        "problems": len(rep.problems),
        "last_seq": last[0] if last else None,
        "last_hash": last[1] if last else "",
        "last_at": str(last[2])[:19] if last else None,
    }


def frame_or_empty(df: pd.DataFrame | None) -> pd.DataFrame:
    return df if df is not None else pd.DataFrame()
