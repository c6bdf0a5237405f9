"""SQLite fast path: one prepared INSERT run by executemany inside the open transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl

BULK_CACHE_KIB = 512 * 1024


def _storable(frame: pl.DataFrame) -> pl.DataFrame:
    # Store values the way Django's SQLite backend does: ISO text for dates and
    # datetimes, 0/1 for booleans. (The sqlite3 module's implicit date adapters
    # are deprecated.)
    casts = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            casts.append(pl.col(name).dt.strftime("%Y-%m-%d"))
        elif isinstance(dtype, pl.Datetime):
            casts.append(pl.col(name).dt.strftime("%Y-%m-%d %H:%M:%S%.6f"))
        elif dtype == pl.Boolean:
            casts.append(pl.col(name).cast(pl.Int8))
    return frame.with_columns(casts) if casts else frame


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def insert_frame(connection, table: str, frame: pl.DataFrame) -> int:
    frame = _storable(frame)
    columns = ", ".join(_quote(c) for c in frame.columns)
    marks = ", ".join("?" * frame.width)
    sql = f"INSERT INTO {_quote(table)} ({columns}) VALUES ({marks})"  # noqa: S608 (identifiers only)
    raw = connection.connection  # the sqlite3.Connection, inside Django's open transaction
    cursor = raw.cursor()
    # SQLite's default page cache is 2 MB; a bulk write that inserts into several
    # indexes in random key order then rereads the same pages from disk over and
    # over. A large cache (allocated only as used) keeps them in memory.
    cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        # iter_rows in slices keeps the tuples of only one slice alive at a time.
        for part in frame.iter_slices(50_000):
            cursor.executemany(sql, part.iter_rows())
    finally:
        cursor.close()
    return frame.height


def reserve_ids(connection, table: str, count: int) -> int:
    # Django opens SQLite write transactions as BEGIN IMMEDIATE: the database is
    # locked for other writers until commit, so MAX(id) cannot move under us.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_quote(table)}")  # noqa: S608
        (current,) = cursor.fetchone()
    return int(current) + 1


@contextmanager
def foreign_keys_checked_at_end(connection, tables: list[str], rows: int) -> Iterator[None]:
    # SQLite checks a foreign key with one primary-key lookup per row, and
    # Django declares them deferred (checked at commit): nothing to gain here.
    yield
