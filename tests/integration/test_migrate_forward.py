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

# Each app's last migration in the previous release (main of 6 December 2026, before the
# code was regrouped by feature and the models renamed by docs/GLOSSARY.md); an app not
# named here had the same last migration then as now; None: the app came later (its
# tables are made on the way forward).
PREVIOUS = {
    "reference": "0002_reference_load",
    "accounts": "0005_audit_no_replace",
    "programs": "0004_enrolment_counts",
    "p2k2": None,
}
# (app label, model name then, model name now)
KEPT = [
    ("reference", "Region", "Region"),
    ("reference", "PPKSCategory", "KategoriPPKS"),
    ("reference", "PSKSType", "JenisPSKS"),
    ("reference", "ProgrammeVersion", "VersiProgram"),
    ("registry", "Source", "Source"),
]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("latest_migrations_after"),
]


def _targets(
    executor: MigrationExecutor, previous: dict[str, str | None]
) -> list[tuple[str, str | None]]:
    leaves = dict(executor.loader.graph.leaf_nodes())
    return [(app, previous.get(app, name)) for app, name in sorted(leaves.items())]


def _counts(apps, now: bool) -> list[int]:
    return [apps.get_model(a, new if now else old).objects.count() for a, old, new in KEPT]


def test_a_database_of_the_previous_release_migrates_forward():
    executor = MigrationExecutor(connection)
    latest = _targets(executor, {})
    previous = _targets(executor, PREVIOUS)
    assert previous != latest, "PREVIOUS names no migration older than today's"
    executor.migrate(previous)
    old = executor.loader.project_state([t for t in previous if t[1] is not None]).apps
    source = old.get_model("registry", "Source").objects.create(
        kode="uji-migrasi", nama="Dinsos Kota Banjarmasin", jenis="dinsos_kabkota"
    )
    before = _counts(old, now=False)
    assert before[0] == 91_599
    versions = set(
        old.get_model("reference", "ProgrammeVersion").objects.values_list("programme_id", "versi")
    )
    assert versions

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps
    assert _counts(new, now=True) == before
    assert (
        set(new.get_model("reference", "VersiProgram").objects.values_list("program_id", "versi"))
        == versions
    )
    assert new.get_model("registry", "Source").objects.get(pk=source.pk).kode == "uji-migrasi"
    # Today's code reads the migrated tables through the renamed models.
    from datusoban.reference.loader import ensure_reference
    from datusoban.reference.models import KategoriPPKS, VersiProgram

    assert VersiProgram.objects.filter(program_id="PKH").exists()
    assert KategoriPPKS.objects.count() == before[1]
    ensure_reference()
    assert ensure_reference() is None  # the shipped files are all there now
