"""Shared test set-up: reference data once per database, synthetic data at small scale."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django creates the throwaway database, load the shipped reference data."""
    from datusoban.reference.loader import load_reference

    with django_db_blocker.unblock():
        load_reference()


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

        from datusoban.reference.loader import load_reference

        with item.config.stash[blocking_manager_key].unblock():
            load_reference()
    return result
