"""One search request of a batch, answered as the caller may see it: people (or families)
found by the registry's one search, narrowed by the one scoping function, masked as the
caller's role says, and one audit row per person disclosed (with the purpose stated in
the request's consent or authorize, and the transaction's ids)."""

from __future__ import annotations

from datetime import date
from typing import Any

from datusoban.accounts.found_people import found, page_values, shown
from datusoban.accounts.scope import required_scope, scoped
from datusoban.dci.queries import GROUP, Criteria
from datusoban.dci.records import group, person
from datusoban.registri.models import Membership, Person
from datusoban.registri.search import search_people

# The longest page answered; a client asking for more gets this many (the answer says so).
MAX_PAGE_SIZE = 100
PURPOSE_LENGTH = 200


def purpose(search_criteria: dict[str, Any]) -> str:
    """The purpose the request states (consent, then authorize: text, else code), kept on
    every audit row of what it discloses."""
    for key in ("consent", "authorize"):
        stated = search_criteria.get(key)
        stated = stated.get("purpose") if isinstance(stated, dict) else None
        if isinstance(stated, dict):
            text = stated.get("text") or stated.get("code")
            if isinstance(text, str) and text.strip():
                return " ".join(text.split())[:PURPOSE_LENGTH]
    return ""


def answer(request, wanted: Criteria, *, tujuan: str, rincian: dict) -> tuple[list[dict], int]:
    """The records of the page asked for and the number of all found (people or
    families)."""
    if wanted.record_type == GROUP:
        return _families(request, wanted, tujuan=tujuan, rincian=rincian)
    return _people(request, wanted, tujuan=tujuan, rincian=rincian)


def _health(request) -> bool:
    return required_scope(request.user).role.data_kesehatan


def _people(request, wanted: Criteria, *, tujuan: str, rincian: dict):
    people = found(request.user, wanted.conditions, date.today())
    total = people.count()
    start = (wanted.page_number - 1) * wanted.page_size
    rows = people[start : start + wanted.page_size]
    health = _health(request)
    visible = shown(request, rows, wanted.conditions, tujuan=tujuan, rincian=rincian)
    return [person(r, health=health) for r in visible], total


def _families(request, wanted: Criteria, *, tujuan: str, rincian: dict):
    """Families with someone the search finds, by household id; each with every member
    the caller may see (the scope hides a child from a role without ``data_anak``)."""
    today = date.today()
    matched = search_people(scoped(request.user, Person.objects.all()), wanted.conditions, today)
    households = (
        matched.exclude(household=None).order_by("household_id").values_list(
            "household_id", flat=True
        ).distinct()
    )  # fmt: skip
    total = households.count()
    start = (wanted.page_number - 1) * wanted.page_size
    ids = list(households[start : start + wanted.page_size])
    members = page_values(scoped(request.user, Person.objects.filter(household_id__in=ids)))
    rows = members[: members.count()] if ids else []
    relation = dict(
        Membership.objects.filter(
            household_id__in=ids, person_id__in=[r["id"] for r in rows], selesai__isnull=True
        ).values_list("person_id", "hubungan")
    )
    visible = shown(request, rows, wanted.conditions, tujuan=tujuan, rincian=rincian)
    health = _health(request)
    by_household: dict[int, list[tuple[dict, str | None]]] = {i: [] for i in ids}
    for row in visible:
        by_household[row["household_id"]].append((row, relation.get(row["id"])))
    records = [group(m, health=health) for m in by_household.values() if m]
    return records, total
