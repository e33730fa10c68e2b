"""Named people (roles, victim details) and quotations (speakers)."""

from __future__ import annotations

import datetime as dt

from undercount.extract import extract


def roles(text: str, **kw) -> dict[str, str]:
    return {p.name: p.role for p in extract(text, **kw).people}


def test_victim_with_age_date_place() -> None:
    x = extract(
        "Dariush Karimi, 22, was shot in the chest in Shiraz on 16 November and died, "
        "his brother said.",
        published_on=dt.date(2019, 12, 1),
    )
    (p,) = x.victims
    assert p.name == "Dariush Karimi"
    assert p.age == 22
    assert p.violation == "killing"
    assert p.date is not None and p.date.date == dt.date(2019, 11, 16)
    assert p.city == "Shiraz" and p.province == "Fars"
    assert "was shot" in p.evidence


def test_roles() -> None:
    r = roles(
        "Interior Minister Abdolreza Rahmani Fazli said 200 people died. The execution of "
        "Navid Afkari drew protest. Sara Hosseini, a researcher, said the toll was higher."
    )
    assert r["Abdolreza Rahmani Fazli"] == "official"
    assert r["Navid Afkari"] == "victim"
    assert r["Sara Hosseini"] == "speaker"


def test_victim_forms() -> None:
    assert roles("Nasrin Ahmadi, a 35-year-old teacher, was detained at home.") == {
        "Nasrin Ahmadi": "victim"
    }
    x = extract("Kian Rostami, aged 9, was killed when gunmen opened fire.")
    assert x.victims[0].age == 9 and x.victims[0].violation == "killing"
    x = extract("Reza Tabrizi, 16, died in custody in Zahedan.")
    assert x.victims[0].violation == "death_in_custody"
    x = extract("Mehdi Soltani, 19, was hanged in prison.")
    assert x.victims[0].violation == "execution"


def test_persian_victim() -> None:
    x = extract("داریوش کریمی، ۲۲ ساله، روز ۲۵ آبان در شیراز کشته شد.")
    (p,) = x.victims
    assert p.name == "داریوش کریمی" and p.age == 22 and p.violation == "killing"


def test_family_name_mentions_join_the_person() -> None:
    x = extract('The lawyer, Saeed Dehghan, spoke. "He was tortured for days," Dehghan said.')
    assert [p.name for p in x.people] == ["Saeed Dehghan"]
    assert x.quotes[0].speaker == "Saeed Dehghan"


def speakers(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in extract(text).quotes]


def test_quote_speaker_forms() -> None:
    assert speakers('"The figures are lies," said Ali Rabiei.') == [
        ("Ali Rabiei", "The figures are lies,")
    ]
    assert speakers('"The figures are lies," the spokesman said.')[0][0] == "spokesman"
    assert speakers('Ali Rabiei said: "The figures are lies."')[0][0] == "Ali Rabiei"
    assert speakers('According to Ali Rabiei, "the figures are lies."')[0][0] == "Ali Rabiei"
    assert (
        speakers("“They fired at the crowd,” a witness told the BBC.")[0][0] == "witness"
    )  # articles are filler (issue 16)
    # Introduced in the previous sentence, then a pronoun.
    got = speakers(
        'The judiciary spokesman denied the reports. "No one has been executed for '
        'protesting," he told reporters.'
    )
    assert got[0][0] == "judiciary spokesman"
    # A quotation that stands alone continues the previous speaker.
    got = speakers('"We confirmed 304 names," said Diana Eltahawy. "The real number is higher."')
    assert [g[0] for g in got] == ["Diana Eltahawy", "Diana Eltahawy"]


def test_persian_quote_and_scare_quotes() -> None:
    got = speakers("سخنگوی قوه قضاییه گفت: «هیچ‌کس به خاطر شرکت در اعتراضات اعدام نشده است.»")
    assert got[0][0] == "سخنگوی قوه قضاییه"
    assert extract("سپاه ۱۸۰ نفر از «سرکردگان» را دستگیر کرد.").quotes == []
    assert extract('Police arrested 180 "ringleaders".').quotes == []
