"""Apache Spark (Splink's Spark backend): the same model for national-scale linkage.

Local mode on this machine by default (`local[N]`); a cluster when
DATUSOBAN_SPARK_MASTER names one (e.g. `spark://host:7077`). Splink's
similarity functions come from its jar on `spark.jars`; checkpoints, spill
and the warehouse go to a private temporary folder that is removed after the
run, so a run creates nothing but its output. pyspark is an optional extra.
"""

from __future__ import annotations

import os
import uuid
from contextlib import ExitStack
from types import TracebackType
from typing import Any

import polars as pl
from splink.internals.splink_dataframe import SplinkDataFrame

from datusoban import config, scratch
from datusoban.penautan.errors import LinkInputError


class SparkSession:
    """A Spark session for one run, with Splink's UDFs registered."""

    dialect = "spark"

    def __init__(self, *, threads: int | None = None) -> None:
        self.threads = threads or os.cpu_count() or 1
        self._folders = ExitStack()
        self._run_dir = ""
        self._spark: Any = None

    def __enter__(self) -> SparkSession:
        try:
            from pyspark.sql import SparkSession as PySparkSession
            from splink.backends.spark import SparkAPI, similarity_jar_location
        except ImportError:
            raise LinkInputError(
                "--engine spark needs pyspark: pip install -c requirements/lock.txt "
                "-e '.[spark]' (and Java 17)"
            ) from None
        master = config.get("DATUSOBAN_SPARK_MASTER")
        shared = config.get("DATUSOBAN_SPARK_WORK_DIR").rstrip("/")
        if master and not shared:
            # Executors on other machines write checkpoints there: a folder on
            # this machine alone would not be found, and the run would fail late.
            raise LinkInputError(
                "DATUSOBAN_SPARK_MASTER is set: set DATUSOBAN_SPARK_WORK_DIR too, a folder "
                "every executor can reach (hdfs://..., s3a://... or a shared mount)"
            )
        # Scratch on this machine (Spark's spill in local mode, and nothing else),
        # in the run's folder under $DATUSOBAN_HOME/tmp (scratch.py).
        work = self._folders.enter_context(scratch.run_folder("spark"))
        self._run_dir = (
            f"{shared}/datusoban-{uuid.uuid4().hex[:12]}" if shared else str(work / "run")
        )
        builder = (
            PySparkSession.builder.master(master or f"local[{self.threads}]")
            .appName("datusoban-link")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.warehouse.dir", f"{self._run_dir}/warehouse")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", config.get("DATUSOBAN_SPARK_MEMORY"))
        )
        if not master:
            # One machine: scratch in the private folder and, for its few cores,
            # fewer shuffle partitions than Spark's 200, which would spend more
            # time scheduling than working. A cluster keeps its own settings
            # (spark-defaults.conf: executors, partitions, scratch folders).
            builder = builder.config("spark.local.dir", str(work / "local")).config(
                "spark.sql.shuffle.partitions", str(max(4, self.threads * 4))
            )
        self._spark = builder.getOrCreate()
        self._spark.sparkContext.setLogLevel("ERROR")
        self._spark.sparkContext.setCheckpointDir(f"{self._run_dir}/checkpoints")
        self.api = SparkAPI(spark_session=self._spark, break_lineage_method="parquet")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._spark is not None:
            self._remove_run_dir()
            self._spark.stop()
        self._folders.close()

    def _remove_run_dir(self) -> None:
        # The run's folder may be on HDFS or S3: remove it through Spark's own
        # Hadoop file system, which speaks all of them.
        jvm = self._spark.sparkContext._jvm
        path = jvm.org.apache.hadoop.fs.Path(self._run_dir)
        path.getFileSystem(self._spark.sparkContext._jsc.hadoopConfiguration()).delete(path, True)

    def register(self, frame: pl.DataFrame, name: str) -> SplinkDataFrame:
        """Hand the frame to Spark through Arrow."""
        table = self._spark.createDataFrame(frame.to_arrow())
        return self.api.register(table, table_name=name)

    def to_polars(self, table: SplinkDataFrame) -> pl.DataFrame:
        """A result table as a Polars frame (collected to the driver: results are pairs
        above the review threshold, not the compared pairs)."""
        return pl.from_arrow(table.as_spark_dataframe().toArrow())
