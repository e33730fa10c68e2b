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


def test_english_names_given_by_a_naming_phrase_after_a_violation_are_victims() -> None:
    text = (
        "Security forces detained at least five civilians in the town last week. The names of "
        "the protesters are Ali Karimi, Hassan Yousefi and Reza Ahmadi."
    )
    people = _people(text)
    assert [people.get(n) for n in ("Ali Karimi", "Hassan Yousefi", "Reza Ahmadi")] == [
        "victim",
        "victim",
        "victim",
    ]


def test_the_death_of_an_aged_person_and_an_adverb_before_the_violation() -> None:
    text = "Protests followed the death of 23-year-old Daniel Okafor in police custody."
    assert _people(text).get("Daniel Okafor") == "victim"
    text = "Opposition figure Samuel Mensah was also briefly detained in the capital."
    assert _people(text).get("Samuel Mensah") == "victim"


def test_a_naming_phrase_of_officials_makes_no_victims() -> None:
    text = (
        "Police detained 40 protesters on Friday. The names of the commanders were Ali Karimi "
        "and Reza Ahmadi."
    )
    assert "victim" not in _people(text).values()


def test_a_rank_after_a_title_and_a_law_are_no_names() -> None:
    text = "At least 23 people died in the unrest, Prosecutor General Omar Haddad said."
    assert list(_people(text)) == ["Omar Haddad"]
    text = (
        "The journalists will be charged under the Official Secrets Act, which carries "
        "penalties of up to 14 years in prison."
    )
    assert _people(text) == {}


def test_a_name_after_an_inverted_speech_verb_is_a_person() -> None:
    text = "“We followed these demonstrations closely,” declared Wanjiru Otieno on Wednesday."
    assert _people(text) == {"Wanjiru Otieno": "speaker"}


def test_an_apposition_that_counts_the_name_among_the_victims() -> None:
    # "X, the mother of Y, one of those killed in the uprising"
    text = "دادگاه حکم زندان مهسا یزدانی، مادر دادخواه علی کریمی، از جانباختگان خیزش را تایید کرد."
    assert _people(text).get("علی کریمی") == "victim"
    text = "The court upheld the sentence of Jane Doe, mother of Omar Haddad, one of the victims."
    assert _people(text).get("Omar Haddad") == "victim"


def test_persian_be_esm_gives_a_name_like_be_nam() -> None:
    text = "دو کودک کشته شدند. اولی دختری است به اسم ستاره ورقانیان که ۱۷ سال داشت."
    assert "ستاره ورقانیان" in _people(text)


def test_ages_typed_with_a_space_and_an_age_before_the_verb() -> None:
    text = "In the west, 29 year-old Tesfaye Bekele and Abebe Girma, 28 were shot dead by police."
    people = _people(text)
    assert people.get("Tesfaye Bekele") == "victim"
    assert people.get("Abebe Girma") == "victim"
    text = "A 16-year old Tesfaye Bekele was among those detained in the town."
    assert "Tesfaye Bekele" in _people(text)


def test_a_persian_naming_list_needs_no_known_given_name_in_each_item() -> None:
    # unknown given names and a family name that is a common word ("جوان", young): the list
    # after the naming phrase shows they are names
    text = (
        "سه کولبر در مرز زخمی شدند. هویت این سه کولبر شاهو ورمزیاری، هه‌ژار جوان و "
        "ئاکو ره‌شیدی اعلام شده است."
    )
    people = _people(text)
    assert [people.get(n) for n in ("شاهو ورمزیاری", "هه‌ژار جوان", "ئاکو ره‌شیدی")] == [
        "victim",
        "victim",
        "victim",
    ]


def test_a_quoted_persian_name_followed_by_what_the_person_is() -> None:
    # "«X» researcher of … said …; according to Ms [family name] …": one person
    text = (
        "«ژیلوان ورقانیان» پژوهشگر سازمان عفو بین‌الملل در گفتگویی گفت که ۱۰۶ نفر کشته شده‌اند. "
        "به گفته خانم ورقانیان آمار واقعی بالاتر است."
    )
    assert list(_people(text)) == ["ژیلوان ورقانیان"]


def test_every_item_of_an_english_naming_list_is_a_name() -> None:
    text = (
        "Security forces detained four civilians in the town. The names of the protesters are "
        "Ali Karimi, Zorav Bekdash, Hassan Yousefi and Tiran Omidvar."
    )
    people = _people(text)
    assert people.get("Zorav Bekdash") == "victim"
    assert people.get("Tiran Omidvar") == "victim"


def test_a_naming_list_of_places_gives_no_people() -> None:
    text = (
        "Security forces detained dozens in several cities. The names of the cities are "
        "Darreh Shahr, Eyvan Gharb and Abdanan Kuh."
    )
    assert _people(text) == {}


def test_a_persian_naming_phrase_of_places_gives_no_people() -> None:
    text = "ده‌ها نفر بازداشت شدند. نام شهرهای دره شهر، ایوان غرب و آبدانان کوه اعلام شد."
    assert _people(text) == {}
