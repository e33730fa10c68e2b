"""Human review: the queue of uncertain pairs and the reviewers' decisions.

The queue orders scored pairs by how much a label would change the result, that is the
expected number of record-pair links that change::

    same person now:       P(label says non-match) * (links lost)   = (1 - p) * (n - 1)
    different persons now: P(label says match)     * (links gained) = p * n_l * n_r

where ``p`` is the pair's match probability and ``n`` the persons' sizes. Pairs already
decided are left out. Decisions (``match`` / ``non_match`` / ``unsure``) are stored in
``link_decisions`` with who and when, each in its own transaction with an audit entry; the
next link run applies them as must-link / cannot-link constraints, and ``match`` labels
re-estimate the model's m probabilities once there are enough of them.

The CLI (``undercount review``) and the web app use the same two functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from undercount.errors import LinkageError
from undercount.vocab import DECISIONS

if TYPE_CHECKING:
    from undercount.store.project import Project

# Fields of each record shown to a reviewer.
REVIEW_FIELDS = (
    "id",
    "source",
    "row_number",
    "name",
    "name_script",
    "name_latin",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "age",
    "date",
    "date_precision",
    "date_calendar",
    "date_text",
    "place_text",
    "city",
    "province",
    "violation",
    "event",
)


def pair_priority(pairs: pd.DataFrame, person_of: Mapping[int, int]) -> np.ndarray:
    """Expected number of changed links if the pair were labelled (see module docstring)."""
    if pairs.empty:
        return np.empty(0)
    pl = pairs["record_id_l"].map(person_of)
    pr = pairs["record_id_r"].map(person_of)
    sizes = pd.Series(list(person_of.values())).value_counts()
    nl = pl.map(sizes).fillna(1).to_numpy(dtype=float)
    nr = pr.map(sizes).fillna(1).to_numpy(dtype=float)
    p = pairs["match_probability"].astype(float).to_numpy()
    same = (pl.to_numpy() == pr.to_numpy()) & pl.notna().to_numpy()
    return np.where(same, (1.0 - p) * np.maximum(nl - 1.0, 1.0), p * nl * nr)


_QUEUE_SQL = """
WITH sizes AS (SELECT person_id, count(*) AS n FROM person_records GROUP BY person_id),
decided AS (SELECT DISTINCT least(record_id_l, record_id_r) AS a,
                   greatest(record_id_l, record_id_r) AS b
            FROM link_decisions WHERE decision <> 'skip')
SELECT s.record_id_l, s.record_id_r, s.match_probability, s.match_weight,
       pl.person_id AS person_l, pr.person_id AS person_r,
       CASE WHEN pl.person_id = pr.person_id
            THEN (1 - s.match_probability) * greatest(coalesce(zl.n, 1) - 1, 1)
            ELSE s.match_probability * coalesce(zl.n, 1) * coalesce(zr.n, 1) END AS priority
FROM pair_scores s
LEFT JOIN person_records pl ON pl.record_id = s.record_id_l
LEFT JOIN person_records pr ON pr.record_id = s.record_id_r
LEFT JOIN sizes zl ON zl.person_id = pl.person_id
LEFT JOIN sizes zr ON zr.person_id = pr.person_id
WHERE s.link_run_id = (SELECT max(link_run_id) FROM pair_scores)
  AND s.match_probability BETWEEN ? AND ?
  AND NOT EXISTS (SELECT 1 FROM decided d WHERE d.a = s.record_id_l AND d.b = s.record_id_r)
ORDER BY priority DESC, s.record_id_l, s.record_id_r
LIMIT ?
"""


def review_queue(
    project: Project, limit: int = 20, *, low: float = 0.02, high: float = 0.995
) -> list[dict[str, Any]]:
    """Pairs to review, most useful first, with both records' fields and the score.

    Parameters
    ----------
    project : Project
        A project linked at least once (``undercount link``).
    limit : int
        Most pairs returned.
    low, high : float
        Only pairs whose match probability lies in ``[low, high]`` are queued.

    Returns
    -------
    list of dict
        Each with ``record_id_l``, ``record_id_r``, ``match_probability``, ``match_weight``,
        ``priority``, ``same_person`` (bool: the current persons agree) and ``left`` /
        ``right`` (dicts of :data:`REVIEW_FIELDS`).
    """
    if limit <= 0:
        return []
    con = project.con
    queue = con.execute(_QUEUE_SQL, [low, high, int(limit)]).df()
    if queue.empty:
        return []
    ids = sorted(set(queue["record_id_l"].astype(int)) | set(queue["record_id_r"].astype(int)))
    cols = ", ".join(f"r.{c}" for c in REVIEW_FIELDS if c != "source")
    recs = con.execute(
        f"SELECT {cols}, s.name AS source FROM records r JOIN sources s ON s.id = r.source_id "
        f"WHERE r.id IN ({', '.join('?' * len(ids))})",
        ids,
    ).df()
    by_id = {int(r["id"]): _clean(r) for r in recs.to_dict("records")}
    out = []
    for q in queue.to_dict("records"):
        out.append(
            {
                "record_id_l": int(q["record_id_l"]),
                "record_id_r": int(q["record_id_r"]),
                "match_probability": float(q["match_probability"]),
                "match_weight": float(q["match_weight"]),
                "priority": float(q["priority"]),
                "same_person": bool(q["person_l"] == q["person_r"])
                if pd.notna(q["person_l"]) and pd.notna(q["person_r"])
                else False,
                "left": by_id.get(int(q["record_id_l"]), {}),
                "right": by_id.get(int(q["record_id_r"]), {}),
            }
        )
    return out


def _clean(rec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in REVIEW_FIELDS:
        v = rec.get(k)
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
            out[k] = None
        elif hasattr(v, "isoformat"):
            out[k] = v.isoformat()[:10] if k == "date" else v.isoformat()
        elif isinstance(v, np.integer):
            out[k] = int(v)
        else:
            out[k] = v
    return out


def record_decision(
    project: Project, record_id_l: int, record_id_r: int, decision: str, note: str | None = None
) -> int:
    """Store a reviewer's decision on a record pair (own transaction, audited).

    Parameters
    ----------
    project : Project
        The project; ``project.user`` is recorded as the reviewer.
    record_id_l, record_id_r : int
        The two records (order does not matter).
    decision : {'match', 'non_match', 'unsure'}
        The label. A later decision on the same pair supersedes an earlier one.
    note : str, optional
        Free text kept with the decision (not copied into the audit log).

    Returns
    -------
    int
        The decision's id.
    """
    if decision not in DECISIONS:
        raise LinkageError(f"Unknown decision '{decision}'. Use one of: {', '.join(DECISIONS)}.")
    a, b = int(record_id_l), int(record_id_r)
    if a == b:
        raise LinkageError("A decision needs two different records.")
    a, b = min(a, b), max(a, b)
    con = project.con
    found = con.execute("SELECT count(*) FROM records WHERE id IN (?, ?)", [a, b]).fetchone()
    if not found or found[0] != 2:
        raise LinkageError(
            f"Record {a} or {b} does not exist in this project. Take the ids "
            "from `undercount review` or the review queue."
        )
    with project.transaction():
        did = con.execute(
            "INSERT INTO link_decisions (record_id_l, record_id_r, decision, user_name, note) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            [a, b, decision, project.user, note],
        ).fetchone()[0]  # type: ignore[index]
        project.audit(
            "link_decision",
            "link_decision",
            did,
            details={"record_id_l": a, "record_id_r": b, "decision": decision},
        )
    return int(did)


def decisions(project: Project) -> pd.DataFrame:
    """All decisions, newest last (who, when, what)."""
    return project.con.execute(
        "SELECT id, record_id_l, record_id_r, decision, user_name, note, decided_at "
        "FROM link_decisions ORDER BY id"
    ).df()
