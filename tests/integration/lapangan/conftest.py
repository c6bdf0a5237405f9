"""The field app's tests: field workers tied to their logins, households with members in
real Kalsel regions, a pendamping's PKH caseload."""

from __future__ import annotations

from datetime import date

import pytest

KEC_A = "63.71.01"  # two kecamatan of Kota Banjarmasin
KEC_B = "63.71.02"
NIK = "6371014101850001"
CHILD_NIK = "6371015201150002"
PASSWORD = "rahasia-panjang-123"


@pytest.fixture
def make_user():
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account

    def make(name: str, peran: str, wilayah: str) -> User:
        user = User.objects.create_user(name, password=PASSWORD)
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
        return user

    return make


@pytest.fixture
def make_worker(make_user):
    """A login and the pilar sosial it is: a pendamping PKH with a code, or a TKSK."""
    from datusoban.layanan.models import Pilar
    from datusoban.layanan.policy import psks_kode

    def make(name: str, peran: str = "pendamping_pkh", kecamatan: str = KEC_A, *,
             role: str = "pendamping", kode: str | None = None):  # fmt: skip
        user = make_user(name, role, kecamatan)
        Pilar.objects.create(
            peran=peran, jenis_id=psks_kode(peran) if peran != "pendamping_pkh" else None,
            nama=name, wilayah_id=kecamatan, kode_kabkota=kecamatan[:5],
            kode_kecamatan=kecamatan, kode_pendamping=kode, akun=user,
        )  # fmt: skip
        return user

    return make


@pytest.fixture
def make_family(desa):
    """A household of a kecamatan with an adult (NIK, a disability) and a child, enrolled in
    PKH under ``pendamping`` when given."""
    from datusoban.program.models import Kepesertaan
    from datusoban.registri.models import Household, Person

    serial = iter(range(10, 10_000))

    def make(kecamatan: str = KEC_A, pendamping: str | None = None, **values):
        n = next(serial)
        household = Household.objects.create(
            wilayah_id=desa(kecamatan), no_kk=f"63710112{n:08d}", lantai="semen",
            luas_lantai=36, aset_motor=False, **values,
        )  # fmt: skip
        adult = Person.objects.create(
            nama=f"Siti Aminah {n}", nama_kunci=f"siti aminah {n}", household=household,
            nik=f"637101410185{n:04d}", tanggal_lahir=date(1985, 1, 1), hubungan_keluarga="kepala",
            disabilitas="berjalan",
        )  # fmt: skip
        child = Person.objects.create(
            nama=f"Rizki Anak {n}", nama_kunci=f"rizki anak {n}", household=household,
            nik=f"637101520115{n:04d}", tanggal_lahir=date(2015, 1, 12), hubungan_keluarga="anak",
        )  # fmt: skip
        if pendamping:
            Kepesertaan.objects.create(
                program_id="PKH", household=household, status="terdaftar",
                kode_kabkota=kecamatan[:5], pendamping=pendamping,
            )  # fmt: skip
        return household, adult, child

    return make
