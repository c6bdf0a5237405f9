"""Reading enrolments for pages, the API and reports: one person's, one family's, coverage.

Regional scope is applied here the one way the project does it: callers pass a
Household queryset narrowed by ``accounts.scope.scoped`` (or None for the whole
province), and enrolments are kept when their family, or their person's
family, is in it.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from datusoban.program import rules
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person


def in_scope(scope: QuerySet[Household] | None, prefix: str = "") -> Q:
    """A filter keeping enrolments (reached through ``prefix``) placed in ``scope``."""
    if scope is None:
        return Q()
    ids = scope.values("pk")
    return Q(**{f"{prefix}household__in": ids}) | Q(**{f"{prefix}person__household__in": ids})


def enrolments_of(person: Person) -> QuerySet[Kepesertaan]:
    """Everything ``person`` receives or received: their own enrolments and those of
    their current family, newest first, with the programme and the history."""
    own = Q(person=person)
    if person.household_id is not None:
        own |= Q(household_id=person.household_id, person__isnull=True)
    return (
        Kepesertaan.objects.filter(own)
        .select_related("program")
        .prefetch_related("riwayat", "tahap")
        .order_by("-mulai", "-pk")
    )


def enrolments_of_household(household: Household) -> QuerySet[Kepesertaan]:
    """A family's enrolments and those of its members, newest first."""
    return (
        Kepesertaan.objects.filter(Q(household=household) | Q(person__household=household))
        .select_related("program", "person")
        .prefetch_related("riwayat", "tahap")
        .order_by("-mulai", "-pk")
    )


def previous_aid(
    program: str, *, households: QuerySet[Household] | None = None
) -> QuerySet[Kepesertaan]:
    """Enrolments of ``program`` that reached receipt (mulai set), current or past:
    the "previous aid and its date" eligibility rules read."""
    rows = Kepesertaan.objects.filter(program_id=program, mulai__isnull=False)
    return rows.filter(in_scope(households)) if households is not None else rows


def coverage_by_kabkota(
    scope: QuerySet[Household] | None = None, program: str | None = None
) -> list[dict]:
    """Open enrolments per kab/kota, programme and status (rows for a table or a map)."""
    rows = Kepesertaan.objects.filter(in_scope(scope), status__in=rules.OPEN)
    if program is not None:
        rows = rows.filter(program_id=program)
    return list(
        rows.values("kode_kabkota", "program_id", "status")
        .annotate(jumlah=Count("pk"))
        .order_by("kode_kabkota", "program_id", "status")
    )
