"""Finding people in the registry by identifier, name or predicate: one query builder
for every page and API route that searches (each narrows by the caller's scope first)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from datusoban.identity.names import name_key
from datusoban.registri.models import Membership, Person

# The conditions a search understands (values None or absent: not used).
CONDITIONS = (
    "nik", "no_kk", "nama", "kode_wilayah", "jenis_kelamin",
    "umur_min", "umur_maks", "anggota_min", "anggota_maks",
)  # fmt: skip


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def family_size() -> Subquery:
    """The current members of each person's household (None without one), as an
    expression for ``Person`` querysets: one indexed count per person read."""
    members = Membership.objects.filter(household=OuterRef("household"), selesai__isnull=True)
    return Subquery(members.order_by().values("household").annotate(n=Count("pk")).values("n"))


def has_condition(conditions: dict[str, Any]) -> bool:
    return any(conditions.get(k) not in (None, "") for k in CONDITIONS)


def search_people(
    people: QuerySet[Person], conditions: dict[str, Any], today: date
) -> QuerySet[Person]:
    """``people`` narrowed by every condition given: ``nik``, ``no_kk``, ``nama`` (any
    spelling: matched on the stored name key), ``kode_wilayah`` (a region code prefix),
    ``jenis_kelamin``, ``umur_min``/``umur_maks`` (years on ``today``),
    ``anggota_min``/``anggota_maks`` (members of the current household)."""
    q = {k: v for k, v in conditions.items() if k in CONDITIONS and v not in (None, "")}
    if "nik" in q:
        people = people.filter(nik=q["nik"])
    if "no_kk" in q:
        people = people.filter(household__no_kk=q["no_kk"])
    if "nama" in q:
        # The same key the registry stores: titles, old spellings and case fold away.
        people = people.filter(nama_kunci=name_key(q["nama"]))
    if "kode_wilayah" in q:
        people = people.filter(household__wilayah__kode__startswith=q["kode_wilayah"])
    if "jenis_kelamin" in q:
        people = people.filter(jenis_kelamin=q["jenis_kelamin"])
    if "umur_min" in q:
        people = people.filter(tanggal_lahir__lte=_years_ago(today, int(q["umur_min"])))
    if "umur_maks" in q:
        people = people.filter(tanggal_lahir__gt=_years_ago(today, int(q["umur_maks"]) + 1))
    if "anggota_min" in q or "anggota_maks" in q:
        people = people.annotate(anggota=Coalesce(family_size(), 0))
        if "anggota_min" in q:
            people = people.filter(anggota__gte=int(q["anggota_min"]))
        if "anggota_maks" in q:
            people = people.filter(anggota__lte=int(q["anggota_maks"]))
    return people
