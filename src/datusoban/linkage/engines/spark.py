"""Apache Spark (Splink's Spark backend): for national-scale linkage. Not wired yet.

The model is engine-neutral (conditions are translated from DuckDB SQL by
Splink), so this module only has to open a SparkAPI with Splink's
similarity jar on spark.jars and a checkpoint directory, register frames and
read results back, as engines/duckdb.py does.
"""

from __future__ import annotations

from datusoban.linkage.errors import LinkInputError


class SparkSession:
    """Placeholder until the Spark engine lands: refuses with a clear message."""

    dialect = "spark"

    def __enter__(self) -> SparkSession:
        raise LinkInputError(
            "--engine spark is not available yet in this version; use --engine duckdb"
        )

    def __exit__(self, *exc: object) -> None:
        return None
