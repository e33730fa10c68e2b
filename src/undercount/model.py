"""The one typed data model. DuckDB tables (store/schema.py) and web responses derive from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from undercount.vocab import Calendar, Decision, Precision, Qualifier, Reliability, SourceKind


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a precision: the day, the month or only the year.

    ``date`` is the first day of the period (for month or year precision) in the Gregorian
    calendar; ``calendar`` is the calendar the date was written in. ``ambiguous`` lists the
    other readings when the text allowed more than one (never resolved silently).
    """

    date: dt.date
    precision: Precision = "day"
    calendar: Calendar = "gregorian"
    text: str = ""
    ambiguous: tuple[dt.date, ...] = ()

    @property
    def end(self) -> dt.date:
        """Last day of the period the date stands for, in the calendar it was written in."""
        d = self.date
        if self.precision == "day":
            return d
        if self.calendar == "jalali":
            from undercount.normalize.dates import period_bounds

            return period_bounds(self)[1]
        if self.precision == "month":
            nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return nxt - dt.timedelta(days=1)
        return dt.date(d.year, 12, 31)

    def iso(self) -> str:
        if self.precision == "day":
            return self.date.isoformat()
        if self.precision == "month":
            return self.date.strftime("%Y-%m")
        return f"{self.date.year:04d}"


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place. ``confidence`` is 0 when unresolved (then every other field is None)."""

    city: str | None = None
    county: str | None = None
    province: str | None = None
    lat: float | None = None
    lon: float | None = None
    confidence: float = 0.0
    city_fa: str | None = None
    province_fa: str | None = None
    country: str = "IR"
    text: str = ""

    @property
    def resolved(self) -> bool:
        return self.confidence > 0 and (self.province is not None or self.city is not None)


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    name: str
    kind: SourceKind = "other"
    publisher: str | None = None
    url: str | None = None
    reliability: Reliability = "F"
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    source_id: int
    filename: str
    media_type: str
    sha256: str
    size: int
    retrieved_at: dt.datetime
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class Record:
    """One source's report of one victim, as written plus its normalised forms."""

    id: int
    source_id: int
    row_number: int | None
    raw: dict[str, Any]
    name: str | None = None
    name_script: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    father_name: str | None = None
    sex: str | None = None
    age: int | None = None
    age_low: int | None = None
    age_high: int | None = None
    birth_year: int | None = None
    aliases: tuple[str, ...] = ()
    alias_keys: tuple[str, ...] = ()
    date: dt.date | None = None
    date_precision: Precision | None = None
    date_calendar: Calendar | None = None
    date_text: str | None = None
    place_text: str | None = None
    province: str | None = None
    city: str | None = None
    violation: str | None = None
    perpetrator: str | None = None
    event: str | None = None
    notes: str | None = None
    document_id: int | None = None
    name_key: str | None = None
    name_latin: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"


@dataclass(frozen=True, slots=True)
class Claim:
    """An aggregate figure stated by someone ("Amnesty documented at least 304 deaths")."""

    quantity: Quantity
    outcome: str
    sentence: str
    span: tuple[int, int]
    attributed_to: str | None = None
    victims: str | None = None
    event: str | None = None
    place: str | None = None
    period: str | None = None
    stated_on: dt.date | None = None
    id: int | None = None
    document_id: int | None = None
    source_id: int | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    record_ids: tuple[int, ...]
    canonical_name: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class LinkDecision:
    record_id_l: int
    record_id_r: int
    decision: Decision
    user: str
    decided_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float
    level: float = 0.95


@dataclass(frozen=True, slots=True)
class EstimateRun:
    id: int | None
    method: str
    parameters: dict[str, Any]
    seed: int | None
    strata: dict[str, Any] | None
    documented: int
    estimate: float
    interval: Interval
    diagnostics: dict[str, Any] = field(default_factory=dict)
    input_hash: str = ""
    created_at: dt.datetime | None = None


def asdict(obj: Any) -> dict[str, Any]:
    """Dataclass -> plain dict (dates left as objects)."""
    return dataclasses.asdict(obj)


# Fields a list column can be mapped to (``--map column=field``).
RECORD_FIELDS: tuple[str, ...] = (
    "name",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "age",
    "birth_year",
    "date",
    "place_text",
    "province",
    "city",
    "violation",
    "perpetrator",
    "event",
    "notes",
    "aliases",
)
