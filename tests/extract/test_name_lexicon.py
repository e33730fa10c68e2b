"""The Persian name lexicon (``normalize/data/fa_names.tsv``) and what it adds to person detection.

Sentences written for these tests; none is taken from the evaluation set.
"""

from __future__ import annotations

from importlib import resources

from undercount.extract import extract
from undercount.extract.people import fa_name_lexicon, given_names


def _people(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.role) for p in extract(text, publisher="Example News").people]


def test_lexicon_ships_with_its_provenance_and_licence() -> None:
    text = resources.files("undercount.normalize").joinpath("data/fa_names.tsv").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("CC BY-SA 4.0" in line for line in header)
    assert any("MIT" in line for line in header)
    assert any("build_fa_names.py" in line for line in header)
    given, family = fa_name_lexicon()
    assert len(given) > 900 and len(family) > 300  # Persian and Latin given names; family
    # Persian and Latin given names, Persian family names (suffixed or not)
    assert {"نیلوفر", "کیوان", "Hosein", "Sa'id"} <= given
    assert {"رحیمی", "موسوی", "علیزاده"} <= family
    # ordinary words that are also names, honorifics and name fragments are left out
    assert not {"ایران", "باران", "امید", "سید", "بشری"} & given
    assert not {"زاده", "پور", "آزادی", "فارسی"} & family
    assert fa_name_lexicon()[0] <= given_names()


def test_a_given_name_of_the_lexicon_cues_a_victim() -> None:
    # "نیلوفر" and "کیوان" were missing from the built-in table
    assert _people("نیلوفر قاسمی روز گذشته در شیراز بازداشت شد.") == [("نیلوفر قاسمی", "victim")]
    assert _people("ماموران کیوان صمیمی را در خانه‌اش دستگیر کردند.") == [("کیوان صمیمی", "victim")]


def test_a_known_given_and_family_name_is_a_person_without_a_violation() -> None:
    assert _people("پرستو موسوی در این نشست سخنرانی کرد.") == [("پرستو موسوی", "other")]
    # a given name alone, or one followed by an unknown word, still needs a cue
    assert _people("پرستو در این نشست سخنرانی کرد.") == []
    assert _people("ستاره درخشان در آسمان بود.") == []


def test_arabic_yeh_and_kaf_read_as_their_persian_twins() -> None:
    # "دستگير" with Arabic ي: the violation is read, the name's span is unchanged
    text = "بنا بر اين گزارش کیوان صمیمی در تهران دستگير شد."
    people = extract(text, publisher="Example News").people
    assert [(p.name, p.role) for p in people] == [("کیوان صمیمی", "victim")]
    a, b = people[0].span
    assert text[a:b] == "کیوان صمیمی"


def test_an_office_before_a_persian_name_makes_an_official_not_a_victim() -> None:
    assert _people("به گفته وزیر کشور بهروز کاظمی، صدها نفر بازداشت شده‌اند.") == [
        ("بهروز کاظمی", "official")
    ]
    assert _people("فرمانده انتظامی استان حمید صالحی دستور بازداشت معترضان را داد.") == [
        ("حمید صالحی", "official")
    ]
    # the one arrested is still a victim
    assert _people("ماموران بهنام رحیمی را در تهران بازداشت کردند.") == [("بهنام رحیمی", "victim")]


def test_farzand_never_continues_a_name() -> None:
    assert _people("آرش یاسین فرزند محمود در زندان بازداشت است.") == [("آرش یاسین", "victim")]


def test_latin_spellings_of_persian_given_names_cue_a_person() -> None:
    names = [p.name for p in extract("Sa'id Bahrami and Hosein Tavakoli were arrested.").people]
    assert "Hosein Tavakoli" in names


def test_who_reports_a_violation_is_no_victim_of_it() -> None:
    assert _people("حمید صالحی گزارش داد که پنج معترض کشته شدند.") == [("حمید صالحی", "other")]
    assert _people("به گزارش مینا احمدی، دو نفر بازداشت شدند.") == [("مینا احمدی", "other")]


def test_a_lexicon_only_name_is_a_victim_only_on_a_direct_construction() -> None:
    # "آذین" and "اربابی" are known to the lexicon alone: a person, but a victim only when the
    # violation is the verb of the name's own clause or a violation noun stands right before it
    assert _people("آذین اربابی از بازداشت دو معترض در تهران انتقاد کرد.") == [
        ("آذین اربابی", "other")
    ]
    assert _people("در این مراسم آذین اربابی حضور داشت؛ دو معترض کشته شدند.") == [
        ("آذین اربابی", "other")
    ]
    assert _people("آذین اربابی که در دانشگاه تدریس می‌کند، از کشته شدن دو معترض سخن گفت.") == [
        ("آذین اربابی", "other")
    ]
    assert _people("آذین اربابی روز شنبه در زندان اوین اعدام شد.") == [("آذین اربابی", "victim")]
    assert _people("ماموران آذین اربابی را در خانه‌اش بازداشت کردند.") == [("آذین اربابی", "victim")]
    assert _people("آذین اربابی، ۲۳ ساله، با شلیک گلوله ماموران کشته شد.") == [
        ("آذین اربابی", "victim")
    ]
    assert _people("زندانی سیاسی آذین اربابی در زندان اوین درگذشت.") == [("آذین اربابی", "victim")]
