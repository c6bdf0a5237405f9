"""Shared helpers for import tests: the sample files and a one-call importer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "samples"
AS_OF = date(2025, 6, 30)


@pytest.fixture
def run_import():
    from datusoban.impor.services import import_file

    def run(path: Path, profile: str, source: str | None = None, **kwargs):
        return import_file(
            path, profile=profile, user="pytest", source=source, as_of=AS_OF, **kwargs
        )

    return run
