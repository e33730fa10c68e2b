"""Capture-history tables: validation, reading, canonical form and hashing.

A capture-history table is a :class:`pandas.DataFrame` with one 0/1 column per list, an integer
``count`` column, and any other columns as strata. Rows where every list is 0 are not allowed
(the unobserved cell is what the estimators estimate).

References
----------
.. [1] Bishop, Y. M. M., Fienberg, S. E. & Holland, P. W. (1975). *Discrete Multivariate
   Analysis*. MIT Press, ch. 6.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from undercount.errors import EstimationError

__all__ = ["Histories", "canonical_table", "input_hash", "read_histories", "validate_histories"]

COUNT = "count"
_COUNT_ALIASES = ("count", "Freq", "freq", "n", "Count")


def _is_binary(col: pd.Series) -> bool:
    if col.dtype == bool:
        return True
    if not (pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_complex_dtype(col)):
        return False
    vals = col.dropna().unique()
    return len(vals) > 0 and set(np.asarray(vals, dtype=float).tolist()) <= {0.0, 1.0}


def _split_columns(df: pd.DataFrame, lists: Sequence[str] | None) -> tuple[list[str], list[str]]:
    others = [c for c in df.columns if c != COUNT]
    if lists is not None:
        lists = [str(x) for x in lists]
        return list(lists), [c for c in others if c not in lists]
    list_cols = [c for c in others if _is_binary(df[c])]
    strata = [c for c in others if c not in list_cols]
    return list_cols, strata


def validate_histories(df: pd.DataFrame, *, lists: Sequence[str] | None = None) -> pd.DataFrame:
    """Check a capture-history table and return a clean copy.

    Parameters
    ----------
    df : pandas.DataFrame
        One 0/1 column per list, an integer ``count`` column (``Freq`` is accepted as an
        alias), any other columns are strata.
    lists : sequence of str, optional
        The list columns. By default every column other than ``count`` whose values are all
        0 or 1 is a list and the rest are strata.

    Returns
    -------
    pandas.DataFrame
        List columns as ``int8``, ``count`` as ``int64``, strata unchanged, in the order
        lists, strata, count.

    Raises
    ------
    EstimationError
        With every problem found (missing ``count``, non-integer or negative counts, values
        other than 0/1, all-zero rows, fewer than two lists).

    References
    ----------
    .. [1] Bishop, Fienberg & Holland (1975), *Discrete Multivariate Analysis*, ch. 6.

    Examples
    --------
    >>> import pandas as pd
    >>> h = validate_histories(pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "count": [5, 4, 2]}))
    >>> list(h.columns)
    ['A', 'B', 'count']
    """
    if not isinstance(df, pd.DataFrame):
        raise EstimationError(
            "Capture histories must be a pandas DataFrame with one 0/1 column per list and a "
            "'count' column; use read_histories(path) for a CSV file."
        )
    df = df.copy()
    if COUNT not in df.columns:
        alias = next((a for a in _COUNT_ALIASES if a in df.columns), None)
        if alias is None:
            raise EstimationError(
                "The capture-history table has no 'count' column. Add an integer column 'count' "
                "with the number of people seen with each pattern.",
                column=COUNT,
            )
        df = df.rename(columns={alias: COUNT})
    df.columns = [str(c) for c in df.columns]
    problems: list[str] = []
    list_cols, strata = _split_columns(df, lists)
    missing = [c for c in list_cols if c not in df.columns]
    if missing:
        problems.append(f"list column(s) {missing} are not in the table")
        list_cols = [c for c in list_cols if c in df.columns]
    if len(list_cols) < 2:
        problems.append(
            f"found {len(list_cols)} list column(s) with 0/1 values; capture-recapture needs at "
            "least two lists"
        )
    cnt = pd.to_numeric(df[COUNT], errors="coerce")
    if cnt.isna().any():
        problems.append(f"'count' has {int(cnt.isna().sum())} missing or non-numeric value(s)")
    elif not np.all(np.mod(cnt.to_numpy(dtype=float), 1) == 0):
        problems.append("'count' must hold whole numbers")
    elif (cnt < 0).any():
        problems.append("'count' has negative values")
    for c in list_cols:
        if not _is_binary(df[c]) or df[c].isna().any():
            problems.append(f"list column '{c}' must hold only 0 and 1")
    if not problems and list_cols:
        zero = (df[list_cols].to_numpy(dtype=float).sum(axis=1) == 0) & (cnt.to_numpy() > 0)
        if zero.any():
            problems.append(
                f"{int(zero.sum())} row(s) have 0 on every list; the unobserved cell is what is "
                "estimated, so drop those rows"
            )
    if not problems and int(cnt.sum()) == 0:
        problems.append("every count is 0: there is nothing to estimate from")
    if problems:
        raise EstimationError(
            "Invalid capture-history table: " + "; ".join(problems) + ".", problems=problems
        )
    out = df[list_cols + strata + [COUNT]].copy()
    for c in list_cols:
        out[c] = out[c].astype("int8")
    out[COUNT] = cnt.astype("int64")
    keep = out[list_cols].sum(axis=1) > 0
    return out.loc[keep].reset_index(drop=True)


def read_histories(path: str | Path, *, lists: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a capture-history CSV file and validate it.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV with one 0/1 column per list, ``count`` (or ``Freq``) and optional strata columns.
    lists : sequence of str, optional
        The list columns (see :func:`validate_histories`).

    Returns
    -------
    pandas.DataFrame
        The validated table.

    References
    ----------
    .. [1] Bishop, Fienberg & Holland (1975), *Discrete Multivariate Analysis*, ch. 6.
    """
    p = Path(path)
    if not p.exists():
        raise EstimationError(f"Capture-history file '{p}' does not exist; check the path.")
    try:
        df = pd.read_csv(p)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise EstimationError(
            f"Could not read '{p}' as CSV ({exc.__class__.__name__}); save it as UTF-8 CSV."
        ) from None
    return validate_histories(df, lists=lists)


def canonical_table(df: pd.DataFrame, *, lists: Sequence[str] | None = None) -> pd.DataFrame:
    """The canonical form of a table: columns sorted, rows aggregated and sorted, zeros dropped."""
    h = validate_histories(df, lists=lists)
    list_cols, strata = _split_columns(h, lists)
    keys = sorted(list_cols) + sorted(strata)
    agg = h.groupby(keys, dropna=False, sort=True)[COUNT].sum().reset_index()
    agg = agg.loc[agg[COUNT] > 0]
    for c in strata:
        agg[c] = agg[c].astype(str)
    return agg.sort_values(keys).reset_index(drop=True)[keys + [COUNT]]


def input_hash(df: pd.DataFrame, *, lists: Sequence[str] | None = None) -> str:
    """SHA-256 (hex) of the canonical capture-history table written as CSV."""
    buf = io.StringIO()
    canonical_table(df, lists=lists).to_csv(buf, index=False, lineterminator="\n")
    return hashlib.sha256(buf.getvalue().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Histories:
    """Capture histories collapsed over strata, as counts of the 2^K cells.

    ``cells[i]`` is the count of the pattern whose bit ``j`` is set when the person is on
    ``lists[j]``; ``cells[0]`` (nobody observed) is 0.
    """

    lists: tuple[str, ...]
    cells: np.ndarray
    hash: str

    @property
    def k(self) -> int:
        return len(self.lists)

    @property
    def n(self) -> int:
        return int(self.cells.sum())

    @property
    def patterns(self) -> np.ndarray:
        """(2^K, K) 0/1 matrix of the patterns, row i for cell i."""
        idx = np.arange(2**self.k)
        return ((idx[:, None] >> np.arange(self.k)[None, :]) & 1).astype(np.int8)

    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, lists: Sequence[str] | None = None) -> Histories:
        h = validate_histories(df, lists=lists)
        list_cols, _ = _split_columns(h, lists)
        k = len(list_cols)
        bits = h[list_cols].to_numpy(dtype=np.int64) << np.arange(k)[None, :]
        idx = bits.sum(axis=1)
        cells = np.bincount(idx, weights=h[COUNT].to_numpy(dtype=float), minlength=2**k)
        return cls(tuple(list_cols), cells.astype(np.int64), input_hash(h, lists=list_cols))

    def reorder(self, order: Sequence[str]) -> Histories:
        """The same cells with the lists in ``order``."""
        perm = [self.lists.index(x) for x in order]
        pat = self.patterns[:, perm]
        idx = (pat.astype(np.int64) << np.arange(self.k)[None, :]).sum(axis=1)
        cells = np.zeros_like(self.cells)
        cells[idx] = self.cells
        return Histories(tuple(order), cells, self.hash)

    def pair_overlap(self) -> np.ndarray:
        """(K, K) matrix: number of people seen on both list i and list j."""
        pat = self.patterns.astype(float)
        return (pat * self.cells[:, None]).T @ pat

    def to_frame(self) -> pd.DataFrame:
        pat = self.patterns[1:]
        df = pd.DataFrame(pat, columns=list(self.lists))
        df[COUNT] = self.cells[1:]
        return df.loc[df[COUNT] > 0].reset_index(drop=True)


def check_overlap(h: Histories, method: str) -> None:
    """Refuse (SparseDataError) when a list shares nobody with any other list."""
    from undercount.errors import SparseDataError

    ov = h.pair_overlap()
    np.fill_diagonal(ov, 0)
    alone = [h.lists[j] for j in range(h.k) if ov[j].sum() == 0]
    empty = [h.lists[j] for j in range(h.k) if h.pair_overlap()[j, j] == 0]
    if empty:
        raise SparseDataError(
            f"List(s) {empty} have nobody on them; drop them from the capture histories before "
            f"running {method}.",
            lists=empty,
        )
    if alone:
        raise SparseDataError(
            f"List(s) {alone} share no individuals with any other list; capture-recapture needs "
            "overlap to say anything about the unseen. Check the linkage (`undercount review`), "
            f"or drop or merge those lists, before running {method}.",
            lists=alone,
        )
