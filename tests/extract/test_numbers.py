"""Quantities: digits, words, vague amounts, qualifiers, ranges, Persian."""

from __future__ import annotations

import pytest

from undercount.extract.numbers import ascii_digits, find_quantities, parse_words
from undercount.model import Quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("304 people", Quantity(304.0)),
        ("more than 1,500 people", Quantity(1500.0, 1500.0, None, "at_least")),
        ("at least 304", Quantity(304.0, 304.0, None, "at_least")),
        ("over 200", Quantity(200.0, 200.0, None, "at_least")),
        ("nearly 7,000", Quantity(7000.0, None, None, "about")),
        ("about 1,500", Quantity(1500.0, None, None, "about")),
        ("some 4,800", Quantity(4800.0, None, None, "about")),
        ("up to 12,000", Quantity(12000.0, None, 12000.0, "at_most")),
        ("fewer than 100", Quantity(100.0, None, 100.0, "at_most")),
        ("between 200 and 300", Quantity(None, 200.0, 300.0, "range")),
        ("200-225 people", Quantity(None, 200.0, 225.0, "range")),
        ("from 10 to 20", Quantity(None, 10.0, 20.0, "range")),
        ("dozens", Quantity(24.0, 24.0, None, "at_least")),
        ("hundreds", Quantity(200.0, 200.0, None, "at_least")),
        ("thousands", Quantity(2000.0, 2000.0, None, "at_least")),
        ("tens of thousands", Quantity(20000.0, 20000.0, None, "at_least")),
        ("a dozen", Quantity(12.0)),
        ("Two hundred and eight", Quantity(208.0)),
        ("twenty-two", Quantity(22.0)),
        ("7 thousand", Quantity(7000.0)),
        ("1.5 million", Quantity(1_500_000.0)),
        ("300+", Quantity(300.0, 300.0, None, "at_least")),
        ("دست‌کم ۳۰۴", Quantity(304.0, 304.0, None, "at_least")),
        ("بیش از ۷۰۰۰", Quantity(7000.0, 7000.0, None, "at_least")),
        ("حدود ۱۵۰۰", Quantity(1500.0, None, None, "about")),
        ("بین ۲۰۰ تا ۲۲۵", Quantity(None, 200.0, 225.0, "range")),
        ("۱٬۵۰۰", Quantity(1500.0)),
        ("سیصد و چهار", Quantity(304.0)),
        ("پانصد", Quantity(500.0)),
        ("هزاران", Quantity(2000.0, 2000.0, None, "at_least")),
        ("ده‌ها", Quantity(24.0, 24.0, None, "at_least")),
        ("۷ هزار", Quantity(7000.0)),
    ],
)
def test_quantity_forms(text: str, expected: Quantity) -> None:
    found = find_quantities(text)
    assert len(found) == 1, found
    assert found[0].quantity == expected


def test_spans_cover_the_qualifier_and_keep_offsets() -> None:
    text = "HRANA said more than ۱٬۵۰۰ were held."
    (q,) = find_quantities(text)
    assert text[q.start : q.end] == "more than ۱٬۵۰۰"
    assert len(ascii_digits(text)) == len(text)


def test_not_numbers() -> None:
    assert find_quantities("COVID-19 at 10:30") == []
    assert [q.is_year_like for q in find_quantities("in 2019 and 1398")] == [True, True]


def test_parse_words() -> None:
    assert parse_words("three thousand five hundred") == 3500
    assert parse_words("هزار و پانصد") == 1500
    assert parse_words("banana") is None
