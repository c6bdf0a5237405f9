"""A database made by the previous release migrates forward without losing a row.

The test rolls this database back to the previous release's migrations (PREVIOUS:
each app's last migration then), writes rows through the models as they were, then
migrates forward to today's and checks every row is still there. When a release
lands, PREVIOUS moves to its migrations; renamed apps and models keep their tables
(`AppConfig.label`, `db_table`), which this test is here to hold.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Each app's last migration in the previous release (main of 6 December 2026, morning).
PREVIOUS = {"reference": "0001_initial"}

pytestmark = pytest.mark.django_db(transaction=True)


def _targets(executor: MigrationExecutor, previous: dict[str, str]) -> list[tuple[str, str]]:
    leaves = dict(executor.loader.graph.leaf_nodes())
    return [(app, previous.get(app, name)) for app, name in sorted(leaves.items())]


def _counts(apps, models: list[tuple[str, str]]) -> dict[str, int]:
    return {f"{a}.{m}": apps.get_model(a, m).objects.count() for a, m in models}


def test_a_database_of_the_previous_release_migrates_forward():
    executor = MigrationExecutor(connection)
    latest = _targets(executor, {})
    previous = _targets(executor, PREVIOUS)
    assert previous != latest, "PREVIOUS names no migration older than today's"
    executor.migrate(previous)
    old = executor.loader.project_state(previous).apps
    source = old.get_model("registry", "Source").objects.create(
        kode="uji-migrasi", nama="Dinsos Kota Banjarmasin", jenis="dinsos_kabkota"
    )
    kept = [("reference", "Region"), ("reference", "PPKSCategory"), ("registry", "Source")]
    before = _counts(old, kept)
    assert before["reference.Region"] == 91_599

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps
    assert _counts(new, kept) == before
    assert new.get_model("registry", "Source").objects.get(pk=source.pk).kode == "uji-migrasi"
    # What the new migrations add is there and usable.
    from datusoban.reference.loader import ensure_reference

    assert ensure_reference() is not None  # nothing recorded yet: loaded once
    assert ensure_reference() is None
