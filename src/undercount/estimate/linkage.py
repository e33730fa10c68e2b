"""Linkage uncertainty: plausible linkage configurations drawn from pair match probabilities.

The persons that ``undercount link`` stores are one configuration: every pair above the
threshold joined (under the clustering guards), every other pair apart. The estimate built on
them treats that configuration as certain, yet a missed link adds a person and a false link
removes one, and both change the overlap between lists that capture-recapture reads.

Each draw here resolves every scored pair independently by its match probability (a pair with
probability 0.3 is a link in about 30% of the draws), clusters the drawn links with the same
constrained clustering and guards as the link run (:func:`undercount.link.cluster.cluster_records`),
keeps the reviewers' decisions as constraints (a pair a reviewer matched is always linked, one
they separated never), and rebuilds the capture histories. The estimator is refitted on every
draw and the draws of N are pooled (see :func:`undercount.estimate.api.run_estimate`).

This treats pairs as independent given their probabilities, which Splink's Fellegi-Sunter
model also assumes; clustering then makes the drawn configuration consistent.

References
----------
.. [1] Sadinle, M. (2017). Bayesian estimation of bipartite matchings for record linkage.
   *JASA* 112:600-612 (linkage uncertainty propagated to downstream estimates).
.. [2] Tancredi, A. & Liseo, B. (2011). A hierarchical Bayesian approach to record linkage and
   population size problems. *Annals of Applied Statistics* 5:1553-1585.
.. [3] Rubin, D. B. (1987). *Multiple Imputation for Nonresponse in Surveys*. Wiley
   (pooling over imputed configurations).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from undercount.estimate.bands import ByField, histories_from_records, parse_by, record_columns
from undercount.store.sql import ident as sql_ident

if TYPE_CHECKING:
    from undercount.store.project import Project

__all__ = ["LinkageDraws", "draw_linkage", "linkage_draws"]

DEFAULT_DRAWS = 20


@dataclass
class LinkageDraws:
    """Capture histories of each drawn linkage configuration and what varied.

    Attributes
    ----------
    tables : list of pandas.DataFrame
        One capture-history table per draw (same columns as the stored persons' table).
    persons : list of int
        Number of persons in each draw.
    stored_persons : int
        Persons of the stored linkage.
    uncertain_pairs : int
        Scored pairs with a match probability between 0.05 and 0.95.
    link_run_id : int
    """

    tables: list[pd.DataFrame]
    persons: list[int]
    stored_persons: int
    uncertain_pairs: int
    link_run_id: int
    unscored_links: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        p = np.asarray(self.persons, dtype=float)
        return {
            "draws": len(self.tables),
            "link_run_id": self.link_run_id,
            "uncertain_pairs": self.uncertain_pairs,
            "stored_persons": self.stored_persons,
            "unscored_links_kept": self.unscored_links,
            "persons_per_draw": {
                "min": int(p.min()),
                "median": float(np.median(p)),
                "max": int(p.max()),
            },
        }


def draw_linkage(
    records: pd.DataFrame,
    pairs: pd.DataFrame,
    rng: np.random.Generator,
    *,
    must_link: Sequence[tuple[int, int]] = (),
    cannot_link: Sequence[tuple[int, int]] = (),
    duplicate_threshold: float | None = None,
    min_mean: float | None = None,
) -> pd.Series:
    """One linkage configuration: record id -> cluster key.

    Parameters
    ----------
    records : pandas.DataFrame
        ``record_id`` and ``source_id`` of every record.
    pairs : pandas.DataFrame
        ``record_id_l``, ``record_id_r``, ``match_probability``.
    rng : numpy.random.Generator
    must_link, cannot_link : sequence of (int, int)
        Reviewers' decisions, kept as constraints in every draw.
    duplicate_threshold, min_mean : float, optional
        The link run's clustering guards.
    """
    from undercount.link.cluster import cluster_records

    prob = pairs["match_probability"].to_numpy(dtype=float)
    keep = rng.random(len(prob)) < prob
    drawn = pairs.loc[keep]
    clustering = cluster_records(
        records,
        drawn,
        threshold=1e-12,
        duplicate_threshold=duplicate_threshold,
        must_link=must_link,
        cannot_link=cannot_link,
        min_mean=min_mean,
    )
    return pd.Series(clustering.assignment, name="person_id")


def linkage_draws(
    project: Project,
    by: Sequence[str] | None = None,
    *,
    n_draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
) -> LinkageDraws | None:
    """Draw ``n_draws`` linkage configurations of the project's last link run.

    Returns None when the run stored no pair probabilities (exact linkage, or a project
    linked before pair scores were kept): the linkage is then taken as given.
    """
    from undercount.link.run import latest_decisions

    con = project.con
    run = con.execute("SELECT id, settings FROM link_runs ORDER BY id DESC LIMIT 1").fetchone()
    if run is None:
        return None
    run_id = int(run[0])
    pairs = con.execute(
        "SELECT record_id_l, record_id_r, match_probability FROM pair_scores "
        "WHERE link_run_id = ? AND match_probability IS NOT NULL",
        [run_id],
    ).df()
    if pairs.empty:
        return None
    try:
        options = (json.loads(run[1] or "{}") or {}).get("options") or {}
    except (TypeError, ValueError):
        options = {}
    dup = options.get("duplicate_threshold")
    min_mean = options.get("min_mean")
    fields: list[ByField] = parse_by(list(by or []))
    cols = "".join(f", {sql_ident(c)}" for c in record_columns(fields))  # fixed allow-list
    recs = con.execute(f"SELECT id AS record_id, source_id{cols} FROM records ORDER BY id").df()
    src = con.execute("SELECT id, name FROM sources").fetchall()
    names = {int(i): str(n) for i, n in src}
    recs["source"] = recs["source_id"].map(names)
    sources = sorted(recs["source"].dropna().unique().tolist())
    decisions = latest_decisions(project)
    cannot = _pairs(decisions, "non_match")
    members = con.execute("SELECT record_id, person_id FROM person_records").df()
    kept = _unscored_links(members, pairs)
    must = _pairs(decisions, "match") + kept
    stored = int(con.execute("SELECT count(*) FROM persons").fetchone()[0])  # type: ignore[index]
    p = pairs["match_probability"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    tables, persons = [], []
    base = recs[["record_id", "source_id"]]
    for _ in range(int(n_draws)):
        assign = draw_linkage(
            base,
            pairs,
            rng,
            must_link=must,
            cannot_link=cannot,
            duplicate_threshold=dup if dup is None else float(dup),
            min_mean=min_mean if min_mean is None else float(min_mean),
        )
        frame = recs.assign(person_id=recs["record_id"].map(assign).to_numpy())
        persons.append(int(frame["person_id"].nunique()))
        tables.append(histories_from_records(frame, sources, fields))
    return LinkageDraws(
        tables=tables,
        persons=persons,
        stored_persons=stored,
        uncertain_pairs=int(((p > 0.05) & (p < 0.95)).sum()),
        link_run_id=run_id,
        unscored_links=len(kept),
    )


def _unscored_links(members: pd.DataFrame, pairs: pd.DataFrame) -> list[tuple[int, int]]:
    """Links of the stored persons that no scored pair accounts for, kept in every draw.

    A stored person whose records the scored pairs do not connect (exact-key links, persons
    kept from an earlier incremental run, a reviewer's merge) has no probability to draw
    from: its parts are joined by must-links, so the draws only vary what was scored.
    """
    person_of = dict(
        zip(members["record_id"].astype(int), members["person_id"].astype(int), strict=True)
    )
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in zip(
        pairs["record_id_l"].astype(int).tolist(),
        pairs["record_id_r"].astype(int).tolist(),
        strict=True,
    ):
        pa, pb = person_of.get(a), person_of.get(b)
        if pa is not None and pa == pb:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    out: list[tuple[int, int]] = []
    for _, recs in members.groupby("person_id")["record_id"]:
        ids = sorted(int(r) for r in recs)
        roots: dict[int, int] = {}
        for r in ids:
            roots.setdefault(find(r), r)
        heads = list(roots.values())
        out.extend((heads[0], h) for h in heads[1:])
    return out


def _pairs(decisions: pd.DataFrame, kind: str) -> list[tuple[int, int]]:
    d = decisions[decisions["decision"] == kind]
    return list(zip(d["unique_id_l"].astype(int), d["unique_id_r"].astype(int), strict=True))
