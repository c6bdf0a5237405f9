"""Set-based database writes shared by every app: the only place that knows engine fast paths.

Everything that writes many rows at once (reference data, the synthetic
population, imports) goes through :func:`insert_frame` and :func:`reserve_ids`,
which pick the engine module (``sqlite.py`` executemany, ``postgres.py`` COPY).
Both expect to run inside ``transaction.atomic()``: a bulk write lands whole or
not at all.
"""

from __future__ import annotations

import polars as pl
from django.db import connections

from datusoban.db import postgres, sqlite

_ENGINES = {"sqlite": sqlite, "postgresql": postgres}


def _engine(using: str):
    vendor = connections[using].vendor
    try:
        return _ENGINES[vendor]
    except KeyError:
        raise NotImplementedError(f"no bulk path for database engine {vendor!r}") from None


def insert_frame(table: str, frame: pl.DataFrame, *, using: str = "default") -> int:
    """Insert every row of ``frame`` into ``table`` (columns by name); returns the row count."""
    if frame.height == 0:
        return 0
    connection = connections[using]
    connection.ensure_connection()
    return _engine(using).insert_frame(connection, table, frame)


def reserve_ids(table: str, count: int, *, using: str = "default") -> int:
    """Reserve ``count`` consecutive primary keys of ``table`` and return the first.

    Bulk loads assign keys themselves so that child rows can point to parent rows
    without reading keys back. The table stays locked against other inserts until
    the surrounding transaction ends, so the range cannot be taken twice.
    """
    connection = connections[using]
    connection.ensure_connection()
    return _engine(using).reserve_ids(connection, table, count)
