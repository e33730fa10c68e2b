"""Quantities in running text: digits, number words, vague amounts, qualifiers and ranges.

English and Persian are both read: ``"more than 1,500"``, ``"between 200 and 300"``,
``"nearly 7,000"``, ``"two hundred and eight"``, ``"dozens"``, ``"دست‌کم ۳۰۴"``,
``"بین ۲۰۰ تا ۲۲۵"``, ``"پانصد"``, ``"هزاران"``.

Vague amounts are read as lower bounds (qualifier ``at_least``): *a dozen* = 12 (exact),
*dozens* = 24, *scores* = 40, *hundreds* = 200, *thousands* = 2,000, *tens of thousands* =
20,000. A range has ``value=None`` and its bounds in ``low``/``high``.

The scanner works on text whose Persian and Arabic-Indic digits were mapped to ASCII one for one
(:func:`ascii_digits`), so character offsets stay those of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from undercount.model import Quantity

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٬٫", "01234567890123456789,.")


_NON_ASCII_DIGIT = re.compile("[۰-۹٠-٩٬٫]")


def ascii_digits(text: str) -> str:
    """Map Persian/Arabic-Indic digits and separators to ASCII, keeping every offset."""
    if text.isascii() or _NON_ASCII_DIGIT.search(text) is None:
        return text  # nothing to map: a scan is much cheaper than a translation
    return text.translate(_DIGITS)


_ARABIC_LETTERS = str.maketrans("يكى", "یکی")


def persian_letters(text: str) -> str:
    """Write the Arabic forms of yeh and kaf ("دستگير", "كشته") as the Persian ones, keeping
    every offset, so that Persian words match however the page typed them."""
    if text.isascii() or ("ي" not in text and "ك" not in text and "ى" not in text):
        return text
    return text.translate(_ARABIC_LETTERS)


# ----------------------------------------------------------------- word numbers

_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_MULT = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_FA_UNITS = {
    "یک": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "شانزده": 16,
    "هفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "هفتاد": 70,
    "هشتاد": 80,
    "نود": 90,
    "یکصد": 100,
    "دویست": 200,
    "سیصد": 300,
    "چهارصد": 400,
    "پانصد": 500,
    "ششصد": 600,
    "هفتصد": 700,
    "هشتصد": 800,
    "نهصد": 900,
}
_FA_MULT = {"صد": 100, "هزار": 1000, "میلیون": 1_000_000}

# Vague amounts -> (lower bound, how they are written).
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20000,
    "hundreds of thousands": 200000,
    "ده‌ها": 24,
    "دهها": 24,
    "ده ها": 24,
    "صدها": 200,
    "صد ها": 200,
    "هزاران": 2000,
    "ده‌ها هزار": 20000,
    "دهها هزار": 20000,
    "صدها هزار": 200000,
}
_SINGLE = {"a dozen": 12, "a hundred": 100, "a thousand": 1000, "one dozen": 12}


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_EN_WORD = _alt(list(_EN_UNITS) + list(_EN_MULT))
_FA_WORD = _alt(list(_FA_UNITS) + list(_FA_MULT))
_EN_WORDS_RE = rf"(?:{_EN_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_EN_WORD}))*"
_FA_WORDS_RE = rf"(?:{_FA_WORD})(?:(?:\s+و\s+|\s+)(?:{_FA_WORD}))*"
_DIGIT_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT_AFTER = r"(?:\s*(?:thousand|million|هزار|میلیون)(?![\w]))?"

_CORE = re.compile(
    rf"(?P<vague>{_alt(list(_VAGUE))})(?![\w\u200c])"
    rf"|(?P<single>{_alt(list(_SINGLE))})\b"
    rf"|(?<![\w/.:,])(?<![A-Za-z]-)(?P<digits>{_DIGIT_RE})(?![\w/:]|[.,]\d)(?P<mult>{_MULT_AFTER})"
    rf"|(?<![\w\u200c-])(?P<enw>{_EN_WORDS_RE})\b"
    rf"|(?<![\w\u200c])(?P<faw>{_FA_WORDS_RE})(?![\w\u200c])",
    re.IGNORECASE,
)


def parse_words(text: str) -> float | None:
    """Value of an English or Persian number written in words (``None`` if not one)."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t and t not in ("and", "و")]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    for t in tokens:
        if t in _EN_UNITS:
            current += _EN_UNITS[t]
        elif t in _FA_UNITS:
            current += _FA_UNITS[t]
        elif t in ("hundred", "صد"):
            current = (current or 1) * 100
        elif t in ("thousand", "million", "هزار", "میلیون"):
            mult = 1000 if t in ("thousand", "هزار") else 1_000_000
            total += (current or 1) * mult
            current = 0
        else:
            return None
    return total + current


class _Span:
    """A stand-in for a regex match over several merged cores."""

    def __init__(self, a: int, b: int) -> None:
        self._a, self._b = a, b

    def start(self) -> int:
        return self._a

    def end(self) -> int:
        return self._b

    def group(self, _name: str) -> None:
        return None


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A quantity found in text: the whole span (with its qualifier) and the number's span."""

    start: int
    end: int
    num_start: int
    num_end: int
    quantity: Quantity
    text: str
    vague: bool = False
    is_year_like: bool = False


def _core_value(m: re.Match[str]) -> tuple[float | None, bool, bool]:
    """(value, vague, single-token integer that could be a year)."""
    if m.group("vague"):
        return float(_VAGUE[re.sub(r"\s+", " ", m.group("vague").lower())]), True, False
    if m.group("single"):
        return float(_SINGLE[m.group("single").lower()]), False, False
    if m.group("digits"):
        raw = m.group("digits")
        try:
            v = float(raw.replace(",", ""))
        except ValueError:
            return None, False, False
        mult = (m.group("mult") or "").strip().lower()
        if mult in ("thousand", "هزار"):
            v *= 1000
        elif mult in ("million", "میلیون"):
            v *= 1_000_000
        year_like = (
            not mult
            and "," not in raw
            and "." not in raw
            and len(raw) == 4
            and (1300 <= v <= 1420 or 1900 <= v <= 2100)
        )
        return v, False, year_like
    words = m.group("enw") or m.group("faw")
    if words:
        return parse_words(words), False, False
    return None, False, False


# Qualifiers written before the number (lower-cased, digits already ASCII).
_BEFORE = [
    (
        "at_least",
        r"at least|more than|over|upwards of|in excess of|no fewer than|no less than|"
        r"not less than|a minimum of|well over|at the very least|exceeding|above|beyond|"
        r"دست[\u200c ]?کم|حداقل|بیش از|بیشتر از|افزون بر|بالای",
    ),
    (
        "about",
        r"about|around|approximately|approx\.|roughly|nearly|almost|some|an estimated|"
        r"estimated|close to|closer to|circa|c\.|~|حدود|حدوداً|حدودا|نزدیک به|قریب به|"
        r"تقریباً|تقریبا|بالغ بر",
    ),
    (
        "at_most",
        r"up to|as many as|at most|no more than|fewer than|less than|under|"
        r"a maximum of|not more than|حداکثر|کمتر از|کم‌تر از",
    ),
]
_BEFORE_RE = [
    (q, re.compile(rf"(?:^|(?<=[\s(\"“«]))(?:{p})\s*$", re.IGNORECASE)) for q, p in _BEFORE
]
_AFTER_PLUS = re.compile(r"^(?:\+|-plus|\s+or more\b|\s+and more\b|\s+و بیشتر)", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and|تا|و|الی)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:between|from|بین|از)\s*$", re.IGNORECASE)
# "since October 1 to 319": a day of a month is no start of a range
_MONTH_BEFORE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s*$"
)
# "increased from 560 to 761", "a rise in deaths … from 2,666 to 2,798": a change over time
# gives two figures (then and now), not a range of one.
_CHANGE_BEFORE = re.compile(
    r"\b(?:increase[sd]?|increasing|rise|rises|rising|rose|risen|gr[eo]w|grown|growing|"
    r"climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|soar(?:s|ed|ing)?|doubl(?:e|es|ed|ing)|"
    r"decrease[sd]?|decreasing|decline[sd]?|declining|f[ae]ll|fallen|falling|drop(?:s|ped|ping)?|"
    r"went (?:up|down)|up|down)\b[^.;:!?]{0,90}$",
    re.IGNORECASE,
)


_SPACE_THOUSANDS_GAP = re.compile("[ \u00a0\u202f]")


def _space_thousands(
    t: str, cores: list[tuple[Any, float, bool, bool]]
) -> list[tuple[Any, float, bool, bool]]:
    """Merge "6 400" and "1 500" (a space as thousands separator) into one number: a group of
    one to three digits, one space, then exactly three digits that no digit follows; not a day
    of a month before it ("January 25 500") and not a year."""
    out: list[tuple[Any, float, bool, bool]] = []
    for c in cores:
        if out:
            pm, pv, pvague, pyear = out[-1]
            m = c[0]
            if (
                isinstance(pm, re.Match)
                and isinstance(m, re.Match)
                and pm.group("digits")
                and m.group("digits")
                and not pm.group("mult")
                and re.fullmatch(r"\d{1,3}", pm.group("digits"))
                and re.fullmatch(r"\d{3}", m.group("digits"))
                and not m.group("mult")
                and _SPACE_THOUSANDS_GAP.fullmatch(t[pm.end() : m.start()])
                and not re.match(r"\s*[\d,.]", t[m.end() : m.end() + 2])
                and not _MONTH_BEFORE.search(t[max(0, pm.start() - 12) : pm.start()])
            ):
                out[-1] = (_Span(pm.start(), m.end()), pv * 1000 + c[1], False, False)
                continue
        out.append(c)
    return out


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every quantity in ``text`` (already through :func:`ascii_digits` or not), in order.

    Examples
    --------
    >>> [m.quantity for m in find_quantities("more than 1,500 people")]
    [Quantity(value=1500.0, low=1500.0, high=None, qualifier='at_least')]
    >>> find_quantities("between 200 and 300")[0].quantity.qualifier
    'range'
    """
    t = ascii_digits(text)
    cores: list[tuple[Any, float, bool, bool]] = []
    for m in _CORE.finditer(t):
        v, vague, year_like = _core_value(m)
        if v is None:
            continue
        cores.append((m, v, vague, year_like))
    # "۱۸ هزار و ۲۴۲", "3 thousand and 50", "دو هزار و ۲۷۷": one number.
    merged: list[tuple[Any, float, bool, bool]] = []
    for c in cores:
        if merged:
            pm, pv, pvague, _ = merged[-1]
            gap = t[pm.end() : c[0].start()]
            mult = (
                (pm.group("mult") or "").strip().lower()
                if isinstance(pm, re.Match) and pm.group("digits")
                else ""
            )
            words = (pm.group("enw") or pm.group("faw") or "") if isinstance(pm, re.Match) else ""
            if words and not mult:
                # "دو هزار و ۲۷۷", "two thousand and 50": words up to a multiplier, then digits
                last = words.split()[-1].lower()
                mult = last if last in ("thousand", "million", "هزار", "میلیون") else ""
            if (
                mult
                and re.fullmatch(r"\s+(?:و|and)\s+", gap)
                and not c[2]
                and c[1] < (1000 if mult in ("thousand", "هزار") else 1_000_000)
            ):
                merged[-1] = (_Span(pm.start(), c[0].end()), pv + c[1], False, False)
                continue
        merged.append(c)
    cores = _space_thousands(t, merged)
    out: list[QuantityMatch] = []
    i = 0
    while i < len(cores):
        m, v, vague, year_like = cores[i]
        start, end = m.start(), m.end()
        num_start = start
        # A range: "between A and B", "A to B", "A-B", "بین A تا B".
        if i + 1 < len(cores) and not vague:
            m2, v2, vague2, _ = cores[i + 1]
            gap = t[end : m2.start()]
            opened = _RANGE_OPEN.search(t[max(0, start - 10) : start])
            joiner_ok = _RANGE_JOIN.match(gap) is not None and (
                opened is not None or gap.strip() not in ("and", "و")
            )
            change = (
                opened is not None
                and opened.group(0).lower().startswith("from")
                and _CHANGE_BEFORE.search(t[max(0, start - 130) : start - len(opened.group(0))])
            )
            day = v <= 31 and _MONTH_BEFORE.search(t[max(0, start - 12) : start]) is not None
            if joiner_ok and not vague2 and v2 > v and not change and not day:
                low, high = v, v2
                qstart = start - (len(opened.group(0)) if opened else 0)
                out.append(
                    QuantityMatch(
                        qstart,
                        m2.end(),
                        num_start,
                        m2.end(),
                        Quantity(None, low, high, "range"),
                        text[qstart : m2.end()],
                        is_year_like=year_like,
                    )
                )
                i += 2
                continue
        qualifier = "exact"
        qstart = start
        head = t[max(0, start - 30) : start]
        for q, rx in _BEFORE_RE:
            mq = rx.search(head)
            if mq:
                qualifier = q
                qstart = start - (len(head) - mq.start())
                break
        plus = _AFTER_PLUS.match(t[end : end + 12])
        if plus and qualifier == "exact":
            qualifier = "at_least"
            end += plus.end()
        if vague and qualifier == "exact":
            qualifier = "at_least"
        low = v if qualifier in ("at_least",) else None
        high = v if qualifier == "at_most" else None
        out.append(
            QuantityMatch(
                qstart,
                end,
                num_start,
                m.end(),
                Quantity(v, low, high, qualifier),
                text[qstart:end],
                vague=vague,
                is_year_like=year_like,
            )
        )
        i += 1
    return out
