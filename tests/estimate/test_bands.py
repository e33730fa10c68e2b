"""Issue 14, item 5: --by age bands, date windows and categories."""

from __future__ import annotations

import pandas as pd
import pytest

from undercount.errors import EstimationError
from undercount.estimate.bands import histories_from_records, parse_by, split_by


def test_split_keeps_bands_together_and_starts_new_fields():
    assert split_by("age_band=0-17,18-29,30-,sex") == ["age_band=0-17,18-29,30-", "sex"]
    assert split_by("province, date=..2019-11-16,2019-11-17..") == [
        "province",
        "date=..2019-11-16,2019-11-17..",
    ]
    assert split_by("sex,province") == ["sex", "province"]


def test_parse_errors_say_what_is_accepted():
    with pytest.raises(EstimationError, match="LOW-HIGH"):
        parse_by(["age_band=0-17,abc"])
    with pytest.raises(EstimationError, match="overlap"):
        parse_by(["age_band=0-20,18-"])
    with pytest.raises(EstimationError, match="Cannot stratify by 'colour'"):
        parse_by(["colour"])
    with pytest.raises(EstimationError, match="only age_band and date take bands"):
        parse_by(["sex=male"])
    with pytest.raises(EstimationError, match="does not exist"):
        parse_by(["date=..2019-02-30"])


def test_histories_by_age_band_sex_and_date_window():
    recs = pd.DataFrame(
        {
            "person_id": [1, 1, 2, 3, 3, 4, 5],
            "source": ["A", "B", "A", "B", "C", "C", "A"],
            "age": [15, 16, 40, None, 25, None, 70],
            "sex": ["f", "f", "m", None, "m", "", "f"],
            "date": pd.to_datetime(
                ["2019-11-17", "2019-11-15", "2019-11-20", None, "2019-11-16", None, "2019-12-01"]
            ),
        }
    )
    fields = parse_by(split_by("age_band=0-17,18-29,30-49,sex,date=..2019-11-16,2019-11-17.."))
    h = histories_from_records(recs, ["A", "B", "C"], fields)

    def per(pattern):
        a, b, c = pattern
        r = h[(h["A"] == a) & (h["B"] == b) & (h["C"] == c)]
        assert len(r) == 1
        return r.iloc[0]

    # person 1: ages 15/16 (mode: smallest of a tie) -> 0-17; earliest date 15 Nov
    row = per((1, 1, 0))
    assert (row["age_band"], row["sex"], row["date"]) == ("0-17", "f", "..2019-11-16")
    row = per((0, 1, 1))  # person 3: age 25 from one record, sex m
    assert (row["age_band"], row["sex"], row["date"]) == ("18-29", "m", "..2019-11-16")
    row = per((0, 0, 1))  # person 4: nothing known
    assert (row["age_band"], row["sex"], row["date"]) == ("unknown", "unknown", "unknown")
    a_only = h[(h["A"] == 1) & (h["B"] == 0)]
    assert sorted(a_only["age_band"]) == ["30-49", "other"]  # 40, and 70 beyond every band
    assert int(h["count"].sum()) == 5


def test_project_capture_histories_take_bands(tmp_path):
    from tests.report.builder import build_project

    project = build_project(tmp_path / "p.duckdb", estimates=False)
    try:
        plain = project.capture_histories()
        h = project.capture_histories(by=["age_band=0-17,18-29,30-", "sex"])
    finally:
        project.close()
    assert set(h["age_band"]) <= {"0-17", "18-29", "30-"}
    assert set(h["sex"]) == {"female", "male"}
    assert int(h["count"].sum()) == int(plain["count"].sum())
