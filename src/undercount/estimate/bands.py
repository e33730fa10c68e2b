"""Strata from recorded covariates: ``--by`` fields, age bands and date windows.

``--by`` takes field names and banded fields, separated by commas::

    --by sex,province
    --by age_band=0-17,18-29,30-          # ages 0-17, 18-29 and 30 or more
    --by date=..2019-11-16,2019-11-17..   # on or before 16 Nov 2019, from 17 Nov on
    --by age_band=0-17,18-,sex            # a plain name after the bands starts a new field

A person's value is taken over their records: the most frequent non-missing value for
categories (sex, province, city, ...), the most frequent age for age bands, and the earliest
date for date windows. People with no value are in stratum ``unknown``; an age or date outside
every band is in ``other``.

The functions here work on a plain frame of records (``person_id``, ``source`` and the record
fields), so the stored persons (:meth:`undercount.store.project.Project.capture_histories`)
and the linkage draws (:mod:`undercount.estimate.linkage`) build capture histories the same
way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from undercount.errors import EstimationError

__all__ = ["ByField", "histories_from_records", "parse_by", "record_columns", "split_by"]

#: Plain fields: stratum name -> record column.
CATEGORIES = {
    "sex": "sex",
    "province": "province",
    "city": "city",
    "violation": "violation",
    "event": "event",
}
#: Derived fields without bands.
DERIVED = {"age_group": "age", "month": "date", "date": "date"}
#: Fields that take bands: stratum name -> record column.
BANDED = {"age_band": "age", "date": "date"}
DEFAULT_AGE_BANDS = "0-17,18-29,30-49,50-"
UNKNOWN = "unknown"
OTHER = "other"

_AGE = re.compile(r"^\s*(\d{1,3})?\s*-\s*(\d{1,3})?\s*$")
_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})?\s*\.\.\s*(\d{4}-\d{2}-\d{2})?\s*$")


@dataclass(frozen=True)
class ByField:
    """One stratum field: its output column, the record column it reads, and its bands."""

    name: str
    column: str
    kind: str  # "category", "age_group", "month", "date", "age_band", "date_window"
    bands: tuple[tuple[float, float, str], ...] = ()

    @property
    def spec(self) -> str:
        if not self.bands:
            return self.name
        return f"{self.name}=" + ",".join(label for _, _, label in self.bands)


def _known() -> list[str]:
    return sorted({*CATEGORIES, *DERIVED, *BANDED})


def split_by(text: str | None) -> list[str]:
    """Split a ``--by`` option into field specs (``age_band=0-17,18-`` stays one spec)."""
    out: list[str] = []
    for token in (t.strip() for t in (text or "").split(",")):
        if not token:
            continue
        name = token.split("=", 1)[0].strip()
        if out and "=" in out[-1] and "=" not in token and name not in _known():
            out[-1] += "," + token
        else:
            out.append(token)
    return out


def _age_bands(text: str) -> tuple[tuple[float, float, str], ...]:
    bands = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        m = _AGE.match(part)
        if not m or (m.group(1) is None and m.group(2) is None):
            raise EstimationError(
                f"Age band '{part}' is not of the form LOW-HIGH, LOW- or -HIGH in whole years "
                "(e.g. --by age_band=0-17,18-29,30-)."
            )
        lo = float(m.group(1)) if m.group(1) is not None else -np.inf
        hi = float(m.group(2)) if m.group(2) is not None else np.inf
        if lo > hi:
            raise EstimationError(f"Age band '{part}': the lower age is above the upper one.")
        bands.append((lo, hi, part.replace(" ", "")))
    return _check_overlaps(bands, "Age bands")


def _date_windows(text: str) -> tuple[tuple[float, float, str], ...]:
    bands = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        m = _DATE.match(part)
        if not m or (m.group(1) is None and m.group(2) is None):
            raise EstimationError(
                f"Date window '{part}' is not of the form START..END, START.. or ..END with "
                "ISO dates (e.g. --by date=..2019-11-16,2019-11-17..)."
            )
        try:
            lo = dt.date.fromisoformat(m.group(1)).toordinal() if m.group(1) else -np.inf
            hi = dt.date.fromisoformat(m.group(2)).toordinal() if m.group(2) else np.inf
        except ValueError:
            raise EstimationError(
                f"Date window '{part}' holds a date that does not exist."
            ) from None
        if lo > hi:
            raise EstimationError(f"Date window '{part}': the start is after the end.")
        bands.append((float(lo), float(hi), part.replace(" ", "")))
    return _check_overlaps(bands, "Date windows")


def _check_overlaps(
    bands: list[tuple[float, float, str]], what: str
) -> tuple[tuple[float, float, str], ...]:
    if not bands:
        raise EstimationError(f"{what}: none given after '='.")
    ordered = sorted(bands)
    for (_, hi, a), (lo, _, b) in zip(ordered, ordered[1:], strict=False):
        if lo <= hi:
            raise EstimationError(f"{what} '{a}' and '{b}' overlap; each person needs one band.")
    return tuple(bands)


def parse_by(by: str | Sequence[str] | None) -> list[ByField]:
    """Parse ``--by`` specs into :class:`ByField` objects (errors say what is accepted)."""
    items = split_by(by) if isinstance(by, str) else [s for b in (by or []) for s in split_by(b)]
    out: list[ByField] = []
    for item in items:
        name, _, bands = (x.strip() for x in item.partition("="))
        if item.count("=") and name == "age_band":
            out.append(ByField("age_band", "age", "age_band", _age_bands(bands)))
        elif item.count("=") and name == "date":
            out.append(ByField("date", "date", "date_window", _date_windows(bands)))
        elif "=" in item:
            raise EstimationError(
                f"--by {item}: only age_band and date take bands (age_band=0-17,18-; "
                "date=..2019-11-16,2019-11-17..)."
            )
        elif name == "age_band":
            out.append(ByField("age_band", "age", "age_band", _age_bands(DEFAULT_AGE_BANDS)))
        elif name in CATEGORIES:
            out.append(ByField(name, CATEGORIES[name], "category"))
        elif name in DERIVED:
            out.append(ByField(name, DERIVED[name], name))
        else:
            raise EstimationError(
                f"Cannot stratify by '{name}'. Use one of: {', '.join(_known())} "
                "(age_band and date take bands, e.g. age_band=0-17,18-29,30-)."
            )
    names = [f.name for f in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise EstimationError(f"--by names {', '.join(dup)} more than once.")
    return out


def record_columns(fields: Sequence[ByField]) -> list[str]:
    """The record columns the fields read (a subset of a fixed allow-list)."""
    return sorted({f.column for f in fields})


def _mode(frame: pd.DataFrame, col: str) -> pd.Series:
    """Most frequent non-missing value per person (ties: the smallest value)."""
    sub = frame[["person_id", col]].dropna()
    if sub.empty:
        return pd.Series(dtype=object)
    counts = sub.groupby(["person_id", col], sort=True).size().reset_index(name="n")
    counts = counts.sort_values(["person_id", "n"], ascending=[True, False], kind="stable")
    first = counts.drop_duplicates("person_id")
    return first.set_index("person_id")[col]


def _banded(values: pd.Series, bands: tuple[tuple[float, float, str], ...]) -> pd.Series:
    out = pd.Series(UNKNOWN, index=values.index, dtype=object)
    v = pd.to_numeric(values, errors="coerce")
    known = v.notna()
    out[known] = OTHER
    for lo, hi, label in bands:
        out[known & (v >= lo) & (v <= hi)] = label
    return out


def person_strata(records: pd.DataFrame, fields: Sequence[ByField]) -> pd.DataFrame:
    """One row per person (index ``person_id``) with one column per stratum field."""
    persons = pd.Index(records["person_id"].unique(), name="person_id")
    out = pd.DataFrame(index=persons)
    for f in fields:
        if f.kind == "date_window":
            dates = pd.to_datetime(records[f.column], errors="coerce")
            first = dates.groupby(records["person_id"]).min()
            ordinal = first.map(lambda d: np.nan if pd.isna(d) else float(d.toordinal()))
            col = _banded(ordinal.reindex(persons), f.bands)
        elif f.kind == "age_band":
            col = _banded(_mode(records, f.column).reindex(persons), f.bands)
        elif f.kind == "age_group":
            age = pd.to_numeric(_mode(records, f.column).reindex(persons), errors="coerce")
            col = pd.Series(np.where(age < 18, "child", "adult"), index=persons, dtype=object)
            col[age.isna()] = UNKNOWN
        elif f.kind in ("month", "date"):
            dates = pd.to_datetime(records[f.column], errors="coerce")
            fmt = "%Y-%m" if f.kind == "month" else "%Y-%m-%d"
            tmp = pd.DataFrame({"person_id": records["person_id"], "v": dates.dt.strftime(fmt)})
            col = _mode(tmp, "v").reindex(persons)
        else:
            vals = records[f.column].astype(object).where(records[f.column].notna())
            vals = vals.map(lambda x: x if not isinstance(x, str) or x.strip() else None)
            tmp = pd.DataFrame({"person_id": records["person_id"], "v": vals})
            col = _mode(tmp, "v").reindex(persons)
        out[f.name] = col.astype(object).where(col.notna(), UNKNOWN).astype(str)
    return out


def histories_from_records(
    records: pd.DataFrame, sources: Sequence[str], fields: Sequence[ByField]
) -> pd.DataFrame:
    """Capture histories from records assigned to persons.

    Parameters
    ----------
    records : pandas.DataFrame
        ``person_id``, ``source`` (the source name) and the record columns the fields read.
    sources : sequence of str
        Every source, in column order (a source with no record gets a column of zeros).
    fields : sequence of ByField
        Stratum fields (see :func:`parse_by`).

    Returns
    -------
    pandas.DataFrame
        One 0/1 column per source, one column per field, ``count``.
    """
    clash = sorted({f.name for f in fields} & set(sources))
    if clash or "count" in sources:
        raise EstimationError(
            f"A source is named like a stratum field or 'count' ({', '.join(clash or ['count'])});"
            " rename the source before estimating by it."
        )
    pid = records["person_id"].to_numpy()
    persons, inv = np.unique(pid, return_inverse=True)
    src_index = {s: i for i, s in enumerate(sources)}
    si = records["source"].map(src_index).to_numpy()
    caps = np.zeros((len(persons), len(sources)), dtype=np.int64)
    caps[inv, si] = 1
    per = pd.DataFrame(caps, columns=list(sources))
    if fields:
        strata = person_strata(records, fields).reindex(persons)
        for f in fields:
            per[f.name] = strata[f.name].to_numpy()
    group_cols = list(sources) + [f.name for f in fields]
    hist = per.groupby(group_cols, dropna=False, sort=True).size().reset_index(name="count")
    return hist[group_cols + ["count"]]
