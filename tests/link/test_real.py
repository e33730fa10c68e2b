"""Linkage on real lists (two releases of the Gaza MoH list; see tests/data/real/README.md).

Each test imports the two samples through the normal importer, links them with the
defaults and scores the persons against the identity number (never given to the linkage).
Before issue 13 these scored recall 0.04 (Arabic), 0.11 (Arabic vs English) and 0.00
(names only).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from undercount.link.evaluate import score_clusters
from undercount.store.project import Project

DATA = Path(__file__).resolve().parents[1] / "data" / "real"
FILES = ("gaza_release_2024-04-13_sample.csv", "gaza_release_2024-08-08_sample.csv")


def _lists() -> tuple[pd.DataFrame, pd.DataFrame]:
    a, b = (pd.read_csv(DATA / f, dtype=str, keep_default_na=False) for f in FILES)
    return a, b


def _as_list(d: pd.DataFrame, *, english: bool = False, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "name": d["en_name"] if english else d["name"],
            "age": d["age"].where(d["age"] != "-1", ""),
            "sex": d["sex"],
        }
    )
    return out.drop(columns=list(drop))


def _link(tmp_path: Path, la: pd.DataFrame, lb: pd.DataFrame) -> tuple[dict, dict]:
    a, b = _lists()
    p = Project.create(tmp_path / "real.duckdb", user="test")
    for name, d in (("A", la), ("B", lb)):
        d.to_csv(tmp_path / f"{name}.csv", index=False)
        p.import_list(tmp_path / f"{name}.csv", source=name, lenient=True)
    summary: dict = {}
    p.link(summary=summary)
    rows = p.con.execute(
        "SELECT s.name AS source, r.row_number AS row, pr.person_id AS person "
        "FROM records r JOIN sources s ON s.id = r.source_id "
        "JOIN person_records pr ON pr.record_id = r.id"
    ).df()
    p.close()
    ids = {"A": a["id"].tolist(), "B": b["id"].tolist()}
    rows["truth"] = [ids[s][r - 1] for s, r in zip(rows["source"], rows["row"], strict=True)]
    rows["truth"] = rows["truth"].where(rows["truth"].str.fullmatch(r"\d+"), np.nan)
    return score_clusters(rows)["pairwise"], summary


@pytest.mark.parametrize(
    ("case", "min_recall"),
    [("arabic", 0.95), ("sex dropped from B", 0.95), ("names only", 0.93)],
)
def test_real_lists_link_same_script(tmp_path: Path, case: str, min_recall: float) -> None:
    a, b = _lists()
    la, lb = _as_list(a), _as_list(b)
    if case == "sex dropped from B":
        lb = _as_list(b, drop=("sex",))
    elif case == "names only":
        la, lb = _as_list(a, drop=("age", "sex")), _as_list(b, drop=("age", "sex"))
    pw, summary = _link(tmp_path, la, lb)
    assert pw["true_pairs"] == 150
    assert pw["recall"] >= min_recall, pw
    assert pw["precision"] >= 0.95, pw
    # The run says what it used.
    fields = {f["field"]: f for f in summary["diagnostics"]["fields"]}
    assert fields["name"]["filled"] and not fields["date"]["filled"]
    assert summary["diagnostics"]["overlap"][0]["persons_shared"] >= 140


def test_real_lists_link_across_scripts(tmp_path: Path) -> None:
    """Arabic script in one list, the English renderings in the other."""
    a, b = _lists()
    pw, _ = _link(tmp_path, _as_list(a), _as_list(b, english=True))
    assert pw["recall"] >= 0.8, pw
    assert pw["precision"] >= 0.95, pw
