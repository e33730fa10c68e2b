"""Dates as written in victim lists: Jalali (Solar Hijri) and Gregorian, full or partial.

Rules (what :func:`parse_date` decides, and what it refuses to guess):

* Persian and Arabic-Indic digits are read as digits; Persian and English month names of both
  calendars are recognised (``آبان``, ``Aban``, ``نوامبر``, ``November``, ``Nov``), as are filler
  words (``ماه``, ``سال``, ``of``, weekday names, ``1st``/``2nd``).
* The calendar comes from the month name when there is one, otherwise from the year: a year
  below 1500 is Jalali, 1800 or later Gregorian; 1500-1799 is refused. A Jalali month name
  with a Gregorian year (or the reverse) is refused.
* Two-digit years are read only next to a Jalali month name (``آبان ۹۸`` -> 1398): 50-99 mean
  13xx and 00-49 mean 14xx. Elsewhere a two-digit year is refused.
* Numeric dates: a four-digit first number means year/month/day (``1398/08/24``,
  ``2019-11-15``), a four-digit last number means day/month/year (``dayfirst=True``, the
  default) or month/day/year (``dayfirst=False``). When both readings are valid dates
  (``03/04/2019``) the preferred one is returned and the other is put in
  ``PartialDate.ambiguous``; with ``dayfirst=None`` no reading is preferred and
  :class:`~undercount.errors.NormalizeError` is raised. When only one reading is a valid date
  (``15/11/2019``) it is returned without ambiguity.
* ``1398/08`` or ``Aban 1398`` -> month precision; ``1398`` -> year precision. ``date`` is the
  first day of the period in the Gregorian calendar; :func:`period_bounds` gives both ends
  (use it rather than ``PartialDate.end`` for Jalali months, which straddle Gregorian ones).
* Invalid days are refused (``1400/12/30``: 1400 is not a leap year; ``2019-02-29``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import jdatetime

from undercount.errors import NormalizeError
from undercount.model import PartialDate
from undercount.normalize.script import as_text, normalize_text

__all__ = [
    "gregorian_to_jalali",
    "jalali_to_gregorian",
    "parse_date",
    "parse_dates",
    "period_bounds",
    "is_jalali_leap",
]

_JALALI_MONTHS = {
    1: "فروردین farvardin farvardeen farwardin",
    2: "اردیبهشت ordibehesht ordibehest ordibehesht ordibeheshet",
    3: "خرداد khordad khurdad",
    4: "تیر tir teer",
    5: "مرداد امرداد mordad amordad murdad",
    6: "شهریور shahrivar shahriver shahrewar",
    7: "مهر mehr mehar",
    8: "آبان ابان aban abaan",
    9: "آذر اذر azar azer",
    10: "دی dey dei",
    11: "بهمن bahman",
    12: "اسفند esfand isfand esfend",
}
_GREGORIAN_MONTHS = {
    1: "january jan ژانویه ژانویهٔ janvier",
    2: "february feb فوریه",
    3: "march mar مارس",
    4: "april apr آوریل اوریل",
    5: "may مه می",
    6: "june jun ژوئن ژوین",
    7: "july jul ژوئیه ژوییه جولای",
    8: "august aug اوت آگوست اگوست",
    9: "september sep sept سپتامبر",
    10: "october oct اکتبر",
    11: "november nov نوامبر",
    12: "december dec دسامبر",
}
_MONTHS: dict[str, tuple[str, int]] = {}
for _m, _names in _JALALI_MONTHS.items():
    for _n in _names.split():
        _MONTHS[_n] = ("jalali", _m)
for _m, _names in _GREGORIAN_MONTHS.items():
    for _n in _names.split():
        _MONTHS.setdefault(_n, ("gregorian", _m))

_FILLER = frozenset(
    "ماه سال روز تاریخ مورخ مورخه ام ـ of the on in date year month day th st nd rd ad ap sh hs"
    " ه.ش ه ش م شمسی خورشیدی میلادی شنبه یکشنبه دوشنبه سه‌شنبه سهشنبه چهارشنبه پنجشنبه"
    " پنج‌شنبه جمعه saturday sunday monday tuesday wednesday thursday friday sat sun mon tue wed"
    " thu fri ساعت at time early mid late اوایل اواسط اواخر"
    # Approximate dates keep their precision: "about October 2022" is October 2022.
    " about approx approximately around circa c ca roughly حدود حدودا حدوداً تقریبا تقریباً"
    " حوالی حوالي تقريبا نحو".split()
)
_APPROX_LEAD = re.compile(
    r"^(?:about|approx\.?|approximately|around|circa|c\.|ca\.?|roughly|~|"
    r"حدود|حدودا|حدوداً|تقریبا|تقریباً|حوالی|حوالي|تقريبا)\s*",
    re.I,
)
# An unknown day or month written as a placeholder: 2022-10-xx, 1401/08/??, 2022-00-00.
_PLACEHOLDER = re.compile(r"(?<=\d)\s*[-/.]\s*(?:xx|\?\?|00)(?=$|\s*[-/.])", re.I)
_HIJRI_MONTHS = frozenset(
    "محرم صفر ربیع‌الاول ربیعالاول ربیع‌الثانی ربیعالثانی جمادی‌الاول جمادیالاول"
    " جمادی‌الثانی جمادیالثانی رجب شعبان رمضان شوال ذی‌القعده ذیالقعده ذی‌الحجه ذیالحجه"
    " muharram moharram safar rabi rajab shaban sha'ban ramadan ramazan shawwal shavval"
    " dhu qadah hijjah".split()
)
_CAL_WORDS = {
    "شمسی": "jalali",
    "خورشیدی": "jalali",
    "ه.ش": "jalali",
    "sh": "jalali",
    "hs": "jalali",
    "ap": "jalali",
    "میلادی": "gregorian",
    "ad": "gregorian",
}
_TIME = re.compile(
    r"[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|am|pm))?", re.IGNORECASE
)
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:[.\u200c][^\W\d_]+)*", re.UNICODE)
_NUMERIC = re.compile(r"^\s*(\d{1,4})\s*([/\-.])\s*(\d{1,4})(?:\s*\2\s*(\d{1,4}))?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def is_jalali_leap(year: int) -> bool:
    """True when the Jalali year has 30 days in Esfand (as computed by ``jdatetime``)."""
    return bool(jdatetime.date(year, 1, 1).isleap())


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Convert a Jalali date to a Gregorian one.

    Parameters
    ----------
    year, month, day : int
        The Jalali date.

    Returns
    -------
    datetime.date
        The same day in the Gregorian calendar.

    Raises
    ------
    NormalizeError
        When the Jalali date does not exist (e.g. 1400/12/30).

    Examples
    --------
    >>> jalali_to_gregorian(1398, 8, 24)
    datetime.date(2019, 11, 15)
    """
    try:
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError) as exc:
        raise NormalizeError(
            f"{year:04d}/{month:02d}/{day:02d} is not a valid Jalali date ({exc}); check the "
            "day and month, and whether the year is a leap year."
        ) from None


def gregorian_to_jalali(date: dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian date to a Jalali ``(year, month, day)``.

    Examples
    --------
    >>> gregorian_to_jalali(dt.date(2019, 11, 15))
    (1398, 8, 24)
    """
    j = jdatetime.date.fromgregorian(date=date)
    return j.year, j.month, j.day


def _jalali_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_jalali_leap(year) else 29


def period_bounds(pd: PartialDate) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of the period a PartialDate stands for.

    Parameters
    ----------
    pd : PartialDate
        A date from :func:`parse_date`.

    Returns
    -------
    tuple of datetime.date
        ``(first, last)``. Unlike ``PartialDate.end``, this follows the calendar the date was
        written in: Aban 1398 runs from 2019-10-23 to 2019-11-21.

    Examples
    --------
    >>> period_bounds(parse_date("Aban 1398"))
    (datetime.date(2019, 10, 23), datetime.date(2019, 11, 21))
    """
    if pd.precision == "day":
        return pd.date, pd.date
    if pd.calendar == "jalali":
        y, m, _ = gregorian_to_jalali(pd.date)
        if pd.precision == "month":
            last = jalali_to_gregorian(y, m, _jalali_month_length(y, m))
        else:
            last = jalali_to_gregorian(y, 12, _jalali_month_length(y, 12))
        return pd.date, last
    return pd.date, pd.end


def _fail(text: str, why: str) -> NormalizeError:
    return NormalizeError(
        f"cannot read the date {text!r}: {why}. Write it as YYYY/MM/DD (Jalali or Gregorian), "
        "DD/MM/YYYY, or with a month name ('24 Aban 1398', '15 November 2019')."
    )


def _make(text: str, cal: str, y: int, m: int | None, d: int | None) -> PartialDate:
    if m is not None and not 1 <= m <= 12:
        raise _fail(text, f"there is no month {m}")
    if cal == "jalali":
        if d is not None and m is not None and d > _jalali_month_length(y, m):
            raise _fail(text, f"Jalali month {m} of {y} has {_jalali_month_length(y, m)} days")
        g = jalali_to_gregorian(y, m or 1, d or 1)
    else:
        try:
            g = dt.date(y, m or 1, d or 1)
        except ValueError as exc:
            raise _fail(text, str(exc)) from None
    precision = "day" if d is not None else "month" if m is not None else "year"
    return PartialDate(date=g, precision=precision, calendar=cal, text=text)  # type: ignore[arg-type]


def _calendar_of_year(text: str, y: int) -> str:
    if y < 1500:
        return "jalali"
    if y >= 1800:
        return "gregorian"
    raise _fail(text, f"the year {y} is neither Jalali (< 1500) nor Gregorian (>= 1800)")


def _check_year(text: str, y: int, digits: int, cal: str | None) -> tuple[int, str]:
    if digits <= 2:
        if cal != "jalali":
            raise _fail(text, "a two-digit year is read only next to a Jalali month name")
        return (1300 + y if y >= 50 else 1400 + y), "jalali"
    if y < 1000:
        raise _fail(text, f"the year {y} is too small")
    ycal = _calendar_of_year(text, y)
    if cal is not None and cal != ycal:
        raise _fail(text, f"a {cal} month name with the {ycal} year {y}")
    return y, ycal


def _numeric(text: str, clean: str, dayfirst: bool | None) -> PartialDate | None:
    m = _COMPACT.match(clean)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return _make(text, _calendar_of_year(text, y), y, mo, d)
    m = _NUMERIC.match(clean)
    if not m:
        return None
    a, _, b, c = m.groups()
    if c is None:  # two numbers: year/month or month/year
        if len(a) == 4 and len(b) <= 2:
            y = int(a)
            return _make(text, _calendar_of_year(text, y), y, int(b), None)
        if len(b) == 4 and len(a) <= 2:
            y = int(b)
            return _make(text, _calendar_of_year(text, y), y, int(a), None)
        raise _fail(text, "two numbers need a four-digit year")
    if len(b) > 2:
        raise _fail(text, "the middle number is not a month or a day")
    if len(a) == 4:
        y = int(a)
        return _make(text, _calendar_of_year(text, y), y, int(b), int(c))
    if len(c) != 4:
        raise _fail(text, "no four-digit year; two-digit years are ambiguous")
    y = int(c)
    cal = _calendar_of_year(text, y)
    first, second = int(a), int(b)
    readings: list[PartialDate] = []
    errors: list[str] = []
    order = [(first, second), (second, first)]  # (day, month), (month, day) readings
    for d, mo in order:
        try:
            readings.append(_make(text, cal, y, mo, d))
        except NormalizeError as exc:
            readings.append(None)  # type: ignore[arg-type]
            errors.append(str(exc))
    dmy, mdy = readings
    if dmy is None and mdy is None:
        raise _fail(text, "neither day/month nor month/day gives a valid date")
    if dmy is None or mdy is None or dmy.date == mdy.date:
        return dmy or mdy
    if dayfirst is None:
        raise _fail(
            text,
            f"it reads as day/month ({dmy.date}) or month/day ({mdy.date}); "
            "pass dayfirst=True or False",
        )
    best, other = (dmy, mdy) if dayfirst else (mdy, dmy)
    return PartialDate(best.date, best.precision, best.calendar, text, (other.date,))


def _tokens(clean: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(clean)]


def parse_date(text: str, *, dayfirst: bool | None = True) -> PartialDate:
    """Read a date written in a victim list, in Jalali or Gregorian, possibly partial.

    Parameters
    ----------
    text : str
        The date as written: ``"۲۴ آبان ۱۳۹۸"``, ``"Aban 1398"``, ``"1398/08/24"``,
        ``"2019-11-15"``, ``"15/11/2019"``, ``"November 2019"``, ``"1398"``...
    dayfirst : bool or None, default True
        How to read ``NN/NN/YYYY`` when both readings are valid: True prefers day/month,
        False month/day (the other reading goes to ``ambiguous``); None refuses to choose.

    Returns
    -------
    PartialDate
        ``date`` (Gregorian, first day of the period), ``precision`` (day, month, year),
        ``calendar`` the date was written in, ``text``, and ``ambiguous`` readings.

    Raises
    ------
    NormalizeError
        When the text holds no date, an impossible date, or an ambiguity that ``dayfirst``
        does not settle. The module docstring lists the rules.

    Examples
    --------
    >>> parse_date("۲۴ آبان ۱۳۹۸")
    PartialDate(date=datetime.date(2019, 11, 15), precision='day', calendar='jalali', text='۲۴ آبان ۱۳۹۸', ambiguous=())
    >>> parse_date("03/04/2019").ambiguous
    (datetime.date(2019, 3, 4),)
    """
    if text is None or not str(text).strip():
        raise _fail(str(text), "it is empty")
    raw = str(text)
    clean = normalize_text(raw)
    clean = _TIME.sub("", clean).strip()
    clean = _APPROX_LEAD.sub("", clean)
    while _PLACEHOLDER.search(clean):
        clean = _PLACEHOLDER.sub("", clean, count=1).strip()
    num = _numeric(raw, clean, dayfirst)
    if num is not None:
        return num
    cal_hint: str | None = None
    month: tuple[str, int] | None = None
    numbers: list[str] = []
    toks = _tokens(clean)
    before_month = 0  # numbers written before the month name
    for t in toks:
        if t.isdigit():
            numbers.append(t)
            if month is None:
                before_month += 1
        elif t in _MONTHS and month is None:
            month = _MONTHS[t]
        elif t in _HIJRI_MONTHS:
            raise _fail(
                raw, "lunar Hijri dates are not supported; give the Jalali or Gregorian date"
            )
        elif t in _CAL_WORDS:
            cal_hint = _CAL_WORDS[t]
        elif t in _FILLER or t.rstrip(".") in _FILLER:
            continue
        elif t[:-2].isdigit() and t[-2:] in ("st", "nd", "rd", "th"):
            numbers.append(t[:-2])
        else:
            raise _fail(raw, f"the word {t!r} is not a month name")
    if month is None:
        if len(numbers) == 1 and len(numbers[0]) == 4:
            y = int(numbers[0])
            cal = _calendar_of_year(raw, y)
            if cal_hint and cal_hint != cal:
                raise _fail(raw, f"the year {y} is not {cal_hint}")
            return _make(raw, cal, y, None, None)
        if len(numbers) == 3:
            got = _numeric(raw, "/".join(numbers), dayfirst)
            if got is not None:
                return got
        raise _fail(raw, "no month name and no numeric date")
    cal, mo = month
    if len(numbers) == 0 or len(numbers) > 2:
        raise _fail(raw, "expected a day and a year, or a year, around the month name")
    if len(numbers) == 1:
        if len(numbers[0]) <= 2 and before_month:
            raise _fail(raw, "a day and a month but no year")
        y, cal = _check_year(raw, int(numbers[0]), len(numbers[0]), cal)
        return _make(raw, cal, y, mo, None)
    a, b = numbers
    # The year is the four-digit number; else (Jalali month, two digits) the one after the month.
    if len(a) >= 3 and len(b) <= 2:
        year_s, day_s = a, b
    elif len(b) >= 3 and len(a) <= 2:
        year_s, day_s = b, a
    elif len(a) <= 2 and len(b) <= 2:
        year_s, day_s = b, a
    else:
        raise _fail(raw, "two years and no day")
    y, cal = _check_year(raw, int(year_s), len(year_s), cal)
    return _make(raw, cal, y, mo, int(day_s))


def parse_dates(
    values: Sequence[str | None], *, dayfirst: bool | None = True
) -> list[PartialDate | None | NormalizeError]:
    """Parse a column of dates; each distinct value is parsed once.

    Parameters
    ----------
    values : sequence of str or None
        Dates as written.
    dayfirst : bool or None, default True
        As in :func:`parse_date`.

    Returns
    -------
    list
        Aligned with ``values``: a PartialDate, None for None or blank input, or the
        NormalizeError explaining why the value could not be read (never raised).
    """
    cache: dict[str, PartialDate | None | NormalizeError] = {}
    out: list[PartialDate | None | NormalizeError] = []
    for value in values:
        v = as_text(value)
        if v is None:
            out.append(None)
            continue
        hit = cache.get(v, cache)
        if hit is cache:
            if not str(v).strip():
                hit = None
            else:
                try:
                    hit = parse_date(v, dayfirst=dayfirst)
                except NormalizeError as exc:
                    hit = exc
            cache[v] = hit  # type: ignore[assignment]
        out.append(hit)  # type: ignore[arg-type]
    return out
