"""Mistakes seen on real reporting (issue 16): wrong speaker, wrong source, invented claims."""

from __future__ import annotations

import pytest

from undercount.extract import extract


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract(text).quotes]


def test_quote_is_not_given_to_the_official_named_earlier() -> None:
    text = (
        "Interior Minister Ahmad Vahidi praised the police on Monday. The ministry said order "
        'had been restored. "What we saw was the killing of children in the streets," '
        "Miriam Lexmann, a Slovakian member of the European Parliament, said."
    )
    assert _speakers(text) == ["Miriam Lexmann"]


def test_speaker_after_the_quote_is_found() -> None:
    text = '"We will not stay silent while they hang protesters," said Miriam Lexmann, an MEP.'
    assert _speakers(text) == ["Miriam Lexmann"]


def test_no_speaker_rather_than_a_verb_phrase() -> None:
    text = (
        'The authorities used the event to "send a message to every family that dares to '
        'mourn in public."'
    )
    assert _speakers(text) in ([None], ["authorities"])


def test_pronoun_after_an_aside_is_the_person_quoted() -> None:
    text = (
        "Brian Hook, the US special representative for Iran, spoke on Thursday. Amnesty "
        'International said at least 208 people had died though "the real figure is likely '
        'to be higher." "It appears the regime could have murdered over a thousand Iranian '
        'citizens," including at least a dozen children, he said.'
    )
    x = extract(text)
    assert [q.speaker for q in x.quotes] == ["Amnesty International", "Brian Hook"]
    hook = [c for c in x.claims if c.quantity.value == 1000]
    assert hook and hook[0].attributed_to == "Brian Hook"


def test_organisation_pronoun_resolves_to_the_organisation() -> None:
    text = (
        '"According to information obtained by Iran Human Rights, the number of protesters '
        'killed has risen to at least 201 people," the organization said in a statement.'
    )
    x = extract(text)
    assert x.quotes[0].speaker == "Iran Human Rights"
    assert x.claims[0].attributed_to == "Iran Human Rights"


def test_colon_introduction_in_the_previous_paragraph() -> None:
    text = (
        "Mai Sato, the United Nations Special Rapporteur on Iran, presented her report.\n"
        "In another section of her report, she addressed arbitrary detention, stating:\n"
        '"Almost all cases of arbitrary arrest are accompanied by torture and forced '
        'confessions."'
    )
    assert _speakers(text) == ["Mai Sato"]


def test_title_is_not_a_person_and_is_kept_apart_from_names() -> None:
    text = (
        "Jean-Yves Le Drian, the French Minister of Defense and Foreign Affairs, condemned "
        "the executions."
    )
    names = [p.name for p in extract(text).people]
    assert "Foreign Affairs" not in names
    assert "Defense" not in " ".join(names)


def test_spellings_of_one_surname_are_one_person() -> None:
    text = (
        "Judiciary chief Gholamhossein Mohseni-Ejei defended the sentences. Critics said "
        "Mohseniejei ignored the appeals, and Gholamhossein Mohseniejei did not reply."
    )
    people = extract(text).people
    assert len(people) == 1
    assert people[0].name == "Gholamhossein Mohseni-Ejei"
    assert "Gholamhossein Mohseniejei" in people[0].variants


def test_transliterations_and_persian_spelling_merge() -> None:
    from undercount.extract.names import full_name_for, mention_key

    assert mention_key("Mohammad Rezaei") == mention_key("محمد رضایی")
    assert full_name_for("Thalduwa", ["Nihal Talduwa", "Mihiri Priyangani"]) == "Nihal Talduwa"


@pytest.mark.parametrize(
    "text",
    [
        "Security forces raided Izeh, and its 2.8 million residents were left without power.",
        "Fuel prices rose by 50 percent before 7 people were killed.",
        "Of those killed, 23 were under 18 years of age.",
        "The protests of 2019 were the deadliest, and in 2022 the crackdown returned.",
        "Human Rights Watch interviewed nine protesters and three medics in the three cities.",
        "Three protesters who were there said that men with weapons beat and detained people.",
        "Between 9 and 26 April, executions ran at an average of over six per day.",
    ],
)
def test_numbers_that_are_not_casualty_claims(text: str) -> None:
    values = {c.quantity.value for c in extract(text).claims}
    assert not values & {2_800_000.0, 50.0, 18.0, 2019.0, 2022.0, 9.0, 3.0, 6.0}


def test_vague_figure_is_attributed_to_who_states_it_in_its_clause() -> None:
    text = (
        "Officials denied that anyone had died. Residents of the town described dozens of "
        "bodies in the streets, according to witnesses who spoke to Reuters."
    )
    claims = [c for c in extract(text, publisher="Example News").claims]
    assert claims and claims[0].quantity.qualifier == "at_least"
    assert claims[0].attributed_to != "Officials"


def test_source_named_after_a_weak_noun_phrase() -> None:
    x = extract(
        "At least 304 people were killed, according to new figures published Monday by the "
        "human rights group Amnesty International."
    )
    assert x.claims[0].attributed_to == "Amnesty International"
    x = extract(
        "According to a November 5 United Nations Assistance Mission in Iraq (UNAMI) report, "
        "the death toll reached at least 97."
    )
    assert x.claims[0].attributed_to == "United Nations Assistance Mission in Iraq"
    x = extract("In Kermanshah, the city prosecutor said two people had been killed.")
    assert x.claims[0].attributed_to == "city prosecutor"


def test_persian_source_in_the_same_sentence() -> None:
    x = extract(
        "بر اساس گزارش نهاد آمار سازمان حقوق بشر ایران، در شش ماه نخست سال ۲۰۲۰ تعداد ۱۲۳ "
        "اعدام به ثبت رسیده است."
    )
    assert [(c.quantity.value, c.outcome, c.attributed_to) for c in x.claims] == [
        (123.0, "executed", "Iran Human Rights")
    ]


def test_every_item_carries_its_evidence() -> None:
    text = (
        "Qasem Rezaei, deputy police commander, said 24 members of the police had died. "
        '"We will restore order in every city," Rezaei said.'
    )
    x = extract(text)
    c = x.claims[0]
    assert text[c.span[0] : c.span[1]] == "24" and "24 members" in c.sentence
    q = x.quotes[0]
    assert text[q.start : q.end].startswith("We will restore") and q.sentence
    p = x.people[0]
    assert text[p.span[0] : p.span[1]] == "Qasem Rezaei" and "Qasem Rezaei" in p.sentence


def test_persian_name_quoted_after_nam_is_a_victim() -> None:
    text = (
        "منابع رسمی نام زندانی اعدام‌شده را اعلام نکردند، اما سامانه خبری «خانه حقوق بشر» "
        "نام این زندانی را «حسین خضری» اعلام کرد."
    )
    people = extract(text).people
    assert [(p.name, p.role) for p in people] == [("حسین خضری", "victim")]


def test_independent_un_experts_are_not_the_united_nations() -> None:
    x = extract("At least 93 individuals were executed in August, UN experts said.")
    assert [c.attributed_to for c in x.claims] == ["UN experts"]


def test_persian_agent_after_tavasot_and_quoted_organisation_name() -> None:
    x = extract(
        "نهادهای رسمی تنها اجرای ۱۳ حکم را اعلام کردند و ۲۵ اعدام دیگر توسط گروه‌های حقوق "
        "بشری به تایید رسیده است."
    )
    assert [(c.quantity.value, c.attributed_to) for c in x.claims if c.quantity.value == 25] == [
        (25.0, "گروه‌های حقوق بشری")
    ]
    x = extract(
        'کانون حقوق بشر "نه به زندان، نه به اعدام" اعلام کرد که در طول یک هفته ۹ نفر اعدام شده‌اند.'
    )
    assert x.claims[0].attributed_to.startswith("کانون حقوق بشر")


def test_the_report_is_from_the_source_named_before() -> None:
    x = extract(
        "The Office of the UN High Commissioner for Human Rights says about 650 people were "
        "killed in clashes between protesters and police. The report says the approximately "
        "650 people killed included student protesters."
    )
    assert [c.attributed_to for c in x.claims] == ["United Nations", "United Nations"]


@pytest.mark.parametrize(
    "text",
    [
        '"We cannot stay silent while they kill children," Slovakian MEP Miriam Lexmann said.',
        'Slovakian MEP Miriam Lexmann explicitly said: "We cannot stay silent while they kill '
        'children."',
    ],
)
def test_speaker_is_the_name_without_title_or_run_on_words(text: str) -> None:
    x = extract(text)
    assert [q.speaker for q in x.quotes] == ["Miriam Lexmann"]
    assert [p.name for p in x.people] == ["Miriam Lexmann"]


def test_adverb_is_not_part_of_the_source() -> None:
    x = extract("The regime authorities simply said that only 200 people had died.")
    assert [c.attributed_to for c in x.claims] == ["regime authorities"]


def test_single_quotes_are_quotations_and_apostrophes_are_not() -> None:
    text = (
        "Security forces shot and killed three more protesters on Friday. 'Two were killed by "
        "head shots,' said a witness who saw officers open fire. Iran's officials didn't "
        "comment on the protesters' deaths."
    )
    x = extract(text)
    assert [(q.text, q.speaker) for q in x.quotes] == [
        ("Two were killed by head shots,", "witness")
    ]


def test_persian_speaker_after_the_quotation() -> None:
    x = extract("«دست‌کم ۲۰۰ نفر کشته شده‌اند»، سازمان حقوق بشر ایران روز دوشنبه اعلام کرد.")
    assert [q.speaker_canonical for q in x.quotes] == ["Iran Human Rights"]
    assert [(c.quantity.value, c.attributed_to) for c in x.claims] == [(200.0, "Iran Human Rights")]
