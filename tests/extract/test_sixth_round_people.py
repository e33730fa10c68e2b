"""People and victims: classes of errors counted over all 169 real texts (issue 16, sixth
round). The sentences are written for the tests, not copied from the evaluation set.
"""

from __future__ import annotations

from undercount.extract import extract


def _people(text: str) -> dict[str, str]:
    return {p.name: p.role for p in extract(text, publisher="Example News").people}


def test_persian_names_given_by_a_naming_phrase_after_a_violation_are_victims() -> None:
    # "two prisoners were executed … their names were given as A and B"
    text = (
        "صبح یکشنبه دو زندانی در زندان شهر اعدام شدند. اتهام آنها «قتل» و نامشان "
        "علی کریمی و حسن یوسفی عنوان شده است."
    )
    people = _people(text)
    assert people.get("علی کریمی") == "victim"
    assert people.get("حسن یوسفی") == "victim"


def test_a_naming_phrase_with_no_violation_near_makes_no_victim() -> None:
    text = "در این نشست سخنرانی شد. نام دو نفر از سخنرانان علی کریمی و حسن یوسفی بود."
    assert "victim" not in _people(text).values()


def test_a_weekday_after_a_given_name_is_a_time_not_a_name() -> None:
    # "بامداد" is a given name and "dawn": "بامداد شنبه" is Saturday dawn
    text = "بامداد شنبه سه زندانی در زندان شهر اعدام شدند."
    assert not any("شنبه" in name for name in _people(text))


def test_persian_cues_are_not_part_of_a_name() -> None:
    # "به گفته" typed joined before a name and its office
    text = "بهگفته رضا کریمی، رئیس دادگستری استان «همه آنها از متهمان پرونده‌های مواد مخدر بودند»."
    assert list(_people(text)) == ["رضا کریمی"]
    # "از سوی دیگر، دادستان …": "on the other hand" before an office is no name
    text = "از سوی دیگر، دادستان شهر اعلام کرد که ۲۰ نفر بازداشت شده‌اند."
    assert _people(text) == {}
