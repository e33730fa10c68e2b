"""One link run: records -> features -> trained model -> scored pairs -> persons, stored.

A run reads the records and the reviewers' decisions, trains (or reuses) the model, scores
candidate pairs, clusters them under constraints and stores, in one transaction with its
audit entry: the run (settings, trained model, threshold, counts), the scored pairs (for the
review queue) and the persons that changed. Persons whose records did not change keep their
id and their row (incremental linking never relabels an untouched person).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from undercount.errors import LinkageError
from undercount.link import DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_MIN_MEAN, DEFAULT_THRESHOLD
from undercount.link import settings as st
from undercount.link.cluster import Clustering, cluster_records

if TYPE_CHECKING:
    from undercount.store.project import Project

METHOD = "probabilistic"
# Pairs scored at least this are kept (pair_scores, review queue, singleton confidence).
STORE_MIN_PROBABILITY = 0.01
# Pairs are scored down to this many bits below the kept probability, for the prior's refit.
PRIOR_HEADROOM_BITS = 10.0


@dataclass
class LinkOptions:
    """Options of a run (stored with it)."""

    engine: str = "duckdb"
    threshold: float = DEFAULT_THRESHOLD
    duplicate_threshold: float | None = DEFAULT_DUPLICATE_THRESHOLD
    min_mean: float | None = DEFAULT_MIN_MEAN
    incremental: bool | None = None  # None: incremental when an earlier run exists
    retrain: bool = False
    reuse_model: bool | None = None  # None: reuse the last model when linking incrementally
    seed: int = 42
    min_probability: float = STORE_MIN_PROBABILITY

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class LinkState:
    """What a run starts from, read from the project."""

    records: pd.DataFrame
    decisions: pd.DataFrame
    previous: pd.DataFrame  # record_id, person_id of the persons before the run
    last_run: dict[str, Any] | None


def load_state(project: Project) -> LinkState:
    """Read records, latest decision per pair, current persons and the last run."""
    con = project.con
    records = con.execute(
        f"SELECT {', '.join(st.record_columns(con))} FROM records ORDER BY id"
    ).df()
    decisions = latest_decisions(project)
    previous = con.execute(
        "SELECT record_id, person_id FROM person_records ORDER BY record_id"
    ).df()
    row = con.execute(
        "SELECT id, method, settings, created_at FROM link_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    last = None
    if row is not None:
        last = {"id": int(row[0]), "method": row[1], "settings": row[2], "created_at": row[3]}
    return LinkState(records, decisions, previous, last)


def latest_decisions(project: Project) -> pd.DataFrame:
    """The latest decision of each record pair (ids ordered), with its time."""
    return project.con.execute(
        "SELECT least(record_id_l, record_id_r) AS unique_id_l, "
        "greatest(record_id_l, record_id_r) AS unique_id_r, "
        "arg_max(decision, id) AS decision, max(decided_at) AS decided_at "
        "FROM link_decisions GROUP BY 1, 2 ORDER BY 1, 2"
    ).df()


def _constraints(decisions: pd.DataFrame) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    must = decisions[decisions["decision"] == "match"]
    cannot = decisions[decisions["decision"] == "non_match"]

    def to_list(d: pd.DataFrame) -> list[tuple[int, int]]:
        return list(zip(d["unique_id_l"].astype(int), d["unique_id_r"].astype(int), strict=True))

    return to_list(must), to_list(cannot)


def _fixed_assignment(state: LinkState, cannot: list[tuple[int, int]]) -> dict[int, int]:
    """Existing persons kept as they are: all but those a cannot-link decision splits."""
    prev = state.previous
    if prev.empty:
        return {}
    person_of = dict(zip(prev["record_id"].astype(int), prev["person_id"].astype(int), strict=True))
    dissolved = {
        person_of[a]
        for a, b in cannot
        if a in person_of and b in person_of and person_of[a] == person_of[b]
    }
    live = set(state.records["id"].astype(int))
    return {r: p for r, p in person_of.items() if p not in dissolved and r in live}


def link_records(
    project: Project, options: LinkOptions | None = None, *, spark: Any = None
) -> dict[str, Any]:
    """Run the probabilistic linkage and store its result; returns the run's summary.

    See :func:`undercount.link.run_linkage` for the parameters.
    """
    from undercount.link import train as tr
    from undercount.link.predict import PAIR_COLUMNS, normalise_pairs, predict_pairs

    opt = options or LinkOptions()
    if not 0.0 < opt.threshold < 1.0:
        raise LinkageError(f"The threshold must lie between 0 and 1 (got {opt.threshold}).")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    state = load_state(project)
    n = len(state.records)
    must, cannot = _constraints(state.decisions)
    last_model = None
    if state.last_run and state.last_run["method"] == METHOD and state.last_run["settings"]:
        last_model = json.loads(state.last_run["settings"]).get("model")
    incremental = opt.incremental
    if incremental is None:
        incremental = last_model is not None and not state.previous.empty
    fixed = _fixed_assignment(state, cannot) if incremental else {}
    wants_reuse = incremental if opt.reuse_model is None else opt.reuse_model
    reuse = bool(wants_reuse) and last_model is not None and not opt.retrain
    training: dict[str, Any] = {}
    model: dict[str, Any] | None = last_model if reuse else None
    pairs = normalise_pairs(pd.DataFrame(columns=list(PAIR_COLUMNS)))
    if n >= 2:
        api = tr.db_api(opt.engine, spark=spark, encrypted=project.encrypted)
        if opt.engine == "duckdb":
            # Features are built inside Splink's own DuckDB connection: no pandas copy.
            st.features_into(api.duckdb_con, state.records, "uc_features")
            features: pd.DataFrame | str = "uc_features"
        else:
            features = st.prepare_features(state.records)
        state.records = state.records[["id", "source_id"]]
        timings["features"] = time.perf_counter() - t0
        with tr.captured_splink_warnings() as warnings:
            if model is None:
                model, training = tr.train_model(
                    features,
                    engine=opt.engine,
                    spark=spark,
                    labels=state.decisions,
                    seed=opt.seed,
                    api=api,
                )
            timings["train"] = time.perf_counter() - t0 - sum(timings.values())
            linker = tr.make_linker(features, engine=opt.engine, model=model, spark=spark, api=api)
            model = tr.model_dict(linker)
            try:
                # Pairs down to a much lower probability than kept, so that the prior can
                # be re-estimated from them (see refit_prior), then those kept.
                prior = float(model["probability_two_random_records_match"])
                floor_w = math.log2(opt.min_probability / (1 - opt.min_probability))
                pairs = predict_pairs(
                    linker,
                    min_weight=floor_w - PRIOR_HEADROOM_BITS,
                    own_blocking=opt.engine == "duckdb",
                )
                pairs, refit = refit_priors(pairs, prior, state.records)
                training.update(refit)
                pairs = pairs[pairs["match_probability"] >= opt.min_probability].reset_index(
                    drop=True
                )
            finally:
                tr.close_api(api)
            timings["predict"] = time.perf_counter() - t0 - sum(timings.values())
        training["splink_warnings"] = len(warnings)
    recs = state.records.rename(columns={"id": "record_id"})[["record_id", "source_id"]]
    clustering = cluster_records(
        recs,
        pairs,
        threshold=opt.threshold,
        duplicate_threshold=opt.duplicate_threshold,
        must_link=must,
        cannot_link=cannot,
        fixed=fixed,
        min_mean=opt.min_mean,
    )
    timings["cluster"] = time.perf_counter() - t0 - sum(timings.values())
    assignment = _person_ids(clustering, state.previous)
    summary = _store(
        project,
        opt,
        state,
        model,
        training,
        pairs,
        clustering,
        assignment,
        incremental=bool(incremental),
        reused_model=bool(reuse),
    )
    timings["store"] = time.perf_counter() - t0 - sum(timings.values())
    summary["timings"] = {k: round(v, 3) for k, v in timings.items()}
    return summary


def refit_priors(
    pairs: pd.DataFrame, prior: float, records: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Pairs rescored with a prior refitted apart for cross-list and within-list pairs.

    Lists are mostly free of duplicates, so a pair of records of two lists is far more
    likely a match than a pair within one list; one prior for both (all pairs of all
    records) puts a 300-record list linked to a 20,000-record one at a prior of one in a
    million, and a pair with the same name and age below the threshold. Each kind of pair
    gets the prior at which its expected matches agree with it
    (:func:`undercount.link.predict.refit_prior`; only ever raised).

    The model's prior counts matches over all pairs; when the fixed point above stays low
    (names only, in two scripts: every field's weight is an untrained prior), each kind of
    pair still gets at least its share of those matches, shared out as the scored pairs'
    expected matches are (1,500 Persian against 1,500 Latin names, matches all across the
    lists: the cross-list prior is twice the model's; ``benchmarks/link_names_cross.py``).
    """
    from undercount.link.predict import refit_prior, rescore

    info: dict[str, float] = {"prior_model": prior}
    if pairs.empty:
        return pairs, info
    source = dict(zip(records["id"].astype(int), records["source_id"], strict=True))
    left = pairs["record_id_l"].map(source)
    right = pairs["record_id_r"].map(source)
    cross = (left != right).to_numpy()
    sizes = records["source_id"].value_counts().astype(float)
    n = float(sizes.sum())
    totals = {
        "prior_cross_list": (n * n - float((sizes**2).sum())) / 2,
        "prior_within_list": float((sizes * (sizes - 1) / 2).sum()),
    }
    # The model's matches (prior x all pairs), shared out as the expected matches are.
    probability = pairs["match_probability"].to_numpy(dtype=float)
    expected = {"prior_cross_list": float(probability[cross].sum())}
    expected["prior_within_list"] = float(probability.sum()) - expected["prior_cross_list"]
    matches = prior * (totals["prior_cross_list"] + totals["prior_within_list"])
    out = pairs.copy()
    for key, mask in (("prior_cross_list", cross), ("prior_within_list", ~cross)):
        if totals[key] <= 0 or not mask.any():
            continue
        part = pairs[mask]
        share = expected[key] / sum(expected.values()) if sum(expected.values()) > 0 else 0.0
        new = max(refit_prior(part, prior, totals[key]), min(matches * share / totals[key], 0.5))
        info[key] = new
        if new > prior:
            redone = rescore(part, prior, new)
            out.loc[mask, "match_weight"] = redone["match_weight"].to_numpy()
            out.loc[mask, "match_probability"] = redone["match_probability"].to_numpy()
    return out, info


def _person_ids(clustering: Clustering, previous: pd.DataFrame) -> pd.DataFrame:
    """Give every cluster a person id: the fixed person's, else the previous person it
    overlaps most (each id used once), else a new one."""
    frame = clustering.frame()
    key_to_pid: dict[int, int] = dict(clustering.fixed)
    used = set(key_to_pid.values())
    if not previous.empty:
        m = frame.merge(previous, on="record_id", how="inner")
        m = m[~m["cluster"].isin(list(key_to_pid))]
        if len(m):
            ov = m.groupby(["cluster", "person_id"]).size().reset_index(name="n")
            ov = ov.sort_values(["n", "person_id"], ascending=[False, True], kind="stable")
            for c, p in zip(ov["cluster"].tolist(), ov["person_id"].tolist(), strict=True):
                if c in key_to_pid or p in used:
                    continue
                key_to_pid[c] = int(p)
                used.add(int(p))
    next_id = (
        max([0, *used, *(previous["person_id"].astype(int).tolist() if not previous.empty else [])])
        + 1
    )
    for c in sorted(set(frame["cluster"].tolist()) - set(key_to_pid)):
        key_to_pid[c] = next_id
        next_id += 1
    frame["person_id"] = frame["cluster"].map(key_to_pid).astype("int64")
    return frame[["record_id", "person_id", "confidence"]]


def _changed_persons(new: pd.DataFrame, previous: pd.DataFrame) -> tuple[set[int], set[int]]:
    """(person ids to delete, person ids to write): every person whose records differ.

    A person id keeps its row only when exactly the same records carry it before and after.
    """
    if previous.empty:
        return set(), set(new["person_id"].astype(int))
    m = new[["record_id", "person_id"]].merge(
        previous.rename(columns={"person_id": "old"}), on="record_id", how="outer"
    )
    diff = m["person_id"].fillna(-1).astype("int64") != m["old"].fillna(-1).astype("int64")
    changed = set(m.loc[diff, "person_id"].dropna().astype(int)) | set(
        m.loc[diff, "old"].dropna().astype(int)
    )
    old_ids = set(previous["person_id"].astype(int))
    new_ids = set(new["person_id"].astype(int))
    return changed & old_ids, changed & new_ids


def _store(
    project: Project,
    opt: LinkOptions,
    state: LinkState,
    model: dict[str, Any] | None,
    training: dict[str, Any],
    pairs: pd.DataFrame,
    clustering: Clustering,
    assignment: pd.DataFrame,
    *,
    incremental: bool,
    reused_model: bool,
) -> dict[str, Any]:
    from undercount.link.review import pair_priority

    con = project.con
    n = len(state.records)
    delete_old, write_new = _changed_persons(assignment, state.previous)
    settings = {
        "model": model,
        "options": opt.as_dict(),
        "training": training,
        "incremental": incremental,
        "reused_model": reused_model,
        "blocking": [list(b) for b in st.PREDICTION_BLOCKING],
    }
    from undercount.link.diagnostics import diagnose

    diagnostics = diagnose(project, assignment, model, training)
    n_persons = int(assignment["person_id"].nunique()) if len(assignment) else 0
    n_links = int((pairs["match_probability"] >= opt.threshold).sum()) if len(pairs) else 0
    metrics = {
        "records": n,
        "pairs_scored": int(len(pairs)),
        "pairs_above_threshold": n_links,
        "persons": n_persons,
        "persons_written": len(write_new),
        "persons_removed": len(delete_old - write_new),
        "merges_refused": clustering.refused,
        "decisions": int(len(state.decisions)),
        "diagnostics": diagnostics,
    }
    with project.transaction():
        run_id = con.execute(
            "INSERT INTO link_runs (engine, method, settings, threshold, n_records, n_pairs, "
            "n_persons, metrics, user_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                opt.engine,
                METHOD,
                json.dumps(settings, default=str),
                opt.threshold,
                n,
                int(len(pairs)),
                n_persons,
                json.dumps(metrics),
                project.user,
            ],
        ).fetchone()[0]  # type: ignore[index]
        # Only the latest run's pair scores are kept (the run's settings reproduce older ones).
        con.execute("DELETE FROM pair_scores")
        if len(pairs):
            scored = pairs.copy()
            scored.insert(0, "link_run_id", run_id)
            person = dict(
                zip(assignment["record_id"].tolist(), assignment["person_id"].tolist(), strict=True)
            )
            scored["priority"] = pair_priority(scored, person)
            con.register("_pairs", scored)
            try:
                con.execute(
                    "INSERT INTO pair_scores SELECT link_run_id, record_id_l, record_id_r,"
                    " match_probability, match_weight, priority FROM _pairs"
                )
            finally:
                con.unregister("_pairs")
        if delete_old:
            ids = pd.DataFrame({"id": sorted(delete_old)})
            con.register("_gone", ids)
            try:
                con.execute("DELETE FROM person_records WHERE person_id IN (SELECT id FROM _gone)")
                con.execute("DELETE FROM persons WHERE id IN (SELECT id FROM _gone)")
            finally:
                con.unregister("_gone")
        if not state.previous.empty:
            # Records that no longer exist (never expected, but keep the tables consistent).
            con.execute(
                "DELETE FROM person_records WHERE record_id NOT IN (SELECT id FROM records)"
            )
        if write_new:
            rows = assignment[assignment["person_id"].isin(list(write_new))]
            con.register("_new", rows)
            try:
                con.execute(
                    "DELETE FROM person_records WHERE record_id IN (SELECT record_id FROM _new)"
                )
                con.execute("INSERT INTO person_records SELECT person_id, record_id FROM _new")
                con.execute(
                    "INSERT INTO persons (id, canonical_name, confidence, link_run_id) "
                    "SELECT n.person_id, arg_min(r.name, r.id), min(n.confidence), ? "
                    "FROM _new n JOIN records r ON r.id = n.record_id GROUP BY n.person_id",
                    [run_id],
                )
            finally:
                con.unregister("_new")
        project.audit(
            "link",
            "link_run",
            run_id,
            details={
                "method": METHOD,
                "engine": opt.engine,
                "threshold": opt.threshold,
                "records": n,
                "persons": n_persons,
                "pairs": int(len(pairs)),
                "persons_written": len(write_new),
                "incremental": incremental,
            },
        )
    return {
        "run_id": int(run_id),
        **metrics,
        "fields": [f["field"] for f in diagnostics["fields"] if f["filled"]],
        "warnings": diagnostics["warnings"],
        "incremental": incremental,
        "reused_model": reused_model,
    }
