"""The decision log as the page shows it: what each decision did, by record and person
numbers only (no names or identifiers: the log is read by every reviewer, whatever
their region), whether it was undone, and which later decisions stand in an undo's way.
"""

from __future__ import annotations

from dataclasses import dataclass

from datusoban.penautan.models import Decision


@dataclass(frozen=True)
class Change:
    rekaman: int
    sebelum: int | None  # the person the record belonged to, None: not linked
    sesudah: int | None


def _owners(snapshot: dict) -> dict[int, int | None]:
    return {row["id"]: row.get("person_id") for row in snapshot.get("rekaman", [])}


def _persons(snapshot: dict) -> set[int]:
    return {row["id"] for row in snapshot.get("orang", [])}


def changes(decision: Decision) -> dict:
    """Records that changed person, persons that appeared and disappeared."""
    before, after = _owners(decision.sebelum or {}), _owners(decision.sesudah or {})
    moved = [
        Change(r, before.get(r), after.get(r))
        for r in sorted(before.keys() | after.keys())
        if before.get(r) != after.get(r)
    ]
    had, has = _persons(decision.sebelum or {}), _persons(decision.sesudah or {})
    return {"pindah": moved, "orang_baru": sorted(has - had), "orang_hilang": sorted(had - has)}


def later_decisions(decision: Decision) -> list[int]:
    """Later decisions, not undone themselves, that touched the persons or records this one
    left behind: the ones to undo first."""
    after = decision.sesudah or {}
    persons, records = _persons(after), set(_owners(after))
    later = Decision.objects.filter(pk__gt=decision.pk, dibatalkan_oleh__isnull=True).exclude(
        jenis=Decision.Jenis.BATAL
    )
    found = []
    for other in later.order_by("pk"):
        before = other.sebelum or {}
        their_persons = _persons(before)
        their_records = set(_owners(before))
        if persons & their_persons or records & their_records:
            found.append(other.pk)
    return found
