"""Constructions added in the fourth round of issue 16 (dev errors of batch 8, grouped into
classes): a change over time ("from A to B") gives two figures, the clause of "according to"
ends at its comma, a counted group with a verb of its own is no victim count, Persian
subjects before an adverbial phrase or a quoted phrase.

The sentences are written for the tests (not copied from the evaluation set).
"""

from __future__ import annotations

from undercount.extract import extract, load_actors
from undercount.extract.numbers import find_quantities


def _claims(text: str, publisher: str | None = "Example News") -> list[tuple[float, str, str]]:
    x = extract(text, publisher=publisher)
    return [(c.quantity.value or c.quantity.low, c.outcome, c.attributed_to) for c in x.claims]


def test_a_change_over_time_is_two_figures_not_a_range() -> None:
    qs = find_quantities("Arrests rose from 1,200 to 1,450 in a month.")
    assert [(q.quantity.value, q.quantity.qualifier) for q in qs] == [
        (1200.0, "exact"),
        (1450.0, "exact"),
    ]
    (r,) = find_quantities("between 30 and 40 people")
    assert r.quantity.qualifier == "range"
    text = "The monitor recorded a rise in executions over the first half of 2021, from 120 to 180."
    assert _claims(text) == [(120, "executed", "monitor"), (180, "executed", "monitor")]


def test_according_to_ends_at_its_comma() -> None:
    text = (
        "According to the annual report OHCHR released in May, Border Guard Police in Rakhine "
        "State killed "
        "a farmer and wounded three others."
    )
    assert _claims(text) == [(3, "injured", load_actors().resolve("OHCHR"))]


def test_a_counted_group_with_a_verb_of_its_own_is_no_victim_count() -> None:
    text = (
        "Hundreds of students lined the road to honour a teacher who was shot and killed "
        "by police on Friday."
    )
    assert _claims(text) == []
    # a participle is no verb of its own: the figure still counts the executed
    text = 'Officials said 6 men convicted of "corruption on earth" had been executed.'
    assert [(v, o) for v, o, _ in _claims(text)] == [(6, "executed")]


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract(text, publisher="Example News").quotes]


def test_persian_speaker_before_an_adverbial_phrase_is_the_name_not_the_phrase() -> None:
    text = (
        "رضا کریمی، سخنگوی این کانون با اشاره به وضعیت زندانیان گفت: "
        "«ما از سرنوشت همه بازداشت‌شدگان این هفته بی‌خبر هستیم»."
    )
    assert _speakers(text) == ["رضا کریمی"]


def test_persian_quotation_before_its_verb_belongs_to_the_subject_before_it() -> None:
    text = (
        "سازمان عفو بین‌الملل گزارشی منتشر کرد. "
        "این سازمان ضمن «درخواست توقف فوری همه اعدام‌ها در کشور» می‌گوید: "
        "«خانواده‌ها از زمان اجرای حکم باخبر نمی‌شوند و پیکرها را تحویل نمی‌گیرند.»"
    )
    assert _speakers(text) == ["Amnesty International", "Amnesty International"]


def test_a_role_with_an_indefinite_article_is_a_source() -> None:
    # "official" before "told" is a noun, not the adjective of "official figures"
    text = "A local official told the Associated Press that 14 protesters were detained."
    assert _claims(text) == [(14, "arrested", "local official")]
    text = "Police arrested 50 people, a spokesman for the opposition party told AFP."
    assert _claims(text) == [(50, "arrested", "spokesman for the opposition party")]
    text = "A police officer told AFP that 9 protesters were wounded."
    assert _claims(text) == [(9, "injured", "police officer")]


def test_said_then_a_name_after_the_figure_gives_the_name() -> None:
    text = "Eight people were killed, said Ahmed Ali, a doctor at the main hospital."
    assert _claims(text) == [(8, "killed", "Ahmed Ali")]


def test_persian_plural_and_present_speech_verbs_name_their_subject() -> None:
    assert _claims("منابع محلی از کشته شدن ۱۵ نفر در این شهر خبر دادند.") == [
        (15, "killed", "منابع محلی")
    ]
    got = _claims("به نقل از خبرگزاری هرانا، ۱۲ نفر در زاهدان کشته شدند.")
    assert [(v, o) for v, o, _ in got] == [(12, "killed")]
    assert got[0][2] == load_actors().resolve("هرانا")


def test_persian_speaker_before_a_message_phrase_and_an_unresolved_pronoun() -> None:
    text = "رضا کریمی در پیامی در توییتر نوشت: «جامعه جهانی نباید در برابر این اعدام‌ها سکوت کند.»"
    assert _speakers(text) == ["رضا کریمی"]
    # a pronoun with no one named before it is no speaker, and never the words around it
    assert _speakers("وی در ادامه گفت: «هیچ‌کس پاسخگوی کشته شدن این معترضان نبوده است.»") == [None]


def test_the_statement_speaks_for_whoever_issued_it() -> None:
    text = (
        "Human Rights Watch issued a statement on Monday. "
        '"The authorities must release every detained protester now," the statement said.'
    )
    assert _speakers(text) == ["Human Rights Watch"]
    text = "Human Rights Watch issued a statement. The statement said 12 people were killed."
    assert _claims(text) == [(12, "killed", "Human Rights Watch")]


def _people(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.role) for p in extract(text, publisher="Example News").people]


def test_persian_names_after_nam_before_farzand_and_led_by_a_given_name() -> None:
    assert _people("یک زندانی به نام حسین خضری در زندان ارومیه اعدام شد.") == [
        ("حسین خضری", "victim")
    ]
    assert _people("دو زندانی به نام‌های علی احمدی و رضا کریمی اعدام شدند.") == [
        ("علی احمدی", "victim"),
        ("رضا کریمی", "victim"),
    ]
    assert _people("سامان یاسین فرزند احمد در زندان بازداشت است.") == [("سامان یاسین", "victim")]
    assert _people("محسن شکاری در زندان اعدام شد.") == [("محسن شکاری", "victim")]
    # a street or a hospital named after a person is no person; no violation, no guess
    assert _people("معترضان در خیابان امام حسین تجمع کردند.") == []
    assert _people("حسین خضری امروز به تهران سفر کرد.") == []


def test_persian_age_apposition_with_a_noun() -> None:
    assert _people("ژینا امینی، زن ۲۲ ساله کرد، پس از بازداشت جان باخت.") == [
        ("ژینا امینی", "victim")
    ]


def test_english_victims_after_included_a_role_word_or_a_relative() -> None:
    assert _people("Those executed included Hossein Khezri and Reza Karimi.") == [
        ("Hossein Khezri", "victim"),
        ("Reza Karimi", "victim"),
    ]
    assert _people("Protester Majidreza Rahnavard was hanged in public in Mashhad.") == [
        ("Majidreza Rahnavard", "victim")
    ]
    assert _people("The family of Nika Shakarami said she was killed by security forces.") == [
        ("Nika Shakarami", "victim")
    ]


def test_a_name_apposed_to_a_role_and_an_outlets_reporter_are_people() -> None:
    text = (
        "There are fears that one of the protest organizers, Lev Orlov, has been poisoned "
        "in detention, as VOA's Marta Kovac reports."
    )
    assert _people(text) == [("Lev Orlov", "victim"), ("Marta Kovac", "speaker")]
    # an outlet that reports is no person
    assert _people("Al Jazeera reported that 12 people were killed.") == []


def test_two_speakers_joined_by_and_each_keep_their_figure() -> None:
    text = "Police said they had arrested 120 people, and a rights group said 300 were detained."
    assert _claims(text) == [(120, "arrested", "Police"), (300, "arrested", "rights group")]
    text = "According to the ministry, 12 people died; the opposition says the real figure is 40."
    assert _claims(text) == [(12, "killed", "ministry"), (40, "killed", "opposition")]


def test_said_the_organisation_after_a_figure_clause() -> None:
    text = (
        "Sixty people have been killed since Friday, said the Iraqi High Commission for "
        "Human Rights, which added that 2,000 were wounded."
    )
    got = _claims(text)
    assert [(v, o) for v, o, _ in got] == [(60, "killed"), (2000, "injured")]
    assert {a for _, _, a in got} == {"Iraqi High Commission for Human Rights"}


def test_took_the_lives_of_is_a_death_toll() -> None:
    assert [(v, o) for v, o, _ in _claims("The crackdown claimed the lives of 12 people.")] == [
        (12, "killed")
    ]
    assert [(v, o) for v, o, _ in _claims("این حادثه جان ۵ نفر را گرفت.")] == [(5, "killed")]


def test_persian_awaiting_or_sentenced_to_execution_is_no_execution() -> None:
    for text in (
        "۳ نفر در انتظار اعدام هستند.",
        "دست‌کم ۱۰ نفر در خطر اعدام قرار دارند.",
        "حکم اعدام ۴ نفر صادر شد.",
    ):
        assert _claims(text) == [], text
    assert [(v, o) for v, o, _ in _claims("حکم اعدام ۴ نفر اجرا شد.")] == [(4, "executed")]
    text = "دستکم حکم اعدام ۱۲ زندانی در زندان‌های کشور به اجرا در آمده است."
    assert [(v, o) for v, o, _ in _claims(text)] == [(12, "executed")]


def test_a_statement_speaks_for_its_issuer_and_a_role_for_the_name_after_it() -> None:
    lead = "Amnesty International issued a statement on Friday. "
    quote = '"The authorities must stop the executions of protesters immediately"'
    assert _speakers(lead + "The statement read: " + quote + ".") == ["Amnesty International"]
    text = quote + ", reads the statement issued by Amnesty International."
    assert _speakers(text) == ["Amnesty International"]
    text = '"Security forces used live ammunition against the crowd," a statement from the ministry said.'
    assert _speakers(text) == ["ministry"]
    text = '"We documented every case with evidence from witnesses," said the group\'s director, Jane Doe.'
    assert _speakers(text) == ["Jane Doe"]


def test_accusations_asides_and_adverbs_around_the_source() -> None:
    text = "Amnesty International accused the authorities of killing at least 304 people."
    assert _claims(text) == [(304, "killed", "Amnesty International")]
    text = "Rights groups, including Amnesty International, say more than 300 people were killed."
    assert _claims(text) == [(300, "killed", "Rights groups")]
    text = "The ministry, however, put the number of detainees at 1,000."
    assert _claims(text) == [(1000, "arrested", "ministry")]
    text = (
        "The group reported on Monday that security forces had killed 12 protesters, "
        "a figure confirmed by hospital staff."
    )
    assert _claims(text) == [(12, "killed", "group")]
    text = "Police in the city said they had detained 50 people."
    assert _claims(text) == [(50, "arrested", "Police")]


def test_persian_apposed_name_speaks_through_a_listener_phrase() -> None:
    text = (
        "رضا کریمی، وکیل این زندانی، به خبرنگار ما گفت: "
        "«این اعدام‌ها برای ایجاد رعب و وحشت در جامعه انجام می‌شود.»"
    )
    assert _speakers(text) == ["رضا کریمی"]
    text = "رضا کریمی، وکیل این زندانی، به صدای آمریکا گفت که ۱۲ نفر اعدام شده‌اند."
    assert _claims(text) == [(12, "executed", "رضا کریمی")]


def test_english_victims_named_as_the_object_or_subject_of_a_violation() -> None:
    assert _people("Police shot dead Ali Hassan, a university student, on Friday.") == [
        ("Ali Hassan", "victim")
    ]
    assert _people("Security forces killed protester Ahmed Salah near the square.") == [
        ("Ahmed Salah", "victim")
    ]
    assert _people("Omar Bashir Hamid was detained by soldiers at a checkpoint.") == [
        ("Omar Bashir Hamid", "victim")
    ]
    assert _people("Those killed include Abdul Rahman, 19, and Said Hamid, 24.") == [
        ("Abdul Rahman", "victim"),
        ("Said Hamid", "victim"),
    ]
    assert _people("The victims included 16-year-old Nika Shakarami.") == [
        ("Nika Shakarami", "victim")
    ]
    # a place that kills is no victim, and no person
    text = "Police in Zurmat District, Paktiya Province, killed a civilian."
    assert _people(text) == []


def test_a_name_after_according_to_is_a_person_and_an_apposed_speaker_speaks() -> None:
    text = "According to Ravina Shamdasani, the office had received reports of arrests."
    assert [n for n, _ in _people(text)] == ["Ravina Shamdasani"]
    text = "The UN envoy, Tom Andrews, said the junta had killed hundreds."
    assert _people(text) == [("Tom Andrews", "speaker")]


def test_per_x_owned_figures_data_and_civilian_deaths() -> None:
    text = "At least 50 people have been killed, per the Sudan Doctors Committee."
    assert _claims(text) == [(50, "killed", "Sudan Doctors Committee")]
    # "per day" is a rate, not a source
    text = "As many as 98 prisoners were executed in April, six per day, the monitor said."
    assert {a for _, _, a in _claims(text)} == {"monitor"}
    assert _claims("UNAMA data showed 1,743 civilian deaths in the first nine months.") == [
        (1743, "killed", "UNAMA")
    ]
    got = _claims("Amnesty's tally of 304 deaths was disputed by the government.")
    assert got == [(304, "killed", "Amnesty International")]


def test_a_briefing_that_informs_names_its_source() -> None:
    text = (
        "Anna Berg, for the UN human rights office, informed that 120 civilians had been killed "
        "and 300 injured in the region."
    )
    got = _claims(text)
    assert [(v, o) for v, o, _ in got] == [(120, "killed"), (300, "injured")]
    assert {a for _, _, a in got} == {"Anna Berg"}


def test_a_persian_verbal_noun_alone_is_no_source() -> None:
    from undercount.extract.attribution import plausible_source

    index = load_actors()
    assert not plausible_source("اعلام", index)
    assert not plausible_source("گزارش‌ها", index)
    assert plausible_source("منابع محلی", index)


def test_the_report_said_after_a_quotation() -> None:
    text = (
        "The Human Rights Watch investigation ran for six months in four provinces. "
        '"Many perpetrators of the attacks appear to be going unpunished," the report said.'
    )
    assert _speakers(text) == ["Human Rights Watch"]


def test_a_denial_after_and_a_day_of_a_month_and_its_tally() -> None:
    text = "Witnesses told Reuters that soldiers shot dead 7 people, and the army later denied it."
    assert _claims(text) == [(7, "killed", "witnesses")]
    text = (
        "The Iraqi Human Rights Commission said 15 protesters were killed on Sunday, bringing "
        "the total since October 1 to 319, according to its tally."
    )
    got = _claims(text)
    assert [(v, o) for v, o, _ in got] == [(15, "killed"), (319, "killed")]
    assert {a for _, _, a in got} == {"Iraqi Human Rights Commission"}
    (q,) = [q for q in find_quantities("from 1 to 5 people") if q.quantity.qualifier == "range"]
    assert (q.quantity.low, q.quantity.high) == (1, 5)
