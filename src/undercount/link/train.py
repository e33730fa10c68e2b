"""Build a Splink linker on the feature table and train its parameters.

Training is unsupervised: the prior match probability from deterministic rules, u
probabilities from random pairs, m probabilities by expectation maximisation in two sessions
(one blocked on the name key, one on date and place, so that every comparison is trained in
one of them). Human ``match`` decisions, when there are enough of them, then re-estimate the m
probabilities from labelled pairs.
"""

from __future__ import annotations

import logging
import math
import re
import shutil
import uuid
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from undercount.errors import LinkageError
from undercount.link import priors as pr
from undercount.link import settings as st
from undercount.store.sql import literal as sql_literal

_SPLINK_LOGGERS = ("splink", "splink.internals", "py4j")

# Memory DuckDB may use for linkage before spilling to disk.
DUCKDB_MEMORY_LIMIT = "5GB"

# Larger inputs are trained on a uniform sample of this many records.
TRAIN_SAMPLE = 100_000

# Fewer match labels than this and the m probabilities stay as EM found them.
MIN_MATCH_LABELS = 20


def quiet_splink() -> None:
    """Keep Splink's logging at WARNING: some of its debug output prints record values."""
    for name in _SPLINK_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(
            record.getMessage().strip().splitlines()[0][:200] if record.getMessage().strip() else ""
        )


@contextmanager
def captured_splink_warnings() -> Iterator[list[str]]:
    """Collect Splink's warnings (untrained levels, sampling notes) instead of printing them.

    Splink's warnings name comparison levels, never record values; the run summary keeps
    their count and first lines.
    """
    logger = logging.getLogger("splink")
    handler = _Collect()
    old_propagate, old_level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    quiet_splink()
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
        logger.setLevel(old_level or logging.WARNING)


def db_api(engine: str, *, spark: Any = None, encrypted: bool = False) -> Any:
    """A Splink database API for ``engine`` ('duckdb' or 'spark').

    For an encrypted project nothing may reach disk in plaintext: Splink's DuckDB then works
    in memory only (no spill folder), and the Spark engine is refused.
    """
    if encrypted and engine != "duckdb":
        raise LinkageError(
            "The Spark engine writes intermediate tables to disk unencrypted; an encrypted "
            "project links with --engine duckdb (in memory)."
        )
    if engine == "duckdb":
        import tempfile

        from splink import DuckDBAPI

        api = DuckDBAPI()
        if encrypted:
            api.duckdb_con.execute("SET temp_directory = ''")  # no spilling: memory only
            return api
        # Bounded memory: DuckDB spills to a private temporary folder beyond this.
        api.duckdb_con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        spill = tempfile.mkdtemp(prefix="undercount-link-")
        api.duckdb_con.execute(f"SET temp_directory = {sql_literal(str(spill))}")
        api.uc_spill_dir = spill  # removed by close_api
        # A linker whose caller never calls close_api (make_linker without an api) leaves
        # no folder behind either: removed when the API is collected, or at exit.
        weakref.finalize(api, shutil.rmtree, spill, True)
        return api
    if engine == "spark":
        from undercount.link.spark import spark_api

        return spark_api(spark)
    raise LinkageError(f"Unknown linkage engine '{engine}'. Use --engine duckdb or --engine spark.")


def close_api(api: Any) -> None:
    """Release a DuckDB API made by :func:`db_api` and delete its spill folder."""
    spill = getattr(api, "uc_spill_dir", None)
    con = getattr(api, "duckdb_con", None)
    if con is not None:
        try:
            con.close()
        except Exception:  # noqa: BLE001 - closing twice is harmless
            pass
    if spill:
        shutil.rmtree(spill, ignore_errors=True)


def make_linker(
    features: pd.DataFrame | str,
    *,
    engine: str = "duckdb",
    model: dict[str, Any] | None = None,
    settings: Any = None,
    spark: Any = None,
    api: Any = None,
) -> Any:
    """A Splink ``Linker`` deduplicating ``features`` (from :func:`settings.prepare_features`).

    Parameters
    ----------
    features : DataFrame or str
        The feature table, or the name of a table in ``api``'s DuckDB connection (built by
        :func:`settings.features_into`).
    engine : {'duckdb', 'spark'}
        Splink backend.
    model : dict, optional
        A trained model (``save_model_to_json`` output) to reuse instead of new settings.
    settings : SettingsCreator, optional
        Settings to use when no model is given (default :func:`settings.settings_creator`).
    api : DatabaseAPI, optional
        The Splink database API to use (default: a new one for ``engine``).
    """
    from splink import Linker

    quiet_splink()
    api = api or db_api(engine, spark=spark)
    name = f"uc_records_{uuid.uuid4().hex[:12]}"
    if isinstance(features, str):
        table = api.register(features, dataset_display_name="records", table_name=name)
    elif engine == "spark":
        from undercount.link.spark import to_spark

        # Spark's catalog outlives one linker: give each input table its own name.
        table = api.register(
            to_spark(api, features), dataset_display_name="records", table_name=name
        )
    else:
        # Register through DuckDB itself (no pyarrow round trip), then hand Splink the name.
        con = api.duckdb_con
        con.register("uc_link_frame", features)
        cols = ", ".join(
            f"CAST({c} AS {st.FEATURE_TYPES.get(c, 'VARCHAR')}) AS {c}"
            for c in ("unique_id", *st.FEATURE_COLUMNS)
            if c in features
        )
        con.execute(f"CREATE OR REPLACE TABLE {name}_in AS SELECT {cols} FROM uc_link_frame")
        con.unregister("uc_link_frame")
        table = api.register(f"{name}_in", dataset_display_name="records", table_name=name)
    if model is not None:
        cfg = st.adapt_model(model, engine)
    else:
        cfg = settings or st.settings_creator(dialect=engine)
    if not _has_aliases(features, api, engine):
        cfg = _without_exploded_rules(cfg, engine)
    linker = Linker(table, cfg, log_level=None)
    quiet_splink()
    return linker


def _has_aliases(features: pd.DataFrame | str, api: Any, engine: str) -> bool:
    """Whether any record has an alias blocking key (``True`` when it cannot be told)."""
    if isinstance(features, str):
        if engine != "duckdb":
            return True
        con = api.duckdb_con
        cols = {d[0] for d in con.execute(f"SELECT * FROM {features} LIMIT 0").description}
        if "blk_alias" not in cols:
            return False
        row = con.execute(f"SELECT count(*) FROM {features} WHERE blk_alias IS NOT NULL").fetchone()
        return bool(row and row[0])
    if "blk_alias" not in features:
        return False
    return bool(features["blk_alias"].notna().any())


def _without_exploded_rules(cfg: Any, engine: str) -> Any:
    """The settings without the alias blocking rule: with no alias anywhere it finds no
    pair, and Splink still pays for exploding it (a separate pass over every record)."""
    if isinstance(cfg, dict):
        out = dict(cfg)
        out["blocking_rules_to_generate_predictions"] = [
            r
            for r in cfg.get("blocking_rules_to_generate_predictions", [])
            if not (isinstance(r, dict) and r.get("arrays_to_explode"))
        ]
        return out
    rules = getattr(cfg, "blocking_rules_to_generate_predictions", None)
    if rules:
        cfg.blocking_rules_to_generate_predictions = [
            r for r in rules if not getattr(r, "arrays_to_explode", None)
        ]
    return cfg


def train(
    linker: Any,
    *,
    n_records: int,
    labels: pd.DataFrame | None = None,
    seed: int = 42,
    em_max_pairs: float | None = None,
    u_max_pairs: float | None = None,
    em_blocking: Sequence[Sequence[tuple[str, ...]]] = st.EM_BLOCKING,
    filled: set[str] | None = None,
) -> dict[str, Any]:
    """Estimate the model's parameters in place; returns a summary (no personal data).

    Parameters
    ----------
    linker : splink.Linker
        From :func:`make_linker`.
    n_records : int
        Number of records (sizes the samples).
    labels : DataFrame, optional
        Human decisions with ``unique_id_l``, ``unique_id_r`` and ``decision``.
    seed : int
        Seed of the u sampling (training is reproducible for a given seed and data).
    em_max_pairs, u_max_pairs : float, optional
        Caps on the pairs used by EM and by u estimation (default: sized from ``n_records``).
    em_blocking : sequence
        EM sessions, each a list of alternative blocking rules (columns).
    filled : set of str, optional
        Columns the lists fill (judges whether an EM session separated matches).
    """
    from splink import block_on

    t = linker.training
    summary: dict[str, Any] = {"seed": seed}
    # EM starts from the shipped priors; a comparison it cannot train keeps them.
    pr.set_priors(linker)
    if u_max_pairs is None:
        u_max_pairs = u_pairs_for(n_records)
    if em_max_pairs is None:
        em_max_pairs = float(min(max(n_records * 20, 1e5), 1e6))
    total_pairs = n_records * (n_records - 1) / 2
    prior = 0.0
    for rules, recall in (
        (st.DETERMINISTIC_RULES, st.DETERMINISTIC_RECALL),
        ((("name_key", "date_day"),), 0.6),
        ((("name_key",),), 0.9),
    ):
        try:
            t.estimate_probability_two_random_records_match(
                [block_on(*r) for r in rules], recall=recall
            )
            prior = float(linker._settings_obj._probability_two_random_records_match)
        except Exception:  # noqa: BLE001 - Splink raises plain exceptions on empty data
            prior = 0.0
        if prior > 0:
            summary["prior_rules"] = ["+".join(r) for r in rules]
            break
    if not prior > 0:
        # No deterministic match at all (tiny or very noisy data): one match per record.
        linker._settings_obj._probability_two_random_records_match = min(
            0.5, max(n_records / max(total_pairs, 1.0), 1e-9)
        )
        summary["prior_fallback"] = True
    t.estimate_u_using_random_sampling(
        max_pairs=u_max_pairs, seed=seed, min_count_per_level=None, num_chunks=1
    )
    summary["u_max_pairs"] = u_max_pairs
    changes = pr.smooth_u(linker, min(u_max_pairs, total_pairs))
    sessions = 0
    trained: set[str] = set()
    degenerate: list[set[str]] = []
    expected_matches = float(linker._settings_obj._probability_two_random_records_match) * (
        total_pairs
    )
    for alternatives in em_blocking:
        for rule in alternatives:
            if any(set(rule) <= d for d in degenerate):
                # Coarser blocks than a degenerate one hold fewer matches still: skip.
                summary.setdefault("em_skipped", []).append(f"{'+'.join(rule)}: coarser")
                continue
            share = _block_match_share(linker, rule, expected_matches)
            if share is not None:
                summary.setdefault("em_block_share", {})["+".join(rule)] = round(share, 5)
            free = _free_comparisons(rule, filled)
            need = MIN_FREE_COMPARISONS + (share is None or share < DENSE_BLOCK_SHARE)
            if free is not None and len(free) < need:
                # EM with one field left to compare is a mixture of two distributions of
                # that field alone: any split fits, none says which pairs match. Where
                # matches are a minority of the block it needs a third field to find them.
                summary.setdefault("em_skipped", []).append(
                    f"{'+'.join(rule)}: leaves {len(free)} field(s) to train"
                )
                continue
            saved = linker._settings_obj.core_model_settings.copy()
            try:
                with _allow_tiny_probabilities(), _quick_exact_match_test():
                    t.estimate_parameters_using_expectation_maximisation(
                        block_on(*rule),
                        estimate_without_term_frequencies=True,
                        max_pairs=em_max_pairs if total_pairs > em_max_pairs else None,
                    )
            except Exception as exc:  # noqa: BLE001 - EM fails on degenerate blocks
                # A failed session may leave the model half-updated: restore it.
                linker._settings_obj.core_model_settings = saved
                linker._populate_m_u_from_trained_values()
                summary.setdefault("em_skipped", []).append(
                    f"{'+'.join(rule)}: {type(exc).__name__}"
                )
                continue
            if _degenerate(linker, rule, filled):
                # Every blocked pair a "match": EM explained the data without telling
                # matches apart (it happens when the block holds few matches). Undo it.
                linker._settings_obj.core_model_settings = saved
                linker._populate_m_u_from_trained_values()
                summary.setdefault("em_skipped", []).append(f"{'+'.join(rule)}: degenerate")
                degenerate.append(set(rule))
                continue
            sessions += 1
            summary.setdefault("em_rules", []).append("+".join(rule))
            trained |= {c for c, cols in st.COMPARISON_COLUMNS.items() if not set(cols) & set(rule)}
            break
    summary["em_sessions"] = sessions
    summary["em_trained"] = sorted(trained)
    changes += pr.check_and_repair(linker, trained)
    summary["levels_floored"] = regularise(linker)
    if labels is not None and len(labels):
        matches = labels[labels["decision"] == "match"]
        summary["match_labels"] = int(len(matches))
        if len(matches) >= MIN_MATCH_LABELS:
            tab = linker._db_api.register(
                matches[["unique_id_l", "unique_id_r"]].assign(
                    source_dataset_l="records", source_dataset_r="records"
                )
            )
            t.estimate_m_from_pairwise_labels(tab)
            summary["m_from_labels"] = True
            changes += pr.check_and_repair(linker, set(st.COMPARISON_COLUMNS))
            summary["levels_floored"] = regularise(linker)
    summary["model_changes"] = changes
    summary["fell_back"] = sorted(
        {c["comparison"] for c in changes if c["level"] is None and c["change"].startswith("prior")}
    )
    return summary


# An EM session must leave at least this many filled comparisons off its blocking rule, and
# one more where matches can be at most DENSE_BLOCK_SHARE of the block's pairs. On the Gaza
# lists (name, age, sex) EM blocked on age and sex, or on age alone, either ended
# degenerate or put most matches on "names differ": recall 0.75-0.92 where the shipped
# name prior gives 0.99 (benchmarks/link_real.py, s500 and s500-nosex). Blocked on the
# name key (nearly all pairs matches) age and sex train well.
MIN_FREE_COMPARISONS = 2
DENSE_BLOCK_SHARE = 0.5


def _free_comparisons(rule: Sequence[str], filled: set[str] | None) -> list[str] | None:
    """Comparisons an EM session blocked on ``rule`` trains among those the lists fill
    (``None`` when which columns are filled is not known)."""
    if filled is None:
        return None
    return [
        c
        for c, cols in st.COMPARISON_COLUMNS.items()
        if set(cols) & filled and not set(cols) & set(rule)
    ]


def u_pairs_for(n_records: int) -> float:
    """Random pairs sampled to estimate u for ``n_records`` records.

    Twenty-five pairs a record, at least 200,000 and at most 1,000,000. Every pair is
    compared on every comparison (the name comparison is the costly one): on the two full
    Gaza releases (38,812 records) two million pairs took half the run, and a million give
    the same persons (``benchmarks/link_real.py``).
    """
    return float(min(max(n_records * 25, 2e5), 1e6))


def _block_match_share(linker: Any, rule: Sequence[str], expected_matches: float) -> float | None:
    """Upper bound on the share of matches among the pairs an EM block holds.

    A block of mostly matches (the name key) trains with two fields left to compare; a
    block where matches are a minority needs three (:data:`DENSE_BLOCK_SHARE`).

    ``expected_matches`` (prior times all pairs) over the pairs of records that agree on
    every column of ``rule``; ``None`` when the count fails.
    """
    try:
        table = next(iter(linker._input_tables_dict.values())).physical_name
        cols = ", ".join(rule)
        known = " AND ".join(f"{c} IS NOT NULL" for c in rule)
        sql = (
            f"SELECT sum(c * (c - 1) / 2) AS n FROM (SELECT count(*) AS c FROM {table} "
            f"WHERE {known} GROUP BY {cols})"
        )
        n = linker.misc.query_sql(sql, output_type="pandas")["n"].iloc[0]
    except Exception:  # noqa: BLE001 - the share is advice; EM decides without it
        return None
    if n is None or not float(n) > 0:
        return None
    return min(1.0, expected_matches / float(n))


# An EM session is degenerate when it ends calling nearly every blocked pair a match
# (share above MAX_SESSION_LAMBDA) while no field it trained tells matches from random
# pairs (m within MIN_SEPARATION, in total variation, of u).
MAX_SESSION_LAMBDA = 0.9
MIN_SEPARATION = 0.25


def _degenerate(linker: Any, rule: Sequence[str], filled: set[str] | None) -> bool:
    """Whether the last EM session explained its pairs without separating matches."""
    sessions = getattr(linker, "_em_training_sessions", None) or []
    if not sessions:
        return False
    history = getattr(sessions[-1], "_lambda_history_records", None) or []
    lam = history[-1].get("probability_two_random_records_match") if history else None
    if not isinstance(lam, float | int) or lam <= MAX_SESSION_LAMBDA:
        return False
    separation = []
    for comp in linker._settings_obj.comparisons:
        cols = set(st.COMPARISON_COLUMNS.get(comp.output_column_name, ()))
        if cols & set(rule) or (filled is not None and not cols & filled):
            continue
        levels = [lv for lv in comp.comparison_levels if not lv.is_null_level]
        m = [float(lv._m_probability or 0.0) for lv in levels]
        u = [float(lv._u_probability or 0.0) for lv in levels]
        if sum(m) <= 0 or sum(u) <= 0:
            continue
        separation.append(
            0.5 * sum(abs(a / sum(m) - b / sum(u)) for a, b in zip(m, u, strict=True))
        )
    return bool(separation) and max(separation) < MIN_SEPARATION


@contextmanager
def _allow_tiny_probabilities() -> Iterator[None]:
    """Let EM drive an m or u probability towards zero without Splink 5.0 raising.

    Splink 5.0 refuses probabilities below 1e-300, which EM reaches for a level that no
    match of the training block shows; such values are clamped to 1e-300 here (and floored
    by :func:`regularise` afterwards).
    """
    from splink.internals.comparison_level import ComparisonLevel

    saved = {name: getattr(ComparisonLevel, name) for name in ("m_probability", "u_probability")}

    def clamped(prop: property) -> property:
        def setter(self: Any, value: Any) -> None:
            if isinstance(value, float | int) and value < 1e-300:
                value = 1e-300
            prop.fset(self, value)  # type: ignore[misc]

        return property(prop.fget, setter)

    for name, prop in saved.items():
        setattr(ComparisonLevel, name, clamped(prop))
    try:
        yield
    finally:
        for name, prop in saved.items():
            setattr(ComparisonLevel, name, prop)


# SQL no exact-match level can hold: a function call, OR, an inequality.
_NOT_EXACT = re.compile(r"\w\(|\bor\b|<|>|!=|\blike\b", re.IGNORECASE)


@contextmanager
def _quick_exact_match_test() -> Iterator[None]:
    """Answer Splink's "is this level an exact match?" without sqlglot where SQL shows it.

    Each EM session asks it of every level, and Splink answers by normalising the level's
    SQL to conjunctive form: on the name comparison's long OR-chains of string distances
    that took 1.6 s a session (full Gaza releases). A level whose SQL calls a function or
    holds OR or an inequality is no exact match; others are still asked of Splink.
    """
    from splink.internals.comparison_level import ComparisonLevel

    original = ComparisonLevel._is_exact_match

    def quick(self: Any) -> bool:
        if not self._is_else_level and _NOT_EXACT.search(str(self.sql_condition)):
            return False
        return bool(original.fget(self))

    ComparisonLevel._is_exact_match = property(quick)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        ComparisonLevel._is_exact_match = original  # type: ignore[method-assign]


# Floors on trained probabilities: a level never seen among matches (or non-matches) in
# training still happens, and a zero would make one field veto (or force) a match.
M_FLOOR = 0.002
U_FLOOR = 1e-5


def regularise(linker: Any) -> int:
    """Floor m and u probabilities (untrained or zero ones included); returns levels changed."""
    changed = 0
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m, u = level._m_probability, level._u_probability
            m_ok, u_ok = isinstance(m, float | int), isinstance(u, float | int)
            if not m_ok and not u_ok:
                # Never seen in training at all: neutral (weight 0).
                level.m_probability = level.u_probability = M_FLOOR
                changed += 2
                continue
            if not m_ok or m < M_FLOOR:
                level.m_probability = M_FLOOR
                changed += 1
            if not u_ok or u < U_FLOOR:
                level.u_probability = U_FLOOR
                changed += 1
    return changed


def train_model(
    features: pd.DataFrame | str,
    *,
    engine: str = "duckdb",
    spark: Any = None,
    labels: pd.DataFrame | None = None,
    seed: int = 42,
    api: Any = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Train the model on the compared columns only; returns (model, training summary).

    Training samples cartesian products of records: leaving out the blocking keys keeps
    those samples small. Above :data:`TRAIN_SAMPLE` records a uniform sample of records is
    trained on (parameters are proportions; the prior is scaled back to all pairs). The model
    is then used with :func:`make_linker` to predict.

    Parameters
    ----------
    features : DataFrame or str
        Feature table, or a table name in ``api``'s DuckDB connection.
    """
    cols = ["unique_id", "source_id", *st.COMPARED_COLUMNS]
    if isinstance(features, str):
        con = api.duckdb_con
        n = int(con.execute(f"SELECT count(*) FROM {features}").fetchone()[0])
        sample_sql = (
            f" USING SAMPLE reservoir({TRAIN_SAMPLE} ROWS) REPEATABLE ({int(seed)})"
            if n > TRAIN_SAMPLE
            else ""
        )
        con.execute(
            f"CREATE OR REPLACE TABLE uc_train AS SELECT * FROM (SELECT {', '.join(cols)}"
            f" FROM {features}{sample_sql}) ORDER BY unique_id"
        )
        n_s = int(con.execute("SELECT count(*) FROM uc_train").fetchone()[0])
        shares = con.execute(
            "SELECT source_id, "
            + ", ".join(
                f"avg(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in st.COMPARED_COLUMNS
            )
            + " FROM uc_train GROUP BY source_id"
        ).df()
        shares.columns = ["source_id", *st.COMPARED_COLUMNS]
        filled = filled_columns(shares)
        source: pd.DataFrame | str = "uc_train"
    else:
        n = len(features)
        sample = features[cols]
        if n > TRAIN_SAMPLE:
            sample = sample.sample(n=TRAIN_SAMPLE, random_state=seed).sort_values("unique_id")
        n_s = len(sample)
        filled = filled_columns(
            sample[list(st.COMPARED_COLUMNS)].notna().groupby(sample["source_id"]).mean()
        )
        source = sample
    linker = make_linker(
        source,
        engine=engine,
        spark=spark,
        api=api,
        settings=st.settings_creator(dialect=engine, blocking=()),
    )
    # EM blocking rules on columns mostly missing here train nothing: leave them out.
    em_blocking = [[r for r in alts if set(r) <= filled] for alts in st.EM_BLOCKING]
    summary = train(
        linker,
        n_records=n_s,
        labels=labels,
        seed=seed,
        em_blocking=[a for a in em_blocking if a],
        filled=filled,
    )
    summary["filled"] = sorted(filled)
    model = model_dict(linker)
    if n > n_s:
        model["probability_two_random_records_match"] *= (n_s - 1) / (n - 1)
        summary["trained_on"] = n_s
    return model, summary


def filled_columns(shares: pd.DataFrame) -> set[str]:
    """Columns filled in at least half the records of every source that has them, and of
    at least two sources when there are several (blocking on a column one list lacks
    would only pair records of the other list).

    ``shares``: one row per source, one column per compared column (share filled).
    """
    shares = shares.drop(columns=["source_id"], errors="ignore")
    need = 2 if len(shares) > 1 else 1
    out = set()
    for c in st.COMPARED_COLUMNS:
        if c in shares and int((shares[c].astype(float) >= 0.5).sum()) >= need:
            out.add(c)
    return out


def model_dict(linker: Any) -> dict[str, Any]:
    """The trained model as a JSON-able dict (settings and parameters, no data)."""
    d = linker.misc.save_model_to_json()
    _check_finite(d)
    return d


def _check_finite(d: Any) -> None:
    if isinstance(d, dict):
        for v in d.values():
            _check_finite(v)
    elif isinstance(d, list):
        for v in d:
            _check_finite(v)
    elif isinstance(d, float) and not math.isfinite(d):
        raise LinkageError(
            "Training produced a non-finite parameter. Re-run with more data, "
            "or report this with the link run's settings."
        )
