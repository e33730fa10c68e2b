"""Record linkage: records -> persons.

The default method is probabilistic linkage on Splink 5 (:mod:`undercount.link.settings`
describes the model); ``method="exact"`` is the naive exact-key baseline.

Modules: ``settings`` (features, comparisons, blocking), ``train`` (EM and labels),
``predict`` (scored pairs), ``cluster`` (constrained clustering), ``run`` (one stored run),
``review`` (queue and decisions), ``evaluate`` (against ground truth), ``spark`` (Spark
backend).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from undercount.store.project import Project

__all__ = ["record_decision", "review_queue", "run_linkage"]

# Defaults measured on simulated 4-list data (benchmarks/link_quality.py): the model's
# probabilities are calibrated pair by pair, and a person is supported by several pairs, so
# the best pairwise F1 comes at a low pair threshold guarded by the average-linkage rule.
DEFAULT_THRESHOLD = 0.2
DEFAULT_DUPLICATE_THRESHOLD = 0.8
DEFAULT_MIN_MEAN = 0.2


def run_linkage(
    project: Project,
    *,
    method: str = "probabilistic",
    engine: str = "duckdb",
    threshold: float = DEFAULT_THRESHOLD,
    duplicate_threshold: float | None = DEFAULT_DUPLICATE_THRESHOLD,
    min_mean: float | None = DEFAULT_MIN_MEAN,
    incremental: bool | None = None,
    retrain: bool = False,
    reuse_model: bool | None = None,
    seed: int = 42,
    spark: Any = None,
    summary: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Link the project's records into persons and store them; returns the persons.

    Parameters
    ----------
    project : Project
        The project (its records and reviewers' decisions are read, its persons written).
    method : {'probabilistic', 'exact'}
        Splink-based probabilistic linkage (default) or the exact-key baseline.
    engine : {'duckdb', 'spark'}
        Backend Splink runs on.
    threshold : float
        Match probability at or above which two records may be one person (default 0.2;
        the average-linkage and one-record-per-source guards keep chains in check).
    duplicate_threshold : float, optional
        Probability two records of the same source need to be one person (within-list
        duplicates); a cluster never holds two records of one source otherwise. ``None``:
        the same as ``threshold``.
    min_mean : float, optional
        Average-linkage guard: two groups of records become one person only if the mean
        match probability over all their record pairs reaches it (``None``: no guard).
    incremental : bool, optional
        Keep existing persons and link new records to them (default: when an earlier
        probabilistic run exists). ``False`` re-clusters everything (person ids are kept
        where a person's records overlap its earlier person).
    retrain : bool
        In incremental mode, train a new model instead of reusing the last run's.
    reuse_model : bool, optional
        Score with the last run's model instead of training (default: when incremental).
        Runs with the same model and data give the same persons on either engine.
    seed : int
        Seed of the training samples.
    spark : pyspark.sql.SparkSession, optional
        Session to use with ``engine='spark'`` (default: a local one).
    summary : dict, optional
        Filled with the run's summary (run id, counts, timings; no personal data).

    Returns
    -------
    DataFrame
        ``person_id``, ``canonical_name``, ``confidence``, ``record_ids``.
    """
    if method == "exact":
        from undercount.link.exact import link_exact

        return link_exact(project)
    if method != "probabilistic":
        from undercount.errors import LinkageError

        raise LinkageError(f"Unknown linkage method '{method}'. Use 'probabilistic' or 'exact'.")
    from undercount.link.run import LinkOptions, link_records

    opts = LinkOptions(
        engine=engine,
        threshold=threshold,
        duplicate_threshold=duplicate_threshold,
        min_mean=min_mean,
        incremental=incremental,
        retrain=retrain,
        reuse_model=reuse_model,
        seed=seed,
    )
    result = link_records(project, opts, spark=spark)
    if summary is not None:
        summary.update(result)
    return project.persons()


def __getattr__(name: str) -> Any:
    if name in ("review_queue", "record_decision"):
        from undercount.link import review

        return getattr(review, name)
    raise AttributeError(f"module 'undercount.link' has no attribute {name!r}")
