"""Shared test set-up: reference data once per database, synthetic data at small scale."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django creates the throwaway database, load the shipped reference data."""
    from datusoban.reference.loader import load_reference

    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """Transactional tests end by flushing every table, reference data included:
    give each of them the reference data again."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from datusoban.reference.loader import load_reference

    load_reference()
