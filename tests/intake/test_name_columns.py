"""The importer's columnar name path gives exactly what the name-by-name path gives."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from undercount.normalize.name_batch import _INFO_COLUMNS, _normalize_chunk, _normalize_columns

DATA = Path(__file__).resolve().parents[1] / "data"

# Words that send a name off the two-word fast path (honorifics, compound heads and tails,
# father's-name markers, brackets, commas, two scripts) next to plain words of each script.
WORDS = [
    "Ali", "Rezaei", "Mohammad", "علی", "رضایی", "محمد", "كريمي", "مُحَمَّد", "ﻣﺤﻤﺪ", "Seyed",
    "سید", "Haj", "Sadat", "سادات", "Amir", "امیر", "Gholam", "غلام", "Hossein", "حسین", "Reza",
    "رضا", "Abdol", "Karim", "Pour", "پور", "زاده", "Zadeh", "bin", "بن", "ولد", "(Jina)", "Amini,",
    "José", "Дмитрий", "Ali2", "۱۳۹۸", "s/o", "al", "ال", "ابو", "می", "ها", "\u200cعلی", "",
    "a-b", "Sadat-Hosseini", "Nejad", "نژاد", "فاطمه",
]  # fmt: skip


def _check(values: list[str]) -> None:
    rows = _normalize_chunk(values, parts=True, keys=True)
    columns = _normalize_columns(values)
    assert len(columns) == len(_INFO_COLUMNS)
    for i, (name, col) in enumerate(zip(_INFO_COLUMNS, columns, strict=True)):
        assert col.to_pylist() == [r[i] for r in rows], name


def test_every_pair_of_words_in_one_batch():
    """Fast and slow names mixed in one call come back in their own order."""
    values = [f"{a} {b}".strip() for a in WORDS for b in WORDS]
    values += [f"{a} Ali Rezaei" for a in WORDS] + [f"علی {a} رضایی" for a in WORDS]
    _check([v for v in dict.fromkeys(values) if v])


def test_real_names_of_both_scripts():
    values: list[str] = []
    for path in sorted((DATA / "real").glob("gaza_*_sample.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                values += [row["name"], row["en_name"]]
                # The same names cut to two words: the fast path's shape.
                values += [" ".join(row["name"].split()[::3]), " ".join(row["en_name"].split()[:2])]
    _check([v for v in dict.fromkeys(values) if v.strip()])


def test_only_slow_names_and_only_fast_names():
    _check(["Seyed Ali Rezaei", "Mahsa (Zhina) Amini"])
    _check(["Ali Rezaei", "علی رضایی"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), min_size=1, max_size=4),
        min_size=1,
        max_size=12,
    )
)
def test_columnar_path_equals_name_by_name(names):
    values = [v for v in dict.fromkeys(" ".join(w) for w in names) if v]
    if values:
        _check(values)
