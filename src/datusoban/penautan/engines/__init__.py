"""Where the model runs: one module per engine, nothing else imports the engine's library.

An engine opens a Splink database API for one linking run, registers a
Polars frame as an input table, and reads a result table back into Polars.
The model (comparisons, blocking, trained parameters) is the same on every
engine; Splink writes the SQL for each engine's dialect.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

import polars as pl
from splink.internals.database_api import DatabaseAPI
from splink.internals.splink_dataframe import SplinkDataFrame

from datusoban.penautan.errors import LinkInputError

ENGINES = ("duckdb", "spark")


class Session(Protocol):
    """One linking run's connection to an engine."""

    dialect: str
    api: DatabaseAPI

    def register(self, frame: pl.DataFrame, name: str) -> SplinkDataFrame: ...

    def to_polars(self, table: SplinkDataFrame) -> pl.DataFrame: ...


def open_session(engine: str, *, threads: int | None = None) -> AbstractContextManager[Session]:
    """A context manager giving a Session on `engine`; everything it made is gone after."""
    if engine == "duckdb":
        from datusoban.penautan.engines.duckdb import DuckDBSession

        return DuckDBSession(threads=threads)
    if engine == "spark":
        from datusoban.penautan.engines.spark import SparkSession

        return SparkSession(threads=threads)
    raise LinkInputError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
