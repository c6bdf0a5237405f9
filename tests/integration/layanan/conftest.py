"""The delivery network's tests: people, workers and institutions in real Kalsel regions."""

from __future__ import annotations

import pytest

KEC_A = "63.71.01"  # two kecamatan of Kota Banjarmasin
KEC_B = "63.71.02"


@pytest.fixture
def make_person(desa):
    from datusoban.registri.models import Household, Person

    def make(kecamatan: str = KEC_A, *, nama: str = "Siti Aminah", **fields) -> Person:
        household = Household.objects.create(wilayah_id=desa(kecamatan))
        return Person.objects.create(
            nama=nama, nama_kunci=nama.lower(), household=household, **fields
        )

    return make


@pytest.fixture
def make_pilar():
    from datusoban.layanan.models import Pilar
    from datusoban.layanan.policy import psks_kode
    from datusoban.layanan.regions import placed

    def make(peran: str = "tksk", wilayah: str = KEC_A, **fields) -> Pilar:
        kab, kec = placed(wilayah)
        return Pilar.objects.create(
            peran=peran, jenis_id=psks_kode(peran), nama=fields.pop("nama", f"{peran} {wilayah}"),
            wilayah_id=wilayah, kode_kabkota=kab, kode_kecamatan=kec, **fields,
        )  # fmt: skip

    return make


@pytest.fixture
def make_lembaga():
    from datusoban.layanan.models import Lembaga
    from datusoban.layanan.policy import atensi_components, psks_kode
    from datusoban.layanan.regions import placed

    count = iter(range(1, 1000))

    def make(jenis: str = "lks", wilayah: str = KEC_A, **fields) -> Lembaga:
        kab, kec = placed(wilayah)
        return Lembaga.objects.create(
            jenis=jenis, psks_id=psks_kode(jenis), kode=f"{jenis}-{next(count)}",
            nama=fields.pop("nama", f"{jenis} uji"), wilayah_id=wilayah, kode_kabkota=kab,
            kode_kecamatan=kec, kapasitas=fields.pop("kapasitas", 20),
            layanan=fields.pop("layanan", list(atensi_components())), **fields,
        )  # fmt: skip

    return make


@pytest.fixture
def make_user():
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account

    def make(name: str, peran: str, wilayah: str) -> User:
        user = User.objects.create_user(name, password="rahasia-panjang-123")
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
        return user

    return make
