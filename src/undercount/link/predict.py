"""Scoring candidate pairs with a trained linker."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

PAIR_COLUMNS = ("record_id_l", "record_id_r", "match_probability", "match_weight")


_EQUALITY = re.compile(r'l\."(\w+)" = r\."\1"')


def candidate_pairs_sql(table: str, rules: Sequence[tuple[str, bool]]) -> str:
    """SQL of the candidate pairs of a deduplication blocked on ``rules``.

    Each rule is (column, exploded): records agreeing on the column (on any element of a
    list column when exploded) are paired. One narrow self-join per rule (the record id and
    the key only), then each pair kept once with the first rule that found it: the pairs
    Splink's blocking finds with the same rules, without joining whole records once per
    rule and testing every earlier rule on each pair.
    """
    parts = []
    for i, (col, exploded) in enumerate(rules):
        keys = (
            f"SELECT unique_id, unnest({col}) AS k FROM {table} WHERE {col} IS NOT NULL"
            if exploded
            else f"SELECT unique_id, {col} AS k FROM {table} WHERE {col} IS NOT NULL"
        )
        parts.append(
            f"SELECT {i} AS rule, l.unique_id AS join_key_l, r.unique_id AS join_key_r "
            f"FROM ({keys}) l JOIN ({keys}) r ON l.k = r.k AND l.unique_id < r.unique_id"
        )
    return (
        "SELECT CAST(min(rule) AS VARCHAR) AS match_key, join_key_l, join_key_r "
        f"FROM ({' UNION ALL '.join(parts)}) GROUP BY join_key_l, join_key_r"
    )


def _register_candidate_pairs(linker: Any) -> Any:
    """Compute the candidate pairs in SQL and hand them to Splink (DuckDB only).

    Only when every prediction rule is one column's equality (ours are); returns the
    registered table (None when Splink is to block as usual).
    """
    if getattr(linker, "_sql_dialect_str", None) != "duckdb":
        return None
    tables = list(linker._input_tables_dict.values())
    rules = []
    for rule in linker._settings_obj._blocking_rules_to_generate_predictions:
        m = _EQUALITY.fullmatch(rule.blocking_rule_sql.strip())
        explode = list(getattr(rule, "array_columns_to_explode", None) or [])
        if m is None or len(tables) != 1 or explode not in ([], [m.group(1)]):
            return None
        rules.append((m.group(1), bool(explode)))
    if not rules:
        return None
    api = linker._db_api
    name = "uc_candidate_pairs"
    api.duckdb_con.execute(
        f"CREATE OR REPLACE TABLE {name} AS " + candidate_pairs_sql(tables[0].physical_name, rules)
    )
    registered = linker.table_management.register_blocked_pairs_for_predict(
        api.table_to_splink_dataframe(name, name)
    )
    # Scored like Splink's own blocked pairs: without the flag, Splink does not first copy
    # the records of each side that appear in the pairs ("source pruning"), which every
    # record here does.
    registered.metadata.pop("registered_for_predict", None)
    return registered


def register_leave_one_out_frequencies(linker: Any) -> list[str]:
    """Register term-frequency lookups that leave the record itself out.

    Splink adjusts an exact-match level by the value's frequency among all records,
    ``count / N``: the chance that a random record holds it, the record itself included. The
    u of a pair is the chance that *another* record holds the value, ``(count - 1) / (N -
    1)``. The two differ little for common values, but by a factor of two for a value held by
    exactly the two records of the pair, which is what a rare name agreeing across two
    lists looks like: a key held by a Persian record and its Latin rendering alone scored a
    bit less than it should (``benchmarks/link_names_cross.py``). Values held once keep
    ``1 / (N - 1)`` (they agree with no other record). Returns the columns registered.
    """
    tables = list(linker._input_tables_dict.values())
    if len(tables) != 1:
        return []
    source = tables[0].physical_name
    api = linker._db_api
    done = []
    for col in linker._settings_obj._term_frequency_columns:
        name = col.unquote().name
        tf = col.unquote().tf_name
        physical = f"uc_tf_{name}"
        sql = (
            f"SELECT {name}, CAST(greatest(count(*) - 1, 1) AS DOUBLE) / "
            f"greatest((SELECT count({name}) FROM {source}) - 1, 1) AS {tf} "
            f"FROM {source} WHERE {name} IS NOT NULL GROUP BY {name}"
        )
        sdf = api._sql_to_splink_dataframe(sql, physical, physical)
        linker.table_management.register_term_frequency_lookup(sdf, name)
        done.append(name)
    return done


def predict_pairs(
    linker: Any,
    *,
    min_probability: float = 0.01,
    min_weight: float | None = None,
    own_blocking: bool = False,
) -> pd.DataFrame:
    """Score the blocked candidate pairs; keep those at or above ``min_probability``.

    With ``own_blocking`` (DuckDB), the candidate pairs are computed by
    :func:`candidate_pairs_sql` (the same pairs, found faster) and Splink scores them.

    Returns
    -------
    DataFrame
        ``record_id_l`` < ``record_id_r``, ``match_probability``, ``match_weight``.
    """
    register_leave_one_out_frequencies(linker)
    registered = _register_candidate_pairs(linker) if own_blocking else None
    try:
        if min_weight is not None:
            sdf = linker.inference.predict(threshold_match_weight=min_weight)
        else:
            sdf = linker.inference.predict(threshold_match_probability=min_probability)
    finally:
        if registered is not None:  # scored: the pairs are no longer needed
            registered.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
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
