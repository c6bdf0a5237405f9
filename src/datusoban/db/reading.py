"""Set-based reads: the rows of one SELECT as a Polars frame, by each engine's fastest path.

PostgreSQL streams the result as CSV through ``COPY (SELECT …) TO STDOUT`` (no
Python object per value); SQLite, which has no such path, is read with one
cursor in large slices. Parameters are bound by the driver, never pasted in.
Values come typed as ``schema`` says: ``pl.Boolean`` from PostgreSQL's t/f and
SQLite's 0/1, ``pl.Date`` from ISO text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import polars as pl
from django.db import connections

_FETCH = 250_000


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
) -> pl.DataFrame:
    """The result of ``sql`` (placeholders ``%s``) with the columns of ``schema``, in order."""
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
