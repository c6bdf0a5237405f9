"""Set-based reads: the rows of one SELECT as a Polars frame, by each engine's fastest path.

PostgreSQL streams the result as CSV through ``COPY (SELECT …) TO STDOUT`` (no
Python object per value). SQLite, which has no such path, is read by the ADBC
SQLite driver straight into Arrow columns for a ``bulk`` read (a whole table),
otherwise with one cursor in large slices. Parameters are bound by the driver,
never pasted in. Values come typed as ``schema`` says: ``pl.Boolean`` from
PostgreSQL's t/f and SQLite's 0/1, ``pl.Date`` from ISO text.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl
from django.db import connections

logger = logging.getLogger(__name__)

_FETCH = 250_000
# Off only for benchmarks/sqlite_readers.py, which measures both SQLite paths.
SQLITE_ARROW = True


def _typed(frame: pl.DataFrame, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    casts = []
    for name, dtype in schema.items():
        column = pl.col(name)
        current = frame.schema[name]
        if current == dtype:
            continue
        if dtype == pl.Boolean and current == pl.String:
            truth = column.is_in(["t", "true", "1"])
            casts.append(pl.when(column.is_null()).then(None).otherwise(truth).alias(name))
        elif dtype == pl.Date and current == pl.String:
            casts.append(column.str.to_date("%Y-%m-%d", strict=False).alias(name))
        else:
            casts.append(column.cast(dtype, strict=False).alias(name))
    return frame.with_columns(casts) if casts else frame


def read_frame(
    sql: str,
    params: Sequence = (),
    *,
    schema: Mapping[str, pl.DataType],
    using: str = "default",
    bulk: bool = False,
) -> pl.DataFrame:
    """The result of ``sql`` (placeholders ``%s``) with the columns of ``schema``, in order.

    ``bulk``: many rows (a whole table). On SQLite such a read goes through the
    Arrow reader, whose start-up (a process of its own: about half a second) would
    cost a read of a few rows more than it saves.
    """
    connection = connections[using]
    connection.ensure_connection()
    names = list(schema)
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
            with cursor.copy(statement, params or None) as copy:
                for data in copy:
                    buffer.write(data)
        if buffer.tell() == 0:
            return pl.DataFrame(schema=dict(schema))
        buffer.seek(0)
        text = {n: (pl.String if t in (pl.Boolean, pl.Date) else t) for n, t in schema.items()}
        frame = pl.read_csv(buffer, has_header=False, new_columns=names, schema=text)
        return _typed(frame, schema)
    if bulk and SQLITE_ARROW and _committed_only(connection):
        frame = sqlite_arrow_frame(str(connection.settings_dict["NAME"]), sql, params, schema)
        if frame is not None:
            return frame
    return sqlite_cursor_frame(connection, sql, params, schema)


def sqlite_cursor_frame(
    connection, sql: str, params: Sequence, schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """``read_frame`` through the sqlite3 module on Django's ``connection``."""
    # The driver's own cursor: Django's wrapper costs time per fetch. Columns
    # selected through as_text()/as_flag() come without the Python-level date and
    # bool conversion Django's SQLite connection applies to declared columns (a
    # function call per value: a third of the time of a large read).
    wire = {n: (pl.String if t == pl.Date else pl.Int64 if t == pl.Boolean else t)
            for n, t in schema.items()}  # fmt: skip
    parts = []
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql.replace("%s", "?"), list(params))
            while rows := cursor.fetchmany(_FETCH):
                parts.append(_typed(_rows_frame(rows, wire, schema), schema))
        finally:
            cursor.close()
    return pl.concat(parts) if parts else pl.DataFrame(schema=dict(schema))


def _committed_only(connection) -> bool:
    """Whether a second connection to the database file reads what ``connection``
    would: outside a transaction, where both see the committed rows (in WAL mode,
    each statement a snapshot of them, as on ``connection``). Inside one it would
    miss this transaction's own writes; an in-memory database it cannot open."""
    return (
        connection.get_autocommit()
        and not connection.in_atomic_block
        and not connection.is_in_memory_db()
    )


# A first row whose values say each column's type: the ADBC SQLite driver infers a
# column's Arrow type from the values of the first batch, and a column that is NULL
# there (a rare disability in the first 250,000 people) would be taken for INT64 and
# its first text value refused.
_TYPE_ROW = {pl.String: "''", pl.Date: "''", pl.Float64: "0.0", pl.Float32: "0.0"}


def _bound(value: object) -> object:
    # What the sqlite3 module binds for the same value (dates as ISO text, as Django
    # stores them); other types are left to the cursor path.
    if isinstance(value, datetime.datetime):
        raise TypeError(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, int | float | str):
        return value
    raise TypeError(value)


def sqlite_arrow_frame(
    path: str, sql: str, params: Sequence, schema: Mapping[str, pl.DataType]
) -> pl.DataFrame | None:
    """``read_frame`` through the ADBC SQLite driver, in a process of its own
    (``sqlite_arrow.py`` says why) reading the database file ``path``: the rows
    become Arrow columns in C, with no Python object per value, and come back as
    an Arrow stream. None when the driver refuses a value (one that does not fit
    the type of its column) or a parameter's type is not one this path binds: the
    cursor path then reads it, converting what it can."""
    try:
        bound = [_bound(v) for v in params]
    except TypeError:
        return None
    wire = [pl.Int64 if t == pl.Boolean else t for t in schema.values()]
    # Named c0, c1, ...: the stream's column names must differ (the caller's come after).
    typed_row = ", ".join(f"{_TYPE_ROW.get(t, '0')} AS c{i}" for i, t in enumerate(wire))
    inner = sql.replace("%s", "?")
    # SQLite returns a UNION ALL's first SELECT first.
    statement = f"SELECT {typed_row} UNION ALL SELECT * FROM ({inner})"  # noqa: S608 (literals)
    request = {"path": path, "sql": statement, "params": bound, "batch_rows": _FETCH}
    # -P: the script's folder (this package, with its sqlite.py) stays off sys.path.
    try:
        child = subprocess.Popen(
            [sys.executable, "-P", str(Path(__file__).with_name("sqlite_arrow.py"))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
    except OSError as error:  # no process to be had: the cursor reads
        logger.info("SQLite Arrow reader not started, cursor reads instead: %s", error)
        return None
    try:
        child.stdin.write(json.dumps(request).encode())
        child.stdin.close()
        frame = pl.read_ipc_stream(child.stdout) if child.stdout.peek(1) else None
    except (pl.exceptions.PolarsError, OSError):  # a stream cut short: said on stderr
        frame = None
    finally:
        child.stdout.close()
        problem = child.stderr.read().decode(errors="replace").strip()
        child.stderr.close()
        returncode = child.wait()
    if returncode != 0 or frame is None:
        logger.info("SQLite Arrow reader refused, cursor reads instead: %s", problem)
        return None
    frame = frame.slice(1).rename(dict(zip(frame.columns, schema, strict=True)))
    try:
        return _typed(frame, schema)
    except pl.exceptions.PolarsError:
        return None


def _rows_frame(
    rows: list[tuple], wire: Mapping[str, pl.DataType], schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    try:
        return pl.DataFrame(rows, schema=dict(wire), orient="row")
    except (TypeError, pl.exceptions.PolarsError):
        pass
    try:  # columns selected as they are: converted to date and bool already
        return pl.DataFrame(rows, schema=dict(schema), orient="row")
    except (TypeError, pl.exceptions.PolarsError):
        return pl.DataFrame(rows, schema=dict(schema), orient="row", strict=False)


def as_text(column: str) -> str:
    """A date column as ISO text in a SELECT for read_frame (both engines)."""
    return f"CAST({column} AS TEXT)"


def as_flag(column: str) -> str:
    """A boolean column as 0/1 in a SELECT for read_frame (both engines)."""
    return f"CAST({column} AS INTEGER)"
