"""Users of each role and region, a desa in Kota Banjarmasin and one in Kota Banjarbaru,
and a case filed through the services at a fixed time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
BJM_DESA = "63.71.01.1001"
BJB_DESA = "63.72.02.1003"


@pytest.fixture(autouse=True)
def home(settings, tmp_path):
    """Photos and evidence go to the test's own data directory."""
    settings.HOME = tmp_path / "home"
    settings.HOME.mkdir()
    return settings.HOME


@pytest.fixture
def user_of():
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account

    def make(peran: str, wilayah: str = "63.71", name: str | None = None):
        user = User.objects.create_user(name or f"{peran}.{wilayah}")
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
        return user

    return make


@pytest.fixture
def file_case(user_of):
    from datusoban.kasus.services import NewCase, file_report

    reporter = []

    def make(user=None, *, desa: str = BJM_DESA, urgensi: str = "sedang", now=NOW, **extra):
        if user is None:
            reporter[:] = reporter or [user_of("operator_kabkota", "63.71", "pelapor.bjm")]
            user = reporter[0]
        uraian = extra.pop("uraian", "Lansia tinggal sendiri tanpa makanan")
        kategori = extra.pop("kategori", 24)
        new = NewCase(kategori=kategori, desa=desa, urgensi=urgensi, uraian=uraian, **extra)
        return file_report(user, new, now=now)

    return make


@pytest.fixture
def make_person():
    """A person in a family of a Banjarmasin desa (or ``desa``)."""
    from datusoban.registri.models import Household, Person

    def make(
        nik: str, *, desa: str = BJM_DESA, no_kk: str | None = None, nama: str = "Siti Aminah"
    ):
        household = Household.objects.create(wilayah_id=desa, no_kk=no_kk)
        return Person.objects.create(
            nik=nik, nama=nama, nama_kunci=nama.lower(), household=household
        )

    return make
