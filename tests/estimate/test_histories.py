from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from undercount.errors import EstimationError
from undercount.estimate import read_histories, validate_histories
from undercount.estimate.histories import Histories, canonical_table, input_hash

from .conftest import DATA, simple3


def test_validate_returns_clean_copy():
    df = simple3()
    out = validate_histories(df)
    assert list(out.columns) == ["A", "B", "C", "count"]
    assert out["count"].dtype == np.int64
    assert out is not df


def test_strata_columns_are_kept_after_lists():
    df = pd.read_csv(DATA / "spina_bifida_ny_3list_by_ethnicity.csv")
    out = validate_histories(df)
    assert list(out.columns) == ["S1", "S2", "S3", "eth", "count"]


def test_freq_alias_accepted():
    df = simple3().rename(columns={"count": "Freq"})
    assert "count" in validate_histories(df).columns


@pytest.mark.parametrize(
    "bad, fragment",
    [
        (pd.DataFrame({"A": [1, 0], "B": [0, 1]}), "no 'count' column"),
        (pd.DataFrame({"A": [1, 0], "B": [0, 1], "count": [1, -2]}), "negative"),
        (pd.DataFrame({"A": [1, 0], "B": [0, 1], "count": [1.5, 2]}), "whole numbers"),
        (pd.DataFrame({"A": [1, 0], "B": [0, 0], "count": [1, 2]}), "0 on every list"),
        (pd.DataFrame({"A": [1, 1], "count": [1, 2]}), "at least two lists"),
    ],
)
def test_invalid_tables_raise_with_reason(bad, fragment):
    with pytest.raises(EstimationError, match=fragment):
        validate_histories(bad)


def test_problems_are_collected():
    bad = pd.DataFrame({"A": [1, 0], "count": [1, -2]})
    with pytest.raises(EstimationError) as info:
        validate_histories(bad)
    assert len(info.value.context["problems"]) == 2


def test_read_histories(tmp_path):
    p = tmp_path / "h.csv"
    simple3().to_csv(p, index=False)
    assert read_histories(p)["count"].sum() == 117
    with pytest.raises(EstimationError, match="does not exist"):
        read_histories(tmp_path / "missing.csv")


def test_hash_is_canonical():
    df = simple3()
    shuffled = df.sample(frac=1, random_state=1)[["C", "A", "count", "B"]]
    split = pd.concat([df.iloc[:1].assign(count=15), df.iloc[:1].assign(count=25), df.iloc[1:]])
    assert input_hash(df) == input_hash(shuffled) == input_hash(split)
    assert input_hash(df) != input_hash(df.assign(count=df["count"] + 1))
    assert len(input_hash(df)) == 64
    assert canonical_table(df)["count"].sum() == 117


def test_cells_and_reorder():
    h = Histories.from_frame(simple3())
    assert h.k == 3 and h.n == 117 and h.cells[0] == 0
    r = h.reorder(["C", "B", "A"])
    assert r.n == h.n
    np.testing.assert_array_equal(np.diag(r.pair_overlap()), np.diag(h.pair_overlap())[::-1])
    assert h.to_frame()["count"].sum() == 117
