"""Shared test set-up: reference data once per database, synthetic data at small scale."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

# The prepared database each worker's test database is copied from (tests/run.py): a
# SQLite file, or a PostgreSQL database's name on the server the suite runs on.
TEMPLATE = "DATUSOBAN_TEST_TEMPLATE"
# Beside each table that holds rows in the prepared database (the reference data, Django's
# content types and permissions), a copy that Django does not know: what a transactional
# test changed in one of them is put back from its copy in one statement.
KEPT = "uji_simpan_"
# Those tables and their columns, as the session found them (_keep).
_kept: dict[str, list[str]] = {}
# On SQLite, per kept table whose foreign keys all point at kept tables, those tables.
_kept_parents: dict[str, set[str]] = {}


def _keep() -> None:
    """Copy every table that holds rows now, beside it (KEPT + name)."""
    from django.db import connection

    _kept.clear()
    _kept_parents.clear()
    with connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True)
        describe = connection.introspection.get_table_description
        for table in _holding_rows(cursor, tables):
            _kept[table] = [c.name for c in describe(cursor, table)]
            cursor.execute(f'DROP TABLE IF EXISTS "{KEPT}{table}"')
            cursor.execute(f'CREATE TABLE "{KEPT}{table}" AS SELECT * FROM "{table}"')
        if connection.vendor == "sqlite":
            for table in _kept:
                cursor.execute(f'PRAGMA foreign_key_list("{table}")')
                parents = {row[2] for row in cursor.fetchall()}
                if parents <= set(_kept):
                    _kept_parents[table] = parents


def _holding_rows(cursor, tables: list[str]) -> list[str]:
    """Which of ``tables`` hold at least one row: one statement for all of them."""
    if not tables:
        return []
    asked = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables)
    cursor.execute(asked)
    return [row[0] for row in cursor.fetchall()]


def _as_kept(cursor, table: str, columns: list[str]) -> bool:
    """Whether ``table`` holds exactly the rows of its kept copy."""
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(
        f'SELECT (SELECT count(*) FROM "{table}") = (SELECT count(*) FROM "{KEPT}{table}") '
        f'AND NOT EXISTS (SELECT {names} FROM "{table}" '
        f'EXCEPT SELECT {names} FROM "{KEPT}{table}")'
    )
    return bool(cursor.fetchone()[0])


def _undo_commits(flush) -> None:
    """End a transactional test by undoing what it committed, in place of Django's flush.

    The flush empties all 94 tables (a TRUNCATE of every one on PostgreSQL), signals
    post_migrate to write the content types and permissions again, and the reference data
    (91,599 regions) had to be written back: 1.5-2.5 s a test on PostgreSQL, for about
    150 such tests a pass. Here only the tables the test wrote to are emptied, and only a
    kept table it changed is put back from its copy. ``flush`` is Django's own, for a
    test that left a kept table with other columns (a migration test that failed before
    migrating forward again): the copy no longer fits, and it is taken anew.
    """
    from django.core.management.color import no_style
    from django.db import DatabaseError, connection, transaction

    with connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True)
        describe = connection.introspection.get_table_description
        # In any order: SQLite rebuilds a table that a migration alters, so a test that
        # migrates back and forth may leave the columns reordered; the copy is read by name.
        fits = all(
            t in tables and {c.name for c in describe(cursor, t)} == set(columns)
            for t, columns in _kept.items()
        )
    if not fits:
        from datusoban.reference.loader import load_reference

        flush()
        load_reference()
        _keep()
        return
    # A delete may fire a trigger that writes another table (the enrolment counts kept
    # beside the enrolments): what such a round leaves is emptied in the next.
    for _ in range(4):
        with connection.cursor() as cursor:
            written = _holding_rows(cursor, [t for t in tables if t not in _kept])
        if not written:
            break
        try:
            # Row by row, with the foreign keys checked at commit: a handful of small
            # tables, where PostgreSQL's TRUNCATE ... CASCADE would empty every table that
            # refers to them (about 0.2 s a test).
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA defer_foreign_keys = ON")
                for table in written:
                    cursor.execute(f'DELETE FROM "{table}"')
        except DatabaseError:
            # A table whose trigger refuses DELETE (the audit trail on PostgreSQL): the
            # flush's own statements, which CASCADE, so a kept table may be emptied too.
            sql = connection.ops.sql_flush(no_style(), written, allow_cascade=True)
            connection.ops.execute_sql_flush(sql)
    else:
        raise AssertionError(f"tables still hold rows after a transactional test: {written}")
    # Compared after the deletes: what the test changed and what a CASCADE emptied alike.
    with connection.cursor() as cursor:
        changed = [t for t, columns in _kept.items() if not _as_kept(cursor, t, columns)]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        for table in changed:
            names = ", ".join(f'"{c}"' for c in _kept[table])
            cursor.execute(f'DELETE FROM "{table}"')
            cursor.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{KEPT}{table}"')


def _clone(template: str) -> str:
    """This worker's test database made a copy of the prepared template (a file copy on
    SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL) instead of migrating and loading
    anew; the connection is pointed at it as Django's own test set-up would. Returns the
    name it had before."""
    import shutil

    from django.conf import settings
    from django.db import connection

    old = connection.settings_dict["NAME"]
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        shutil.copyfile(template, name)
    else:
        import psycopg

        d = connection.settings_dict
        server = {"host": d["HOST"], "port": d["PORT"] or None, "user": d["USER"]}
        with psycopg.connect(**server, password=d["PASSWORD"], dbname="postgres",
                             autocommit=True) as admin:  # fmt: skip
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    return old


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The throwaway test database with the shipped reference data (and a copy of it for
    the transactional tests' teardown).

    The suite's runner (tests/run.py) prepares one migrated, loaded database per pass
    and names it in DATUSOBAN_TEST_TEMPLATE: every worker then starts from a copy, and
    the 110 migrations run once a pass instead of once a worker. Without it (a plain
    ``pytest`` run), Django creates and migrates the test database as usual.
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from datusoban.reference.loader import load_reference

    template = os.environ.get(TEMPLATE)
    with django_db_blocker.unblock():
        if template:
            old = _clone(template)
        else:
            config = setup_databases(
                verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set()
            )
            load_reference()
        _keep()
        if connection.vendor == "sqlite":
            # From the start: a module whose fixture holds a transaction open across its
            # tests (the route matrix's world) would otherwise never get the triggers.
            _watch_kept(connection)
    yield
    with django_db_blocker.unblock():
        if template:
            connection.creation.destroy_test_db(old, verbosity=0)
        else:
            teardown_databases(config, verbosity=0)


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """argon2 at its lowest cost, for the test process only (_quick_password_hashes).

    At the production cost (Django's: 100 MiB, eight lanes) one hash takes 0.2 s of both
    cores, and the fixtures hash a password for hundreds of users a pass. The algorithm's
    name is the same, so a server started with the production settings (the end-to-end
    tests) verifies these hashes too, and rehashes at full cost on login as it would any
    hash made with older parameters.
    """

    time_cost = 1
    memory_cost = 8
    parallelism = 1


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashes():
    from django.conf import settings
    from django.test import override_settings

    quick = f"{__name__}.{QuickArgon2PasswordHasher.__name__}"
    with override_settings(PASSWORD_HASHERS=[quick, *settings.PASSWORD_HASHERS]):
        yield


# On SQLite, a temporary table of this connection naming the kept tables written since
# the test began (temporary triggers fill it; _watch_kept).
WRITTEN = "uji_ditulis"


def _watching(cursor) -> bool:
    """Whether this SQLite connection has every trigger of _watch_kept (a test that
    rebuilds a kept table drops the table's triggers with it)."""
    cursor.execute(
        "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE %s",
        [f"{WRITTEN}_%"],
    )
    return cursor.fetchone()[0] == 3 * len(_kept)


def _watch_kept(connection) -> None:
    """Have every write to a kept table noted in WRITTEN, from now on, on this SQLite
    connection: its temporary triggers are its own and go with it."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {WRITTEN} (tabel TEXT PRIMARY KEY)")
        if not _watching(cursor):
            for table in _kept:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f'CREATE TEMP TRIGGER IF NOT EXISTS "{WRITTEN}_{table}_{event}" '
                        f'AFTER {event} ON "{table}" '
                        f"BEGIN INSERT OR IGNORE INTO {WRITTEN} VALUES ('{table}'); END"
                    )
        cursor.execute(f"DELETE FROM temp.{WRITTEN}")  # what a committing test wrote


def _unchanged_kept(connection) -> set[str] | None:
    """The kept tables whose foreign keys cannot have broken in this test: neither they
    nor a table they refer to were written (the kept tables start consistent, and refer
    only to one another). None when this connection does not watch them (a new
    connection, or a test that rebuilt a kept table and its triggers with it)."""
    with connection.cursor() as cursor:
        if not _watching(cursor):
            return None
        cursor.execute(f"SELECT tabel FROM temp.{WRITTEN}")
        written = {row[0] for row in cursor.fetchall()}
    return {t for t, parents in _kept_parents.items() if not ({t, *parents} & written)}


@pytest.fixture(scope="session", autouse=True)
def _constraint_check_of_what_changed():
    """On SQLite, a test in a transaction ends by checking only the foreign keys that can
    have broken: Django checks every table (PRAGMA foreign_key_check), and the 91,599
    regions' reference to their parent took 25 of its 30-40 ms, for each of about 1,500
    such tests a pass. A kept table is checked when the test wrote to it or to a table it
    refers to (temporary triggers note it), every other table always."""
    from django.db import connections
    from django.test import TestCase

    check = TestCase._fixture_teardown

    def teardown(self) -> None:
        connection = connections["default"]
        if connection.vendor != "sqlite" or not _kept or self._databases_names() != ["default"]:
            return check(self)
        try:
            if self._should_check_constraints(connection):
                skipped = _unchanged_kept(connection) or set()
                tables = connection.introspection.table_names()
                checked = [t for t in tables if t not in skipped and not t.startswith(KEPT)]
                connection.check_constraints(checked)
        finally:
            self._rollback_atomics(self.atomics)
        if not connection.in_atomic_block:
            _watch_kept(connection)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TestCase, "_fixture_teardown", teardown)
        yield


@pytest.fixture(scope="session", autouse=True)
def _transactional_teardown():
    """Transactional tests end with _undo_commits instead of Django's flush."""
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown

    def teardown(self) -> None:
        _undo_commits(lambda: flush(self))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", teardown)
        yield
