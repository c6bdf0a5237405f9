"""The two synchronous operations: a batch of searches (``registry/sync/search``) and a
transaction's status (``registry/sync/txn/status``), from a checked envelope to the
answer's envelope. Each returns the HTTP status and the body."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction as db_transaction

from datusoban.dci import schemas
from datusoban.dci.envelope import (
    MAX_BATCH,
    EnvelopeError,
    answer_header,
    checked,
    describe,
    http_error,
    is_timestamp,
    now,
)
from datusoban.dci.models import Transaction
from datusoban.dci.queries import CriteriaError, criteria, pagination
from datusoban.dci.search import MAX_PAGE_SIZE, answer, purpose
from datusoban.refusal import RefusedError

REG_TYPE = "ns:org:RegistryType:Social"
LOCALE = "ind"
ITEM = ("SearchRequest", "properties", "search_request", "items")


def _rejected(item: Any, code: str, message: str) -> dict:
    reference = item.get("reference_id") if isinstance(item, dict) else None
    return {
        "reference_id": reference if isinstance(reference, str) else "",
        "timestamp": now(),
        "status": "rjct",
        "status_reason_code": code,
        "status_reason_message": message[:999],
    }


def _item_reason(errors) -> str:
    """The specification's reason code for an invalid request of the batch: by the first
    part of it that is wrong."""
    first = errors[0].absolute_path
    part = first[0] if first else ""
    inner = first[1] if len(first) > 1 else ""
    if part == "reference_id":
        return "rjct.reference_id.invalid"
    if part == "timestamp":
        return "rjct.timestamp.invalid"
    if part == "search_criteria" and inner == "pagination":
        return "rjct.pagination.invalid"
    if part == "search_criteria" and inner == "sort":
        return "rjct.sort.invalid"
    return "rjct.search_criteria.invalid"


def criteria_of(item: dict) -> dict:
    """A request's ``search_criteria``, with the ``pagination`` some clients put beside it
    (in the request itself, where the specification has none) when it has its own none:
    a page asked for is answered, never ignored."""
    search_criteria = item["search_criteria"]
    beside = item.get("pagination")
    if "pagination" not in search_criteria and isinstance(beside, dict):
        return {**search_criteria, "pagination": beside}
    return search_criteria


def malformed(item: Any, seen: set[str]) -> dict | None:
    """The rejection of a request of the batch that is not well formed (its schema, a
    reference_id used twice, its timestamp, its pagination); None for one that is.
    ``seen``: the reference_ids of the batch so far, this one added."""
    errors = sorted(schemas.component(*ITEM).iter_errors(item), key=lambda e: list(e.path))
    if errors:
        return _rejected(item, _item_reason(errors), describe(errors))
    reference = item["reference_id"]
    if reference in seen:
        return _rejected(item, "rjct.reference_id.duplicate",
                         f"reference_id '{reference}' dipakai lebih dari sekali.")  # fmt: skip
    seen.add(reference)
    if not is_timestamp(item["timestamp"]):
        return _rejected(item, "rjct.timestamp.invalid",
                         "timestamp harus tanggal-waktu ISO 8601 dengan zona waktu.")  # fmt: skip
    try:
        pagination(criteria_of(item).get("pagination"), MAX_PAGE_SIZE)
    except CriteriaError as exc:
        return _rejected(item, exc.code, exc.pesan)
    return None


def _one(request, item: Any, txn: dict, seen: set[str]) -> dict:
    refused = malformed(item, seen)
    if refused is not None:
        return refused
    reference = item["reference_id"]
    search_criteria = criteria_of(item)
    try:
        wanted = criteria(search_criteria, MAX_PAGE_SIZE)
        rincian = {"dci": {**txn, "reference_id": reference}}
        records, total = answer(request, wanted, tujuan=purpose(search_criteria), rincian=rincian)
    except CriteriaError as exc:
        return _rejected(item, exc.code, exc.pesan)
    except RefusedError as exc:  # the registry search's own rule (a name too short)
        return _rejected(item, "rjct.search_criteria.invalid", exc.pesan)
    return {
        "reference_id": reference,
        "timestamp": now(),
        "status": "succ",
        "data": {
            "version": "1.0.0",
            "reg_type": REG_TYPE,
            "reg_record_type": wanted.record_type,
            "reg_records": records,
        },
        "pagination": {
            "page_size": wanted.page_size,
            "page_number": wanted.page_number,
            "total_count": total,
        },
        "locale": LOCALE,
    }


def _message_errors(message: Any, validator) -> str | None:
    errors = sorted(validator.iter_errors(message), key=lambda e: list(e.path))
    return describe(errors).replace("(akar)", "message") if errors else None


def checked_search(request, body: Any) -> tuple[dict, dict]:
    """The header and the message of a search envelope (sync or async) the registry
    accepts; EnvelopeError otherwise."""
    header, message = checked(body, "search")
    problem = _message_errors(message, schemas.without_items("SearchRequest", "search_request"))
    if problem:
        raise EnvelopeError(problem, code="err.request.bad")
    items = message["search_request"]
    if not items:
        raise EnvelopeError("search_request tidak boleh kosong.", reason="rjct.total_count.invalid")
    if len(items) > MAX_BATCH:
        raise EnvelopeError(
            f"Paling banyak {MAX_BATCH} permintaan dalam satu pesan.",
            reason="rjct.total_count.limit_exceeded",
        )
    if header["total_count"] != len(items):
        raise EnvelopeError(
            f"header.total_count ({header['total_count']}) tidak sama dengan jumlah "
            f"search_request ({len(items)}).",
            reason="rjct.total_count.invalid",
        )
    if Transaction.objects.filter(pengguna=request.user, message_id=header["message_id"]).exists():
        raise EnvelopeError(
            f"message_id '{header['message_id']}' sudah pernah diterima.",
            reason="rjct.message_id.duplicate",
        )
    return header, message


def answers(request, items: list, txn: dict) -> list[dict]:
    """Every request of a batch answered, each on its own (a refused one does not stop
    the others). ``txn``: the transaction's ids, kept on every audit row."""
    seen: set[str] = set()
    return [_one(request, item, txn, seen) for item in items]


def statuses(answered: list[dict]) -> list[dict]:
    """What the transaction keeps of each answer: its status, not the records."""
    keys = ("reference_id", "timestamp", "status", "status_reason_code", "status_reason_message")
    return [{k: a[k] for k in keys if k in a} for a in answered]


def search_reply(received: dict, transaction_id: str, correlation: str, answered: list) -> dict:
    """The ``on-search`` envelope's header and message (sync answer or async callback)."""
    accepted = sum(a["status"] == "succ" for a in answered)
    header = answer_header(
        received, "on-search", "succ" if accepted else "rjct",
        total=len(answered), completed=len(answered),
    )  # fmt: skip
    message = {
        "transaction_id": transaction_id,
        "correlation_id": correlation,
        "search_response": answered,
    }
    return {"header": header, "message": message}


def search(request, body: Any) -> tuple[int, dict]:
    """``registry/sync/search``: every request of the batch answered, each on its own (a
    refused one does not stop the others); the transaction kept for its status."""
    try:
        header, message = checked_search(request, body)
    except EnvelopeError as exc:
        return _refused(body, exc, "on-search")
    correlation = str(uuid.uuid4())
    txn = {
        "sender_id": header["sender_id"],
        "transaction_id": message["transaction_id"],
        "correlation_id": correlation,
    }
    # One transaction: the audit rows of what is disclosed and the record of the
    # transaction are kept together or not at all.
    with db_transaction.atomic():
        answered = answers(request, message["search_request"], txn)
        Transaction.objects.create(
            pengguna=request.user,
            sender_id=header["sender_id"],
            message_id=header["message_id"],
            transaction_id=message["transaction_id"],
            correlation_id=correlation,
            txn_type="search",
            statuses=statuses(answered),
            status="succ" if any(a["status"] == "succ" for a in answered) else "rjct",
        )
    return 200, search_reply(header, message["transaction_id"], correlation, answered)


def _refused(body: Any, exc: EnvelopeError, action: str) -> tuple[int, dict]:
    if exc.code:
        return exc.status, http_error(exc.code, exc.message)
    received = body.get("header") if isinstance(body, dict) else None
    return exc.status, {
        "header": answer_header(received, action, "rjct", reason=exc.reason, message=exc.message)
    }


def checked_txn_status(body: Any) -> tuple[dict, dict]:
    """The header and the message of a transaction-status envelope the registry accepts;
    EnvelopeError otherwise."""
    header, message = checked(body, "txn-status")
    problem = _message_errors(message, schemas.component("TxnStatusRequest"))
    if problem:
        raise EnvelopeError(problem, code="err.request.bad")
    asked = message["txnstatus_request"]
    if asked["txn_type"] != "search":
        raise EnvelopeError(
            f"Status transaksi '{asked['txn_type']}' belum didukung; hanya 'search'.",
            reason="rjct.action.not_supported",
        )
    return header, message


NOT_FOUND = "Transaksi tidak ditemukan di antara transaksi yang Anda kirim."


def nothing_found(message: dict) -> dict:
    """The ``txnstatus_response`` of a transaction not found (the header says rjct): what
    was asked about, and no statuses."""
    asked = message["txnstatus_request"]
    value = asked["attribute_value"]
    return {
        "txn_type": "search",
        "txn_status": {
            "transaction_id": value if asked["attribute_type"] == "transaction_id"
            else message["transaction_id"],
            "correlation_id": value if asked["attribute_type"] == "correlation_id" else "",
            "search_response": [],
        },
    }  # fmt: skip


def status_of(user, message: dict) -> tuple[Transaction | None, list[dict]]:
    """The search transaction of ``user`` that ``message`` (a TxnStatusRequest) asks
    about, and the statuses asked for (none: not found)."""
    asked = message["txnstatus_request"]
    mine = Transaction.objects.filter(pengguna=user, txn_type="search")
    kind, value = asked["attribute_type"], asked["attribute_value"]
    references: list[str] | None = None
    found = None
    if kind == "transaction_id" and isinstance(value, str):
        found = mine.filter(transaction_id=value).order_by("-pk").first()
    elif kind == "correlation_id" and isinstance(value, str):
        found = mine.filter(correlation_id=value).first()
    elif kind == "reference_id_list":
        references = value if isinstance(value, list) else [value]
        found = mine.filter(transaction_id=message["transaction_id"]).order_by("-pk").first()
    held = found.statuses if found else []
    if references is not None:
        held = [s for s in held if s["reference_id"] in references]
    return (found, held) if held else (None, [])


def txn_status_response(found: Transaction, held: list[dict]) -> dict:
    """The message's ``txnstatus_response`` of a search transaction."""
    return {
        "txn_type": "search",
        "txn_status": {
            "transaction_id": found.transaction_id,
            "correlation_id": found.correlation_id,
            "search_response": held,
        },
    }


def txn_status(request, body: Any) -> tuple[int, dict]:
    """``registry/sync/txn/status``: the statuses of a search the same caller sent, by its
    transaction_id, its correlation_id, or some of its reference_ids. The records found
    are not sent again: a client that needs them searches again (and is audited again)."""
    try:
        header, message = checked_txn_status(body)
    except EnvelopeError as exc:
        return _refused(body, exc, "txn-on-status")
    found, held = status_of(request.user, message)
    if found is None:
        # The specification's answer to a transaction it does not know: the header says
        # rjct (HTTP 404 is for an address that does not exist).
        reply = {
            "header": answer_header(header, "txn-on-status", "rjct", message=NOT_FOUND),
            "message": {
                "transaction_id": message["transaction_id"],
                "correlation_id": "",
                "txnstatus_response": nothing_found(message),
            },
        }
        return 200, reply
    reply = {
        "header": answer_header(header, "txn-on-status", "succ", total=1, completed=1),
        "message": {
            "transaction_id": message["transaction_id"],
            "correlation_id": found.correlation_id,
            "txnstatus_response": txn_status_response(found, held),
        },
    }
    return 200, reply
