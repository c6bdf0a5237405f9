"""Shared test set-up: reference data once per database, synthetic data at small scale."""

from __future__ import annotations

import pytest

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django creates the throwaway database, load the shipped reference data
    (and keep a copy of it for the transactional tests' teardown)."""
    from datusoban.reference.loader import load_reference

    with django_db_blocker.unblock():
        load_reference()
        _keep_reference()


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
