"""Headline counts of the registry per kab/kota, for the dashboard, the home page and
`datusoban summary`.

Pages read them from ``KabKotaSummary``: counting 4.3 million people through their
households takes seconds (two GROUP BYs over a join), and every dashboard view would
pay it. The figures stay exact because every change to who is counted goes through
one of two doors, inside the transaction that makes the change:

- ``refresh_counts``: recount everything set-based (the same GROUP BYs), after a bulk
  load or a link run, which touch many people and households;
- ``person_counts`` before and after, then ``adjust_counts``: for a decision that
  touches a few known people (merge, split, undo), move the counts by the difference.

A service that adds, removes or moves people, households or PPKS must use one of
them; ``live_counts`` is the definition, and the tests compare the summary with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from datusoban.reference.models import Region
from datusoban.registri.models import Household, KabKotaSummary, Person, PersonPPKS

# kode kab/kota → (living people, living people with an open PPKS category)
PersonCounts = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class KabKotaCounts:
    kode: str
    nama: str
    penduduk: int  # Dukcapil population, for scale
    keluarga: int
    orang: int
    ppks: int


def live_counts() -> dict[str, tuple[int, int, int]]:
    """Households, living people and people with an open PPKS per kab/kota, counted
    from the rows now (seconds at provincial scale: use the summary to show them)."""
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
    codes = (set(households) | set(people) | set(ppks)) - {None}
    return {k: (households.get(k, 0), people.get(k, 0), ppks.get(k, 0)) for k in codes}


def refresh_counts() -> None:
    """Recount the whole summary from the rows. Call inside the transaction of the
    bulk change, after its writes, so the new figures commit with it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A decision committing between our count and our write would have its
            # adjustment overwritten; it waits for us instead (reads are not blocked).
            with connection.cursor() as c:
                c.execute(f"LOCK TABLE {KabKotaSummary._meta.db_table} IN EXCLUSIVE MODE")
        counts = live_counts()
        now = timezone.now()
        KabKotaSummary.objects.all().delete()
        KabKotaSummary.objects.bulk_create(
            KabKotaSummary(kode=k, keluarga=h, orang=p, ppks=s, dihitung_pada=now)
            for k, (h, p, s) in counts.items()
        )


def person_counts(persons: Iterable[int]) -> PersonCounts:
    """What ``persons`` (ids; missing ones count nothing) add to the summary now."""
    living = Person.objects.filter(pk__in=sorted(set(persons)), status="hidup")
    open_ppks = PersonPPKS.objects.filter(person=OuterRef("pk"), selesai__isnull=True)
    people = dict(
        living.values_list("household__kode_kabkota")
        .annotate(n=Count("id"))
        .values_list("household__kode_kabkota", "n")
    )
    ppks = dict(
        living.filter(Exists(open_ppks))
        .values_list("household__kode_kabkota")
        .annotate(n=Count("id"))
        .values_list("household__kode_kabkota", "n")
    )
    return {k: (n, ppks.get(k, 0)) for k, n in people.items() if k is not None}


def adjust_counts(before: PersonCounts, after: PersonCounts) -> None:
    """Move the summary by what a change did to a few people: ``person_counts`` of
    the same people (and any the change created) before it and after it."""
    now = timezone.now()
    for kode in sorted(set(before) | set(after)):
        old, new = before.get(kode, (0, 0)), after.get(kode, (0, 0))
        people, ppks = new[0] - old[0], new[1] - old[1]
        if people == ppks == 0:
            continue
        moved = KabKotaSummary.objects.filter(kode=kode).update(
            orang=F("orang") + people, ppks=F("ppks") + ppks
        )
        if not moved:  # nobody was counted in this kab/kota before
            KabKotaSummary.objects.create(kode=kode, orang=people, ppks=ppks, dihitung_pada=now)


def counts_per_kabkota(province: str = "63") -> list[KabKotaCounts]:
    """Households, living people and people with an open PPKS category, per kab/kota."""
    kabkota = Region.objects.filter(level=Region.Level.KABKOTA, parent_id=province).order_by("kode")
    summary = {s.kode: s for s in KabKotaSummary.objects.filter(kode__startswith=province + ".")}
    empty = KabKotaSummary(keluarga=0, orang=0, ppks=0)
    return [
        KabKotaCounts(
            kode=r.kode,
            nama=r.nama,
            penduduk=r.penduduk or 0,
            keluarga=summary.get(r.kode, empty).keluarga,
            orang=summary.get(r.kode, empty).orang,
            ppks=summary.get(r.kode, empty).ppks,
        )
        for r in kabkota
    ]
