"""Scoring candidate pairs with a trained linker."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

PAIR_COLUMNS = ("record_id_l", "record_id_r", "match_probability", "match_weight")


def predict_pairs(
    linker: Any, *, min_probability: float = 0.01, min_weight: float | None = None
) -> pd.DataFrame:
    """Score the blocked candidate pairs; keep those at or above ``min_probability``.

    Returns
    -------
    DataFrame
        ``record_id_l`` < ``record_id_r``, ``match_probability``, ``match_weight``.
    """
    if min_weight is not None:
        sdf = linker.inference.predict(threshold_match_weight=min_weight)
    else:
        sdf = linker.inference.predict(threshold_match_probability=min_probability)
    try:
        sql = (
            f"SELECT unique_id_l, unique_id_r, match_probability, match_weight "
            f"FROM {sdf.physical_name}"
        )
        out = linker.misc.query_sql(sql, output_type="pandas")
    finally:
        sdf.drop_table_from_database_and_remove_from_cache()
    return normalise_pairs(
        out.rename(columns={"unique_id_l": "record_id_l", "unique_id_r": "record_id_r"})
    )


def refit_prior(
    pairs: pd.DataFrame, prior: float, total_pairs: float, *, iterations: int = 50
) -> float:
    """The prior match probability at which the scored pairs' expected matches agree with it.

    The prior from deterministic rules assumes how many matches those rules find; when names
    disagree systematically (one list in Arabic script, the other in Latin letters) far
    fewer agree exactly than assumed and the prior comes out too low, so that even a pair
    with the same name and age scores below the threshold. Given the trained m and u, the
    prior is re-estimated as the fixed point of ``prior = sum(match probability) /
    total_pairs`` over the candidate pairs (the expectation-maximisation step for the prior
    alone). It is only ever raised: returns ``max(prior, fixed point)``.
    """
    if pairs.empty or total_pairs <= 0 or not 0 < prior < 1:
        return prior
    base = math.log2(prior / (1 - prior))
    field_w = pairs["match_weight"].to_numpy(dtype=float) - base
    lam = prior
    for _ in range(iterations):
        odds = lam / (1 - lam) * np.exp2(np.clip(field_w, -60, 60))
        new = float((odds / (1 + odds)).sum() / total_pairs)
        new = min(max(new, 1e-12), 0.5)
        if abs(new - lam) <= 1e-4 * lam:
            lam = new
            break
        lam = new
    return max(prior, lam)


def rescore(pairs: pd.DataFrame, old_prior: float, new_prior: float) -> pd.DataFrame:
    """Pairs' weights and probabilities under another prior."""
    if pairs.empty or new_prior == old_prior:
        return pairs
    shift = math.log2(new_prior / (1 - new_prior)) - math.log2(old_prior / (1 - old_prior))
    out = pairs.copy()
    out["match_weight"] = out["match_weight"] + shift
    w = np.clip(out["match_weight"].to_numpy(dtype=float), -60, 60)
    out["match_probability"] = np.exp2(w) / (1 + np.exp2(w))
    return out


def normalise_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """Order each pair (smaller id left), drop duplicates, fix dtypes."""
    if pairs.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c.startswith("record") else float) for c in PAIR_COLUMNS}
        )
    left = pairs["record_id_l"].astype("int64").to_numpy()
    right = pairs["record_id_r"].astype("int64").to_numpy()
    out = pd.DataFrame(
        {
            "record_id_l": np.minimum(left, right),
            "record_id_r": np.maximum(left, right),
            "match_probability": pairs["match_probability"].astype(float).to_numpy(),
            "match_weight": pairs["match_weight"].astype(float).to_numpy(),
        }
    )
    out = out.sort_values("match_probability", ascending=False, kind="stable")
    out = out.drop_duplicates(["record_id_l", "record_id_r"], keep="first")
    return out.sort_values(["record_id_l", "record_id_r"], kind="stable").reset_index(drop=True)
