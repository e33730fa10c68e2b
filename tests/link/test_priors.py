"""The shipped priors and the checks a trained model passes before it is used."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from undercount.link import priors as pr
from undercount.link import settings as st
from undercount.link import train as tr


def test_priors_cover_every_comparison_level():
    comps = {c.get_comparison("duckdb").output_column_name: c for c in st.comparisons()}
    for name, comp in comps.items():
        levels = [
            lv for lv in comp.get_comparison("duckdb").comparison_levels if not lv.is_null_level
        ]
        m = pr.prior_m(name)
        assert m is not None and len(m) == len(levels), name
        assert math.isclose(sum(m), 1.0, abs_tol=1e-3) and min(m) > 0, name
        # Agreeing on a field is evidence for a match: the closest level holds more of the
        # matches than the loosest.
        assert m[0] > m[-1], name
    assert "Tech for Palestine" in str(pr.load_priors()["provenance"])


@pytest.fixture
def linker():
    rows = pd.DataFrame(
        {
            "unique_id": range(1, 7),
            "source_id": [1, 1, 1, 2, 2, 2],
            **{c: [None] * 6 for c in st.COMPARED_COLUMNS},
        }
    )
    rows["name_key"] = ["ali reza", "ali rezaei", "omid nouri", "ali reza", "mina ahmadi", "x y"]
    rows["age"] = rows["age_lo"] = rows["age_hi"] = [20, 30, 40, 20, 31, 50]
    with tr.captured_splink_warnings():
        yield tr.make_linker(rows, settings=st.settings_creator(blocking=()))


def _comp(linker, name):
    return next(c for c in linker._settings_obj.comparisons if c.output_column_name == name)


def _set(comp, ms, us):
    levels = [lv for lv in comp.comparison_levels if not lv.is_null_level]
    for lv, m, u in zip(levels, ms, us, strict=True):
        lv.m_probability, lv.u_probability = m, u


def test_implausible_em_falls_back_to_the_prior(linker):
    age = _comp(linker, "age")
    # EM put the matches on "ages differ": implausible.
    _set(age, [0.01, 0.01, 0.03, 0.95], [0.02, 0.03, 0.1, 0.85])
    changes = pr.check_and_repair(linker, {"age"})
    levels = [lv for lv in age.comparison_levels if not lv.is_null_level]
    assert [round(lv.m_probability, 5) for lv in levels] == pr.prior_m("age")
    assert any(c["comparison"] == "age" and c["level"] is None for c in changes)


def test_untrained_comparison_keeps_the_prior_and_plausible_em_is_kept(linker):
    age = _comp(linker, "age")
    _set(age, [0.7, 0.2, 0.06, 0.04], [0.02, 0.03, 0.1, 0.85])
    changes = pr.check_and_repair(linker, {"age"})
    levels = [lv for lv in age.comparison_levels if not lv.is_null_level]
    assert levels[0].m_probability == pytest.approx(0.7)
    assert not any(c["comparison"] == "age" and c["level"] is None for c in changes)
    assert any(c["comparison"] == "sex" and c["level"] is None for c in changes)


def test_levels_are_made_monotone(linker):
    age = _comp(linker, "age")
    # "within 4 years" would weigh more than "within 1 year".
    _set(age, [0.6, 0.1, 0.25, 0.05], [0.02, 0.05, 0.05, 0.88])
    pr.check_and_repair(linker, {"age"})
    levels = [lv for lv in age.comparison_levels if not lv.is_null_level]
    bf = [lv.m_probability / lv.u_probability for lv in levels]
    assert all(a >= b * (1 - 1e-9) for a, b in zip(bf, bf[1:], strict=False))


def test_term_frequency_levels_keep_their_m(linker):
    """The name model of the merged real-data run: the identical-spelling level weighs
    m/u = 529 and the name-key level (term-frequency adjusted) has a tiny level u. Lowering
    the key level's m to 529 * u cut every same-key pair's weight by the ratio of value
    frequency to level u: on the Gaza releases, same key + same age + same sex scored 0.2."""
    name = _comp(linker, "name")
    levels = [lv for lv in name.comparison_levels if not lv.is_null_level]
    assert not levels[0]._has_tf_adjustments and levels[1]._has_tf_adjustments
    ms = list(pr.prior_m("name"))
    us = [0.000505, 1.0e-5, 1.5e-5, 2e-5, 1e-5, 0.00022, 0.00044, 0.0134, 0.985]
    _set(name, ms, us)
    pr.check_and_repair(linker, {"name"})
    assert levels[1].m_probability == pytest.approx(ms[1])
    # Levels without term-frequency adjustments are still made monotone.
    plain = [lv for lv in levels if not lv._has_tf_adjustments]
    bf = [lv.m_probability / lv.u_probability for lv in plain]
    assert all(a >= b * (1 - 1e-9) for a, b in zip(bf, bf[1:], strict=False))


def test_smooth_u_gives_unseen_levels_half_a_pair(linker):
    _set(_comp(linker, "sex"), [0.99, 0.01], [None, 0.5])
    changes = pr.smooth_u(linker, 1000)
    lv = [lv for lv in _comp(linker, "sex").comparison_levels if not lv.is_null_level][0]
    assert lv.u_probability == pytest.approx(0.0005)
    assert any(c["comparison"] == "sex" for c in changes)


def test_cross_list_prior_is_refitted_apart_from_within_list_pairs():
    """A 3-record list against a 200-record list: one prior over all pairs (dominated by
    the within-list pairs of the big list) leaves same-name same-age pairs below 0.2."""
    from undercount.link.predict import refit_prior
    from undercount.link.run import refit_priors

    records = pd.DataFrame({"id": range(1, 204), "source_id": [1] * 3 + [2] * 200})
    prior = 1e-5
    base = math.log2(prior / (1 - prior))
    # Three cross-list pairs with strong evidence (+14 bits), plus weak within-list pairs.
    pairs = pd.DataFrame(
        {
            "record_id_l": [1, 2, 3, 10, 11],
            "record_id_r": [4, 5, 6, 12, 13],
            "match_weight": [base + 14, base + 14, base + 14, base + 2, base + 2],
        }
    )
    w = pairs["match_weight"]
    pairs["match_probability"] = 2**w / (1 + 2**w)
    assert (pairs["match_probability"] < 0.2).all()
    out, info = refit_priors(pairs, prior, records)
    assert info["prior_cross_list"] > 10 * prior
    assert (out["match_probability"].iloc[:3] > 0.9).all()
    # Within-list pairs keep (about) the model's prior.
    assert (out["match_probability"].iloc[3:] < 0.01).all()
    # The refit never lowers a prior.
    assert refit_prior(pairs.iloc[3:], 0.4, 10.0) == 0.4


def test_cross_list_prior_gets_the_model_matches_share_when_the_refit_stays_low():
    """Names only, in two scripts: every pair weighs little, so the fixed point of the
    refit stays below the model's prior; the cross-list pairs, where all expected matches
    are, still get all the matches the model's prior counts over all pairs."""
    from undercount.link.run import refit_priors

    records = pd.DataFrame({"id": range(1, 201), "source_id": [1] * 100 + [2] * 100})
    n_all, n_cross = 200 * 199 / 2, 100 * 100
    prior = 50 / n_all
    base = math.log2(prior / (1 - prior))
    pairs = pd.DataFrame(
        {
            "record_id_l": range(1, 51),
            "record_id_r": range(101, 151),
            "match_weight": [base + 9.0] * 50,
        }
    )
    w = pairs["match_weight"]
    pairs["match_probability"] = 2**w / (1 + 2**w)
    out, info = refit_priors(pairs, prior, records)
    assert info["prior_cross_list"] == pytest.approx(prior * n_all / n_cross)
    shift = math.log2(info["prior_cross_list"] / (1 - info["prior_cross_list"])) - base
    assert (out["match_weight"] - pairs["match_weight"]).to_numpy() == pytest.approx(shift)
