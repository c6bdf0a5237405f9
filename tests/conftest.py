"""Shared test set-up: reference data once per database, synthetic data at small scale."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django creates the throwaway database, load the shipped reference data."""
    from datusoban.reference.loader import load_reference

    with django_db_blocker.unblock():
        load_reference()
