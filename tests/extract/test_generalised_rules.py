"""Constructions added in the second round of issue 16: asides, brackets, suspects, lists of
cases, sources that name no one, Persian subjects that open the sentence.

The sentences are written for the tests (not copied from the evaluation set), so each checks
the construction, not one text.
"""

from __future__ import annotations

from undercount.extract import extract


def _claims(text: str, publisher: str | None = "Example News") -> list[tuple[float, str, str]]:
    x = extract(text, publisher=publisher)
    return [(c.quantity.value or c.quantity.low, c.outcome, c.attributed_to) for c in x.claims]


def test_dash_aside_between_figure_and_verb() -> None:
    text = (
        "More than 900 -- among them students, teachers and lawyers -- have been arrested "
        "since May, according to the Hengaw Organization for Human Rights."
    )
    [(value, outcome, _)] = _claims(text)
    assert (value, outcome) == (900, "arrested")
    without = "More than 900 -- among them students, teachers and lawyers -- gathered in May."
    assert _claims(without) == []


def test_bracketed_figure_and_its_words_restated() -> None:
    assert [(v, o) for v, o, _ in _claims("By Friday (412) people had been killed.")] == [
        (412, "killed")
    ]
    # "twenty (20)": one figure, not two
    assert len(_claims("In all twenty (20) protesters were detained in the town.")) == 1


def test_arrests_of_suspects_are_not_victims() -> None:
    text = "Police have made 45 arrests in connection with the attacks on the village."
    assert _claims(text) == []
    assert _claims("Security forces arrested 12 suspects after the bombing.") == []
    # arrests of protesters stay victims
    assert _claims("Police have arrested 45 protesters in connection with the march.")


def test_list_of_cases_keeps_the_outcome_of_its_head() -> None:
    text = (
        "Of those hanged, 30 executions were for murder, 9 cases for drug offences and "
        "4 cases for «rape»."
    )
    assert [(v, o) for v, o, _ in _claims(text)] == [
        (30, "executed"),
        (9, "executed"),
        (4, "executed"),
    ]


def test_credible_reports_name_no_source_but_reports_from_x_do() -> None:
    text = (
        'Maria Lopez, the office\'s spokesperson, said there are "credible reports" that '
        "some 300 demonstrators had been arrested."
    )
    assert _claims(text)[0][2] == "Maria Lopez"
    text = "According to credible reports, 40 people were killed in the city."
    assert _claims(text)[0][2] == "Example News"


def test_passive_report_verb_names_no_source() -> None:
    text = "As of Monday, 87 people are now confirmed killed."
    assert _claims(text)[0][2] == "Example News"


def test_persian_subject_opening_the_sentence() -> None:
    text = "سازمان حقوق بشر ایران، مستقر در اسلو، با انتشار گزارشی، از اعدام ۹۰ نفر خبر داده است."
    assert _claims(text, "Example")[0][2] == "Iran Human Rights"


def test_persian_short_name_in_brackets() -> None:
    text = "خبرگزاری فعالان حقوق بشر در ایران (هرانا) اعلام کرد که ۵۰ نفر بازداشت شده‌اند."
    assert _claims(text, "Example")[0][2] == "HRANA"


def test_persian_counts_of_things_are_not_victims() -> None:
    text = (
        "هرانا اعلام کرد ۱۲۰ دانشگاه و ۳۰۰ تجمع در اعتراضات شرکت داشتند و ۴۰ دانشجو بازداشت شدند."
    )
    assert [(v, o) for v, o, _ in _claims(text, "Example")] == [(40, "arrested")]


def test_surname_speaker_is_the_person_named_with_a_role() -> None:
    text = (
        'Daniel Okafor is deputy director at the group. "We heard the same account from '
        'every family we met," said Okafor.'
    )
    x = extract(text)
    assert [p.name for p in x.people] == ["Daniel Okafor"]
    assert x.quotes[0].speaker == "Daniel Okafor"


def test_town_of_is_a_place_not_a_person() -> None:
    x = extract("Witnesses said 15 people were killed in the nearby town of Al Bayda.")
    assert [p.name for p in x.people] == []


def test_a_named_speaker_is_a_person_and_he_refers_to_them() -> None:
    text = (
        "Lena Marsh of the Hill Foundation said the findings were alarming. "
        '"The government must stop shooting at peaceful protesters," he said.'
    )
    x = extract(text)
    assert [p.name for p in x.people] == ["Lena Marsh"]
    assert x.quotes[0].speaker == "Lena Marsh"
    # an organisation that says something is not a person
    assert extract("Iran Rights Monitor said 12 people were hanged.").people == []


def test_including_takes_the_outcome_of_the_figure_it_is_part_of() -> None:
    text = (
        "Over a thousand people were killed, including at least a dozen children, and many "
        "thousands have been injured."
    )
    assert [(v, o) for v, o, _ in _claims(text)] == [
        (1000, "killed"),
        (12, "killed"),
        (2000, "injured"),
    ]
    text = "A total of 900 are detained, including four of whom have been convicted."
    assert [(v, o) for v, o, _ in _claims(text)] == [(900, "arrested")]


def test_according_to_reports_inside_a_quotation_names_no_one() -> None:
    text = (
        '"According to credible reports ... those killed include at least 80 people," said '
        "the rights group. It said one person died after being beaten."
    )
    assert "credible" not in {a for _, _, a in _claims(text)}


def test_persian_speaker_is_the_name_before_its_title() -> None:
    text = (
        "محمود امیری مقدم، مدیر سازمان حقوق بشر ایران، روز دوشنبه گفت: «این اعدام‌ها برای "
        "ایجاد رعب و وحشت در جامعه انجام می‌شود.»"
    )
    x = extract(text)
    assert [q.speaker for q in x.quotes] == ["محمود امیری مقدم"]
    assert [p.name for p in x.people] == ["محمود امیری مقدم"]


def test_persian_claim_of_a_named_official_goes_to_the_name() -> None:
    text = "مسعود ستایشی، سخنگوی قوه قضاییه، اعلام کرد که ۴۰ نفر بازداشت شده‌اند."
    assert _claims(text, "Example")[0][2] == "مسعود ستایشی"


def test_persian_honorific_takes_the_surname_only_unless_the_first_name_is_known() -> None:
    x = extract("آقای صالحی اما در جریان محاکمه این اتهام را رد کرده بود.")
    assert [p.name for p in x.people] == ["صالحی"]
    # an unknown first word apposed to a weak role is not taken for a name
    assert extract("در زندان مرکزی، عضو این گروه بازداشت شد.").people == []


def test_toll_that_passed_a_figure_after_an_aside() -> None:
    text = (
        "The death toll of protesters, meanwhile, passed 150 this week, according to a rights "
        "organization based in Oslo."
    )
    [(value, outcome, source)] = _claims(text)
    assert (value, outcome, source) == (150, "killed", "rights organization")


def test_of_those_counts_part_of_the_figure_before_unless_another_fate() -> None:
    text = "At least 60 people were killed. Of those, 9 were children."
    assert [(v, o) for v, o, _ in _claims(text)] == [(60, "killed"), (9, "killed")]
    text = "At least 60 people were detained; of them 9 were sentenced to prison."
    assert [(v, o) for v, o, _ in _claims(text)] == [(60, "arrested")]


def test_taken_into_custody() -> None:
    assert [(v, o) for v, o, _ in _claims("Police had taken 310 people into custody.")] == [
        (310, "arrested")
    ]


def test_crowds_are_not_victims() -> None:
    text = (
        "Troops shot dead 12 protesters and injured dozens as tens of thousands of "
        "demonstrators surged onto the streets."
    )
    assert [(v, o) for v, o, _ in _claims(text)] == [(12, "killed"), (24, "injured")]
    text = "Troops fired at thousands of demonstrators, killing at least four people."
    assert [(v, o) for v, o, _ in _claims(text)] == [(4, "killed")]


def test_a_full_stop_without_its_space_still_ends_the_sentence() -> None:
    text = (
        '"They opened fire without warning," said Omar Haddad.Three people were killed in '
        "the town, according to local activists."
    )
    assert _claims(text) == [(3, "killed", "local activists")]


def test_persian_quoted_source_and_an_office_with_its_and() -> None:
    text = 'به گزارش "کانون مدافعان حقوق کارگر" تا کنون دو بازداشتی در زندان جان باخته‌اند.'
    assert _claims(text, "Example") == [(2, "killed", "کانون مدافعان حقوق کارگر")]
    text = (
        "سخنگوی کمیسیون امنیت ملی و سیاست خارجی مجلس تعداد بازداشت شدگان را ۴ هزار نفر اعلام کرد."
    )
    assert _claims(text, "Example")[0][2] == "سخنگوی کمیسیون امنیت ملی و سیاست خارجی مجلس"


def test_coordinated_figures_share_their_noun_and_verb() -> None:
    text = "Police said 12 and 15 people were killed in the two towns."
    assert [(v, o) for v, o, _ in _claims(text)] == [(12, "killed"), (15, "killed")]
    text = "در سال‌های پیش از آن به ترتیب ۳۳ و ۳۶ نفر اعدام شده بودند."
    assert [(v, o) for v, o, _ in _claims(text, "Example")] == [(33, "executed"), (36, "executed")]
    # years stay out
    assert [(v, o) for v, o, _ in _claims("Between 2019 and 2020, 40 people were killed.")] == [
        (40, "killed")
    ]


def test_speaker_past_a_participle_clause_and_without_their_place() -> None:
    text = (
        '"Security forces opened fire on the crowd without any warning," killing five and '
        "wounding 25 others, said an activist in the neighbourhood of Barzeh."
    )
    assert [q.speaker for q in extract(text).quotes] == ["activist"]


def test_persian_person_whose_words_are_reported_is_not_a_victim() -> None:
    text = (
        "روزنامه اعتماد اظهارات حسین نقوی حسینی را منتشر کرد که تعداد بازداشت شدگان را "
        "۷ هزار نفر اعلام کرد."
    )
    [person] = extract(text).people
    assert person.name == "حسین نقوی حسینی" and person.role != "victim"
    text = "محمود امیری مقدم، مدیر سازمان حقوق بشر ایران، از اعدام ۱۲ زندانی خبر داد."
    [person] = extract(text).people
    assert person.role != "victim"


def test_with_n_wounded_after_a_toll_is_its_own_outcome() -> None:
    text = "The office said the death toll had reached 269, with at least 8,000 wounded."
    assert [(v, o) for v, o, _ in _claims(text)] == [(269, "killed"), (8000, "injured")]


def test_number_of_victims_named_far_before_its_figure() -> None:
    text = (
        "The number of civilians and security forces killed in protests in the country since "
        "last month has risen to 319, the commission said."
    )
    assert [(v, o) for v, o, _ in _claims(text)] == [(319, "killed")]
    text = "So the total number of injuries reached (974), mostly from tear gas."
    assert [(v, o) for v, o, _ in _claims(text)] == [(974, "injured")]


def test_part_of_a_count_with_another_fate_is_not_a_victim_count() -> None:
    text = "Fewer than 10 of the 80 people arrested in the town have been released, Hengaw said."
    assert [(v, o) for v, o, _ in _claims(text)] == [(80, "arrested")]
    text = "Rights groups documented 11 cases in which detainees were subjected to torture."
    assert [o for _, o, _ in _claims(text)] == ["tortured"]


def test_a_crowd_of_vague_size_is_not_a_victim_count_but_named_protesters_are() -> None:
    assert _claims("Thousands of people protesting against the police had gathered there.") == []
    text = "Security forces had shot dead over a dozen protesters demonstrating against brutality."
    assert [(v, o) for v, o, _ in _claims(text)] == [(12, "killed")]


def test_a_source_that_cannot_be_read_is_left_empty() -> None:
    from undercount.extract import load_actors
    from undercount.extract.attribution import plausible_source

    actors = load_actors()
    assert plausible_source("Amnesty International", actors)
    assert plausible_source("local activists", actors)
    assert plausible_source("city prosecutor", actors)
    assert plausible_source("Maria Lopez", actors, ["Maria Lopez"])
    assert plausible_source("سخنگوی قوه قضاییه", actors)
    assert not plausible_source("people are now", actors)
    assert not plausible_source("credible", actors)
    assert not plausible_source("خارجی مجلس تعداد بازداشت شدگان را", actors)
