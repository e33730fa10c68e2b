"""Script detection and Persian/Arabic text normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undercount.normalize import detect_script, normalize_text
from undercount.normalize.script import ZWNJ, to_ascii_digits

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ"
ARABIC_FORMS = "يكةىأإۀ"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
persianish = st.text(
    alphabet=st.sampled_from(PERSIAN_LETTERS + ARABIC_FORMS + MARKS + " \u200c۰۱۲۳۴۵۶۷۸۹٠١٢٣abc-"),
    max_size=40,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("محمد رضایی", "fa"),
        ("پژمان", "fa"),
        ("محمد", "fa"),
        ("عائشة", "ar"),
        ("علي", "ar"),
        ("Mohammad Rezaei", "latin"),
        ("Nguyễn Văn An", "latin"),
        ("Ali علی", "mixed"),
        ("Иван", "other"),
        ("12345", "other"),
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
    ],
)
def test_detect_script(text, expected):
    assert detect_script(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),
        ("كريم", "کریم"),
        ("فاطمة", "فاطمه"),
        ("خانۀ", "خانه"),
        ("مُحَمَّد", "محمد"),
        ("محـــمد", "محمد"),
        ("أحمد إبراهيم", "احمد ابراهیم"),
        ("۱۳۹۸/۰۸/۲۴", "1398/08/24"),
        ("٢٠١٩", "2019"),
        ("حسین زاده", f"حسین{ZWNJ}زاده"),
        ("حسین‌زاده", f"حسین{ZWNJ}زاده"),
        ("پور محمدی", "پورمحمدی"),
        ("می روم", f"می{ZWNJ}روم"),
        ("کتاب ها", f"کتاب{ZWNJ}ها"),
        (f"رضا{ZWNJ}زاده", "رضازاده"),
        (f"علی {ZWNJ} رضا", "علی رضا"),
        (f"{ZWNJ}{ZWNJ}علی{ZWNJ}", "علی"),
        ("  علی \t رضایی  ", "علی رضایی"),
        ("\ufeb3\ufecc\ufbff\ufeaa", "سعید"),  # presentation forms
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "name",
    [
        "José Müller",
        "Nguyễn Văn An",
        "Łukasz Żółć",
        "Ørsted Ågren",
        "François-Xavier O'Brien",
        "Søren Kierkegaard",
        "Ferhat Yıldız",
    ],
)
def test_other_latin_names_pass_unharmed(name):
    assert normalize_text(name) == name


def test_latin_whitespace_folded_only():
    assert normalize_text("  José   Müller ") == "José Müller"


@given(persianish)
@settings(max_examples=300, deadline=None)
def test_normalize_text_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(persianish)
@settings(max_examples=200, deadline=None)
def test_normalize_text_removes_arabic_forms_and_marks(text):
    out = normalize_text(text)
    assert not set(out) & set(ARABIC_FORMS.replace("أ", "").replace("إ", "") + MARKS)
    assert not set(out) & set("۰۱۲۳۴۵۶۷۸۹٠١٢٣")


@given(st.integers(min_value=0, max_value=10**12))
def test_digit_conversion(n):
    ascii_digits = str(n)
    persian = ascii_digits.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = ascii_digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert to_ascii_digits(persian) == ascii_digits
    assert normalize_text(arabic) == ascii_digits
    assert normalize_text(f"سال {persian}") == f"سال {ascii_digits}"


def test_hazm_agrees_on_letters_where_installed():
    hazm = pytest.importorskip("hazm")
    norm = hazm.Normalizer()
    for text in ["علي كريمي", "فاطمة", "۱۳۹۸"]:
        ours = normalize_text(text)
        theirs = norm.normalize(text)
        assert ours.replace(ZWNJ, "") == to_ascii_digits(theirs.replace(ZWNJ, "").replace("ة", "ه"))
