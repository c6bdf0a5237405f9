"""Shared test set-up: reference data once per database, synthetic data at small scale."""

from __future__ import annotations

import os

import pytest

# The prepared database each worker's test database is copied from (tests/run.py): a
# SQLite file, or a PostgreSQL database's name on the server the suite runs on.
TEMPLATE = "DATUSOBAN_TEST_TEMPLATE"
# Beside each reference table, a copy that Django does not know: a transactional test's
# flush empties every table of a model, and the copy puts the reference data back in
# one statement a table instead of reading and writing the 91,599 regions again.
KEPT = "uji_simpan_"


def _reference_tables() -> list[tuple[str, list[str]]]:
    from django.apps import apps

    models = apps.get_app_config("reference").get_models(include_auto_created=True)
    return [(m._meta.db_table, [f.column for f in m._meta.concrete_fields]) for m in models]


def _keep_reference() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table, _ in _reference_tables():
            cursor.execute(f'DROP TABLE IF EXISTS "{KEPT}{table}"')
            cursor.execute(f'CREATE TABLE "{KEPT}{table}" AS SELECT * FROM "{table}"')


def _restore_reference() -> None:
    """The reference data back from the kept copies; loaded anew when a test changed a
    table's columns (the migrations tests) so that a copy no longer fits."""
    from django.db import connection, transaction

    from datusoban.reference.loader import load_reference

    tables = _reference_tables()
    with connection.cursor() as cursor:
        describe = connection.introspection.get_table_description
        fits = all(
            set(columns) <= {c.name for c in describe(cursor, KEPT + table)}
            for table, columns in tables
        )
    if not fits:
        load_reference()
        return
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        for table, columns in tables:
            names = ", ".join(f'"{c}"' for c in columns)
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
        _keep_reference()
    yield
    with django_db_blocker.unblock():
        if template:
            connection.creation.destroy_test_db(old, verbosity=0)
        else:
            teardown_databases(config, verbosity=0)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """Transactional tests start from a flushed database: give each the reference data."""
    if not _transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    from datusoban.reference.loader import ensure_reference

    # Loaded already by the previous test's teardown (below) unless this is the first:
    # one query then, instead of reading and comparing 91,599 regions.
    ensure_reference()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a transactional test's flush, which empties the reference tables too, put
    them back: pytest-django runs transactional tests last, but a worker of a parallel
    run takes whole files in the order it is given them, so the next test may need them.
    A hook, not a fixture: the flush is pytest-django's own last finaliser."""
    result = yield
    # With no next test the session's teardown has already dropped the test database.
    if _transactional(item) and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _restore_reference()
    return result
