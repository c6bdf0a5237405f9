"""The SPDCI API's tests: a small registry, a client system's callback endpoint and the
real worker."""

from __future__ import annotations

import signal
from datetime import date

import pytest
from django.core.management import call_command

from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person

from .receiver import Receiver

RIZKY_NIK = "6371011203800001"
RIZKY_KK = "6371010101100021"
CHILD_NIK = "6371011505150003"
OTHER_NIK = "6372021203800004"


@pytest.fixture
def receiver():
    """A callback endpoint on 127.0.0.1 that records what it is sent."""
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def run_worker():
    """One pass of the real `datusoban worker`: every queued task that is due, then it stops."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> None:
        call_command("worker", batch=True, verbosity=0)

    yield run
    for sig, handler in saved.items():  # the worker installs its own; give pytest back its
        signal.signal(sig, handler)


@pytest.fixture
def registry():
    def family(desa: str, no_kk: str, *members):
        household = Household.objects.create(wilayah_id=desa, no_kk=no_kk)
        for nik, nama, sex, born, hubungan, extra in members:
            person = Person.objects.create(
                nik=nik, nama=nama, nama_kunci=name_key(nama), jenis_kelamin=sex,
                tanggal_lahir=born, household=household, hubungan_keluarga=hubungan, **extra,
            )  # fmt: skip
            Membership.objects.create(person=person, household=household, hubungan=hubungan)

    family(
        "63.71.01.1001", RIZKY_KK,
        (RIZKY_NIK, "Moh. Rizky", "L", date(1980, 3, 12), "kepala", {"disabilitas": "berjalan"}),
        ("6371015506900002", "Siti Aminah", "P", date(1990, 6, 15), "istri", {}),
        (CHILD_NIK, "Ahmad Fauzan", "L", date(2015, 5, 15), "anak", {}),
    )  # fmt: skip
    family(
        "63.72.02.1003", "6372020101100001",
        (OTHER_NIK, "Muhammad Rizki", "L", date(1980, 3, 12), "kepala", {}),
    )  # fmt: skip
