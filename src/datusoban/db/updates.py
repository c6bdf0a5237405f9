"""Set-based UPDATE of many rows from a frame.

Linkage uses it to point thousands of source records at their persons without a
query per record. On SQLite, one prepared UPDATE per row by executemany, in key
order, with no DDL (``sqlite.update`` says why). On PostgreSQL, the frame's rows
go into a temporary table by COPY, then one UPDATE per call sets every named
column from it with correlated subqueries.
"""

from __future__ import annotations

import polars as pl
from django.db import connections

_STAGE = "datusoban_update_stage"


def update_frame(
    table: str, frame: pl.DataFrame, *, key: str = "id", using: str = "default"
) -> int:
    """Set the other columns of ``frame`` on the rows of ``table`` whose ``key`` matches.

    ``key`` is the primary key or another uniquely indexed column. Run inside
    ``transaction.atomic()``. Returns the number of rows in ``frame``.
    """
    if frame.height == 0:
        return 0
    from datusoban.db import insert_frame, sqlite  # the package imports this module's caller

    connection = connections[using]
    columns = [c for c in frame.columns if c != key]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.wrap_database_errors:
            sqlite.update(connection, table, key, columns, frame)
        return frame.height
    quote = connection.ops.quote_name
    listed = ", ".join(quote(c) for c in [key, *columns])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {quote(_STAGE)}")
        # Same column types as the target: copied from an empty selection of it.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {quote(_STAGE)} AS "  # noqa: S608 (identifiers only)
            f"SELECT {listed} FROM {quote(table)} WHERE 1 = 0"
        )
    insert_frame(_STAGE, frame.select(key, *columns), using=using)
    stage, target = quote(_STAGE), quote(table)
    with connection.cursor() as cursor:
        # Each correlated lookup below must find its row by index, not by a scan.
        cursor.execute(f"CREATE UNIQUE INDEX {quote(_STAGE + '_key')} ON {stage} ({quote(key)})")
    sets = ", ".join(
        f"{quote(c)} = (SELECT s.{quote(c)} FROM {stage} s "  # noqa: S608 (identifiers only)
        f"WHERE s.{quote(key)} = {target}.{quote(key)})"
        for c in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {target} SET {sets} "  # noqa: S608 (identifiers only)
            f"WHERE {quote(key)} IN (SELECT {quote(key)} FROM {stage})"
        )
        cursor.execute(f"DROP TABLE {stage}")
    return frame.height
