"""Lists as real NGOs write them (issue 15): missing-value words, age ranges, other names in
another script or in brackets, places with their context. The fixtures in tests/data/lists/
have the shapes of two real lists, with invented names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from undercount.errors import IngestError
from undercount.intake.values import Age, is_missing, parse_age_value
from undercount.normalize import name_key, resolve_place
from undercount.normalize.aliases import name_aliases

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"


def _rows(project):
    return project.records().sort_values("row_number").reset_index(drop=True)


MISSING = [
    "Unknown",
    "unknown",
    "UNKNOWN",
    "N/A",
    "n/a",
    "NA",
    "#N/A",
    "-",
    "--",
    "—",
    "?",
    "??",
    "...",
    "…",
    "None",
    "null",
    "Not known",
    "(unknown)",
    "نامعلوم",
    "نا معلوم",
    "نامشخص",
    "مشخص نیست",
    "؟",
    "مجهول",
    "غير معروف",
    "غير معلوم",
    "لا يوجد",
]


@pytest.mark.parametrize("text", MISSING)
def test_missing_value_words_and_marks(text):
    assert is_missing(text)


@pytest.mark.parametrize("text", ["Ali", "0", "1", "Tehran", "نامدار", "Unknownabad", "na'im"])
def test_values_that_are_not_missing(text):
    assert not is_missing(text)


@pytest.mark.parametrize("text", MISSING)
def test_missing_words_import_as_empty_in_every_column(project, tmp_path, text):
    p = tmp_path / "m.csv"
    q = '"' + text.replace('"', '""') + '"'
    p.write_text(
        f"name,age,sex,date,place,violation\nAli Karimi,{q},{q},{q},{q},{q}\nReza Nouri,30,m,"
        "2022-10-01,Zahedan,killing\n",
        encoding="utf-8",
    )
    res = project.import_list(p, source="S")
    assert res.added == 2 and not res.warnings
    assert res.missing == {c: 1 for c in ("age", "sex", "date", "place", "violation")}
    assert res.missing_marked == res.missing
    row = _rows(project).iloc[0]
    for c in ("age", "age_low", "sex", "date", "date_text", "place_text", "violation"):
        assert pd.isna(row[c]), c


AGES = {
    "30": Age(30, 30, 30),
    "30 years": Age(30, 30, 30),
    "۳۰": Age(30, 30, 30),
    "۳۰ ساله": Age(30, 30, 30),
    "16/17": Age(16, 17, 17),
    "22 / 23": Age(22, 23, 23),
    "16-18": Age(16, 18, 17),
    "16 to 18": Age(16, 18, 17),
    "about 40": Age(38, 42, 40),
    "About 40": Age(38, 42, 40),
    "~40": Age(38, 42, 40),
    "40?": Age(38, 42, 40),
    "c. 40": Age(38, 42, 40),
    "حدود ۳۰": Age(28, 32, 30),
    "حدودا 30": Age(28, 32, 30),
    "20s": Age(20, 29, 25),
    "early 30s": Age(30, 33, 32),
    "late 40s": Age(46, 49, 48),
    "6 months": Age(0, 0, 0),
    "۳ ماهه": Age(0, 0, 0),
    "infant": Age(0, 0, 0),
    "1991": Age(None, None, None, 1991),
    "۱۳۷۰": Age(None, None, None, 1991),
}


@pytest.mark.parametrize("text", list(AGES))
def test_age_forms(text):
    assert parse_age_value(text) == AGES[text]


@pytest.mark.parametrize("text", ["thirty-ish", "10-60", "150", "12/11/2019", "1700"])
def test_ages_that_cannot_be_read_say_how_to_write_them(text):
    with pytest.raises(ValueError, match="not an age|spans more than|over 120"):
        parse_age_value(text)


def test_english_ngo_list_imports_without_lenient(project):
    res = project.import_list(LISTS / "ngo_en_a.csv", source="NGO A")
    assert res.added == 10 and not res.warnings
    assert res.mapping["name_fa"] == "aliases" and res.mapping["date_of_death"] == "date"
    assert res.missing == {
        "name_fa": 1,
        "date_of_death": 4,
        "Age": 1,
        "Place of death": 2,
        "Notes": 1,
    }
    assert res.missing_marked == {
        "date_of_death": 4,
        "Age": 1,
        "Place of death": 2,
        "Notes": 1,
    }
    df = _rows(project).set_index("row_number")
    # Ranges keep their bounds; the point value is the rounded midpoint.
    assert (df.at[2, "age_low"], df.at[2, "age_high"], df.at[2, "age"]) == (16, 17, 17)
    assert (df.at[3, "age_low"], df.at[3, "age_high"], df.at[3, "age"]) == (38, 42, 40)
    assert (df.at[4, "age_low"], df.at[4, "age_high"]) == (22, 23)
    assert (df.at[10, "age_low"], df.at[10, "age_high"]) == (20, 29)
    # A year in the age column is a year of birth: with the date, the age is one of two.
    assert df.at[5, "birth_year"] == 1991
    assert (df.at[5, "age_low"], df.at[5, "age_high"]) == (30, 31)
    assert df.at[6, "date_precision"] == "month"
    # Other names: the second-script column, brackets, aka.
    assert list(df.at[1, "aliases"]) == ["Zhina Karimi", "مهسا کریمی", "ژینا کریمی"]
    assert list(df.at[1, "alias_keys"]) == [name_key(a) for a in df.at[1, "aliases"]]
    assert list(df.at[2, "aliases"]) == ["Zakaria Soleimani", "زکریا رستمی"]
    assert list(df.at[4, "aliases"]) == ["mahsa ghavasiye"]
    assert list(df.at[5, "aliases"]) == ["Ali Tehrani", "علی مرادی"]
    assert df.at[5, "name_key"] == name_key("Ali Moradi")
    # Places: the place of death first, then the province.
    assert (df.at[1, "city"], df.at[1, "province"]) == ("Tehran", "Tehran")
    assert df.at[1, "place_text"] == "Tehran (originally from Saqqez, Kurdistan)"
    assert (df.at[2, "city"], df.at[2, "province"]) == ("Kamyaran", "Kurdistan")
    assert (df.at[5, "city"], df.at[5, "province"]) == ("Mahabad", "West Azerbaijan")


def test_persian_ngo_list_imports_without_lenient(project):
    res = project.import_list(LISTS / "ngo_fa_b.csv", source="NGO B")
    assert res.added == 5 and not res.warnings
    assert res.mapping["نام لاتین"] == "aliases"
    assert res.missing == {"نام لاتین": 1, "تاریخ": 3, "سن": 2}
    df = _rows(project).set_index("row_number")
    assert (df.at[3, "age_low"], df.at[3, "age_high"], df.at[3, "age"]) == (38, 42, 40)
    assert (df.at[5, "age_low"], df.at[5, "age_high"]) == (0, 0)
    assert list(df.at[1, "aliases"]) == ["Mahsa Karimi"]
    assert list(df.at[5, "aliases"]) == ["سارا نوری"]
    assert (df.at[2, "city"], df.at[2, "province"]) == ("Kamyaran", "Kurdistan")


def test_the_two_lists_share_keys_through_aliases(project):
    project.import_list(LISTS / "ngo_en_a.csv", source="NGO A")
    project.import_list(LISTS / "ngo_fa_b.csv", source="NGO B")
    df = project.records()
    keys = {
        s: {
            k
            for _, r in g.iterrows()
            for k in [r["name_key"], *([] if r["alias_keys"] is None else list(r["alias_keys"]))]
        }
        for s, g in df.groupby("source")
    }
    # Mahsa Karimi, Zakaria Rostami, Reza Jafari, Javad Heydari, Sara Ahmadi.
    assert len(keys["NGO A"] & keys["NGO B"]) >= 5


def test_age_column_with_minus_one_means_unknown(project, tmp_path):
    p = tmp_path / "gaza.csv"
    p.write_text("name,age\nAhmad Saleh,-1\nSami Odeh,4\n", encoding="utf-8")
    res = project.import_list(p, source="S")
    assert res.missing == {"age": 1}
    df = _rows(project)
    assert df["age_high"].isna().tolist() == [True, False] and df["age_high"].iloc[1] == 4


def test_birth_date_column_gives_birth_year(project, tmp_path):
    p = tmp_path / "dob.csv"
    p.write_text(
        "name,dob,date\nAhmad Saleh,1990-05-02,2023-11-01\nSami Odeh,,\n", encoding="utf-8"
    )
    res = project.import_list(p, source="S")
    assert res.mapping["dob"] == "birth_year"
    row = _rows(project).iloc[0]
    assert (row["birth_year"], row["age_low"], row["age_high"]) == (1990, 32, 33)


def test_date_message_reads_as_a_sentence(project, tmp_path):
    p = tmp_path / "dates.csv"
    p.write_text("name,date\nAli Karimi,2019-11-17\nReza Ahmadi,sometime\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        project.import_list(p, source="S")
    msg = str(e.value)
    assert "is cannot" not in msg and ".." not in msg
    assert msg.startswith(
        "dates.csv, row 2, column 'date': cannot read the date 'sometime': the word 'sometime' "
        "is not a month name. Write it as YYYY/MM/DD"
    )
    assert "1 value(s) could not be read; nothing was imported." in msg


@pytest.mark.parametrize(
    ("text", "main", "aliases"),
    [
        ("Mahsa (Zhina) Amini", "Mahsa Amini", ["Zhina Amini"]),
        ("Zakaria Khayal (Soleimani)", "Zakaria Khayal", ["Zakaria Soleimani"]),
        ("Mariya (mahsa) ghavasiye", "Mariya ghavasiye", ["mahsa ghavasiye"]),
        ("(Zhina) Mahsa Amini", "Mahsa Amini", ["Zhina Amini"]),
        ("Ali Rezaei aka Ali Tehrani", "Ali Rezaei", ["Ali Tehrani"]),
        ("Ali Rezaei a.k.a. Ali Tehrani", "Ali Rezaei", ["Ali Tehrani"]),
        ("Ali Rezaei (aka Ali Tehrani)", "Ali Rezaei", ["Ali Tehrani"]),
        ("Ali Rezaei, also known as Abu Hassan", "Ali Rezaei", ["Abu Hassan"]),
        ("علی رضایی معروف به علی تهرانی", "علی رضایی", ["علی تهرانی"]),
        ("مهسا (ژینا) امینی", "مهسا امینی", ["ژینا امینی"]),
        ("أحمد سالم المعروف باسم أبو خالد", "أحمد سالم", ["أبو خالد"]),
        ("Aliasghar Karimi", "Aliasghar Karimi", []),
        ("Reza Karimi", "Reza Karimi", []),
    ],
)
def test_alias_forms(text, main, aliases):
    assert name_aliases(text) == (main, aliases)


@pytest.mark.parametrize(
    ("text", "city", "province"),
    [
        ("Kamyaran, Kurdistan", "Kamyaran", "Kurdistan"),
        ("Tehran (originally from Saqqez, Kurdistan)", "Tehran", "Tehran"),
        ("Tehran, originally from Saqqez", "Tehran", "Tehran"),
        ("تهران (اهل سقز، کردستان)", "Tehran", "Tehran"),
        ("Mahabad, West Azerbaijan", "Mahabad", "West Azerbaijan"),
        ("Nurabad (Lorestan)", "Nurabad", "Lorestan"),
        ("(Saqqez)", "Saqqez", "Kurdistan"),
        ("originally from Saqqez", "Saqqez", "Kurdistan"),
    ],
)
def test_place_forms(text, city, province):
    place = resolve_place(text)
    assert (place.city, place.province) == (city, province)
    assert place.text == text


def test_year_of_birth_without_a_date_keeps_no_age(project, tmp_path):
    p = tmp_path / "y.csv"
    p.write_text("name,age\nAli Karimi,1991\n", encoding="utf-8")
    project.import_list(p, source="S")
    row = _rows(project).iloc[0]
    assert row["birth_year"] == 1991
    assert pd.isna(row["age"]) and pd.isna(row["age_low"])


@pytest.mark.parametrize(
    "header", ["name_fa", "name_en", "en_name", "name_ar", "نام لاتین", "aka", "Other names"]
)
def test_second_name_columns_are_aliases(project, tmp_path, header):
    p = tmp_path / "alias.csv"
    p.write_text(f"name,{header}\nAli Karimi,علی کریمی\n", encoding="utf-8")
    res = project.import_list(p, source="S")
    assert res.mapping[header] == "aliases"
    row = _rows(project).iloc[0]
    assert list(row["aliases"]) == ["علی کریمی"]
    assert list(row["alias_keys"]) == [name_key("علی کریمی")]


def test_only_names_in_two_scripts_take_the_first_as_the_name(project, tmp_path):
    p = tmp_path / "two.csv"
    p.write_text("name_fa,name_en\nعلی کریمی,Ali Karimi\n", encoding="utf-8")
    res = project.import_list(p, source="S")
    assert res.mapping == {"name_fa": "name", "name_en": "aliases"}
    row = _rows(project).iloc[0]
    assert row["name"] == "علی کریمی" and list(row["aliases"]) == ["Ali Karimi"]
