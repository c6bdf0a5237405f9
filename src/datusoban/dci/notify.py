"""Notifications (``notify``): each registry change (``registri.events``) sent to the
subscriptions to its kind, as each subscriber's user may see it.

Cheap where the registry is busy: when a change commits, one query asks whether anyone
subscribes to its kind; only then is one row kept (``Peristiwa``: the kind and the person
ids, however many) and one background task queued, in one transaction. The task (the
worker, never the change's own request or import) reads, per subscription, which of those
people its user's scope covers (``accounts.scope``) and its filter finds
(``registri.search``), masks them as a search answer is masked (``found_people.masked``,
``records``), writes one audit row per person disclosed, and queues the notifications
through the callback outbox (``delivery``): one envelope per subscription and
``BATCH`` people, never one per person.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.found_people import FIELDS, masked
from datusoban.accounts.scope import scope_of, scoped
from datusoban.dci.delivery import deliver
from datusoban.dci.envelope import answer_header, now
from datusoban.dci.models import Langganan, Peristiwa
from datusoban.dci.records import member, person
from datusoban.dci.subscriptions import EVENT_NAMES, REG_TYPE
from datusoban.registri import events
from datusoban.registri.models import Membership, Person
from datusoban.registri.search import search_people
from datusoban.registri.status import MENINGGAL

log = logging.getLogger(__name__)

# People per notify envelope; people read per query.
BATCH = 100
CHUNK = 1_000
LOCALE = "ind"


def on_registry_changed(sender, *, kind: str, persons: list[int], **kwargs) -> None:
    """registri.events' listener (after the change committed): kept and queued only when
    someone subscribes to ``kind``."""
    if not Langganan.objects.filter(status=Langganan.Status.AKTIF, peristiwa=kind).exists():
        return
    with transaction.atomic():
        event = Peristiwa.objects.create(jenis=kind, orang=persons)
        send_event.enqueue(event.pk)


@task()
def send_event(event_id: int) -> int:
    """The background task: the event's notifications queued; how many envelopes."""
    return process(event_id)


def process(event_id: int, today: date | None = None) -> int:
    """Queue the notifications of event ``event_id`` once (the row is claimed, then marked
    done in the same transaction); how many envelopes were queued."""
    today = today or timezone.localdate()
    with transaction.atomic():
        event = Peristiwa.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.diproses is not None:
            return 0
        subscriptions = Langganan.objects.filter(
            status=Langganan.Status.AKTIF, peristiwa=event.jenis
        ).select_related("pengguna")
        sent = 0
        for subscription in subscriptions.order_by("pk"):
            if subscription.mulai and event.terjadi < subscription.mulai:
                continue
            if subscription.berakhir and event.terjadi > subscription.berakhir:
                continue
            sent += _notify(subscription, event, today)
        event.diproses = timezone.now()
        event.save(update_fields=["diproses"])
    return sent


def _waiting() -> list[int]:
    return list(
        Peristiwa.objects.filter(diproses__isnull=True).order_by("pk").values_list("pk", flat=True)
    )


def pending() -> int:
    """Process every event still waiting, here and now; how many envelopes."""
    return sum(process(pk) for pk in _waiting())


def resume() -> int:
    """At a worker's start: queue again every event still waiting (its task died with a
    worker killed); how many. An event queued twice is notified once: ``process`` claims
    it."""
    waiting = _waiting()
    for pk in waiting:
        send_event.enqueue(pk)
    return len(waiting)


def _disclosed(subscription: Langganan, ids: list[int], today: date) -> list[dict]:
    """The values of the people among ``ids`` the subscriber's user may see and its filter
    finds (the rows ``found_people.masked`` takes), by id.

    Read in three statements whatever their number: the ids the scope and the filter
    let through, their values by id, and their families' sizes in one grouped count (a
    count per person, as a search page reads it, costs a look at the memberships per
    person, and right after a bulk load, before the database has statistics of the new
    rows, a look at all of them)."""
    people = scoped(subscription.pengguna, Person.objects.filter(pk__in=ids))
    if subscription.syarat:
        people = search_people(people, subscription.syarat, today)
    allowed = list(people.order_by().values_list("pk", flat=True))
    if not allowed:
        return []
    rows = list(Person.objects.filter(pk__in=allowed).order_by("pk").values(*FIELDS))
    households = {r["household_id"] for r in rows if r["household_id"] is not None}
    sizes = dict(
        Membership.objects.filter(household_id__in=households, selesai__isnull=True)
        .values("household_id")
        .annotate(n=Count("pk"))
        .values_list("household_id", "n")
    )
    for row in rows:
        row["anggota_keluarga"] = sizes.get(row["household_id"])
    return rows


def _notify(subscription: Langganan, event: Peristiwa, today: date) -> int:
    scope = scope_of(subscription.pengguna)
    if scope is None:  # the user lost their role or region: nothing is theirs to see
        return 0
    health = scope.role.data_kesehatan
    as_member = "member" in str(subscription.kriteria.get("notify_record_type", "")).lower()
    envelopes = 0
    for start in range(0, len(event.orang), CHUNK):
        rows = _disclosed(subscription, event.orang[start : start + CHUNK], today)
        if not rows:
            continue
        deaths = dict(
            Person.objects.filter(pk__in=[r["id"] for r in rows], status=MENINGGAL)
            .values_list("pk", "tanggal_status")
        )  # fmt: skip
        record(
            None, Aksi.BACA, "orang", [(str(r["id"]), r["nik"]) for r in rows],
            tujuan=subscription.tujuan,
            rincian={"dci": {"langganan": subscription.kode, "peristiwa": event.jenis,
                             "notify": event.pk}},
            user=subscription.pengguna,
        )  # fmt: skip
        shown = masked(scope.role, rows)
        for first in range(0, len(shown), BATCH):
            part = shown[first : first + BATCH]
            items = [_item(subscription, event, r, deaths, health, as_member) for r in part]
            _send(subscription, event, items)
            envelopes += 1
    return envelopes


def _item(subscription: Langganan, event: Peristiwa, row: dict, deaths: dict, health: bool,
          as_member: bool) -> dict:  # fmt: skip
    found = person(row, health=health)
    found["additional_attributes"].append({"reg_event_type": EVENT_NAMES[event.jenis]})
    if row["id"] in deaths:
        # The registry's record says deceased, and since when.
        died = deaths[row["id"]]
        found["death_date"] = died.isoformat() if died else None
        found["additional_attributes"].append({"status": MENINGGAL})
    if as_member:
        found = {**member(row, None, health=health), "demographic_info": found}
        found.pop("relationship_head", None)
    data = {
        "version": "1.0.0",
        "reg_type": REG_TYPE,
        "reg_record_type": "Member" if as_member else "SRPerson",
        "reg_records": found,
    }
    # The specification names two events in a notification (REGISTER, NewHouseHoldMember);
    # any other is named in the record's additional_attributes and the header's meta.
    if event.jenis == events.REGISTER:
        data["reg_event_type"] = "REGISTER"
    return {
        "reference_id": f"{subscription.kode}-{event.pk}-{row['id']}"[:99],
        "timestamp": now(),
        "data": data,
        "locale": LOCALE,
    }


def _send(subscription: Langganan, event: Peristiwa, items: list[dict]) -> None:
    header = answer_header({"sender_id": subscription.sender_id}, "notify", "succ",
                           total=len(items), completed=len(items))  # fmt: skip
    header["meta"] = {
        "subscription_code": subscription.kode,
        "reg_event_type": EVENT_NAMES[event.jenis],
    }
    message = {"transaction_id": subscription.transaction_id, "notify_event": items}
    deliver(subscription.notify_uri, "notify", message, to_user=subscription.pengguna,
            header=header, correlation_id=str(uuid.uuid4()))  # fmt: skip
