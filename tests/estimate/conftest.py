"""Shared fixtures: the MSE data sets in tests/data/mse and R's reference figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "mse"


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv")


def datasets() -> list[str]:
    return sorted(p.stem for p in DATA.glob("*.csv") if p.stem != "reference_results")


@pytest.fixture(scope="session")
def reference() -> pd.DataFrame:
    return pd.read_csv(DATA / "reference_results.csv")


def simple3() -> pd.DataFrame:
    """A small three-list table with overlap everywhere."""
    return pd.DataFrame(
        {
            "A": [1, 0, 0, 1, 1, 0, 1],
            "B": [0, 1, 0, 1, 0, 1, 1],
            "C": [0, 0, 1, 0, 1, 1, 1],
            "count": [40, 30, 20, 10, 8, 6, 3],
        }
    )
