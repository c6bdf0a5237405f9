"""SQLite fast path: one prepared INSERT run by executemany inside the open transaction."""

from __future__ import annotations

import polars as pl


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
