"""Subscriptions (``registry/subscribe``, ``registry/unsubscribe``): asynchronous, as the
specification has them. A valid envelope is acknowledged at once (``ACK`` with our
``correlation_id``); the outcome of each request follows as a callback to the sender's
``header.sender_uri`` (``on-subscribe``, ``on-unsubscribe``, through ``delivery``).

What the envelope itself gets wrong (not an envelope, an invalid header, a message that
breaks the schema, a timestamp without its time zone, no callback address) is refused at
once, in the acknowledgement (``ERR`` with the specification's Error code), and nothing
is kept. What one request asks that
the registry cannot do (an event it does not know, a filter it cannot read, a code that
is not the caller's) is refused in the callback with the specification's reason code.

A subscription's filter is read as the registry search reads a query (``queries``), so
that what a subscriber hears of is exactly who a search with that filter would find; who
it may hear of is decided when each notification is sent (``notify``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.db import transaction as db_transaction
from django.utils import timezone

from datusoban.dci import schemas
from datusoban.dci.delivery import deliver, is_callback_uri
from datusoban.dci.envelope import (
    MAX_BATCH,
    EnvelopeError,
    acknowledgement,
    acknowledgement_error,
    answer_header,
    checked,
    describe,
    is_timestamp,
    now,
)
from datusoban.dci.models import Langganan, Transaction
from datusoban.dci.queries import CriteriaError, criteria
from datusoban.dci.search import PURPOSE_LENGTH
from datusoban.registri import events

REG_TYPE = "ns:org:RegistryType:Social"
# Event names a subscriber may use, case folded, with or without a namespace prefix
# ("spdci-common:RegistryEventType:Death" is read as "death").
EVENTS = {
    "register": events.REGISTER, "registration": events.REGISTER,
    "update": events.UPDATE, "updated": events.UPDATE,
    "death": events.DEATH, "died": events.DEATH,
    "link": events.LINK, "linked": events.LINK, "merge": events.LINK,
    "unlink": events.UNLINK, "unlinked": events.UNLINK, "split": events.UNLINK,
}  # fmt: skip
# How a subscription names its event in what we send back.
EVENT_NAMES = {
    events.REGISTER: "REGISTER", events.UPDATE: "UPDATE", events.DEATH: "DEATH",
    events.LINK: "LINK", events.UNLINK: "UNLINK",
}  # fmt: skip
SUPPORTED_EVENTS = "REGISTER, UPDATE, DEATH, LINK, UNLINK"
# Record types a notification may carry: a person, or a person as a member.
PERSON_RECORDS = {"srperson", "person", "member", "spdci-extensions-dci:member"}
CODE_PREFIX = "sub-"


def event_kind(name: Any) -> str | None:
    """The registry change ``name`` subscribes to, or None."""
    if not isinstance(name, str):
        return None
    return EVENTS.get(name.rsplit(":", 1)[-1].strip().lower())


def notify_address(sender_uri: str) -> str:
    """Where notifications go: a sender that named its ``on-subscribe`` endpoint gets
    them at its ``notify`` endpoint beside it (``…/registry/on-subscribe`` →
    ``…/registry/notify``), as the specification names the two; a sender with one
    callback address for everything gets them there (the header's action tells them
    apart)."""
    parts = urlsplit(sender_uri)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if last == "on-subscribe":
        return urlunsplit(parts._replace(path=f"{head}/notify"))
    return sender_uri


def _refused(exc: EnvelopeError) -> tuple[int, dict]:
    """An envelope refused whole, before any work: the acknowledgement ERR, as the
    asynchronous search answers it; no callback follows."""
    return 200, acknowledgement_error(exc)


def _envelope(request, body: Any, action: str, schema: str) -> tuple[dict, dict]:
    """The header and message of an asynchronous request, checked whole; EnvelopeError."""
    header, message = checked(body, action)
    errors = sorted(schemas.component(schema).iter_errors(message), key=lambda e: list(e.path))
    if errors:
        raise EnvelopeError(describe(errors).replace("(akar)", "message"), code="err.request.bad")
    if not is_callback_uri(header.get("sender_uri")):
        raise EnvelopeError(
            "header.sender_uri harus alamat http(s) lengkap tempat jawaban dikirim "
            "(mis. https://sistem-anda.example/registry/on-subscribe).",
            code="err.sender_uri.invalid",
        )
    if Transaction.objects.filter(pengguna=request.user, message_id=header["message_id"]).exists():
        raise EnvelopeError(
            f"message_id '{header['message_id']}' sudah pernah diterima.",
            reason="rjct.message_id.duplicate",
        )
    return header, message


def _kept(request, header: dict, message: dict, txn_type: str, correlation: str,
          statuses: list[dict]) -> None:  # fmt: skip
    """The transaction, answered at once (its callback queued with it), so that its
    message_id is not taken twice and its status can be asked."""
    Transaction.objects.create(
        pengguna=request.user,
        sender_id=header["sender_id"],
        message_id=header["message_id"],
        transaction_id=message["transaction_id"],
        correlation_id=correlation,
        txn_type=txn_type,
        statuses=statuses,
        asynchronous=True,
        sender_uri=header["sender_uri"],
        status="succ" if any(s["status"] == "succ" for s in statuses) else "rjct",
    )


# --- subscribe ---------------------------------------------------------------------------


def subscribe(request, body: Any) -> tuple[int, dict]:
    """``registry/subscribe``: each request of the batch kept as a subscription or
    refused on its own; ACK now, ``on-subscribe`` with every outcome to the sender."""
    try:
        header, message = _envelope(request, body, "subscribe", "SubscribeRequest")
        items = message["subscribe_request"]
        if not items:
            raise EnvelopeError("subscribe_request tidak boleh kosong.",
                                reason="rjct.total_count.invalid")  # fmt: skip
        if len(items) > MAX_BATCH:
            raise EnvelopeError(f"Paling banyak {MAX_BATCH} permintaan dalam satu pesan.",
                                reason="rjct.total_count.limit_exceeded")  # fmt: skip
        if header["total_count"] != len(items):
            raise EnvelopeError(
                f"header.total_count ({header['total_count']}) tidak sama dengan jumlah "
                f"subscribe_request ({len(items)}).",
                reason="rjct.total_count.invalid",
            )
        for i, item in enumerate(items):
            if not is_timestamp(item["timestamp"]):
                raise EnvelopeError(
                    f"subscribe_request/{i}/timestamp harus tanggal-waktu ISO 8601 dengan zona "
                    "waktu, mis. 2026-12-06T10:00:00+08:00.",
                    code="err.request.bad",
                )
    except EnvelopeError as exc:
        return _refused(exc)
    correlation = str(uuid.uuid4())
    seen: set[str] = set()
    with db_transaction.atomic():
        answers = [_subscribe_one(request, header, message, item, seen) for item in items]
        _kept(request, header, message, "subscribe", correlation,
              [{k: a[k] for k in a if k != "subscriptions"} for a in answers])  # fmt: skip
        done = sum(a["status"] == "succ" for a in answers)
        reply = {
            "transaction_id": message["transaction_id"],
            "correlation_id": correlation,
            "subscribe_response": answers,
        }
        deliver(
            header["sender_uri"], "on-subscribe", reply, to_user=request.user,
            header=answer_header(header, "on-subscribe", "succ" if done else "rjct",
                                 total=len(items), completed=len(answers)),
            correlation_id=correlation,
        )  # fmt: skip
    return 200, acknowledgement(correlation)


def _rejected(item: dict, code: str, text: str) -> dict:
    return {
        "reference_id": item["reference_id"],
        "timestamp": now(),
        "status": "rjct",
        "status_reason_code": code,
        "status_reason_message": text[:999],
    }


def _window(frequency: Any) -> tuple[datetime | None, datetime | None]:
    if not isinstance(frequency, dict):
        return None, None
    bounds = []
    for key in ("start_time", "end_time"):
        value = frequency.get(key)
        bounds.append(datetime.fromisoformat(value) if is_timestamp(value) else None)
    return bounds[0], bounds[1]


def _purpose(subscribe_criteria: dict) -> str:
    stated = subscribe_criteria.get("authorize")
    stated = stated.get("purpose") if isinstance(stated, dict) else None
    if isinstance(stated, dict):
        text = stated.get("text") or stated.get("code")
        if isinstance(text, str) and text.strip():
            return " ".join(text.split())[:PURPOSE_LENGTH]
    return ""


def filter_type(subscribe_criteria: dict) -> str:
    """The filter's query type: as stated, else as its shape says (a list of predicates;
    an object with an expression; an identifier type and value)."""
    stated = subscribe_criteria.get("filter_type")
    if stated:
        return stated
    found = subscribe_criteria.get("filter")
    if isinstance(found, list):
        return "predicate"
    value = found.get("value") if isinstance(found, dict) else None
    return "expression" if isinstance(value, dict) and "expression" in value else "idtype-value"


def _subscribe_one(request, header: dict, message: dict, item: dict, seen: set[str]) -> dict:
    reference = item["reference_id"]
    if reference in seen:
        return _rejected(item, "rjct.reference_id.duplicate",
                         f"reference_id '{reference}' dipakai lebih dari sekali.")  # fmt: skip
    seen.add(reference)
    wanted = item["subscribe_criteria"]
    kind = event_kind(wanted["reg_event_type"])
    if kind is None:
        return _rejected(
            item, "rjct.notify_types.invalid",
            f"Jenis peristiwa '{wanted['reg_event_type']}' tidak dikenal; yang didukung: "
            f"{SUPPORTED_EVENTS}.",
        )  # fmt: skip
    if str(wanted["notify_record_type"]).lower() not in PERSON_RECORDS:
        return _rejected(
            item, "rjct.notify_details.invalid",
            f"notify_record_type '{wanted['notify_record_type']}' belum didukung; gunakan "
            "SRPerson atau Member (pemberitahuan per orang).",
        )  # fmt: skip
    kind_of_filter = filter_type(wanted)
    if kind_of_filter not in ("idtype-value", "expression", "predicate"):
        return _rejected(item, "rjct.notify_details.invalid",
                         f"filter_type '{kind_of_filter}' belum didukung; gunakan "
                         "idtype-value, expression atau predicate.")  # fmt: skip
    try:
        conditions = criteria(
            {"query_type": kind_of_filter, "query": wanted["filter"]}, max_page_size=1
        ).conditions
    except CriteriaError as exc:
        code = "rjct.person_id.invalid" if kind_of_filter == "idtype-value" else (
            "rjct.notify_details.invalid")  # fmt: skip
        return _rejected(item, code, f"filter: {exc.pesan}")
    uri = header["sender_uri"]
    same = Langganan.objects.filter(
        pengguna=request.user, status=Langganan.Status.AKTIF, peristiwa=kind,
        notify_uri=notify_address(uri),
    )  # fmt: skip
    if any(s.syarat == conditions for s in same):
        return _rejected(
            item, "rjct.event.already_subscribed",
            "Langganan yang sama (peristiwa, filter, alamat) sudah aktif.",
        )  # fmt: skip
    start, end = _window(wanted.get("frequency"))
    subscription = Langganan.objects.create(
        pengguna=request.user,
        kode=f"{CODE_PREFIX}{uuid.uuid4().hex}",
        sender_id=header["sender_id"],
        sender_uri=uri,
        notify_uri=notify_address(uri),
        transaction_id=message["transaction_id"],
        reference_id=reference,
        peristiwa=kind,
        kriteria=wanted,
        syarat=conditions,
        tujuan=_purpose(wanted),
        mulai=start,
        berakhir=end,
    )
    answer: dict[str, Any] = {
        "reference_id": reference,
        "timestamp": now(),
        "status": "succ",
        "subscriptions": [info(subscription)],
    }
    if isinstance(item.get("locale"), str):
        answer["locale"] = item["locale"]
    return answer


def info(subscription: Langganan) -> dict:
    """A subscription as the specification describes one (SubscriptionInfo)."""
    wanted = subscription.kriteria
    described: dict[str, Any] = {
        "version": "1.0.0",
        "code": subscription.kode,
        "status": "subscribe" if subscription.status == Langganan.Status.AKTIF else "unsubscribe",
        "timestamp": subscription.dibuat.isoformat(timespec="seconds") if subscription.dibuat
        else now(),
        "reg_type": REG_TYPE,
        "reg_event_type": EVENT_NAMES[subscription.peristiwa],
        "filter_type": filter_type(wanted),
        "filter": wanted.get("filter"),
        "notify_record_type": wanted.get("notify_record_type"),
    }  # fmt: skip
    if isinstance(wanted.get("frequency"), dict):
        described["frequency"] = wanted["frequency"]
    return described


# --- unsubscribe -------------------------------------------------------------------------


def unsubscribe(request, body: Any) -> tuple[int, dict]:
    """``registry/unsubscribe``: the caller's own subscriptions ended, all the codes given
    or none (an unknown code, another caller's, one already ended: refused, naming it);
    ACK now, ``on-unsubscribe`` with the outcome to the sender."""
    try:
        header, message = _envelope(request, body, "unsubscribe", "UnSubscribeRequest")
        if not is_timestamp(message["timestamp"]):
            raise EnvelopeError("message.timestamp harus tanggal-waktu ISO 8601 dengan zona "
                                "waktu.", code="err.request.bad")  # fmt: skip
        if not message["subscription_codes"]:
            raise EnvelopeError("subscription_codes tidak boleh kosong.", code="err.request.bad")
    except EnvelopeError as exc:
        return _refused(exc)
    correlation = str(uuid.uuid4())
    codes = list(dict.fromkeys(message["subscription_codes"]))
    with db_transaction.atomic():
        found = {s.kode: s for s in Langganan.objects.select_for_update().filter(kode__in=codes)}
        reason, text = _unsubscribe_refusal(request.user, codes, found)
        if reason is None:
            stopped = timezone.now()
            Langganan.objects.filter(pk__in=[s.pk for s in found.values()]).update(
                status=Langganan.Status.BERHENTI, berhenti_pada=stopped
            )
        mine = [found[c] for c in codes if c in found and found[c].pengguna_id == request.user.pk]
        reply: dict[str, Any] = {
            "transaction_id": message["transaction_id"],
            "correlation_id": correlation,
            "timestamp": now(),
            "status": "succ" if reason is None else "rjct",
            "subscription_status": [
                {"code": s.kode, "status": "unsubscribe" if reason is None or
                 s.status == Langganan.Status.BERHENTI else "subscribe"}
                for s in mine
            ],
        }  # fmt: skip
        if reason is not None:
            reply |= {"status_reason_code": reason, "status_reason_message": text[:999]}
        _kept(request, header, message, "unsubscribe", correlation,
              [{"reference_id": c, "timestamp": reply["timestamp"], "status": reply["status"]}
               for c in codes])  # fmt: skip
        deliver(
            header["sender_uri"], "on-unsubscribe", reply, to_user=request.user,
            header=answer_header(header, "on-unsubscribe", reply["status"], total=1, completed=1),
            correlation_id=correlation,
        )  # fmt: skip
    return 200, acknowledgement(correlation)


def _unsubscribe_refusal(user, codes: list[str], found: dict[str, Langganan]):
    """(reason code, message) when any code may not be ended, else (None, "")."""
    unknown = [c for c in codes if c not in found]
    if unknown:
        return "rjct.subscription_code.invalid", (
            "Kode langganan tidak dikenal: " + ", ".join(unknown) + "."
        )
    # Another caller's subscription is not this one's to end (nor to learn of: its code
    # is named, nothing else).
    foreign = [c for c in codes if found[c].pengguna_id != user.pk]
    if foreign:
        return "rjct.requester.invalid", (
            "Langganan ini bukan milik pengirim (token) ini: " + ", ".join(foreign) + "."
        )
    ended = [c for c in codes if found[c].status == Langganan.Status.BERHENTI]
    if ended:
        return "rjct.event.already_unsubscribed", (
            "Langganan ini sudah dihentikan: " + ", ".join(ended) + "."
        )
    return None, ""
