"""PostgreSQL fast path: COPY ... FROM STDIN in text form, streamed in slices."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl
from psycopg import sql

_SLICE = 100_000

# COPY's text format: tab-separated, \N for NULL, backslash escapes. Unlike CSV
# it needs no quoting, so JSON text (full of double quotes) goes through as it
# is instead of with every quote doubled, which the server then has to undo.
_SPECIAL = r"[\\\t\n\r]"
_ESCAPES = (["\\", "\t", "\n", "\r"], ["\\\\", "\\t", "\\n", "\\r"])


def _copy_text(frame: pl.DataFrame) -> str:
    casts = [
        pl.col(name).dt.strftime("%Y-%m-%dT%H:%M:%S%.6f+00:00")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime)
    ]
    strings = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if strings:
        # Escaping is one pass per column, paid only by the columns of this
        # slice that hold a backslash, tab or line break at all.
        special = frame.select(pl.col(strings).str.contains(_SPECIAL).any()).row(0)
        casts += [
            pl.col(name).str.replace_many(*_ESCAPES)
            for name, found in zip(strings, special, strict=True)
            if found
        ]
    if casts:
        frame = frame.with_columns(casts)
    return frame.write_csv(
        include_header=False, separator="\t", quote_style="never", null_value="\\N"
    )


def prepare(frame: pl.DataFrame) -> list[str]:
    """The rows as COPY text, a chunk per slice; needs no connection."""
    return [_copy_text(part) for part in frame.iter_slices(_SLICE)]


def write(connection, table: str, columns: list[str], chunks: list[str]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    raw = connection.connection  # the psycopg connection inside Django's open transaction
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for chunk in chunks:
            copy.write(chunk)


_STAGE = "datusoban_update_stage"


def update(connection, table: str, key: str, columns: list[str], frame: pl.DataFrame) -> None:
    """Set ``columns`` on the rows of ``table`` whose ``key`` (unique, indexed) matches:
    the frame's rows COPY into a temporary table, then one UPDATE sets every column
    from it with correlated subqueries."""
    stage, target, id_ = sql.Identifier(_STAGE), sql.Identifier(table), sql.Identifier(key)
    names = [key, *columns]
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(stage))
        # Same column types as the target: copied from an empty selection of it.
        cursor.execute(
            sql.SQL("CREATE TEMPORARY TABLE {} AS SELECT {} FROM {} WHERE 1 = 0").format(
                stage, sql.SQL(", ").join(map(sql.Identifier, names)), target
            )
        )
    for part in frame.select(names).iter_slices(_SLICE):
        write(connection, _STAGE, names, prepare(part))
    sets = sql.SQL(", ").join(
        sql.SQL("{c} = (SELECT s.{c} FROM {stage} s WHERE s.{k} = {t}.{k})").format(
            c=sql.Identifier(c), stage=stage, k=id_, t=target
        )
        for c in columns
    )
    with raw.cursor() as cursor:
        # Each correlated lookup must find its row by index, not by a scan.
        cursor.execute(
            sql.SQL("CREATE UNIQUE INDEX {} ON {} ({})").format(
                sql.Identifier(_STAGE + "_key"), stage, id_
            )
        )
        cursor.execute(
            sql.SQL("UPDATE {t} SET {sets} WHERE {k} IN (SELECT {k} FROM {stage})").format(
                t=target, sets=sets, k=id_, stage=stage
            )
        )
        cursor.execute(sql.SQL("DROP TABLE {}").format(stage))


def reserve_ids(connection, table: str, count: int) -> int:
    raw = connection.connection
    with raw.cursor() as cursor:
        # Block other inserts into the table until commit so that no nextval()
        # lands inside the range we hand out.
        cursor.execute(
            sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(sql.Identifier(table))
        )
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            sql.SQL(
                "SELECT setval(%(seq)s, GREATEST("
                "COALESCE(pg_sequence_last_value(%(seq)s::regclass), 0), "
                "(SELECT COALESCE(MAX(id), 0) FROM {})) + %(n)s)"
            ).format(sql.Identifier(table)),
            {"seq": sequence, "n": count},
        )
        (last,) = cursor.fetchone()
    return int(last) - count + 1


@contextmanager
def large_load(connection, tables: list[str], rows: int) -> Iterator[None]:
    # PostgreSQL checks each foreign key with one trigger call per inserted row
    # and inserts into every index row by row, in random key order for NIKs and
    # names; for a million rows that costs more than the COPY itself. So, as its
    # manual advises for populating a database, a large load drops the foreign
    # keys of the tables it loads, and the plain indexes of those it at least
    # doubles, then adds them back before commit: one set-based validation per
    # constraint and one sorted build per index. The transaction still lands
    # whole or not at all: a violation fails the ADD CONSTRAINT. Unique indexes
    # stay in place, so they keep checking every row. Partial indexes stay too:
    # rebuilding one scans the whole table however few rows it covers, while
    # keeping it costs the rows it does not cover one test of its condition.
    raw = connection.connection
    with raw.cursor() as cursor:
        # Rows written earlier in this transaction (the batch row, say) still have
        # deferred checks queued, and a table with queued checks cannot be altered:
        # run them now. Django declares every constraint INITIALLY DEFERRED, so
        # switching back at the end restores the usual behaviour.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisunique AND x.indpred IS NULL "
            "AND GREATEST(t.reltuples, 0) <= %s",
            [tables, rows],
        )
        indexes = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.Identifier(table), sql.Identifier(name)
                )
            )
        for name, _ in indexes:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    yield
    with raw.cursor() as cursor:
        # Memory for the sorted index builds and for the hash joins that validate
        # the foreign keys; the defaults (64 MB, 4 MB) make both spill to disk.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(sql.SQL(definition))
        for table, name, definition in constraints:
            cursor.execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                    sql.Identifier(table), sql.Identifier(name)
                )
                + sql.SQL(definition)
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
