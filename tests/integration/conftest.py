"""Integration fixtures shared by apps: a small synthetic population's source files,
imported and linked in the registry (linkage and its API); the audit trail emptied after
a test that commits."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.db import connection, transaction

AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory) -> Path:
    """1,000 people: DTSEN (batch A) and DTKS (batch B) overlap, with noise, and the truth."""
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    out = tmp_path_factory.mktemp("synth")
    run(SynthConfig(people=1000, seed=7, as_of=AS_OF), out)
    return out


@pytest.fixture(scope="session")
def truth(synth_dir) -> pl.DataFrame:
    """record_id -> person_key, for both files."""
    return pl.read_csv(synth_dir / "truth" / "truth.csv", infer_schema=False).select(
        "source", "record_id", "person_key"
    )


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """For a module's fixture built once: database access, in a transaction rolled back
    after the module's last test. Each test's own transaction is a savepoint inside it,
    so the next test starts from what the fixture built, not from what a test changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def desa():
    """The first desa of a kecamatan (by code), for fixtures that place a family there."""
    from datusoban.reference.models import Region

    # Remembered per test: PostgreSQL answers this ORDER BY ... LIMIT 1 by walking the
    # primary key (about 12 ms here), and fixtures ask it once a family.
    @functools.cache
    def first(kecamatan: str) -> str:
        return Region.objects.filter(parent_id=kecamatan).order_by("kode").first().kode

    return first


@pytest.fixture(scope="session")
def import_batch(synth_dir):
    from datusoban.impor.services import import_file

    def run(name: str, source: str) -> int:
        result = import_file(
            synth_dir / f"{name}.csv", profile="interchange", user="pytest", source=source,
            as_of=AS_OF,
        )  # fmt: skip
        return result.batch_id

    return run


@pytest.fixture(scope="session")
def link():
    from datusoban.penautan.registry_link import link_registry

    def run(*batches: int):
        return link_registry(user="pytest", batches=list(batches) or None, as_of=AS_OF)

    return run


def link_ab(import_batch, link) -> tuple[int, int, object, object]:
    """Batch A (DTSEN) linked, then batch B (DTKS) linked incrementally."""
    a = import_batch("dtsen", "DTSEN Kemensos")
    run_a = link(a)
    b = import_batch("dtks", "DTKS Kemensos")
    run_b = link(b)
    return a, b, run_a, run_b


@pytest.fixture(scope="module")
def linked_ab(django_db_setup, django_db_blocker, import_batch, link):
    """link_ab, built once a module (two imports and two linkage runs, 1.5 s) in a
    transaction rolled back after the module's last test; each test runs in a savepoint
    of it, so what one test decides (a pair accepted, a merge) the next does not see."""
    with rolled_back(django_db_blocker):
        yield link_ab(import_batch, link)


@pytest.fixture
def registry_state():
    """A function returning every row linkage decisions may touch, to compare states exactly."""
    return _registry_state


def _registry_state() -> dict:
    from datusoban.penautan.models import ReviewPair
    from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
    from datusoban.registri.models import Membership, Person, PersonPPKS, SourceRecord

    return {
        "kepesertaan": list(Kepesertaan.objects.order_by("pk").values()),
        "riwayat_kepesertaan": list(RiwayatKepesertaan.objects.order_by("pk").values()),
        "orang": list(Person.objects.order_by("pk").values()),
        "keanggotaan": list(Membership.objects.order_by("pk").values()),
        "ppks": list(PersonPPKS.objects.order_by("pk").values()),
        "rekaman": list(
            SourceRecord.objects.order_by("pk").values_list("pk", "person_id", "household_id")
        ),
        "tinjauan": list(
            ReviewPair.objects.order_by("pk").values_list("pk", "status", "diputus_oleh")
        ),
    }


@pytest.fixture
def latest_migrations_after():
    """For a test that migrates the database back to an older schema: every app at its
    latest migration again afterwards (even when the test fails), so that the tests after
    it on this worker find today's schema."""
    yield
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def trail_emptied(transactional_db):
    """The audit rows a test outside a wrapping transaction wrote, removed after it.

    The teardown that ends such a test (tests/conftest.py) deletes row by row on SQLite,
    which the trail's own trigger refuses (accounts 0002); on PostgreSQL it truncates a
    table that refuses DELETE, which the trigger lets be. The delete trigger is lifted
    for the one statement and put back as it was.
    """
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        name = "jejak_audit_tanpa_delete"
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name])
        (trigger,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute("DELETE FROM accounts_jejakaudit")
        cursor.execute(trigger)
