"""Normalisation of names, dates and places as written in victim lists (Persian-aware).

>>> from undercount.normalize import name_key, parse_date, resolve_place
>>> name_key("محمد رضایی") == name_key("Mohammad Rezaei") == name_key("Muhammad Rezayi")
True
>>> parse_date("۲۴ آبان ۱۳۹۸").date
datetime.date(2019, 11, 15)
>>> resolve_place("Bandar-e Mahshahr").province
'Khuzestan'
"""

from __future__ import annotations

from undercount.normalize.dates import parse_date, parse_dates, period_bounds
from undercount.normalize.name_batch import normalize_names
from undercount.normalize.names import (
    NameParts,
    known_names,
    name_key,
    name_skeleton,
    split_name,
    transliterate,
)
from undercount.normalize.places import Province, provinces, resolve_place, resolve_places
from undercount.normalize.script import detect_script, normalize_text

__all__ = [
    "NameParts",
    "Province",
    "detect_script",
    "known_names",
    "name_key",
    "name_skeleton",
    "normalize_names",
    "normalize_text",
    "parse_date",
    "parse_dates",
    "period_bounds",
    "provinces",
    "resolve_place",
    "resolve_places",
    "split_name",
    "transliterate",
]
