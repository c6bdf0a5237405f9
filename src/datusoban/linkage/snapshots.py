"""Snapshots of the rows a linkage decision touches, and their exact restoration.

A decision stores the snapshot before and after it; undo restores the one
before (same ids, same values, timestamps included) after checking that
nothing has changed those rows since, so an undo never overwrites a later
decision silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder

from datusoban.linkage.models import ReviewPair
from datusoban.registry.models import Membership, Person, PersonPPKS, SourceRecord


class _Encoder(DjangoJSONEncoder):
    # Django's encoder cuts times to milliseconds; a restore must give back the
    # microseconds the database holds.
    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def take(persons: Iterable[int], records: Iterable[int] = (), pairs: Iterable[int] = ()) -> dict:
    """The persons (all their fields), their memberships, PPKS and source records'
    links, plus `records` and review `pairs` named explicitly, as JSON-ready data."""
    persons = sorted({p for p in persons if p is not None})
    linked = SourceRecord.objects.filter(person_id__in=persons).values_list("pk", flat=True)
    record_ids = sorted(set(linked) | set(records))
    body = {
        "orang": list(Person.objects.filter(pk__in=persons).order_by("pk").values()),
        "keanggotaan": list(
            Membership.objects.filter(person_id__in=persons).order_by("pk").values()
        ),
        "ppks": list(PersonPPKS.objects.filter(person_id__in=persons).order_by("pk").values()),
        "rekaman": list(
            SourceRecord.objects.filter(pk__in=record_ids)
            .order_by("pk")
            .values("id", "person_id", "household_id")
        ),
        "tinjauan": list(
            ReviewPair.objects.filter(pk__in=sorted(set(pairs)))
            .order_by("pk")
            .values("id", "status", "diputus_oleh", "diputus_pada")
        ),
    }
    # Dates and times as ISO text, exactly as they are stored in the JSON column.
    return json.loads(json.dumps(body, cls=_Encoder))


def scope(snapshot: dict) -> tuple[list[int], list[int], list[int]]:
    """The ids a snapshot covers: persons, records, review pairs."""
    return (
        [row["id"] for row in snapshot["orang"]],
        [row["id"] for row in snapshot["rekaman"]],
        [row["id"] for row in snapshot["tinjauan"]],
    )


def restore(before: dict, after: dict) -> None:
    """Put every row `after` covers back as `before` has it; persons only `after` knows
    are deleted. Run inside a transaction."""
    persons_before = {row["id"] for row in before["orang"]}
    persons_after = {row["id"] for row in after["orang"]}
    everyone = persons_before | persons_after
    for row in before["orang"]:
        fields = {k: v for k, v in row.items() if k != "id"}
        # update() rather than save(): it keeps the stored timestamps (no auto_now).
        if not Person.objects.filter(pk=row["id"]).update(**fields):
            Person.objects.bulk_create([Person(id=row["id"], **fields)])
            Person.objects.filter(pk=row["id"]).update(
                dibuat_pada=fields["dibuat_pada"], diubah_pada=fields["diubah_pada"]
            )
    records_before = {row["id"]: row for row in before["rekaman"]}
    for row in after["rekaman"]:
        if row["id"] not in records_before:
            SourceRecord.objects.filter(pk=row["id"]).update(person_id=None, household_id=None)
    for row in before["rekaman"]:
        SourceRecord.objects.filter(pk=row["id"]).update(
            person_id=row["person_id"], household_id=row["household_id"]
        )
    Membership.objects.filter(person_id__in=everyone).delete()
    Membership.objects.bulk_create([Membership(**row) for row in before["keanggotaan"]])
    PersonPPKS.objects.filter(person_id__in=everyone).delete()
    PersonPPKS.objects.bulk_create([PersonPPKS(**row) for row in before["ppks"]])
    Person.objects.filter(pk__in=persons_after - persons_before).delete()
    for row in before["tinjauan"]:
        ReviewPair.objects.filter(pk=row["id"]).update(
            status=row["status"], diputus_oleh=row["diputus_oleh"], diputus_pada=row["diputus_pada"]
        )
