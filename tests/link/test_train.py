"""Training's shortcuts: they save time without changing what is learned."""

from __future__ import annotations

import pandas as pd

from undercount.link import settings as st
from undercount.link import train as tr


def _rows(n: int) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "unique_id": range(1, n + 1),
            "source_id": [1 + i % 2 for i in range(n)],
            **{c: [None] * n for c in st.COMPARED_COLUMNS},
        }
    )
    # Every name different; everybody aged 30 and male: one huge age+sex block.
    rows["name_key"] = [f"given{i} family{i}" for i in range(n)]
    rows["age"] = rows["age_lo"] = rows["age_hi"] = 30
    rows["sex"] = "m"
    return rows


def test_quick_exact_match_test_agrees_with_splink_on_every_level():
    """The shortcut answers "not an exact match" only where Splink's own test does too."""
    from splink.internals.comparison_level import ComparisonLevel

    levels = [
        lv for comp in st.comparisons() for lv in comp.get_comparison("duckdb").comparison_levels
    ]
    slow = [lv._is_exact_match for lv in levels]
    with tr._quick_exact_match_test():
        quick = [lv._is_exact_match for lv in levels]
        assert isinstance(ComparisonLevel._is_exact_match, property)
    assert quick == slow
    # Both answers occur: exact levels (same key) and others (string distances).
    assert any(slow) and not all(slow)


def test_em_skips_blocks_with_too_few_possible_matches():
    rows = _rows(800)
    with tr.captured_splink_warnings():
        linker = tr.make_linker(rows, settings=st.settings_creator(blocking=()))
        summary = tr.train(
            linker, n_records=len(rows), seed=1, em_blocking=[[("age", "sex"), ("age",)]]
        )
    # At most 800 matches among 319,600 pairs of one block: not trained on, nor the coarser.
    share = summary["em_block_share"]["age+sex"]
    assert share < tr.MIN_BLOCK_MATCH_SHARE
    assert summary["em_skipped"] == ["age+sex: sparse", "age: coarser"]
    assert summary["em_sessions"] == 0
    assert tr._block_match_share(linker, ("age", "sex"), 319_600 * 0.01) == 0.01


def test_u_pairs_scale_with_the_records():
    assert tr.u_pairs_for(1_000) == 200_000
    assert tr.u_pairs_for(20_000) == 500_000
    assert tr.u_pairs_for(1_000_000) == 1_000_000


def test_em_needs_fields_left_to_train_beyond_its_blocking_rule():
    """Blocked on age and sex with names the only other field, EM could fit any split of
    the names (on the Gaza lists it put most matches on "names differ"): not run."""
    rows = _rows(100)
    filled = {"name_key", "age", "age_lo", "age_hi", "sex"}
    assert tr._free_comparisons(("age", "sex"), filled) == ["name"]
    assert tr._free_comparisons(("name_key",), filled) == ["age", "sex"]
    with tr.captured_splink_warnings():
        linker = tr.make_linker(rows, settings=st.settings_creator(blocking=()))
        summary = tr.train(
            linker, n_records=len(rows), seed=1, em_blocking=[[("age", "sex")]], filled=filled
        )
    # Not sparse (at most 100 matches among 4,950 pairs), but one field left to train.
    assert summary["em_block_share"]["age+sex"] >= tr.MIN_BLOCK_MATCH_SHARE
    assert summary["em_skipped"] == ["age+sex: leaves 1 field(s) to train"]
    assert summary["em_sessions"] == 0 and summary["fell_back"] == [
        "age",
        "date",
        "father",
        "name",
        "place",
        "sex",
    ]
