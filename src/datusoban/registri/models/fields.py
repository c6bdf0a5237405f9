"""RowJSONField: JSON written once by the bulk path and kept as written."""

from __future__ import annotations

from django.db import models


class RowJSONField(models.JSONField):
    """A JSONField for rows as received and their codes, written in bulk by the import.

    On PostgreSQL the column is ``json`` rather than ``jsonb``: the text is kept
    exactly as written (column order of the file included), and COPY does not
    parse and re-encode every row into jsonb's binary form, which costs more
    than the rest of the row. On SQLite it carries no JSON_VALID check: the bulk
    path writes JSON built by Polars, which is valid by construction, and that
    check parses every row again.

    These columns are read, shown and exported, never searched: reading a key
    (``values("data__nama")``) works on both databases, but filtering on one
    (``filter(data__nama=...)``) and jsonb's ``contains``/``has_key`` do not
    work on PostgreSQL's ``json``. What is searched lives in its own column.
    """

    def db_type(self, connection) -> str:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def db_check(self, connection) -> None:
        return None

    def get_db_prep_value(self, value, connection, prepared=False):
        adapted = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor != "postgresql":
            return adapted
        # Imported here: psycopg takes about 0.06 s to import, and on SQLite no
        # command needs it; Django's start-up imports this module through the models.
        from psycopg.types.json import Json, Jsonb

        # Django sends JSON to PostgreSQL as jsonb, which reorders keys; send
        # json so that a row saved one at a time is kept as written too.
        if isinstance(adapted, Jsonb):
            return Json(adapted.obj, adapted.dumps)
        return adapted

    def from_db_value(self, value, expression, connection):
        # psycopg decodes ``json`` columns itself (Django only registers a text
        # loader for jsonb); a value already decoded is returned as it is.
        if value is None or not isinstance(value, str | bytes):
            return value
        return super().from_db_value(value, expression, connection)
