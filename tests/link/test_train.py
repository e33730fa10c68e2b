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


def test_block_match_share_bounds_the_matches_of_an_em_block():
    rows = _rows(800)
    with tr.captured_splink_warnings():
        linker = tr.make_linker(rows, settings=st.settings_creator(blocking=()))
        # 319,600 pairs agree on age and sex; at most 3,196 matches expected: 1%.
        assert tr._block_match_share(linker, ("age", "sex"), 3196) == 0.01
        assert tr._block_match_share(linker, ("age", "sex"), 1e9) == 1.0
        # Every name different: the block holds no pair at all.
        assert tr._block_match_share(linker, ("name_key",), 10) is None


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
    # Matches a minority of the block (at most 100 among 4,950 pairs), one field left.
    assert summary["em_block_share"]["age+sex"] < tr.DENSE_BLOCK_SHARE
    assert summary["em_skipped"] == ["age+sex: leaves 1 field(s) to train"]
    assert summary["em_sessions"] == 0 and summary["fell_back"] == [
        "age",
        "date",
        "father",
        "name",
        "place",
        "sex",
    ]


def test_em_on_a_block_of_mostly_matches_trains_with_two_fields_left():
    rows = _rows(100)
    rows["name_key"] = [f"given{i // 2} family{i // 2}" for i in range(len(rows))]
    rows["age"] = rows["age_lo"] = rows["age_hi"] = [20 + i // 2 % 30 for i in range(len(rows))]
    filled = {"name_key", "age", "age_lo", "age_hi", "sex"}
    with tr.captured_splink_warnings():
        linker = tr.make_linker(rows, settings=st.settings_creator(blocking=()))
        summary = tr.train(
            linker, n_records=len(rows), seed=1, em_blocking=[[("name_key",)]], filled=filled
        )
    assert summary["em_block_share"]["name_key"] >= tr.DENSE_BLOCK_SHARE
    assert not any(s.startswith("name_key: leaves") for s in summary.get("em_skipped", []))
