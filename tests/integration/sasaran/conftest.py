"""The sasaran tests' registry: 2,000 synthetic people, loaded and ranked once a module."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from datusoban.sasaran.services import rank_registry

from ..conftest import rolled_back

AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for each module that asks for it, in a transaction rolled back after the
    module (rolled_back): each test starts from the same ranked registry."""
    with rolled_back(django_db_blocker):
        call_command(
            "synth", people=2_000, seed=21, out=tmp_path_factory.mktemp("sumber"), load=True,
            no_files=True, stdout=io.StringIO(),
        )  # fmt: skip
        rank_registry(as_of=AS_OF)
        yield
