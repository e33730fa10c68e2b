"""Jalali and Gregorian dates, partial dates, ambiguity."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from undercount.errors import NormalizeError
from undercount.model import PartialDate
from undercount.normalize import parse_date, parse_dates, period_bounds
from undercount.normalize.dates import gregorian_to_jalali, is_jalali_leap, jalali_to_gregorian

D = dt.date


@pytest.mark.parametrize(
    ("text", "date", "precision", "calendar"),
    [
        ("۲۴ آبان ۱۳۹۸", D(2019, 11, 15), "day", "jalali"),
        ("24 Aban 1398", D(2019, 11, 15), "day", "jalali"),
        ("Aban 24, 1398", D(2019, 11, 15), "day", "jalali"),
        ("دوشنبه ۲۴ آبان ماه ۱۳۹۸", D(2019, 11, 15), "day", "jalali"),
        ("٢٤ آبان ١٣٩٨", D(2019, 11, 15), "day", "jalali"),
        ("۲۴ آبان ۹۸", D(2019, 11, 15), "day", "jalali"),
        ("Aban 1398", D(2019, 10, 23), "month", "jalali"),
        ("آبان ۹۸", D(2019, 10, 23), "month", "jalali"),
        ("آبان ماه ۱۳۹۸", D(2019, 10, 23), "month", "jalali"),
        ("شهریور ۱۴۰۱", D(2022, 8, 23), "month", "jalali"),
        ("Shahrivar 01", D(2022, 8, 23), "month", "jalali"),
        ("1 Farvardin 1400", D(2021, 3, 21), "day", "jalali"),
        ("Dey 1396", D(2017, 12, 22), "month", "jalali"),
        ("1398/08/24", D(2019, 11, 15), "day", "jalali"),
        ("۱۳۹۸/۸/۲۴", D(2019, 11, 15), "day", "jalali"),
        ("1398-08-24", D(2019, 11, 15), "day", "jalali"),
        ("1398.08.24", D(2019, 11, 15), "day", "jalali"),
        ("24/08/1398", D(2019, 11, 15), "day", "jalali"),
        ("13980824", D(2019, 11, 15), "day", "jalali"),
        ("1398/08", D(2019, 10, 23), "month", "jalali"),
        ("1398", D(2019, 3, 21), "year", "jalali"),
        ("سال ۱۳۹۸", D(2019, 3, 21), "year", "jalali"),
        ("2019-11-15", D(2019, 11, 15), "day", "gregorian"),
        ("2019-11-15T10:30:00", D(2019, 11, 15), "day", "gregorian"),
        ("2019-11-15 10:30", D(2019, 11, 15), "day", "gregorian"),
        ("15/11/2019", D(2019, 11, 15), "day", "gregorian"),
        ("11/15/2019", D(2019, 11, 15), "day", "gregorian"),
        ("20191115", D(2019, 11, 15), "day", "gregorian"),
        ("15 November 2019", D(2019, 11, 15), "day", "gregorian"),
        ("November 15, 2019", D(2019, 11, 15), "day", "gregorian"),
        ("15th of Nov 2019", D(2019, 11, 15), "day", "gregorian"),
        ("۱۵ نوامبر ۲۰۱۹", D(2019, 11, 15), "day", "gregorian"),
        ("November 2019", D(2019, 11, 1), "month", "gregorian"),
        ("Nov 2019", D(2019, 11, 1), "month", "gregorian"),
        ("11/2019", D(2019, 11, 1), "month", "gregorian"),
        ("2019-11", D(2019, 11, 1), "month", "gregorian"),
        ("2019", D(2019, 1, 1), "year", "gregorian"),
        ("1399/12/30", D(2021, 3, 20), "day", "jalali"),
        ("1403/12/30", D(2025, 3, 20), "day", "jalali"),
        ("2020-02-29", D(2020, 2, 29), "day", "gregorian"),
        ("۱۳۹۸/۸/۲۴ ساعت ۱۰:۳۰", D(2019, 11, 15), "day", "jalali"),
        ("۱۳۹۸ ه.ش", D(2019, 3, 21), "year", "jalali"),
        ("1398 AP", D(2019, 3, 21), "year", "jalali"),
        ("اواخر آبان ۱۳۹۸", D(2019, 10, 23), "month", "jalali"),
        ("mid-November 2019", D(2019, 11, 1), "month", "gregorian"),
        ("Sunday, 15 November 2019", D(2019, 11, 15), "day", "gregorian"),
        ("15-Nov-2019", D(2019, 11, 15), "day", "gregorian"),
    ],
)
def test_forms(text, date, precision, calendar):
    pd = parse_date(text)
    assert (pd.date, pd.precision, pd.calendar) == (date, precision, calendar)
    assert pd.text == text
    assert pd.ambiguous == ()


@pytest.mark.parametrize(
    "text",
    [
        "1400/12/30",
        "1401/12/30",
        "1398/13/01",
        "1398/07/31",
        "2019-02-29",
        "2019-13-01",
        "32/01/2019",
        "30 Esfand 1400",
        "1650",
        "1650/01/01",
        "15 November 1398",
        "Aban 2019",
        "03/04/98",
        "Nov 19",
        "hello",
        "",
        "   ",
        "1398/08/24/01",
        "Aban",
        "12 13 14 15",
    ],
)
def test_refused(text):
    with pytest.raises(NormalizeError) as info:
        parse_date(text)
    assert "date" in str(info.value)


def test_ambiguous_reported_not_guessed():
    pd = parse_date("03/04/2019")
    assert pd.date == D(2019, 4, 3) and pd.ambiguous == (D(2019, 3, 4),)
    pd = parse_date("03/04/2019", dayfirst=False)
    assert pd.date == D(2019, 3, 4) and pd.ambiguous == (D(2019, 4, 3),)
    with pytest.raises(NormalizeError, match="dayfirst"):
        parse_date("03/04/2019", dayfirst=None)
    # Only one valid reading, or both the same: nothing ambiguous.
    assert parse_date("15/11/2019", dayfirst=None).ambiguous == ()
    assert parse_date("05/05/2019", dayfirst=None).ambiguous == ()
    # Jalali too.
    pd = parse_date("05/06/1398")
    assert pd.calendar == "jalali" and len(pd.ambiguous) == 1


def test_leap_years():
    assert is_jalali_leap(1399) and not is_jalali_leap(1400) and is_jalali_leap(1403)
    assert parse_date("1399/12/30").date == D(2021, 3, 20)
    with pytest.raises(NormalizeError, match="29 days"):
        parse_date("1400/12/30")


def test_period_bounds_follow_the_written_calendar():
    assert period_bounds(parse_date("Aban 1398")) == (D(2019, 10, 23), D(2019, 11, 21))
    assert period_bounds(parse_date("Esfand 1399")) == (D(2021, 2, 19), D(2021, 3, 20))
    assert period_bounds(parse_date("Esfand 1400")) == (D(2022, 2, 20), D(2022, 3, 20))
    assert period_bounds(parse_date("1398")) == (D(2019, 3, 21), D(2020, 3, 19))
    assert period_bounds(parse_date("Nov 2019")) == (D(2019, 11, 1), D(2019, 11, 30))
    assert period_bounds(parse_date("2019-11-15")) == (D(2019, 11, 15), D(2019, 11, 15))


def test_round_trip_every_day_1300_to_1420():
    """Jalali -> Gregorian -> Jalali for every day of 1300-1420 AP, against jdatetime."""
    day = jalali_to_gregorian(1300, 1, 1)
    end = jalali_to_gregorian(1421, 1, 1)
    expected = jdatetime.date(1300, 1, 1)
    one = dt.timedelta(days=1)
    n = 0
    while day < end:
        y, m, d = gregorian_to_jalali(day)
        assert (y, m, d) == (expected.year, expected.month, expected.day)
        assert jalali_to_gregorian(y, m, d) == day
        day += one
        expected += jdatetime.timedelta(days=1)
        n += 1
    assert n == (end - jalali_to_gregorian(1300, 1, 1)).days > 44000  # 121 years


def test_year_lengths_and_nowruz_independent_of_jdatetime():
    """Each Jalali year is 6x31 + 5x30 + 29/30 days and starts on 20-22 March."""
    for y in range(1300, 1421):
        start, nxt = jalali_to_gregorian(y, 1, 1), jalali_to_gregorian(y + 1, 1, 1)
        assert (nxt - start).days == 365 + is_jalali_leap(y)
        assert start.month == 3 and 20 <= start.day <= 22
    leaps = [y for y in range(1390, 1410) if is_jalali_leap(y)]
    assert leaps == [1391, 1395, 1399, 1403, 1408]


def test_parse_dates_batch():
    out = parse_dates(["1398/08/24", None, "", "bad", "1398/08/24", "Aban 1398"])
    assert isinstance(out[0], PartialDate) and out[0] is out[4]
    assert out[1] is None and out[2] is None
    assert isinstance(out[3], NormalizeError)
    assert out[5].precision == "month"


@given(st.dates(min_value=D(1921, 3, 21), max_value=D(2041, 3, 20)))
def test_jalali_text_round_trip(day):
    y, m, d = gregorian_to_jalali(day)
    persian = f"{y}/{m:02d}/{d:02d}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    pd = parse_date(persian)
    assert pd.date == day and pd.calendar == "jalali" and pd.precision == "day"
    assert parse_date(day.isoformat()).date == day


@pytest.mark.parametrize(
    ("text", "iso", "precision", "calendar"),
    [
        ("circa 2019", "2019", "year", "gregorian"),
        ("c. 2019", "2019", "year", "gregorian"),
        ("about October 2022", "2022-10", "month", "gregorian"),
        ("approx. 2019-10", "2019-10", "month", "gregorian"),
        ("حدود آبان ۱۴۰۱", "2022-10", "month", "jalali"),
        ("2022-10-xx", "2022-10", "month", "gregorian"),
        ("1401/08/??", "2022-10", "month", "jalali"),
        ("2022-00-00", "2022", "year", "gregorian"),
        ("2022-10-00", "2022-10", "month", "gregorian"),
    ],
)
def test_approximate_and_partial_dates_keep_their_precision(text, iso, precision, calendar):
    d = parse_date(text)
    assert (d.iso(), d.precision, d.calendar) == (iso, precision, calendar)
