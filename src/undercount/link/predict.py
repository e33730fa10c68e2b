"""Scoring candidate pairs with a trained linker."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

PAIR_COLUMNS = ("record_id_l", "record_id_r", "match_probability", "match_weight")


def predict_pairs(linker: Any, *, min_probability: float = 0.01) -> pd.DataFrame:
    """Score the blocked candidate pairs; keep those at or above ``min_probability``.

    Returns
    -------
    DataFrame
        ``record_id_l`` < ``record_id_r``, ``match_probability``, ``match_weight``.
    """
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
