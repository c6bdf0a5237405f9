"""The asynchronous operations: ``registry/search`` and ``registry/txn/status``.

The request is checked as its synchronous twin checks it and answered at once with the
specification's acknowledgement: ACK with the transaction's ``correlation_id``, or ERR
with the specification's Error code when it is refused (no callback follows then). An
accepted request is kept as a transaction (``pdng``) and answered by a background task
of the project's one job mechanism (``datusoban worker``): the same search as the
synchronous one (scope, masking and audit, dci/search.py), the transaction's statuses
(``succ``/``rjct``), and the answer posted to ``header.sender_uri`` (dci/delivery.py).
The request's criteria are kept only until they have been answered.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction as db_transaction
from django_tasks import task

from datusoban.accounts.client_address import client_address
from datusoban.accounts.scope import scope_of
from datusoban.dci import delivery
from datusoban.dci.envelope import (
    EnvelopeError,
    acknowledgement,
    acknowledgement_error,
    answer_header,
    now,
)
from datusoban.dci.models import Transaction
from datusoban.dci.transactions import (
    NOT_FOUND,
    answers,
    checked_search,
    checked_txn_status,
    malformed,
    nothing_found,
    search_reply,
    status_of,
    statuses,
    txn_status_response,
)

PENDING = "pdng"
NO_LONGER_ALLOWED = (
    "Pengguna token ini tidak lagi berhak melihat data pribadi (peran atau wilayahnya "
    "berubah sejak permintaan diterima)."
)


@dataclass
class Caller:
    """The request as the background task knows it: the token's user and the address
    the request came from, for the scope, the masking and the audit trail."""

    user: Any
    address: str | None
    META: dict = field(init=False)  # an HttpRequest's name, read by the audit trail

    def __post_init__(self) -> None:
        self.META = {"REMOTE_ADDR": self.address or ""}


def _sender_uri(header: dict) -> str:
    uri = header.get("sender_uri")
    if not delivery.is_callback_uri(uri):
        raise EnvelopeError(
            "header.sender_uri wajib untuk permintaan asinkron: alamat http(s) lengkap tempat "
            "jawaban dikirim, mis. https://spmis.example.org/registry/on-search.",
            code="err.sender_uri.invalid",
        )
    return uri


def _accept(request, header: dict, message: dict, txn_type: str, kept: dict) -> Transaction:
    """The transaction of an accepted request, pending, with what its task needs."""
    return Transaction.objects.create(
        pengguna=request.user,
        sender_id=header["sender_id"],
        message_id=header["message_id"],
        transaction_id=message["transaction_id"],
        correlation_id=str(uuid.uuid4()),
        txn_type=txn_type,
        asynchronous=True,
        sender_uri=header["sender_uri"],
        request={**kept, "address": client_address(request)},
        status=PENDING,
    )


def search(request, body: Any) -> tuple[int, dict]:
    """``registry/search``: ACK (the search is queued) or ERR."""
    try:
        header, message = checked_search(request, body)
        _sender_uri(header)
        _well_formed(message["search_request"])
    except EnvelopeError as exc:
        return 200, acknowledgement_error(exc)
    items = message["search_request"]
    with db_transaction.atomic():
        txn = _accept(request, header, message, "search", {"search_request": items})
        txn.statuses = [
            {"reference_id": _reference(item), "timestamp": now(), "status": PENDING}
            for item in items
        ]
        txn.save(update_fields=["statuses"])
        answer_search.enqueue(txn.pk)
    return 200, acknowledgement(txn.correlation_id)


def _well_formed(items: list) -> None:
    """The basic checks an ACK promises: every request of the batch well formed (what
    it asks for is answered in the callback, each request on its own)."""
    seen: set[str] = set()
    for number, item in enumerate(items):
        refused = malformed(item, seen)
        if refused is not None:
            raise EnvelopeError(
                f"search_request[{number}]: {refused['status_reason_code']}: "
                f"{refused['status_reason_message']}",
                code="err.request.bad",
            )


def _reference(item: Any) -> str:
    reference = item.get("reference_id") if isinstance(item, dict) else None
    return reference if isinstance(reference, str) else ""


def txn_status(request, body: Any) -> tuple[int, dict]:
    """``registry/txn/status``: ACK (the answer is queued) or ERR."""
    try:
        header, message = checked_txn_status(body)
        _sender_uri(header)
    except EnvelopeError as exc:
        return 200, acknowledgement_error(exc)
    with db_transaction.atomic():
        txn = _accept(request, header, message, "txn-status", {"message": message})
        answer_txn_status.enqueue(txn.pk)
    return 200, acknowledgement(txn.correlation_id)


def _pending(transaction_pk: int) -> tuple[Transaction | None, Caller | None]:
    """The transaction still waiting for its answer, locked, and its caller."""
    txn = Transaction.objects.select_for_update().filter(pk=transaction_pk, status=PENDING).first()
    if txn is None or txn.request is None:
        return None, None
    user = get_user_model().objects.filter(pk=txn.pengguna_id, is_active=True).first()
    return txn, Caller(user, txn.request.get("address"))


@task()
def answer_search(transaction_pk: int) -> str:
    """Answer a pending asynchronous search: every request of the batch, the audit rows,
    the transaction's statuses and the ``on-search`` callback, in one transaction."""
    with db_transaction.atomic():
        txn, caller = _pending(transaction_pk)
        if txn is None:
            return "sudah dijawab"
        items = txn.request["search_request"]
        ids = {
            "sender_id": txn.sender_id,
            "transaction_id": txn.transaction_id,
            "correlation_id": txn.correlation_id,
        }
        if caller.user is None or scope_of(caller.user) is None:
            # Authorised again: the role or region may have changed since the ACK.
            answered = [_refused(item, NO_LONGER_ALLOWED) for item in items]
        else:
            answered = answers(caller, items, ids)
        txn.statuses = statuses(answered)
        txn.status = "succ" if any(a["status"] == "succ" for a in answered) else "rjct"
        txn.request = None
        txn.save(update_fields=["statuses", "status", "request"])
        reply = search_reply(
            {"sender_id": txn.sender_id}, txn.transaction_id, txn.correlation_id, answered
        )
        delivery.deliver(
            txn.sender_uri, "on-search", reply["message"], header=reply["header"],
            to_user=txn.pengguna, correlation_id=txn.correlation_id,
        )  # fmt: skip
    return txn.status


def _refused(item: Any, message: str) -> dict:
    return {
        "reference_id": _reference(item),
        "timestamp": now(),
        "status": "rjct",
        "status_reason_code": "rjct.search_criteria.invalid",
        "status_reason_message": message,
    }


@task()
def answer_txn_status(transaction_pk: int) -> str:
    """Answer a pending asynchronous transaction-status request with a ``txn-on-status``
    callback: the statuses asked for, or ``rjct`` when the caller sent no such search."""
    with db_transaction.atomic():
        txn, caller = _pending(transaction_pk)
        if txn is None:
            return "sudah dijawab"
        message = txn.request["message"]
        found, held = status_of(caller.user, message) if caller.user else (None, [])
        received = {"sender_id": txn.sender_id}
        reply: dict[str, Any] = {
            "transaction_id": txn.transaction_id,
            "correlation_id": txn.correlation_id,
        }
        if found is None:
            txn.status = "rjct"
            header = answer_header(received, "txn-on-status", "rjct", message=NOT_FOUND)
            reply["txnstatus_response"] = nothing_found(message)
        else:
            txn.status = "succ"
            header = answer_header(received, "txn-on-status", "succ", total=1, completed=1)
            reply["txnstatus_response"] = txn_status_response(found, held)
        txn.request = None
        txn.save(update_fields=["status", "request"])
        delivery.deliver(
            txn.sender_uri, "txn-on-status", reply, header=header, to_user=txn.pengguna,
            correlation_id=txn.correlation_id,
        )  # fmt: skip
    return txn.status


def resume() -> int:
    """At a worker's start: queue again every asynchronous request still waiting for its
    answer (its task died with a worker killed mid-search: the search's transaction was
    rolled back whole); how many. A request answered already is not answered again."""
    waiting = Transaction.objects.filter(asynchronous=True, status=PENDING, request__isnull=False)
    tasks = {"search": answer_search, "txn-status": answer_txn_status}
    count = 0
    for pk, kind in waiting.values_list("pk", "txn_type"):
        tasks[kind].enqueue(pk)
        count += 1
    return count
