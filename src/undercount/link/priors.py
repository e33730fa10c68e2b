"""Default m-probabilities and the checks a trained model must pass before it is used.

``priors.json`` (written by ``scripts/link_priors.py``, provenance inside) holds, for every
comparison level of :func:`undercount.link.settings.comparisons`, the share of true matches
that fall in it, measured on real lists (two releases of the Gaza Ministry of Health list,
Tech for Palestine, public domain) and on simulated lists. Training starts EM from these
values; after EM each comparison is checked against its prior:

* a comparison no EM session could train (its fields absent, or every session blocked on
  it) keeps the prior;
* a comparison EM trained into something implausible (matches mostly disagreeing on it)
  falls back to the prior (a distribution merely far from the prior's is kept: the priors'
  corpora do not cover every list's shape, e.g. place names no gazetteer resolves);
* a level EM drove towards zero is floored at a tenth of its prior;
* levels are made monotone: a closer agreement never weighs less than a looser one.

Every change is reported (comparison, level, what and why) so that the run's diagnostics
can show it; nothing here touches record values.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

# A trained comparison whose agreement levels (all but the last, "else" level) hold less than this share
# of the matches: EM then found some other structure than "same person".
MIN_AGREEMENT = 0.3
# A level's m never goes below this share of its prior (nor below ABS_M_FLOOR).
PRIOR_FLOOR_SHARE = 0.1
ABS_M_FLOOR = 1e-4


@lru_cache(maxsize=1)
def load_priors() -> dict[str, Any]:
    """The shipped priors (``priors.json``)."""
    text = resources.files("undercount.link").joinpath("priors.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def prior_m(comparison: str) -> list[float] | None:
    """Prior m of the non-null levels of ``comparison`` (``None`` when not shipped)."""
    comp = load_priors()["comparisons"].get(comparison)
    return None if comp is None else [float(x) for x in comp["m"]]


def corpus_m(comparison: str, n_levels: int) -> list[list[float]]:
    """The m distributions each corpus of the priors measured for ``comparison``."""
    comp = load_priors()["comparisons"].get(comparison) or {}
    out = []
    for c in comp.get("corpora", {}).values():
        m = [float(x) for x in c["m"]]
        if len(m) == n_levels and sum(m) > 0:
            out.append([x / sum(m) for x in m])
    return out


def _levels(comparison: Any) -> list[Any]:
    return [lv for lv in comparison.comparison_levels if not lv.is_null_level]


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, float | int) and math.isfinite(float(x)) else None


def set_priors(linker: Any) -> list[str]:
    """Set every level's m to its prior (EM then starts from there); returns comparisons
    without a shipped prior whose level count matches."""
    missing = []
    for comp in linker._settings_obj.comparisons:
        pm = prior_m(comp.output_column_name)
        levels = _levels(comp)
        if pm is None or len(pm) != len(levels):
            missing.append(comp.output_column_name)
            continue
        for lv, m in zip(levels, pm, strict=True):
            lv.m_probability = m
    return missing


def smooth_u(linker: Any, pairs_sampled: float) -> list[dict[str, Any]]:
    """Give levels no random pair fell in a u of half a pair among those sampled.

    A level unseen among random pairs is rare, not impossible: a floor far above that
    (or a neutral weight) would throw its evidence away.
    """
    u0 = 0.5 / max(pairs_sampled, 1.0)
    changes = []
    for comp in linker._settings_obj.comparisons:
        for i, lv in enumerate(_levels(comp)):
            u = _num(lv._u_probability)
            if u is None or u < u0:
                lv.u_probability = u0
                changes.append(
                    {
                        "comparison": comp.output_column_name,
                        "level": i,
                        "label": lv.label_for_charts,
                        "change": "u unseen in random pairs",
                    }
                )
    return changes


def check_and_repair(linker: Any, trained: set[str]) -> list[dict[str, Any]]:
    """Check each comparison against its prior, fall back or floor, make levels monotone.

    Parameters
    ----------
    linker : splink.Linker
        After EM.
    trained : set of str
        Comparisons some EM session trained.

    Returns
    -------
    list of dict
        One entry per change: ``comparison``, ``level`` (index among non-null levels, or
        ``None`` for the whole comparison), ``label``, ``change`` (why).
    """
    changes: list[dict[str, Any]] = []
    for comp in linker._settings_obj.comparisons:
        name = comp.output_column_name
        levels = _levels(comp)
        pm = prior_m(name)
        if pm is None or len(pm) != len(levels):
            pm = [1.0 / len(levels)] * len(levels)
        ms = [_num(lv._m_probability) for lv in levels]
        reason = None
        if name not in trained:
            reason = (
                "prior: no EM session could train it (no usable blocking field, or EM did "
                "not separate matches)"
            )
        elif any(m is None for m in ms):
            reason = "prior: EM left levels untrained"
        else:
            total = sum(m for m in ms if m is not None) or 1.0
            mn = [(m or 0.0) / total for m in ms]
            agreement = sum(mn[:-1])
            if len(mn) > 1 and agreement < MIN_AGREEMENT:
                reason = (
                    f"prior: EM put only {agreement:.0%} of matches on agreeing levels "
                    "(implausible)"
                )
        if reason:
            for lv, m in zip(levels, pm, strict=True):
                lv.m_probability = m
            changes.append({"comparison": name, "level": None, "label": None, "change": reason})
        else:
            for i, (lv, p) in enumerate(zip(levels, pm, strict=True)):
                floor = max(PRIOR_FLOOR_SHARE * p, ABS_M_FLOOR)
                m = _num(lv._m_probability) or 0.0
                if m < floor:
                    lv.m_probability = floor
                    changes.append(
                        {
                            "comparison": name,
                            "level": i,
                            "label": lv.label_for_charts,
                            "change": "floored at a tenth of its prior",
                        }
                    )
        changes.extend(make_monotone(comp))
    return changes


def make_monotone(comp: Any) -> list[dict[str, Any]]:
    """Lower the m of any level that would weigh more than a closer level before it.

    Levels with term-frequency adjustments are left out on both sides: their weight at
    prediction is m over the frequency of the value agreed on, not m over the level's u, so
    their m / u says nothing about how much they weigh. Lowering such a level's m to the
    m / u of the level before it (an identical spelling, say) cut the weight of every agreeing
    pair by the ratio of the two u's: two records with the same name key, age and sex were
    left apart on the real Gaza lists.
    """
    changes = []
    best: float | None = None
    for i, lv in enumerate(_levels(comp)):
        m, u = _num(lv._m_probability), _num(lv._u_probability)
        if m is None or u is None or u <= 0 or getattr(lv, "_has_tf_adjustments", False):
            continue
        bf = m / u
        if best is not None and bf > best * (1 + 1e-9):
            lv.m_probability = best * u
            changes.append(
                {
                    "comparison": comp.output_column_name,
                    "level": i,
                    "label": lv.label_for_charts,
                    "change": "lowered to keep levels monotone",
                }
            )
            bf = best
        best = bf if best is None else min(best, bf)
    return changes


def level_weights(model: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Match weight (log2 m/u) of every non-null level of a stored model, by comparison."""
    out: dict[str, list[dict[str, Any]]] = {}
    for comp in model.get("comparisons", []):
        rows = []
        for lv in comp["comparison_levels"]:
            if lv.get("is_null_level"):
                continue
            m, u = _num(lv.get("m_probability")), _num(lv.get("u_probability"))
            w = math.log2(m / u) if m and u else None
            rows.append(
                {
                    "label": lv.get("label_for_charts", ""),
                    "m": m,
                    "u": u,
                    "weight": None if w is None else round(w, 2),
                }
            )
        out[comp["output_column_name"]] = rows
    return out
