"""Where a person's or a family's proposals stand, for their pages: the proposals the user
may see (none without the permission), and whether they may propose something new."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from datusoban.registri.models import Household, Person
from datusoban.usulan import access, policy


@dataclass(frozen=True)
class Status:
    rows: list[dict]
    new_url: str | None  # the new-proposal form for this subject, when the user may propose


def proposals_about(
    user, *, person: Person | None = None, household: Household | None = None
) -> Status | None:
    """The proposals about ``person`` (or their household as a whole) or ``household`` (or
    any of its members); None for a user who may not read proposals."""
    if not access.may_view(user):
        return None
    if person is not None:
        about = Q(person=person)
        if person.household_id:
            about |= Q(household_id=person.household_id, person__isnull=True)
        new = f"{reverse('web:usulan_baru')}?orang={person.pk}"
    else:
        about = Q(household=household)
        new = f"{reverse('web:usulan_baru')}?keluarga={household.pk}"
    found = access.proposals_for(user).filter(about).order_by("-diusulkan_pada", "-pk")[:20]
    rows = [
        {
            "pk": u.pk, "jenis": policy.label("jenis", u.jenis),
            "status": policy.label("status", u.status), "diusulkan_pada": u.diusulkan_pada,
            "keluarga": u.person_id is None, "desil": u.desil_dtsen,
            "alasan": u.alasan_nasional or u.alasan_tolak,
        }
        for u in found
    ]  # fmt: skip
    return Status(rows, new if access.may(user, access.ADD) else None)
