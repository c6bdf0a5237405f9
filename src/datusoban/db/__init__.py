"""Set-based database writes shared by every app: the only place that knows engine fast paths.

Everything that writes many rows at once (reference data, the synthetic
population, imports) goes through :func:`insert_frame` (or its two halves,
:func:`prepare_rows` and :func:`write_prepared`), :func:`update_frame` and
:func:`reserve_ids`, which pick the engine module (``sqlite.py`` executemany,
``postgres.py`` COPY).
Both expect to run inside ``transaction.atomic()``: a bulk write lands whole or
not at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

import polars as pl
from django.db import connections

# Engine modules by Django vendor, imported on first use: the PostgreSQL one
# imports psycopg (about 0.06 s), which an instance on SQLite never needs.
_ENGINES = {"sqlite": "sqlite", "postgresql": "postgres"}
_WRITE_SLICE = 100_000


def _engine(using: str):
    vendor = connections[using].vendor
    try:
        module = _ENGINES[vendor]
    except KeyError:
        raise NotImplementedError(f"no bulk path for database engine {vendor!r}") from None
    return importlib.import_module(f"{__name__}.{module}")


@dataclass(frozen=True)
class PreparedRows:
    """Rows made ready for one engine's bulk write (see :func:`prepare_rows`)."""

    table: str
    columns: list[str]
    payload: object  # a frame of stored values (SQLite) or COPY text chunks (PostgreSQL)
    height: int
    using: str


def prepare_rows(table: str, frame: pl.DataFrame, *, using: str = "default") -> PreparedRows:
    """Turn ``frame`` into what the engine writes, without touching the connection.

    Safe in a worker thread: a bulk path can prepare the next rows while the
    current ones are written (:func:`write_prepared`, in the connection's thread).
    """
    engine = _engine(using)
    payload = engine.prepare(frame) if frame.height else None
    return PreparedRows(table, list(frame.columns), payload, frame.height, using)


def write_prepared(rows: PreparedRows) -> int:
    """Write rows from :func:`prepare_rows`; returns how many."""
    if rows.height == 0:
        return 0
    connection = connections[rows.using]
    connection.ensure_connection()
    # The engines use the driver's connection directly; wrap its errors into
    # Django's (IntegrityError, ...) so callers catch one family on both engines.
    with connection.wrap_database_errors:
        _engine(rows.using).write(connection, rows.table, rows.columns, rows.payload)
    return rows.height


def insert_frame(table: str, frame: pl.DataFrame, *, using: str = "default") -> int:
    """Insert every row of ``frame`` into ``table`` (columns by name); returns the row count."""
    # Slice by slice, so that only one slice's engine-ready rows exist at a time.
    return sum(
        write_prepared(prepare_rows(table, part, using=using))
        for part in frame.iter_slices(_WRITE_SLICE)
    )


def reserve_ids(table: str, count: int, *, using: str = "default") -> int:
    """Reserve ``count`` consecutive primary keys of ``table`` and return the first.

    Bulk loads assign keys themselves so that child rows can point to parent rows
    without reading keys back. The table stays locked against other inserts until
    the surrounding transaction ends, so the range cannot be taken twice.
    """
    if count == 0:  # nothing to hand out (and PostgreSQL cannot set a sequence to 0)
        return 1
    connection = connections[using]
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return _engine(using).reserve_ids(connection, table, count)


# Below this many rows the usual per-row index and foreign-key work costs less
# than rebuilding them, and than the table locks a rebuild takes.
LARGE_LOAD_MIN_ROWS = 200_000


def bulk_load(
    tables: list[str], rows: int, *, using: str = "default"
) -> AbstractContextManager[None]:
    """Wrap a load of about ``rows`` rows into ``tables``, inside one ``transaction.atomic()``.

    A large load leaves the per-row work of indexes (and, on PostgreSQL, of
    foreign keys) to the end, where it is done set-based; see each engine's
    ``large_load``. A small one runs as usual.
    """
    if rows < LARGE_LOAD_MIN_ROWS:
        return nullcontext()
    connection = connections[using]
    connection.ensure_connection()
    return _wrapped(connection, _engine(using).large_load(connection, tables, rows))


@contextmanager
def _wrapped(connection, manager: AbstractContextManager[None]) -> Iterator[None]:
    with connection.wrap_database_errors, manager:
        yield


def update_frame(
    table: str, frame: pl.DataFrame, *, key: str = "id", using: str = "default"
) -> int:
    """Set the other columns of ``frame`` on the rows of ``table`` whose ``key`` matches;
    returns the number of rows in ``frame``. ``key`` is the primary key or another
    uniquely indexed column. Linkage uses it to point thousands of source records at
    their persons without a query per record (see each engine's ``update``)."""
    if frame.height == 0:
        return 0
    connection = connections[using]
    connection.ensure_connection()
    columns = [c for c in frame.columns if c != key]
    with connection.wrap_database_errors:
        _engine(using).update(connection, table, key, columns, frame)
    return frame.height
