"""Scoring a linkage against ground truth: pairwise and cluster (B-cubed) precision/recall/F1.

Pairwise scores count record pairs: a predicted pair is one whose records are in the same
person, a true pair one whose records are the same victim. B-cubed scores average, over
records, the share of a record's person that is its victim (precision) and the share of its
victim that is in its person (recall) [1]_. Counting is done per (person, victim) cell, so
evaluation is linear in the number of records.

References
----------
.. [1] Bagga, A. and Baldwin, B. (1998). Algorithms for scoring coreference chains.
   LREC Workshop on Linguistic Coreference.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from undercount.errors import LinkageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from undercount.store.project import Project


def _c2(n: Any) -> Any:
    return n * (n - 1) // 2


def _prf(tp: float, pred: float, true: float) -> dict[str, float]:
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(float(p), 6),
        "recall": round(float(r), 6),
        "f1": round(float(f), 6),
        "true_pairs": int(true),
        "predicted_pairs": int(pred),
        "true_positives": int(tp),
    }


def score_clusters(frame: pd.DataFrame, *, group: str | None = None) -> dict[str, Any]:
    """Pairwise and B-cubed scores of a clustering against the truth.

    Parameters
    ----------
    frame : DataFrame
        One row per record with ``person`` (predicted cluster) and ``truth`` (true entity).
        Records without a truth value are ignored.
    group : str, optional
        A column (e.g. the name script) whose value pairs split the pairwise scores:
        the result then has ``by_<group>`` with one entry per value pair ("fa-latin", ...).

    Returns
    -------
    dict
        ``{"pairwise": {...}, "cluster": {...}, "records": n}`` (and ``by_<group>``).
    """
    f = frame.dropna(subset=["truth", "person"])
    n = len(f)
    if not n:
        raise LinkageError(
            "No record has a ground-truth entity: check the truth file's "
            "source names and row numbers."
        )
    cell = f.groupby(["person", "truth"]).size()
    per_person = f.groupby("person").size()
    per_truth = f.groupby("truth").size()
    tp = int(_c2(cell).sum())
    pred = int(_c2(per_person).sum())
    true = int(_c2(per_truth).sum())
    # B-cubed: per record, |cell| / |person| and |cell| / |truth|.
    cell_df = cell.rename("n").reset_index()
    cell_df["np"] = cell_df["person"].map(per_person)
    cell_df["nt"] = cell_df["truth"].map(per_truth)
    b_p = float((cell_df["n"] ** 2 / cell_df["np"]).sum() / n)
    b_r = float((cell_df["n"] ** 2 / cell_df["nt"]).sum() / n)
    b_f = 2 * b_p * b_r / (b_p + b_r) if b_p + b_r else 0.0
    out: dict[str, Any] = {
        "pairwise": _prf(tp, pred, true),
        "cluster": {
            "bcubed_precision": round(b_p, 6),
            "bcubed_recall": round(b_r, 6),
            "bcubed_f1": round(b_f, 6),
            "persons": int(len(per_person)),
            "entities": int(len(per_truth)),
        },
        "records": n,
    }
    if group is not None:
        out[f"by_{group}"] = _split_pairwise(f, group)
    return out


def _pair_counts(f: pd.DataFrame, keys: list[str], group: str) -> dict[str, int]:
    """Pairs within each ``keys`` group, split by the pair of ``group`` values."""
    counts = f.groupby([*keys, group]).size().unstack(group, fill_value=0)
    vals = list(counts.columns)
    out: dict[str, int] = {}
    for i, a in enumerate(vals):
        for b in vals[i:]:
            name = "-".join(sorted((str(a), str(b))))
            if a == b:
                out[name] = int(_c2(counts[a]).sum())
            else:
                out[name] = int((counts[a] * counts[b]).sum())
    return out


def _split_pairwise(f: pd.DataFrame, group: str) -> dict[str, dict[str, float]]:
    f = f.assign(**{group: f[group].fillna("unknown").astype(str)})
    tp = _pair_counts(f, ["person", "truth"], group)
    pred = _pair_counts(f, ["person"], group)
    true = _pair_counts(f, ["truth"], group)
    return {
        k: _prf(tp.get(k, 0), pred.get(k, 0), true.get(k, 0))
        for k in sorted(set(true) | set(pred))
        if true.get(k, 0) or pred.get(k, 0)
    }


def read_truth(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a truth file (columns ``source``, ``row``, ``victim_id``)."""
    try:
        truth = pd.read_csv(path, dtype={"source": str})
    except FileNotFoundError:
        raise LinkageError(f"Truth file {path} not found.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise LinkageError(f"Cannot read the truth file {path}: {exc}.") from None
    missing = {"source", "row", "victim_id"} - set(truth.columns)
    if missing:
        raise LinkageError(
            f"The truth file {path} lacks the column(s) "
            f"{', '.join(sorted(missing))}; it needs source, row, victim_id "
            "(as written by `undercount simulate`)."
        )
    return truth


def evaluate_project(
    project: Project, truth: pd.DataFrame | str | os.PathLike[str], *, by_script: bool = True
) -> dict[str, Any]:
    """Score the project's current persons against a truth table.

    Parameters
    ----------
    project : Project
        A linked project.
    truth : DataFrame or path
        Columns ``source`` (source name), ``row`` (the record's row number in its list) and
        ``victim_id``.
    by_script : bool
        Also split the pairwise scores by the name scripts of the two records
        (``by_script``: "fa-fa", "fa-latin", "latin-latin", ...).

    Returns
    -------
    dict
        See :func:`score_clusters`.
    """
    if not isinstance(truth, pd.DataFrame):
        truth = read_truth(truth)
    con = project.con
    n_persons = con.execute("SELECT count(*) FROM persons").fetchone()
    if not n_persons or not n_persons[0]:
        raise LinkageError("No persons yet: link the records first (`undercount link PROJECT`).")
    recs = con.execute(
        "SELECT r.id, s.name AS source, r.row_number AS row, pr.person_id AS person, "
        "r.name_script AS script FROM records r JOIN sources s ON s.id = r.source_id "
        "LEFT JOIN person_records pr ON pr.record_id = r.id"
    ).df()
    t = truth[["source", "row", "victim_id"]].copy()
    t["source"] = t["source"].astype(str)
    t["row"] = pd.to_numeric(t["row"], errors="coerce").astype("Int64")
    recs["row"] = recs["row"].astype("Int64")
    m = recs.merge(t, on=["source", "row"], how="left")
    unmatched = int(m["victim_id"].isna().sum())
    # Records without a person (never linked) count as persons of their own.
    m["person"] = m["person"].astype("Float64").fillna(-m["id"].astype(float)).astype(float)
    m = m.rename(columns={"victim_id": "truth"})
    if by_script:
        m["script"] = m["script"].map(_script_group)
    out = score_clusters(m, group="script" if by_script else None)
    out["records_without_truth"] = unmatched
    return out


def _script_group(s: Any) -> str:
    if s in ("fa", "ar"):
        return "fa"
    if s == "latin":
        return "latin"
    return "other"


def clusters_from_pairs(ids: np.ndarray, pairs: pd.DataFrame, threshold: float) -> pd.Series:
    """Connected components of pairs at a threshold (for scoring a plain Splink run)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(ids.tolist())
    keep = pairs[pairs["match_probability"] >= threshold]
    g.add_edges_from(zip(keep["record_id_l"].tolist(), keep["record_id_r"].tolist(), strict=True))
    label = {}
    for comp in nx.connected_components(g):
        root = min(comp)
        for node in comp:
            label[node] = root
    return pd.Series(label).reindex(ids)


def rule_condition(rule: Sequence[str]) -> str:
    """The SQL condition under which records ``l`` and ``r`` agree on a blocking rule (a tuple
    of key columns; exploded keys agree when their lists share an element)."""
    from undercount.link.settings import EXPLODED_BLOCKING_KEYS

    return " AND ".join(
        f"list_has_any(l.{c}, r.{c})" if c in EXPLODED_BLOCKING_KEYS else f"l.{c} = r.{c}"
        for c in rule
    )


def blocking_recall(
    features: pd.DataFrame, entity: pd.Series, rules: tuple[tuple[str, ...], ...] | None = None
) -> dict[str, Any]:
    """Share of true pairs the blocking rules generate, and how many pairs they generate.

    Parameters
    ----------
    features : DataFrame
        The feature table (:func:`undercount.link.settings.prepare_features`).
    entity : Series
        True entity of each feature row (aligned with ``features``); NaN when unknown.
    rules : tuple of tuple of str, optional
        Equality blocking rules (default: the model's prediction rules).

    Returns
    -------
    dict
        ``recall``, ``true_pairs``, ``found``, ``candidate_pairs`` and
        ``pairs_per_record`` (near-linear blocking keeps this small as data grows).
    """
    import duckdb

    from undercount.link.settings import PREDICTION_BLOCKING

    rules = rules or PREDICTION_BLOCKING
    cols = sorted({c for r in rules for c in r})
    f = features[["unique_id", *cols]].copy()
    f["entity"] = entity.to_numpy()
    con = duckdb.connect()
    try:
        con.register("f", f)
        union = " UNION ".join(
            "SELECT l.unique_id AS a, r.unique_id AS b FROM f l JOIN f r ON "
            + rule_condition(rule)
            + " AND l.unique_id < r.unique_id"
            for rule in rules
        )
        con.execute(f"CREATE TEMP TABLE cand AS {union}")
        n_cand = con.execute("SELECT count(*) FROM cand").fetchone()[0]  # type: ignore[index]
        true = con.execute(
            "SELECT count(*) FROM f l JOIN f r ON l.entity = r.entity AND l.unique_id < r.unique_id"
        ).fetchone()[0]  # type: ignore[index]
        found = con.execute(
            "SELECT count(*) FROM cand c JOIN f l ON l.unique_id = c.a "
            "JOIN f r ON r.unique_id = c.b WHERE l.entity = r.entity"
        ).fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    return {
        "recall": found / true if true else 1.0,
        "true_pairs": int(true),
        "found": int(found),
        "candidate_pairs": int(n_cand),
        "pairs_per_record": n_cand / max(len(f), 1),
    }
