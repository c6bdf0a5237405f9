"""The asynchronous operations (/dci/registry/search, /dci/registry/txn/status): an
acknowledgement at once, the answer posted by the real worker to a real HTTP endpoint of
the caller's; the same scope, masking and audit as the synchronous search. Every request,
acknowledgement and callback is checked against the specification."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import AuditEvent
from datusoban.dci.models import Callback, Transaction

from .conformance import acknowledgement_errors, component_errors, request_errors
from .conftest import CHILD_NIK, OTHER_NIK, RIZKY_KK, RIZKY_NIK
from .test_dci_search import (
    by_nik,
    request_item,
    search_body,
    send,
    status_body,
    token_for,
)

# The worker closes the connection it is given: each test commits for real, and the audit
# rows it writes are emptied after it.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("trail_emptied")]
SEARCH = "/dci/registry/search"
STATUS = "/dci/registry/txn/status"


def acknowledged(response, path: str) -> dict:
    """The acknowledgement (HTTP 200) to ``path``, checked against the specification's
    Response (the default answer of both asynchronous operations)."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert path in ("/registry/search", "/registry/txn/status")
    assert acknowledgement_errors(body) == [], body
    return body["message"]


def callback_of(receiver, action: str, path: str) -> dict:
    """The one callback ``action`` the receiver got, checked as the request it is."""
    (got,) = receiver.of(action)
    assert request_errors(path, got.body) == [], got.body
    return got.body


def test_a_search_is_acknowledged_then_answered_by_callback(client, registry, receiver,
                                                            run_worker):  # fmt: skip
    token = token_for("operator_kabkota", "63.71")
    consent = {"purpose": {"text": "Verifikasi calon penerima PKH"}}
    body = search_body(
        by_nik(RIZKY_NIK, reference="r1", consent=consent), by_nik(OTHER_NIK, reference="r2"),
        sender_uri=receiver.url + "/registry/on-search",
    )  # fmt: skip
    ack = acknowledged(send(client, SEARCH, body, token), "/registry/search")
    assert ack["ack_status"] == "ACK" and ack["correlation_id"]
    # Nothing is disclosed before the worker answers; the transaction waits.
    assert not AuditEvent.objects.exists() and receiver.received == []
    txn = Transaction.objects.get(correlation_id=ack["correlation_id"])
    assert txn.status == "pdng" and [s["status"] for s in txn.statuses] == ["pdng", "pdng"]
    run_worker()
    receiver.wait_for(1)
    (got,) = receiver.received
    assert got.path == "/registry/on-search"
    answer = callback_of(receiver, "on-search", "/registry/on-search")
    assert answer["header"]["status"] == "succ"
    assert answer["header"]["receiver_id"] == "openspp.example.org"
    message = answer["message"]
    assert message["transaction_id"] == "txn-1"
    assert message["correlation_id"] == ack["correlation_id"]
    found, elsewhere = message["search_response"]
    (record,) = found["data"]["reg_records"]
    assert record["identifier"][0]["identifier_value"] == RIZKY_NIK
    assert "is_disabled" not in record  # an operator sees no health data
    # The other region's person is not found, as in the synchronous search.
    assert elsewhere["status"] == "succ" and elsewhere["data"]["reg_records"] == []
    rizky = AuditEvent.objects.get(nik=RIZKY_NIK)
    assert rizky.tujuan == "Verifikasi calon penerima PKH"
    assert rizky.rincian["dci"]["correlation_id"] == ack["correlation_id"]
    assert rizky.rincian["dci"]["reference_id"] == "r1"
    assert AuditEvent.objects.filter(nik=OTHER_NIK).count() == 1
    txn.refresh_from_db()
    assert txn.status == "succ" and [s["status"] for s in txn.statuses] == ["succ", "succ"]
    assert txn.request is None  # the criteria are not kept once answered
    sent = Callback.objects.get(correlation_id=ack["correlation_id"])
    assert sent.status == Callback.SENT and sent.body is None


def test_the_callback_is_masked_as_the_callers_role(client, registry, receiver, run_worker):
    analyst = token_for("analis_provinsi", "63")
    query = {"type": "HouseholdID", "value": RIZKY_KK}
    body = search_body(request_item("idtype-value", query), sender_uri=receiver.url)
    acknowledged(send(client, SEARCH, body, analyst), "/registry/search")
    run_worker()
    receiver.wait_for(1)
    text = json.dumps(callback_of(receiver, "on-search", "/registry/on-search"), ensure_ascii=False)
    assert "637101••••••••01" in text
    for nik in (RIZKY_NIK, CHILD_NIK, RIZKY_KK):
        assert nik not in text


def test_a_caller_deactivated_before_the_worker_runs_is_told_nothing(
    client, registry, receiver, run_worker
):
    token = token_for("operator_kabkota", "63.71")
    body = search_body(by_nik(RIZKY_NIK), sender_uri=receiver.url)
    acknowledged(send(client, SEARCH, body, token), "/registry/search")
    User.objects.update(is_active=False)  # an administrator stops the account
    run_worker()
    receiver.wait_for(1)
    answer = callback_of(receiver, "on-search", "/registry/on-search")
    assert answer["header"]["status"] == "rjct"
    (item,) = answer["message"]["search_response"]
    assert item["status"] == "rjct" and "tidak lagi berhak" in item["status_reason_message"]
    assert not AuditEvent.objects.exists()


def test_refused_requests_get_err_and_no_callback(client, registry, receiver, run_worker):
    token = token_for("operator_kabkota", "63.71")

    def err(body, code: str) -> str:
        ack = acknowledged(send(client, SEARCH, body, token, conforming=False),
                           "/registry/search")  # fmt: skip
        assert ack["ack_status"] == "ERR" and ack["error"]["code"] == code
        return ack["error"]["message"]

    assert "sender_uri" in err(search_body(by_nik(RIZKY_NIK)), "err.sender_uri.invalid")
    relative = search_body(by_nik(RIZKY_NIK), sender_uri="/registry/on-search")
    err(relative, "err.sender_uri.invalid")
    no_message = search_body(by_nik(RIZKY_NIK), sender_uri=receiver.url)
    del no_message["message"]
    err(no_message, "err.request.bad")
    old = search_body(by_nik(RIZKY_NIK), sender_uri=receiver.url, version="0.9.0")
    assert "rjct.version.invalid" in err(old, "err.version.not_supported")
    eleven = search_body(*[by_nik(RIZKY_NIK, reference=f"r{i}") for i in range(11)],
                         sender_uri=receiver.url)  # fmt: skip
    assert "rjct.total_count.limit_exceeded" in err(eleven, "err.request.bad")
    run_worker()
    assert not Transaction.objects.exists() and not Callback.objects.exists()
    assert receiver.received == [] and not AuditEvent.objects.exists()


def test_the_async_status_of_a_search_answers_by_callback(client, registry, receiver,
                                                           run_worker):  # fmt: skip
    token = token_for("operator_kabkota", "63.71")
    bad = request_item("idtype-value", {"type": "UIN", "value": "1"}, "r2")
    body = search_body(
        by_nik(RIZKY_NIK, reference="r1"), bad, sender_uri=receiver.url + "/on-search"
    )
    search_ack = acknowledged(send(client, SEARCH, body, token), "/registry/search")
    # Asked before the worker ran, synchronously: still pending.
    pending = send(client, "/dci/registry/sync/txn/status",
                   status_body("transaction_id", "txn-1", txn="txn-s1"), token)  # fmt: skip
    held = pending.json()["message"]["txnstatus_response"]["txn_status"]["search_response"]
    assert [s["status"] for s in held] == ["pdng", "pdng"]
    run_worker()
    status = status_body("correlation_id", search_ack["correlation_id"], txn="txn-s2")
    status["header"]["sender_uri"] = receiver.url + "/txn/on-status"
    ack = acknowledged(send(client, STATUS, status, token), "/registry/txn/status")
    assert ack["ack_status"] == "ACK" and ack["correlation_id"] != search_ack["correlation_id"]
    run_worker()
    receiver.wait_for(2)
    answer = callback_of(receiver, "txn-on-status", "/registry/txn/on-status")
    assert answer["header"]["status"] == "succ"
    message = answer["message"]
    assert message["transaction_id"] == "txn-s2" and message["correlation_id"] == ack[
        "correlation_id"]  # fmt: skip
    assert component_errors("TxnStatusResponse", message) == []
    txn_status = message["txnstatus_response"]["txn_status"]
    assert txn_status["correlation_id"] == search_ack["correlation_id"]
    assert [(s["reference_id"], s["status"]) for s in txn_status["search_response"]] == [
        ("r1", "succ"), ("r2", "rjct"),
    ]  # fmt: skip
    assert "data" not in txn_status["search_response"][0]  # records are not sent again


def test_the_async_status_of_an_unknown_transaction_is_a_rejection(
    client, registry, receiver, run_worker
):
    token = token_for("operator_kabkota", "63.71")
    status = status_body("transaction_id", "belum-pernah", txn="txn-s1")
    status["header"]["sender_uri"] = receiver.url
    ack = acknowledged(send(client, STATUS, status, token), "/registry/txn/status")
    run_worker()
    receiver.wait_for(1)
    answer = callback_of(receiver, "txn-on-status", "/registry/txn/on-status")
    assert answer["header"]["status"] == "rjct"
    assert "tidak ditemukan" in answer["header"]["status_reason_message"]
    message = answer["message"]
    assert message["transaction_id"] == "txn-s1"
    assert message["correlation_id"] == ack["correlation_id"]
    txn_status = message["txnstatus_response"]["txn_status"]
    assert txn_status["transaction_id"] == "belum-pernah"
    assert txn_status["search_response"] == []


def test_without_a_token_the_async_routes_refuse_as_the_sync_ones(client, receiver):
    body = search_body(by_nik(RIZKY_NIK), sender_uri=receiver.url)
    response = send(client, SEARCH, body, None)
    assert response.status_code == 401 and response.json()["errors"][0]["code"] == (
        "err.request.unauthorized"
    )
    assert client.get(STATUS).status_code == 405


def test_a_request_whose_task_died_with_its_worker_is_answered_by_the_next_worker(
    client, registry, receiver, run_worker
):
    from django_tasks_db.models import DBTaskResult

    token = token_for("operator_kabkota", "63.71")
    body = search_body(by_nik(RIZKY_NIK), sender_uri=receiver.url)
    ack = acknowledged(send(client, SEARCH, body, token), "/registry/search")
    # A worker killed mid-search: its claim on the task stays, the search was rolled back.
    DBTaskResult.objects.update(status="RUNNING", worker_ids=["mati:1-1"])
    run_worker()  # a new worker starts
    receiver.wait_for(1)
    answer = callback_of(receiver, "on-search", "/registry/on-search")
    assert answer["message"]["correlation_id"] == ack["correlation_id"]
    assert Transaction.objects.get(correlation_id=ack["correlation_id"]).status == "succ"
    assert AuditEvent.objects.filter(nik=RIZKY_NIK).count() == 1  # answered once
