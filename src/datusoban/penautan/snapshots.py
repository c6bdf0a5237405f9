"""Snapshots of the rows a linkage decision touches, and their exact restoration.

A decision stores the snapshot before and after it; undo restores the one
before (same ids, same values, timestamps included) after checking that
nothing has changed those rows since, so an undo never overwrites a later
decision silently.

Enrolments (programs) of the persons are part of it: a merge moves them to the
person kept and may close one as a duplicate (programs.transfer), and undo
puts them back, history rows included. Snapshots written before enrolments
were covered read as having none (``complete``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder

from datusoban.penautan.models import ReviewPair
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
from datusoban.registri.models import Membership, Person, PersonPPKS, SourceRecord


class _Encoder(DjangoJSONEncoder):
    # Django's encoder cuts times to milliseconds; a restore must give back the
    # microseconds the database holds.
    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def take(persons: Iterable[int], records: Iterable[int] = (), pairs: Iterable[int] = ()) -> dict:
    """The persons (all their fields), their memberships, PPKS, enrolments with their
    history and source records' links, plus `records` and review `pairs` named
    explicitly, as JSON-ready data."""
    persons = sorted({p for p in persons if p is not None})
    linked = SourceRecord.objects.filter(person_id__in=persons).values_list("pk", flat=True)
    record_ids = sorted(set(linked) | set(records))
    enrolments = Kepesertaan.objects.filter(person_id__in=persons)
    body = {
        "orang": list(Person.objects.filter(pk__in=persons).order_by("pk").values()),
        "keanggotaan": list(
            Membership.objects.filter(person_id__in=persons).order_by("pk").values()
        ),
        "ppks": list(PersonPPKS.objects.filter(person_id__in=persons).order_by("pk").values()),
        "kepesertaan": list(enrolments.order_by("pk").values()),
        "riwayat_kepesertaan": list(
            RiwayatKepesertaan.objects.filter(kepesertaan__in=enrolments).order_by("pk").values()
        ),
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


def complete(snapshot: dict) -> dict:
    """`snapshot` with every table present (older snapshots lack the enrolment tables)."""
    return {"kepesertaan": [], "riwayat_kepesertaan": [], **snapshot}


def without_enrolments(snapshot: dict, ids: set[int]) -> dict:
    """`snapshot` less the enrolments `ids` and their history rows."""
    snapshot = complete(snapshot)
    return {
        **snapshot,
        "kepesertaan": [r for r in snapshot["kepesertaan"] if r["id"] not in ids],
        "riwayat_kepesertaan": [
            r for r in snapshot["riwayat_kepesertaan"] if r["kepesertaan_id"] not in ids
        ],
    }


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
    _restore_enrolments(complete(before), complete(after))
    Person.objects.filter(pk__in=persons_after - persons_before).delete()
    for row in before["tinjauan"]:
        ReviewPair.objects.filter(pk=row["id"]).update(
            status=row["status"], diputus_oleh=row["diputus_oleh"], diputus_pada=row["diputus_pada"]
        )


def _restore_enrolments(before: dict, after: dict) -> None:
    """Enrolments back on their persons with their fields; history rows added since, gone.

    All of them leave first (status keluar), then each takes its old state: one at a
    time, two open enrolments of one programme on one person would clash on the
    open-enrolment constraint halfway (the kept one reopened while the moved one is
    still open on the same person)."""
    ids = [row["id"] for row in before["kepesertaan"]]
    Kepesertaan.objects.filter(pk__in=ids).update(status="keluar")
    for row in before["kepesertaan"]:
        Kepesertaan.objects.filter(pk=row["id"]).update(
            **{k: v for k, v in row.items() if k != "id"}
        )
    kept = {row["id"] for row in before["riwayat_kepesertaan"]}
    added = {row["id"] for row in after["riwayat_kepesertaan"]} - kept
    RiwayatKepesertaan.objects.filter(pk__in=added).delete()
