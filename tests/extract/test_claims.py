"""Claims: what counts as a figure about violations, its outcome, attribution and scope."""

from __future__ import annotations

import datetime as dt

import pytest

from undercount.extract import extract


def claims(text: str, **kw):
    return [
        (
            c.quantity.value
            if c.quantity.qualifier != "range"
            else (c.quantity.low, c.quantity.high),
            c.quantity.qualifier,
            c.outcome,
            c.attributed_to,
        )
        for c in extract(text, **kw).claims
    ]


def test_issue_example_english() -> None:
    got = claims(
        "Amnesty International said at least 304 people were killed, including 23 children."
    )
    assert got == [
        (304.0, "at_least", "killed", "Amnesty International"),
        (23.0, "exact", "killed", "Amnesty International"),
    ]


def test_issue_example_persian() -> None:
    got = claims("به گزارش عفو بین‌الملل دست‌کم ۳۰۴ نفر کشته شدند")
    assert got == [(304.0, "at_least", "killed", "Amnesty International")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HRANA said more than 7,000 people were arrested.", (7000.0, "at_least", "arrested")),
        (
            "Iran executed at least 576 people in 2022, Amnesty said.",
            (576.0, "at_least", "executed"),
        ),
        ("Hundreds of demonstrators were wounded, HRW said.", (200.0, "at_least", "injured")),
        ("The death toll rose to 41, state television reported.", (41.0, "exact", "killed")),
        (
            "The report documents 12 cases of enforced disappearance.",
            (12.0, "exact", "disappeared"),
        ),
        ("Rights groups say 45 detainees were tortured.", (45.0, "exact", "tortured")),
        ("Dozens of protesters were shot dead, witnesses said.", (24.0, "at_least", "killed")),
        ("HRANA counted 481 deaths by the end of December.", (481.0, "exact", "killed")),
        ("Police arrested some 4,800 people.", (4800.0, "about", "arrested")),
        ("دست‌کم ۲۸۰ زندانی اعدام شدند.", (280.0, "at_least", "executed")),
        ("صدها نفر از معترضان زخمی شدند.", (200.0, "at_least", "injured")),
        ("هرانا گفت ۱۲ نفر ناپدید شده‌اند.", (12.0, "exact", "disappeared")),
        ("بیش از ۷۰۰۰ نفر بازداشت شدند.", (7000.0, "at_least", "arrested")),
        ("ده‌ها نفر زیر شکنجه قرار گرفتند.", (24.0, "at_least", "tortured")),
    ],
)
def test_outcomes(text: str, expected: tuple) -> None:
    got = claims(text)
    assert [g[:3] for g in got] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The protests began in 2019 after petrol prices rose by 50 percent.",
        "Petrol rose from 10,000 to 15,000 rials a litre.",
        "Mehdi Karimi, 19, was hanged on 16 November.",
        "A 35-year-old teacher was detained at the age of 35.",
        "The report, on page 14, was published in 1398.",
        "Protests spread to more than 100 cities in 29 provinces.",
        "He was sentenced to 10 years and detained for 20 days.",
        "The ministry said 731 banks were set on fire.",
        "Tickets cost $5 and 3,000 passengers travel each day.",
        "No one has been executed, the spokesman said.",
        "قیمت بنزین ۵۰ درصد افزایش یافت و ۳۰۰۰ تومان شد.",
        "داریوش کریمی، ۲۲ ساله، روز ۲۵ آبان ۱۳۹۸ کشته شد.",
        "Eleven people had been sentenced to death.",
    ],
)
def test_distractors_are_not_claims(text: str) -> None:
    assert claims(text) == []


def test_attribution_forms() -> None:
    assert claims("According to Reuters, about 1,500 people died.")[0][3] == "Reuters"
    assert claims("The Revolutionary Guards said 180 rioters were arrested.")[0][3] == "IRGC"
    assert claims("More than 1,500 were killed, three officials told Reuters.")[0][3] == "officials"
    got = claims(
        "Officials put the number of dead at 12, while activists said the true figure "
        "was closer to 50."
    )
    assert got == [(12.0, "exact", "killed", "Officials"), (50.0, "about", "killed", "activists")]
    # The publisher when no one is named; the source of the previous sentence carries on.
    assert (
        claims("At least 20 people were killed.", publisher="Example News")[0][3] == "Example News"
    )
    two = claims("Amnesty said 23 children were killed. Twenty-two boys were shot.", publisher="X")
    assert [c[3] for c in two] == ["Amnesty International", "Amnesty International"]
    # Inside a quotation: the speaker.
    q = claims('"We have confirmed 304 deaths," said Sara Ahmadi, a researcher.')
    assert q[0][3] == "Sara Ahmadi"
    # Persian verbs of attribution.
    assert claims("وزیر کشور اعلام کرد بین ۲۰۰ تا ۲۲۵ نفر کشته شده‌اند.")[0] == (
        (200.0, 225.0),
        "range",
        "killed",
        "Interior Minister",
    )
    assert claims("هرانا گزارش داد که ۴۸۱ نفر کشته شدند.")[0][3] == "HRANA"


def test_scope_and_provenance() -> None:
    text = (
        "Amnesty International said on Monday that at least 304 people were killed in "
        "Mahshahr during the November 2019 protests."
    )
    x = extract(text, published_on=dt.date(2019, 12, 16))
    c, s = x.claims[0], x.scopes[0]
    assert c.stated_on == dt.date(2019, 12, 16)
    assert c.event == "November 2019 protests"
    assert s.period_start == dt.date(2019, 11, 1) and s.period_end == dt.date(2019, 11, 30)
    assert s.province == "Khuzestan"
    assert text[c.span[0] : c.span[1]] == "at least 304"
    assert c.sentence == text


def test_relative_dates_resolve_against_publication() -> None:
    x = extract("HRANA said 40 people were arrested last week.", published_on="2019-11-20")
    s = x.scopes[0]
    assert (s.period_start, s.period_end) == (dt.date(2019, 11, 11), dt.date(2019, 11, 17))
    y = extract("HRANA said 40 people were arrested yesterday.", published_on="2019-11-20")
    assert y.scopes[0].period_start == dt.date(2019, 11, 19)


def test_persian_date_scope() -> None:
    x = extract("به گزارش هرانا دست‌کم ۳۰۴ نفر در ۲۵ آبان ۱۳۹۸ کشته شدند.")
    assert x.scopes[0].period_start == dt.date(2019, 11, 16)


def test_to_dict_shape() -> None:
    d = extract("HRANA said 5 people were killed.").to_dict()
    assert set(d) >= {"claims", "people", "quotes", "actors"}
    assert d["claims"][0]["value"] == 5.0 and d["claims"][0]["span"] == [11, 12]
