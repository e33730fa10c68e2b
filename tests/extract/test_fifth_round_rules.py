"""Constructions added in the fifth round of issue 16 (dev errors of batches 11 to 13, grouped
into classes): which clause governs a figure when two sources share a sentence, when a source
carries from the sentence before and when the publisher is right, and figures that were not
read (number words then digits, a space as thousands separator, gapped lists, Persian
verbal nouns, Arabic yeh and kaf).

The sentences are written for the tests (not copied from the evaluation set).
"""

from __future__ import annotations

from undercount.extract import extract
from undercount.extract.numbers import find_quantities, persian_letters


def _claims(text: str, publisher: str | None = "Example News") -> list[tuple[float, str, str]]:
    x = extract(text, publisher=publisher)
    return [(c.quantity.value or c.quantity.low, c.outcome, c.attributed_to) for c in x.claims]


def _values(text: str) -> list[float | None]:
    return [q.quantity.value for q in find_quantities(text)]


# -------------------------------------------------------------- which clause governs a figure


def test_a_contrastive_clause_with_a_source_of_its_own_does_not_govern_the_main_clause() -> None:
    text = (
        "A local monitor has released a list of 41 dead in the province, while a doctor at "
        "the main hospital told reporters that it had received 45 bodies."
    )
    assert _claims(text) == [(41, "killed", "local monitor"), (45, "killed", "doctor")]
    # a source that closes the sentence still speaks for all of it
    text = "Twenty people were killed and 35 injured, the ministry said, while others disagreed."
    assert _claims(text) == [(20, "killed", "ministry"), (35, "injured", "ministry")]


def test_a_figure_in_a_quotation_goes_to_the_speech_frame_outside_it() -> None:
    text = (
        "Amnesty International said it had new figures. It added: “In at least eleven "
        "documented killings, neighbours identified the same unit as responsible.”"
    )
    assert _claims(text) == [(11, "killed", "Amnesty International")]


def test_a_negated_verb_names_no_source() -> None:
    text = (
        "“Our records show that 30 people died,” the Relief Network said, but the governor did "
        "not confirm the data. It added: “At least 12 more were shot dead on Friday.”"
    )
    assert [c[2] for c in _claims(text)] == ["Relief Network", "Relief Network"]


def test_inverted_speech_frame_with_a_description_before_the_name() -> None:
    text = "At least 40 people have been killed this month, said Geneva-based group Relief Network."
    assert _claims(text) == [(40, "killed", "Relief Network")]
    text = (
        "Iran Human Rights published its tally on Monday. The Oslo-based group said it "
        "had recorded 17 deaths in the north."
    )
    assert _claims(text) == [(17, "killed", "Iran Human Rights")]


def test_a_speaker_of_a_when_clause_does_not_carry_to_the_next_sentence() -> None:
    text = (
        "The Relief Network stated that 50 people had been killed since March, when the "
        "government announced new taxes. There have also been more than 300 arrests."
    )
    assert _claims(text) == [(50, "killed", "Relief Network"), (300, "arrested", "Relief Network")]


def test_unnamed_reports_carry_no_earlier_source() -> None:
    text = (
        "The Relief Network said 50 people had been killed. According to unconfirmed reports, "
        "more than 300 people have been arrested."
    )
    assert _claims(text) == [(50, "killed", "Relief Network"), (300, "arrested", "Example News")]


def test_it_said_refers_to_the_body_that_spoke_last() -> None:
    text = (
        "The Relief Network said 30 people were killed in the capital. "
        "The Human Rights Watch said that the region had seen months of protests. "
        "It said security forces had killed more than 400 people then."
    )
    assert [c[2] for c in _claims(text)] == ["Relief Network", "Human Rights Watch"]


def test_a_dateline_opens_a_new_story() -> None:
    text = (
        "The Relief Network said 30 people were killed. "
        "Nairobi — A fire broke out in the prison on Sunday that killed at least eight inmates."
    )
    assert _claims(text)[1] == (8, "killed", "Example News")


def test_released_a_report_states_a_figure_but_released_footage_does_not() -> None:
    text = "A rights group has released a list of 36 dead, the newspaper reported."
    assert _claims(text)[0][2] == "rights group"
    assert _claims("The ministry released footage of the fire that killed 8 inmates.") == [
        (8, "killed", "Example News")
    ]


def test_the_source_stops_at_the_figures_determiner_and_by_the_commission() -> None:
    assert _claims("According to the ministry another 600 had been injured.") == [
        (600, "injured", "ministry")
    ]
    assert _claims("The deaths of 45 protesters were confirmed by the commission.") == [
        (45, "killed", "commission")
    ]


def test_persian_subjects_of_relative_and_joined_clauses() -> None:
    text = "خبرگزاری هرانا که اخبار حقوق بشری را پوشش می‌دهد گزارش داده که ۳۰۰ نفر بازداشت شده‌اند."
    assert _claims(text) == [(300, "arrested", "HRANA")]
    text = "به گزارش هرانا، ۳۶ نفر بازداشت شده‌اند و سازمان عفو بین‌الملل از اعدام ۱۲ نفر خبر داد."
    assert _claims(text) == [(36, "arrested", "HRANA"), (12, "executed", "Amnesty International")]
    text = "سازمان عفو بین‌الملل بیانیه داد. در گزارش این سازمان آمده است که ۴۸۳ نفر اعدام شده‌اند."
    assert _claims(text) == [(483, "executed", "Amnesty International")]


def test_persian_perpetrators_after_tavasot_are_no_source() -> None:
    text = (
        "به گزارش هرانا، در این گزارش قتل ۲۹ کولبر و زخمی شدن ۳۵۳ تن آنان توسط نیروهای مرزبانی "
        "ثبت شده است."
    )
    assert _claims(text) == [(29, "killed", "HRANA"), (353, "injured", "HRANA")]


# ---------------------------------------------------------------------- figures not read


def test_number_words_up_to_a_multiplier_then_digits() -> None:
    assert _values("بیش از دو هزار و ۲۷۷ نفر") == [2277.0]
    assert _values("two thousand and 50 people") == [2050.0]


def test_a_space_as_thousands_separator() -> None:
    assert _values("another 6 400 had been injured") == [6400.0]
    assert _values("1 500 people were killed") == [1500.0]
    assert _values("on January 25 500 people marched") == [25.0, 500.0]


def test_part_of_the_killed_and_gapped_lists() -> None:
    assert _claims("Twenty-three of those killed were students, the group said.") == [
        (23, "killed", "group")
    ]
    text = (
        "The country executed at least 900 people, followed by Utopia with at least 300 and "
        "Ruritania with at least 60, the report said."
    )
    assert [c[:2] for c in _claims(text)] == [
        (900, "executed"),
        (300, "executed"),
        (60, "executed"),
    ]
    text = "Six people died in Alpha, four in Beta and two others near the central city."
    assert [c[0] for c in _claims(text)] == [6, 4, 2]
    text = "It recorded 28 deaths in Alpha province, 12 in both Beta and Gamma, and 11 in Delta."
    assert [c[0] for c in _claims(text)] == [28, 12, 11]
    text = "It counted more than 340 executions, including at least six activists and seven women."
    assert [c[:2] for c in _claims(text)] == [(340, "executed"), (6, "executed"), (7, "executed")]


def test_claimed_lives() -> None:
    assert _claims("The crackdown has claimed 80 lives, activists said.") == [
        (80, "killed", "activists")
    ]


def test_an_estimate_of_counts_what_the_sentence_counts() -> None:
    text = "The ministry said 800 people were killed, double the previous estimate of 384."
    assert [c[:2] for c in _claims(text)] == [(800, "killed"), (384, "killed")]


def test_persian_executions_carried_out_and_the_killing_of() -> None:
    text = "گروه حقوق بشری اعلام کرد حکم اعدام ۱۲۲ زندانی در ماه گذشته به اجرا در آمده است."
    assert [c[:2] for c in _claims(text)] == [(122, "executed")]
    text = "این گروه گفت اجرای حکم مجازات زندانیان در ماه گذشته به ۱۲۲ نفر رسید."
    assert [c[:2] for c in _claims(text)] == [(122, "executed")]


def test_arabic_yeh_and_kaf_read_as_persian() -> None:
    assert persian_letters("دستگير شدند") == "دستگیر شدند"
    assert [c[:2] for c in _claims("دست کم چهار نفر در اروميه دستگير شده اند.")] == [
        (4, "arrested")
    ]


def test_rates_are_not_counts() -> None:
    text = "این سازمان گفت ۶۴ اعدام ثبت شده که به معنای بیش از ۹ اعدام در روز است."
    assert [c[0] for c in _claims(text)] == [64]
    assert _claims("سالانه ده‌ها تن در مرز کشته می‌شوند.") == []
    assert _claims("Every year dozens are killed at the border.") == []
