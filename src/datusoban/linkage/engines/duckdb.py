"""DuckDB, embedded: the default engine. In memory, nothing left behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from types import TracebackType

import duckdb
import polars as pl
from splink import DuckDBAPI
from splink.internals.splink_dataframe import SplinkDataFrame


class DuckDBSession:
    """An in-memory DuckDB for one run, spilling (if it must) to a private temp dir."""

    dialect = "duckdb"

    def __init__(self, *, threads: int | None = None) -> None:
        self.threads = threads or os.cpu_count() or 1
        self._spill: str | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> DuckDBSession:
        # DuckDB spills large joins to ./.tmp by default: the contract is that
        # a run creates nothing but its output, so spill goes to a temp dir.
        self._spill = tempfile.mkdtemp(prefix="datusoban-link-")
        self._con = duckdb.connect(
            ":memory:",
            config={"threads": self.threads, "temp_directory": self._spill},
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
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)

    def register(self, frame: pl.DataFrame, name: str) -> SplinkDataFrame:
        """Hand the frame to DuckDB as Arrow (no copy through Python objects)."""
        return self.api.register(frame.to_arrow(), table_name=name)

    def to_polars(self, table: SplinkDataFrame) -> pl.DataFrame:
        """A result table as a Polars frame."""
        return pl.from_arrow(table.as_pyarrow_table())
