"""DuckDB, embedded: the default engine. In memory, nothing left behind."""

from __future__ import annotations

import os
from contextlib import ExitStack
from types import TracebackType

import duckdb
import polars as pl
from splink import DuckDBAPI
from splink.internals.splink_dataframe import SplinkDataFrame

from datusoban import scratch


class DuckDBSession:
    """An in-memory DuckDB for one run, spilling (if it must) to the run's own folder."""

    dialect = "duckdb"

    def __init__(self, *, threads: int | None = None) -> None:
        self.threads = threads or os.cpu_count() or 1
        self._folders = ExitStack()
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> DuckDBSession:
        # DuckDB spills large joins to ./.tmp by default: the contract is that
        # a run creates nothing but its output, so spill goes to the run's
        # folder under $DATUSOBAN_HOME/tmp, which a later run removes if this
        # one is killed before it can (scratch.py).
        spill = self._folders.enter_context(scratch.run_folder("link"))
        self._con = duckdb.connect(
            ":memory:",
            config={"threads": self.threads, "temp_directory": str(spill)},
        )
        self.api = DuckDBAPI(connection=self._con)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._con is not None:
            self._con.close()
        self._folders.close()

    def register(self, frame: pl.DataFrame, name: str) -> SplinkDataFrame:
        """Hand the frame to DuckDB as Arrow (no copy through Python objects)."""
        return self.api.register(frame.to_arrow(), table_name=name)

    def to_polars(self, table: SplinkDataFrame) -> pl.DataFrame:
        """A result table as a Polars frame."""
        return pl.from_arrow(table.as_pyarrow_table())
