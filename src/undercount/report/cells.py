"""Small-cell suppression with complementary suppression, audited by linear programming.

A count of persons below :data:`MIN_CELL` is not published (primary suppression). Hiding it
is not enough when totals are published beside it: the total minus the cells shown gives it
back. So, as statistical agencies do, more cells are hidden (complementary suppression) until
no small hidden cell can be worked out from what is published.

:func:`protect` takes the cells of one set of views, the additive relations between them that
a reader knows (a published total is the sum of its cells; two breakdowns of the same
persons add up to the same number) and the cells hidden to begin with. For every hidden cell
below :data:`MIN_CELL` it finds, by linear programming, the smallest and largest value that
agrees with everything published (hidden cells count at least ``lower``, since a row that
exists holds someone). When the two are equal the cell could be recovered, so the smallest
shown cell sharing a relation with it is hidden too, and the audit runs again. A relation
with no shown cell left to hide has its total withheld instead.

Hidden cells are published as :data:`SUPPRESSED`, the same for primary and complementary
cells, so a reader cannot tell a hidden 2 from a hidden 40.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MIN_CELL = 5
SUPPRESSED = "x"


@dataclass
class Relation:
    """``sum(coef[i] * cell[i]) == rhs``: something a reader knows (a total is the sum of its
    cells: ``{total: 1, cell: -1, ...}`` with ``rhs`` 0)."""

    coef: Mapping[int, float]
    rhs: float = 0.0


def _range(
    target: int,
    hidden: list[int],
    values: Sequence[float],
    relations: Sequence[Relation],
    lower: float,
) -> tuple[float, float] | None:
    """(min, max) of hidden cell ``target`` given what is published, or None (unbounded)."""
    from scipy.optimize import linprog

    pos = {c: k for k, c in enumerate(hidden)}
    rows, rhs = [], []
    for rel in relations:
        if not any(i in pos for i in rel.coef):
            continue
        row = np.zeros(len(hidden))
        b = rel.rhs
        for i, c in rel.coef.items():
            if i in pos:
                row[pos[i]] += c
            else:
                b -= c * values[i]
        rows.append(row)
        rhs.append(b)
    if not rows:
        return None
    obj = np.zeros(len(hidden))
    obj[pos[target]] = 1.0
    bounds = [(lower, None)] * len(hidden)
    a, b = np.array(rows), np.array(rhs)
    lo = linprog(obj, A_eq=a, b_eq=b, bounds=bounds, method="highs")
    hi = linprog(-obj, A_eq=a, b_eq=b, bounds=bounds, method="highs")
    if lo.status != 0 or hi.status != 0:
        return None  # unbounded (or infeasible under the relaxation): not determined
    return float(lo.fun), float(-hi.fun)


def protect(
    values: Sequence[float],
    relations: Sequence[Relation],
    hidden: set[int] | None = None,
    *,
    keep: set[int] | None = None,
    lower: float = 1.0,
    min_cell: int = MIN_CELL,
) -> set[int]:
    """The cells to hide so that no cell below ``min_cell`` can be recovered from the shown
    cells and the relations (see the module docstring). ``hidden``: cells hidden to begin
    with (not drawn); ``keep``: cells hidden only as a last resort (headline totals)."""
    n = len(values)
    keep = keep or set()
    hide = set(hidden or ()) | {i for i in range(n) if 0 < values[i] < min_cell}
    safe: set[int] = set()  # hiding more cells never makes a safe cell recoverable
    while True:
        exposed = None
        order = sorted(hide)
        for s in sorted(i for i in hide if 0 < values[i] < min_cell and i not in safe):
            rng = _range(s, order, values, relations, lower)
            if rng is not None and rng[1] - rng[0] < 1.0 - 1e-9:
                exposed = s
                break
            safe.add(s)
        if exposed is None:
            return hide
        options = _complements(exposed, hide, keep, values, relations)
        if not options:  # pragma: no cover - only when every related count is hidden
            safe.add(exposed)
            continue
        # The smallest cell whose hiding frees the exposed one (a few tried), else the smallest.
        pick = options[0]
        for c in options[:_TRIES]:
            rng = _range(exposed, sorted(hide | {c}), values, relations, lower)
            if rng is None or rng[1] - rng[0] >= 1.0 - 1e-9:
                pick = c
                break
        hide.add(pick)


_TRIES = 40


def _complements(
    exposed: int,
    hide: set[int],
    keep: set[int],
    values: Sequence[float],
    relations: Sequence[Relation],
) -> list[int]:
    """Shown cells that could be hidden next, best first: those in a relation with
    ``exposed``, then those tied to it through hidden cells (breadth first); within a ring,
    smaller before larger and headline totals last."""
    frontier, seen, out = {exposed}, set(), []
    while frontier:
        near = {i for rel in relations if frontier & rel.coef.keys() for i in rel.coef}
        ring = sorted((i in keep, values[i], i) for i in near - hide if values[i] > 0)
        out.extend(i for _, _, i in ring if i not in out)
        seen |= frontier
        frontier = (near & hide) - seen
    return out
