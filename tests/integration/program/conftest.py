"""Households and people built for one test, in a real Kalsel desa."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def make_household():
    from datusoban.reference.models import Region
    from datusoban.registri.models import Household

    desa = Region.objects.filter(level=4, kode__startswith="63.71.").order_by("kode").first()

    def make(no_kk: str | None = None, wilayah: str | None = None) -> Household:
        return Household.objects.create(no_kk=no_kk, wilayah_id=wilayah or desa.kode)

    return make


@pytest.fixture
def make_person(make_household):
    from datusoban.registri.models import Person

    def make(household=None, *, nik: str | None = None, lahir: date | None = None, **fields):
        household = household or make_household()
        return Person.objects.create(
            nik=nik, nama=fields.pop("nama", "Siti Aminah"), nama_kunci="siti aminah",
            household=household, tanggal_lahir=lahir, **fields,
        )  # fmt: skip

    return make
