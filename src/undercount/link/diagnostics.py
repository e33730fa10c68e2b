"""Checks of a link run the user sees: what the model used, and signs that it went wrong.

After every run (:func:`diagnose`):

* **fields**: each comparison, whether the lists fill it, where its parameters come from
  (EM, or the shipped prior and why) and the weight of its closest and loosest levels;
* **model changes**: levels floored, made monotone or replaced by their prior;
* **obvious pairs left apart**: records of different lists in different persons whose name
  keys agree (names of two words or more) and whose other filled fields (age within a
  year, sex, date within a month, city) do not conflict; a warning when they are more than
  a twentieth of all such obvious pairs (linked or not);
* **cross-list overlap**: persons shared by each pair of lists;
* **cluster-size outliers**: persons with more records than there are lists.

Each failed check adds a warning that says what is wrong and what to do. The diagnostics
are stored with the run (``link_runs.metrics``), printed by ``undercount link``, shown in
the report and the web app, and repeated by ``undercount estimate``. No record value is
ever part of them: counts, field names and weights only.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from undercount.store.project import Project

# Warn when more than this share of the obvious pairs (same name key, nothing conflicting,
# different lists) are left apart, and at least MIN_OBVIOUS of them. Calibrated on the
# real Gaza releases (benchmarks/link_real.py and tests/data/real): good runs leave 0-2.1%
# of them apart (full releases 134 of 13,821; names only 4-6 of about 290); a model whose
# name levels sit at their floor (the failure reported in issue 13) leaves 146 of 146
# apart; an EM-trained name model with recall 0.75 fired it too.
OBVIOUS_SHARE = 0.05
MIN_OBVIOUS = 5
# Name keys shared by more records than this are too common to call a pair "obvious".
MAX_KEY_GROUP = 20
# Lists this large that share no person get a warning.
MIN_LIST_FOR_OVERLAP = 20
# Warn when more persons than this share have more records than there are lists.
OUTLIER_SHARE = 0.01


def obvious_pairs(project: Project, assignment: pd.DataFrame) -> tuple[int, int]:
    """Cross-list record pairs with the same name key and no conflicting field:
    (in different persons, in the same person)."""
    con = project.con
    cols = {r[0] for r in con.execute("DESCRIBE records").fetchall()}
    age_conflict = "(a.age IS NOT NULL AND b.age IS NOT NULL AND abs(a.age - b.age) > 1)"
    if {"age_low", "age_high"} <= cols:
        # Ranges (intake writes them for "about 30", "20-25"): a conflict is no overlap.
        age_conflict = (
            "(coalesce(a.age_low, a.age) IS NOT NULL AND coalesce(b.age_low, b.age) IS NOT NULL"
            " AND (coalesce(a.age_low, a.age) - 1 > coalesce(b.age_high, b.age)"
            " OR coalesce(b.age_low, b.age) - 1 > coalesce(a.age_high, a.age)))"
        )
    extra = ", age_low, age_high" if {"age_low", "age_high"} <= cols else ""
    con.register("_uc_assign", assignment[["record_id", "person_id"]])
    try:
        row = con.execute(
            f"""
            WITH r AS (
              SELECT r.id, r.source_id, r.name_key, r.age, lower(r.sex) AS sex, r.date,
                     lower(r.city) AS city{extra}, a.person_id
              FROM records r JOIN _uc_assign a ON a.record_id = r.id
              WHERE r.name_key IS NOT NULL AND strpos(trim(r.name_key), ' ') > 0),
            k AS (SELECT name_key FROM r GROUP BY 1
                  HAVING count(*) BETWEEN 2 AND {MAX_KEY_GROUP}
                     AND count(DISTINCT source_id) > 1),
            rk AS (SELECT * FROM r WHERE name_key IN (SELECT name_key FROM k))
            SELECT count(*) FILTER (WHERE a.person_id <> b.person_id),
                   count(*) FILTER (WHERE a.person_id = b.person_id)
            FROM rk a JOIN rk b
              ON a.name_key = b.name_key AND a.id < b.id AND a.source_id <> b.source_id
            WHERE NOT {age_conflict}
              AND NOT (a.sex IS NOT NULL AND b.sex IS NOT NULL AND a.sex <> b.sex)
              AND NOT (a.date IS NOT NULL AND b.date IS NOT NULL
                       AND abs(date_diff('day', a.date, b.date)) > 31)
              AND NOT (a.city IS NOT NULL AND b.city IS NOT NULL AND a.city <> b.city)
            """
        ).fetchone()
    finally:
        con.unregister("_uc_assign")
    return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)


def overlap(project: Project, assignment: pd.DataFrame) -> list[dict[str, Any]]:
    """Persons shared by each pair of lists (with each list's record count)."""
    con = project.con
    con.register("_uc_assign", assignment[["record_id", "person_id"]])
    try:
        sizes = dict(
            con.execute(
                "SELECT s.name, count(*) FROM records r JOIN sources s ON s.id = r.source_id "
                "GROUP BY 1"
            ).fetchall()
        )
        rows = con.execute(
            """
            WITH ps AS (SELECT DISTINCT a.person_id, s.name AS source
                        FROM _uc_assign a JOIN records r ON r.id = a.record_id
                        JOIN sources s ON s.id = r.source_id)
            SELECT x.source, y.source, count(*) FROM ps x JOIN ps y
              ON x.person_id = y.person_id AND x.source < y.source
            GROUP BY 1, 2
            """
        ).fetchall()
    finally:
        con.unregister("_uc_assign")
    shared = {(a, b): int(n) for a, b, n in rows}
    names = sorted(sizes)
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            out.append(
                {
                    "lists": [a, b],
                    "records": [int(sizes[a]), int(sizes[b])],
                    "persons_shared": shared.get((a, b), 0),
                }
            )
    return out


def diagnose(
    project: Project,
    assignment: pd.DataFrame,
    model: dict[str, Any] | None,
    training: dict[str, Any],
) -> dict[str, Any]:
    """The diagnostics of a run (see the module docstring) with their ``warnings``."""
    from undercount.link.priors import level_weights

    warnings: list[str] = []
    n_sources = int(
        project.con.execute("SELECT count(DISTINCT source_id) FROM records").fetchone()[0]
    )  # type: ignore[index]
    filled = set(training.get("filled", []))
    from undercount.link.settings import COMPARISON_COLUMNS

    fell_back = {
        c["comparison"]: c["change"]
        for c in training.get("model_changes", [])
        if c.get("level") is None
    }
    weights = level_weights(model) if model else {}
    fields = []
    for comp, cols in COMPARISON_COLUMNS.items():
        lv = weights.get(comp, [])
        fields.append(
            {
                "field": comp,
                "filled": bool(set(cols) & filled),
                "source": fell_back.get(
                    comp, "EM" if comp in training.get("em_trained", []) else "prior"
                ),
                "weight_closest": lv[0]["weight"] if lv else None,
                "weight_else": lv[-1]["weight"] if lv else None,
            }
        )
    # A comparison EM got wrong is replaced by its prior (shown in ``fields``): the model
    # used is then plausible. Only when every filled field had to fall back is the data
    # itself suspect.
    used_fields = [f for f in fields if f["filled"]]
    implausible = [c for c, why in fell_back.items() if "implausible" in why]
    if implausible and len(implausible) == len(used_fields):
        warnings.append(
            "Training found an implausible model for every field ("
            + ", ".join(implausible)
            + "); the shipped priors were used instead. Check the lists' columns (is the "
            "right column mapped to each field?), or label some pairs with "
            "`undercount review` so that training has examples."
        )
    used = {f["field"] for f in fields if f["filled"]}
    changes = [c for c in training.get("model_changes", []) if c["comparison"] in used]
    diag: dict[str, Any] = {"fields": fields, "model_changes": changes}
    if not len(assignment):
        diag["warnings"] = warnings
        return diag
    apart, together = obvious_pairs(project, assignment)
    diag["obvious_pairs_apart"] = apart
    diag["obvious_pairs_linked"] = together
    ov = overlap(project, assignment)
    diag["overlap"] = ov
    if apart >= MIN_OBVIOUS and apart > OBVIOUS_SHARE * (apart + together):
        warnings.append(
            f"{apart} of {apart + together} pair(s) of records from different lists that have "
            "the same name key and no conflicting age, sex, date or city are in different "
            "persons: linkage is probably missing matches and estimates built on it will be "
            "too high. Look at `undercount review`, or re-run `undercount link --full "
            "--retrain`."
        )
    for o in ov:
        if o["persons_shared"] == 0 and min(o["records"]) >= MIN_LIST_FOR_OVERLAP:
            a, b = o["lists"]
            warnings.append(
                f"Lists '{a}' and '{b}' share no person. Capture-recapture needs overlap: "
                "check that both lists' names were mapped and normalised (for example one in "
                "Arabic script, the other in Latin letters), then re-link."
            )
    sizes = assignment.groupby("person_id").size()
    big = sizes[sizes > max(n_sources, 1)]
    diag["cluster_outliers"] = {
        "persons_larger_than_lists": int(len(big)),
        "largest": int(sizes.max()) if len(sizes) else 0,
        "lists": n_sources,
    }
    if len(big) > max(OUTLIER_SHARE * len(sizes), 2):
        warnings.append(
            f"{len(big)} person(s) hold more records than there are lists (largest "
            f"{int(sizes.max())}): duplicates within lists, or records chained together. "
            "Review them with `undercount review`."
        )
    diag["warnings"] = warnings
    return diag


def latest(project: Project) -> dict[str, Any] | None:
    """The diagnostics of the latest link run (``None`` when no run stored them)."""
    row = project.con.execute(
        "SELECT id, metrics FROM link_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None or not row[1]:
        return None
    metrics = json.loads(row[1])
    diag = metrics.get("diagnostics")
    if diag is None:
        return None
    return {"link_run_id": int(row[0]), **diag}


def warnings_of_latest(project: Project) -> list[str]:
    """Warnings of the latest link run (empty when none)."""
    d = latest(project)
    return list(d.get("warnings", [])) if d else []
