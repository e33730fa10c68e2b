"""What the data can identify, and the assumptions an estimate rests on.

With two lists the 2x2 table has three observed cells and the unseen cell is the fourth:
only the independence model (Lincoln-Petersen, Chapman's estimator) is identified. Any model
that lets the lists depend on each other, or lets people differ in how catchable they are,
has as many unknowns as there are cells plus one, so its estimate is whatever its prior or its
starting point says. Such fits are refused here with an error that names Chapman, whose
assumption is then stated with its output.

The same rule applies per stratum (a stratum where a list is empty has fewer lists) and to a
table where a list shares nobody with the others (:func:`undercount.estimate.histories.check_overlap`).

References
----------
.. [1] Fienberg, S. E. (1972). The multiple recapture census for closed populations and
   incomplete 2^k contingency tables. *Biometrika* 59:591-603.
.. [2] International Working Group for Disease Monitoring and Forecasting (1995).
   Capture-recapture and multiple-record systems estimation I. *American Journal of
   Epidemiology* 142:1047-1058 (two sources cannot reveal dependence).
"""

from __future__ import annotations

from undercount.errors import SparseDataError

__all__ = ["ASSUMPTIONS", "MIN_LISTS", "require_lists"]

#: The fewest lists a model beyond independence needs to be identified.
MIN_LISTS = 3

#: One sentence per method: what the estimate assumes, read by the CLI, report and web.
ASSUMPTIONS = {
    "chapman": (
        "Assumes the two lists are independent and that everyone is equally likely to be on "
        "each list (homogeneous capture). Two lists cannot test this: if the people one list "
        "records are also easier for the other to record, the estimate is too low."
    ),
    "loglinear-independence": (
        "Assumes the lists are independent and capture is homogeneous (no list interactions "
        "were allowed)."
    ),
    "loglinear": (
        "Models dependence between lists by the selected interaction terms; heterogeneity of "
        "capture is covered only as far as it shows up as such dependence."
    ),
    "dga": (
        "Averages over decomposable graphs of list dependence; assumes capture is homogeneous "
        "given the graph."
    ),
    "lcmcr": (
        "Allows capture to differ between latent groups of people; assumes lists are "
        "independent within a group and that no group is almost never recorded."
    ),
}


def require_lists(
    method: str, k: int, lists: tuple[str, ...] | list[str], *, what: str | None = None
) -> None:
    """Refuse a model beyond independence on fewer than three lists.

    Parameters
    ----------
    method : str
        The estimator's name, for the message.
    k : int
        Number of (non-empty) lists the fit would use.
    lists : sequence of str
        Their names, for the message.
    what : str, optional
        What the model needs the third list for (default: dependence or heterogeneity).

    Raises
    ------
    SparseDataError
        When ``k < 3``; the message says why and points to Chapman.
    """
    if k >= MIN_LISTS:
        return
    need = what or "list dependence or differences in catchability"
    raise SparseDataError(
        f"{method} needs at least {MIN_LISTS} lists, but this table has {k} "
        f"({', '.join(map(str, lists))}). With two lists the three observed cells leave "
        f"nothing to estimate {need} from, so any such model's figure would come from its "
        "prior or starting values, not from the data. Use --method chapman, which assumes "
        "the two lists are independent and everyone equally catchable (state that with the "
        "figure), or add a third list.",
        lists=list(lists),
        method=method,
    )
