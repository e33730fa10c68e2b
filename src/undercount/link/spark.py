"""Splink's Spark backend (``--engine spark``): a local SparkSession with what Splink needs.

Two settings the defaults lack: Splink's jar of string-similarity functions (Jaro-Winkler is
missing without it) and a checkpoint directory (Splink checkpoints intermediate tables).
Needs ``pip install 'undercount[spark]'`` and Java 17.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

import pandas as pd

from undercount.errors import LinkageError
from undercount.link import settings as st

_SESSION: Any = None


def spark_missing() -> str | None:
    """Why the Spark engine cannot run here (``None`` when it can)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed: pip install 'undercount[spark]'"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "Java is not installed: install a Java 17 runtime (e.g. openjdk-17-jre-headless)"
    return None


def local_session(cores: int | str = "*", memory: str = "4g") -> Any:
    """A local SparkSession configured for Splink (created once per process).

    Parameters
    ----------
    cores : int or '*'
        Local cores to use.
    memory : str
        Driver memory.
    """
    global _SESSION
    why = spark_missing()
    if why:
        raise LinkageError(f"The Spark engine cannot run: {why}. Or use --engine duckdb.")
    if _SESSION is not None:
        return _SESSION
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    checkpoints = tempfile.mkdtemp(prefix="undercount-spark-")
    partitions = max(2, os.cpu_count() or 2) if cores == "*" else max(2, int(cores))
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("undercount-link")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.local.dir", checkpoints)
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(os.path.join(checkpoints, "checkpoints"))
    _SESSION = spark
    return spark


def spark_api(spark: Any = None) -> Any:
    """Splink's ``SparkAPI`` on ``spark`` (default: :func:`local_session`)."""
    from splink import SparkAPI

    return SparkAPI(spark_session=spark or local_session(), break_lineage_method="persist")


def to_spark(api: Any, features: pd.DataFrame) -> Any:
    """The feature table as a Spark DataFrame with explicit column types."""
    from pyspark.sql import types as T

    spark = api.spark
    kinds = {
        "BIGINT": T.LongType(),
        "VARCHAR": T.StringType(),
        "VARCHAR[]": T.ArrayType(T.StringType()),
    }
    cols = [c for c in ("unique_id", *st.FEATURE_COLUMNS) if c in features]
    schema = T.StructType(
        [T.StructField(c, kinds[st.FEATURE_TYPES.get(c, "VARCHAR")], True) for c in cols]
    )
    frame = features[cols].astype(object).where(features[cols].notna(), None)

    def value(c: str, v: Any) -> Any:
        if v is None:
            return None
        kind = st.FEATURE_TYPES.get(c)
        if kind == "BIGINT":
            return int(v)
        if kind == "VARCHAR[]":
            return [str(x) for x in v]
        return str(v)

    rows = [
        tuple(value(c, v) for c, v in zip(cols, r, strict=True))
        for r in frame.itertuples(index=False, name=None)
    ]
    return spark.createDataFrame(rows, schema=schema)
