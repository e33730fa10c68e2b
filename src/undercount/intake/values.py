"""Reading the values of a list's cells: missing-value words, ages (with their uncertainty),
sex and violation types.

Every parser takes the text of one cell and returns the value, ``None`` for an empty cell,
or raises ``ValueError`` with a sentence that names the value and says how to write it.
The import calls them once per distinct value of a column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from undercount.vocab import SEX_SYNONYMS, VIOLATION_SYNONYMS

_FA_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def header_key(text: str) -> str:
    """A header or short value folded for comparison (case, Arabic/Persian letter forms,
    punctuation and spacing)."""
    t = str(text).strip().lower()
    t = t.replace("\u064a", "\u06cc").replace("\u0643", "\u06a9").replace("\u200c", " ")
    t = re.sub(r"[\s_\-'’.:/()]+", " ", t).strip()
    return t


def _missing_key(text: str) -> str:
    t = header_key(text).replace("\u0649", "\u06cc").replace("\u0629", "\u0647")
    return " ".join(re.sub(r"[\[\]#?؟!]+", " ", t).split())


# ---------------------------------------------------------------- missing values

# Words and phrases that mean "not known" (compared after header_key folding).
_MISSING_RAW = (
    # English
    "unknown",
    "unk",
    "unkn",
    "n/a",
    "na",
    "n.a.",
    "#n/a",
    "none",
    "null",
    "nil",
    "nan",
    "not known",
    "not available",
    "not given",
    "not stated",
    "not specified",
    "not reported",
    "unspecified",
    "undisclosed",
    "unconfirmed",
    "no data",
    "no info",
    "no information",
    "tbd",
    "tbc",
    # Persian
    "نامعلوم",
    "نا معلوم",
    "نامشخص",
    "نا مشخص",
    "مشخص نیست",
    "معلوم نیست",
    "نامعلوم است",
    "نامشخص است",
    "نامعین",
    "ندارد",
    "بدون اطلاعات",
    "اطلاعات موجود نیست",
    "ثبت نشده",
    "اعلام نشده",
    # Arabic
    "مجهول",
    "مجهولة",
    "غير معروف",
    "غير معروفة",
    "غير معلوم",
    "غير محدد",
    "غير متوفر",
    "غير مذكور",
    "لا يوجد",
    "لا توجد",
    "لا يعرف",
)
MISSING_WORDS: frozenset[str] = frozenset(_missing_key(w) for w in _MISSING_RAW)
_FIRST_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc"})


def _first_word(text: str) -> str:
    parts = text.lower().split(None, 1)
    return parts[0].strip("()[]#.?!").translate(_FIRST_FOLD) if parts else ""


# First words of the missing-value phrases: a value starting otherwise is not one (fast).
_MISSING_FIRST = frozenset(_first_word(w) for w in _MISSING_RAW)
_MISSING_MAX = max(len(w) for w in MISSING_WORDS) + 6  # longer values are never missing
# Values that mean "not known" only in an age column (the Gaza ministry list writes -1).
MISSING_AGE = frozenset({"-1"})


def _first_word_pattern(word: str) -> str:
    classes = {"ی": "[یيى]", "ي": "[یيى]", "ى": "[یيى]", "ک": "[کك]", "ك": "[کك]"}
    return "".join(classes.get(c, re.escape(c)) for c in word)


# Values that may be missing-value words or marks (checked by is_missing), for a whole
# column at once: marks only, or a value starting with the first word of a phrase.
_CANDIDATE = (
    r"^[^\pL\pN]*$|^[\s(\[#]*(?:"
    + "|".join(
        sorted({_first_word_pattern(w.lower().split()[0].strip("()[]#.?!")) for w in _MISSING_RAW})
    )
    + r")(?:$|[^\pL\pN])"
)


def missing_mask(values: list[str]) -> np.ndarray:
    """:func:`is_missing` of each value (a column's distinct values), screened by one
    vectorised regular expression first: the Python check runs on a few values only."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = np.zeros(len(values), dtype=bool)
    if not values:
        return out
    arr = pa.array(values, pa.string())
    maybe = pc.and_(
        pc.less_equal(pc.utf8_length(arr), _MISSING_MAX),
        pc.match_substring_regex(arr, _CANDIDATE, ignore_case=True),
    )
    for i in np.flatnonzero(np.asarray(pc.fill_null(maybe, False))).tolist():
        out[i] = is_missing(values[i])
    return out


def is_missing(text: str) -> bool:
    """Whether a cell means "not known": a missing-value word (``Unknown``, ``N/A``,
    ``نامعلوم``, ``مجهول`` ...) or marks without a letter or digit (``-``, ``?``, ``...``).

    An empty cell is not "missing" here (it is simply empty).
    """
    t = text.strip()
    if not t:
        return False
    if len(t) > _MISSING_MAX:
        return False
    if not any(c.isalnum() for c in t):
        return True  # marks only: -, ?, ..., —
    if _first_word(t) not in _MISSING_FIRST:
        return False
    return _missing_key(t) in MISSING_WORDS


# ---------------------------------------------------------------- ages


@dataclass(frozen=True, slots=True)
class Age:
    """An age as written, with its uncertainty.

    ``low`` and ``high`` bound the age in years (equal for an exact age); ``point`` is the
    age itself, or the rounded midpoint of a range; ``birth_year`` is set when the cell held
    a year of birth instead of an age (then the bounds are None until a date gives them).
    """

    low: int | None
    high: int | None
    point: int | None
    birth_year: int | None = None


_APPROX = (
    r"(?:about|approx\.?|approximately|around|circa|c\.|ca\.?|roughly|almost|nearly|~|≈|±|"
    r"حدود|حدودا|حدوداً|حدود ًا|تقریبا|تقریباً|حوالی|حوالي|حوالى|نحو|تقريبا|تقريباً)"
)
_YEARS = (
    r"(?:years?(?:\s+old)?|yrs?\.?|y\.?\s?o\.?|y|ans|jahre|ساله|سال|سالگی|عام|عاما|عامًا|"
    r"سنة|سنه|سنوات|سنين)"
)
_MONTHS = r"(?:months?(?:\s+old)?|mos?\.?|m|ماه|ماهه|شهر|شهور|أشهر|اشهر|شهرا|شهرًا)"
_DAYS = r"(?:days?(?:\s+old)?|روز|روزه|يوم|أيام|ايام)"
_RANGE_SEP = r"(?:/|-|–|—|~|\bto\b|\bor\b|و|تا|الى|إلى|او|أو|یا)"
_AGE_NUM = re.compile(
    rf"^(?P<approx>{_APPROX})?\s*(?P<n>\d{{1,3}})\s*(?P<q>\?)?\s*(?:{_YEARS})?\s*(?P<q2>\?)?$",
    re.I,
)
_AGE_RANGE = re.compile(
    rf"^(?:{_APPROX})?\s*(?:between\s+|بین\s+)?(?P<a>\d{{1,3}})\s*(?:{_YEARS})?\s*{_RANGE_SEP}\s*"
    rf"(?P<b>\d{{1,3}})\s*\??\s*(?:{_YEARS})?\s*\??$",
    re.I,
)
_AGE_DECADE = re.compile(
    r"^(?:(?P<part>early|mid|late)[\s-]*)?(?:in\s+(?:his|her|their)\s+)?"
    r"(?P<d>[1-9]0)\s*'?\s*s$",
    re.I,
)
_AGE_INFANT = re.compile(
    rf"^(?:(?:{_APPROX})?\s*\d{{1,2}}\s*(?:{_MONTHS}|{_DAYS})\??|infant|baby|newborn|new-born|"
    r"نوزاد|شیرخوار|رضیع|رضيع|طفل رضيع)$",
    re.I,
)
_AGE_YEAR = re.compile(r"^(?:born\s+(?:in\s+)?|متولد\s*|تولد\s*|مواليد\s*)?(?P<y>\d{4})$", re.I)
APPROX_MARGIN = 2  # "about 40" -> 38 to 42
MAX_AGE = 120
MAX_SPAN = 20  # a wider range is not an age


def _midpoint(low: int, high: int) -> int:
    return (low + high + 1) // 2


def _check(text: str, low: int, high: int) -> None:
    if high > MAX_AGE:
        raise ValueError(f"the age {text!r} is over {MAX_AGE}")


def parse_age_value(text: str, *, today: dt.date | None = None) -> Age | None:
    """Read an age cell: an exact age, a range, an approximate age or a year of birth.

    Forms: ``30``, ``30 years``, ``۳۰ ساله``; ranges ``16/17``, ``22 / 23``, ``16-18``,
    ``16 to 18``; approximate ``about 40``, ``~40``, ``40?``, ``حدود ۳۰`` (taken as
    ``APPROX_MARGIN`` years either side); decades ``20s``, ``early 30s``, ``late 40s``;
    infants ``6 months``, ``۳ ماهه`` (age 0); a year (``1991``, Gregorian, or ``1370``,
    Jalali) is a year of birth. Returns None for an empty cell; raises ValueError otherwise.
    """
    t = " ".join(text.translate(_FA_DIGITS).split())
    t = t.replace("\u064a", "\u06cc").replace("\u0649", "\u06cc")
    if not t:
        return None
    m = _AGE_NUM.match(t)
    if m:
        n = int(m.group("n"))
        _check(text, n, n)
        if m.group("approx") or m.group("q") or m.group("q2"):
            return Age(max(0, n - APPROX_MARGIN), min(MAX_AGE, n + APPROX_MARGIN), n)
        return Age(n, n, n)
    m = _AGE_RANGE.match(t)
    if m:
        a, b = sorted((int(m.group("a")), int(m.group("b"))))
        _check(text, a, b)
        if b - a > MAX_SPAN:
            raise ValueError(
                f"the age range {text!r} spans more than {MAX_SPAN} years; write the age, "
                "or a narrower range such as '16/17'"
            )
        return Age(a, b, _midpoint(a, b))
    m = _AGE_DECADE.match(t)
    if m:
        d = int(m.group("d"))
        part = (m.group("part") or "").lower()
        low, high = {"early": (d, d + 3), "mid": (d + 3, d + 6), "late": (d + 6, d + 9)}.get(
            part, (d, d + 9)
        )
        return Age(low, high, _midpoint(low, high))
    if _AGE_INFANT.match(t):
        return Age(0, 0, 0)
    m = _AGE_YEAR.match(t)
    if m:
        y = int(m.group("y"))
        this_year = (today or dt.date.today()).year
        if 1300 <= y <= 1450:  # a Jalali year (1300 = 1921/22)
            y += 621
        if 1880 <= y <= this_year:
            return Age(None, None, None, birth_year=y)
    raise ValueError(
        f"{text!r} is not an age: write it in years ('30'), as a range ('16/17', '20-25'), "
        "approximately ('about 40', '40?') or as a year of birth ('1991')"
    )


def ages_at(age: Age | None, death_year: int | None) -> Age | None:
    """An age cell that held only a year of birth, given the year of death: the age then
    (one of two values, as the birthday may have passed or not)."""
    if age is None or age.birth_year is None or age.low is not None or death_year is None:
        return age
    high = death_year - age.birth_year
    if high < 0 or high > MAX_AGE:
        return age
    low = max(0, high - 1)
    return Age(low, high, high, age.birth_year)


def parse_age(text: str) -> int | None:
    """The age in years of a cell (the midpoint of a range); None when empty or when the
    cell holds only a year of birth."""
    a = parse_age_value(text)
    return None if a is None else a.point


def parse_birth_year(text: str) -> int | None:
    """The year of a date-of-birth cell (``1991``, ``1991-05-02``, ``۱۳۷۰/۰۲/۱۲``)."""
    from undercount.errors import NormalizeError
    from undercount.normalize import parse_date

    t = text.strip()
    if not t:
        return None
    try:
        return parse_date(t).date.year
    except NormalizeError as exc:
        msg = str(exc).replace("cannot read the date", "cannot read the birth date")
        raise ValueError(msg) from None


# ---------------------------------------------------------------- sex, violation


def parse_sex(text: str) -> str | None:
    t = header_key(text)
    if not t:
        return None
    if t in SEX_SYNONYMS:
        return SEX_SYNONYMS[t]
    raise ValueError(f"{_quote(text)} is not a sex: write male, female or other (or مرد/زن)")


def parse_violation(text: str) -> str | None:
    t = header_key(text)
    if not t:
        return None
    if t in VIOLATION_SYNONYMS:
        return VIOLATION_SYNONYMS[t]
    raise ValueError(
        f"{_quote(text)} is not a known violation type: use one of "
        + ", ".join(sorted(set(VIOLATION_SYNONYMS.values())))
    )


def _quote(v: str, n: int = 40) -> str:
    v = v.replace("\n", " ")
    return repr(v if len(v) <= n else v[: n - 1] + "…")
