"""Headline counts of the registry per kab/kota, for the home page and `datusoban summary`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from datusoban.reference.models import Region
from datusoban.registry.models import Household, Person, PersonPPKS


@dataclass(frozen=True)
class KabKotaCounts:
    kode: str
    nama: str
    penduduk: int  # Dukcapil population, for scale
    keluarga: int
    orang: int
    ppks: int


def counts_per_kabkota(province: str = "63") -> list[KabKotaCounts]:
    """Households, living people and people with an open PPKS category, per kab/kota."""
    kabkota = Region.objects.filter(level=Region.Level.KABKOTA, parent_id=province).order_by("kode")
    households = dict(
        Household.objects.values_list("kode_kabkota")
        .annotate(n=Count("id"))
        .values_list("kode_kabkota", "n")
    )
    people = dict(
        Person.objects.filter(status="hidup")
        .values_list("household__kode_kabkota")
        .annotate(n=Count("id"))
        .values_list("household__kode_kabkota", "n")
    )
    ppks = dict(
        PersonPPKS.objects.filter(selesai__isnull=True, person__status="hidup")
        .values_list("person__household__kode_kabkota")
        .annotate(n=Count("person", distinct=True))
        .values_list("person__household__kode_kabkota", "n")
    )
    return [
        KabKotaCounts(
            kode=r.kode,
            nama=r.nama,
            penduduk=r.penduduk or 0,
            keluarga=households.get(r.kode, 0),
            orang=people.get(r.kode, 0),
            ppks=ppks.get(r.kode, 0),
        )
        for r in kabkota
    ]
