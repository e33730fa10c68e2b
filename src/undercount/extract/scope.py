"""Scope of a figure: the event, place and period a sentence speaks of.

Dates are read with :func:`undercount.normalize.parse_date` (Jalali and Gregorian) where the
sentence writes one out; relative dates ("yesterday", "last week", "on Friday", "دیروز") are
resolved against the document's publication date. Places go through
:func:`undercount.normalize.resolve_place` and are kept only when resolved.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from undercount.extract.numbers import ascii_digits

MONTHS_EN = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|"
    r"Nov\.?|Dec\.?"
)
MONTHS_FA = (
    r"فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|ژانویه|"
    r"فوریه|مارس|آوریل|مه|مى|ژوئن|ژوئیه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر"
)
MONTHS = MONTHS_EN + "|" + MONTHS_FA
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_FA = {
    "دوشنبه": 0,
    "سه‌شنبه": 1,
    "سه شنبه": 1,
    "چهارشنبه": 2,
    "پنجشنبه": 3,
    "پنج‌شنبه": 3,
    "جمعه": 4,
    "شنبه": 5,
    "یکشنبه": 6,
    "یک‌شنبه": 6,
}

_DATE_RE = re.compile(
    rf"(?:mid-|early |late |the end of |end of )?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})"
    rf"(?:,?\s+\d{{4}})?|(?:{MONTHS})(?:\s+(?:ماه\s+)?\d{{4}})(?!\d)|"
    rf"(?:{MONTHS_EN})\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,\s*\d{{4}})?|"
    rf"(?:{MONTHS_FA})(?:\s+(?:ماه\s+)?\d{{2}})(?!\d)|\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}})"
)
_YEAR_RE = re.compile(
    r"(?:in|since|during|of|سال|در سال)\s+((?:19|20)\d\d|1[34]\d\d)(?!\d)", re.IGNORECASE
)
_RELATIVE_RE = re.compile(
    r"\b(?:yesterday|today|last (?:week|month|year|night)|this (?:week|month|year)|"
    r"(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
    r"|دیروز|امروز|هفته گذشته|ماه گذشته|سال گذشته|هفته پیش|ماه پیش|سال پیش",
    re.IGNORECASE,
)
_REPORTING_DATE = re.compile(
    r"(?:said|says|told|reported|announced|stated|published)\s+(?:on\s+)?$", re.I
)

_EVENT_RE = re.compile(
    rf"(?:(?:[Tt]he\s+)?(?:(?:{MONTHS_EN})\s+)?(?:(?:19|20)\d\d\s+)?(?:[A-Z][\w-]+\s+|fuel[- ]price\s+|"
    r"nationwide\s+|petrol\s+|gasoline\s+|mass\s+|street\s+)?"
    r"(?:protests|uprising|crackdown|unrest|demonstrations|riots|massacre)"
    rf"(?:\s+of\s+(?:(?:{MONTHS_EN})\s+)?(?:19|20)\d\d)?)"
    r"|(?:اعتراضات|خیزش|قیام|سرکوب|ناآرامی‌ها|ناآرامیها|اغتشاشات|کشتار)"
    rf"(?:\s+(?:سراسری\s+)?(?:{MONTHS_FA})?\s*(?:ماه\s+)?(?:\d{{2,4}})?)?"
)


@dataclass(frozen=True, slots=True)
class Scope:
    """Resolved scope of a claim."""

    event: str | None = None
    place: str | None = None
    province: str | None = None
    city: str | None = None
    period: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "place": self.place,
            "province": self.province,
            "city": self.city,
            "period": self.period,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
        }


def _nz() -> Any:
    try:
        from undercount import normalize
    except ImportError:  # pragma: no cover - normaliser not installed in this build
        return None
    return normalize


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> Any:
    nz = _nz()
    if nz is None or not hasattr(nz, "parse_date"):
        return None
    try:
        return nz.parse_date(text)
    except Exception:  # noqa: BLE001 - NormalizeError or anything odd: unresolved
        return None


@functools.lru_cache(maxsize=4096)
def resolve_place_cached(text: str) -> Any:
    nz = _nz()
    if nz is None or not hasattr(nz, "resolve_place"):
        return None
    try:
        p = nz.resolve_place(text)
    except Exception:  # noqa: BLE001 - unresolved
        return None
    return p if getattr(p, "resolved", False) else None


def _relative(text: str, published_on: dt.date | None) -> tuple[dt.date, dt.date] | None:
    if published_on is None:
        return None
    t = text.lower().strip()
    d = published_on
    if t in ("yesterday", "دیروز"):
        x = d - dt.timedelta(days=1)
        return x, x
    if t in ("today", "امروز"):
        return d, d
    if t in ("last night",):
        x = d - dt.timedelta(days=1)
        return x, d
    if t in ("last week", "هفته گذشته", "هفته پیش"):
        start = d - dt.timedelta(days=d.weekday() + 7)
        return start, start + dt.timedelta(days=6)
    if t in ("this week",):
        start = d - dt.timedelta(days=d.weekday())
        return start, d
    if t in ("last month", "ماه گذشته", "ماه پیش"):
        end = d.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if t in ("this month",):
        return d.replace(day=1), d
    if t in ("last year", "سال گذشته", "سال پیش"):
        return dt.date(d.year - 1, 1, 1), dt.date(d.year - 1, 12, 31)
    if t in ("this year",):
        return dt.date(d.year, 1, 1), d
    m = re.match(r"(?:on|last) (\w+)$", t)
    if m and m.group(1) in _WEEKDAYS:
        wd = _WEEKDAYS.index(m.group(1))
        back = (d.weekday() - wd) % 7 or 7
        x = d - dt.timedelta(days=back)
        return x, x
    return None


def find_period(
    sentence: str, published_on: dt.date | None
) -> tuple[str | None, dt.date | None, dt.date | None]:
    """First date expression of the sentence that is not just when something was said."""
    s = ascii_digits(sentence)
    cands: list[tuple[int, int, str]] = []
    for m in _DATE_RE.finditer(s):
        cands.append((m.start(), m.end(), "date"))
    for m in _RELATIVE_RE.finditer(s):
        cands.append((m.start(), m.end(), "rel"))
    for m in _YEAR_RE.finditer(s):
        if not any(a <= m.start(1) < b for a, b, _ in cands):
            cands.append((m.start(1), m.end(1), "year"))
    cands.sort()
    best = None
    for a, b, kind in cands:
        if _REPORTING_DATE.search(s[max(0, a - 20) : a]) and len(cands) > 1:
            continue
        best = (a, b, kind)
        break
    if best is None and cands:
        best = cands[0]
    if best is None:
        return None, None, None
    a, b, kind = best
    text = sentence[a:b]
    if kind == "rel":
        r = _relative(re.sub(r"^on ", "on ", text), published_on)
        return text, (r[0] if r else None), (r[1] if r else None)
    if kind == "year":
        y = int(s[a:b])
        if y > 1500:
            return text, dt.date(y, 1, 1), dt.date(y, 12, 31)
        pd_ = _parse_date(s[a:b])
        return text, (pd_.date if pd_ else None), (pd_.end if pd_ else None)
    core = re.sub(r"^(?:mid-|early |late |the end of |end of )", "", text, flags=re.I)
    pd_ = _parse_date(ascii_digits(core))
    if pd_ is None and published_on is not None and not re.search(r"\d{4}", core):
        pd_ = _parse_date(f"{ascii_digits(core)} {published_on.year}")
        if pd_ is not None and pd_.date > published_on:
            pd_ = _parse_date(f"{ascii_digits(core)} {published_on.year - 1}")
    if pd_ is None:
        return text, None, None
    return text, pd_.date, pd_.end


_PLACE_EN = re.compile(
    r"\b(?:in|at|across|near|outside|around|from)\s+((?:the\s+)?(?:[A-Z][\w'’-]+)"
    r"(?:[\s-][A-Z][\w'’-]+){0,2}(?:\s+province)?)"
)
_PLACE_FA = re.compile(r"(?:در|شهر|استان)\s+([\u0600-\u06FF\u200c]+(?:\s+[\u0600-\u06FF\u200c]+)?)")
_NOT_PLACE = re.compile(
    rf"^(?:the\s+)?(?:{MONTHS_EN}|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|Amnesty|Reuters|Iran Human Rights|Human Rights|United|"
    r"The|A|An|Its|His|Her|Their)\b",
    re.I,
)


def find_place(sentence: str) -> tuple[str | None, str | None, str | None]:
    """(place as written, province, city) of the first resolvable place in the sentence."""
    for m in _PLACE_EN.finditer(sentence):
        cand = m.group(1)
        if _NOT_PLACE.match(cand):
            continue
        cand = re.sub(r"^the\s+", "", cand)
        words = cand.split()
        # Longest prefix that resolves ("Mahshahr, Khuzestan" -> "Mahshahr").
        for k in range(len(words), 0, -1):
            p = resolve_place_cached(" ".join(words[:k]))
            if p is not None:
                return " ".join(words[:k]), p.province, p.city
    for m in _PLACE_FA.finditer(sentence):
        words = m.group(1).split()
        for k in range(len(words), 0, -1):
            w = " ".join(words[:k])
            if len(w) < 3:
                continue
            p = resolve_place_cached(w)
            if p is not None:
                return w, p.province, p.city
    return None, None, None


def find_events(text: str) -> list[tuple[int, int, str]]:
    """Event mentions ("the November 2019 protests", "اعتراضات آبان ۱۳۹۸") with offsets."""
    out = []
    for m in _EVENT_RE.finditer(text):
        ev = re.sub(r"^the\s+", "", m.group(0).strip(), flags=re.I).strip()
        if len(ev) < 4:
            continue
        out.append((m.start(), m.end(), ev))
    return out
