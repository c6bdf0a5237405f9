"""What a conformance run of the SPDCI Social Registry (OpenSPP's spdci-compliance suite,
social domain) asks of subscribe and unsubscribe, one test per scenario, in our words:
requests shaped as a generic client sends them (no filter_type, a UIN filter, Member
records, the seeded code ``sub-test-001``), a callback endpoint over real HTTP, every
acknowledgement and callback checked against the shipped specification. The scenario's
requirement id is named in each test's docstring."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from datusoban.dci.seed import TEST_CODE, seeded_subscription

from .test_dci_subscribe import (
    SUBSCRIBE,
    UNSUBSCRIBE,
    acked,
    callbacks,
    outbox_run,
    post,
    refused,
    unauthorized,
    user_with_token,
)

pytestmark = pytest.mark.django_db


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _envelope(action: str, message: dict, callback: str | None) -> dict:
    header = {
        "version": "1.0.0", "message_id": uuid.uuid4().hex, "message_ts": _now(),
        "action": action, "sender_id": "test-client", "receiver_id": "sr-server",
        "total_count": 1,
    }  # fmt: skip
    if callback:
        header["sender_uri"] = callback
    return {"signature": "unsigned-stub", "header": header, "message": message}


def generic_subscribe(callback: str | None) -> dict:
    """A subscription to registrations of one person by UIN, Member records."""
    item = {
        "reference_id": f"ref-{uuid.uuid4().hex[:8]}",
        "timestamp": _now(),
        "subscribe_criteria": {
            "reg_event_type": "REGISTER",
            "filter": {"type": "UIN", "value": "6371014107550002"},
            "notify_record_type": "Member",
        },
    }
    message = {"transaction_id": uuid.uuid4().hex, "subscribe_request": [item]}
    return _envelope("subscribe", message, callback)


def generic_unsubscribe(callback: str | None, code: str = TEST_CODE) -> dict:
    message = {"transaction_id": uuid.uuid4().hex, "timestamp": _now(),
               "subscription_codes": [code]}  # fmt: skip
    return _envelope("unsubscribe", message, callback)


@pytest.fixture
def caller():
    """The run's token holder, with the seeded subscription the suite ends."""
    return user_with_token("admin_provinsi", "63")


@pytest.fixture
def seeded(caller, receiver):
    return seeded_subscription(caller[0], f"{receiver.url}/registry/on-subscribe")


def test_subscribe_is_acknowledged(client, caller, receiver):
    """SR-CORE-RG-ASYNC-SUBSCRIBE-01: 200 or 202, JSON, the acknowledgement by the schema."""
    body = generic_subscribe(f"{receiver.url}/registry/on-subscribe")
    acked(post(client, SUBSCRIBE, body, caller[1]), SUBSCRIBE)


def test_unsubscribe_is_acknowledged(client, caller, seeded, receiver):
    """SR-CORE-RG-ASYNC-UNSUBSCRIBE-01: the seeded code; 200 or 202, JSON, by the schema."""
    body = generic_unsubscribe(f"{receiver.url}/registry/on-unsubscribe")
    acked(post(client, UNSUBSCRIBE, body, caller[1]), UNSUBSCRIBE)


def test_subscribe_answers_on_subscribe_with_the_requests_ids(client, caller, receiver):
    """SR-CORE-RG-ASYNC-SUBSCRIBE-CB-01: ACK, then on-subscribe at sender_uri with the
    request's transaction_id and the ACK's correlation_id, valid by the schema."""
    body = generic_subscribe(f"{receiver.url}/registry/on-subscribe")
    correlation = acked(post(client, SUBSCRIBE, body, caller[1]), SUBSCRIBE)
    (answer,) = callbacks(receiver, outbox_run, "on-subscribe")
    assert receiver.of("on-subscribe")[0].path == "/registry/on-subscribe"
    message = answer["message"]
    assert message["transaction_id"] == body["message"]["transaction_id"]
    assert message["correlation_id"] == correlation
    (outcome,) = message["subscribe_response"]
    assert outcome["status"] == "succ" and outcome["subscriptions"][0]["status"] == "subscribe"


def test_unsubscribe_answers_on_unsubscribe_with_the_requests_ids(client, caller, seeded, receiver):
    """SR-CORE-RG-ASYNC-UNSUBSCRIBE-CB-01: ACK, then on-unsubscribe with matching ids."""
    body = generic_unsubscribe(f"{receiver.url}/registry/on-unsubscribe")
    correlation = acked(post(client, UNSUBSCRIBE, body, caller[1]), UNSUBSCRIBE)
    (answer,) = callbacks(receiver, outbox_run, "on-unsubscribe")
    message = answer["message"]
    assert message["transaction_id"] == body["message"]["transaction_id"]
    assert message["correlation_id"] == correlation
    assert message["subscription_status"] == [{"code": TEST_CODE, "status": "unsubscribe"}]


@pytest.mark.parametrize(
    ("url", "build"), [(SUBSCRIBE, generic_subscribe), (UNSUBSCRIBE, generic_unsubscribe)]
)
def test_a_request_without_its_message_is_refused(client, caller, receiver, url, build):
    """SR-CORE-RG-ASYNC-SUBSCRIBE-NEG-01, SR-CORE-RG-ASYNC-UNSUBSCRIBE-NEG-01."""
    body = build(f"{receiver.url}/registry/on-x")
    del body["message"]
    refused(post(client, url, body, caller[1], conforming=False), "err.request.bad")


@pytest.mark.parametrize(
    ("url", "build"), [(SUBSCRIBE, generic_subscribe), (UNSUBSCRIBE, generic_unsubscribe)]
)
def test_a_request_without_authorization_is_unauthorized(client, receiver, url, build):
    """SR-SEC-AUTH-RG-ASYNC-SUBSCRIBE-01, SR-SEC-AUTH-RG-ASYNC-UNSUBSCRIBE-01."""
    unauthorized(post(client, url, build(f"{receiver.url}/registry/on-x"), None))


def test_a_subscription_timestamp_without_time_zone_is_refused(client, caller, receiver):
    """SR-VAL-FMT-TS-03 and DCI-VAL-FMT-TS-03."""
    body = generic_subscribe(f"{receiver.url}/registry/on-subscribe")
    body["message"]["subscribe_request"][0]["timestamp"] = "2024-01-15T10:30:00"
    refused(post(client, SUBSCRIBE, body, caller[1], conforming=False), "err.request.bad")


def test_a_subscription_code_of_99_characters_is_taken_and_of_100_refused(client, caller, receiver):
    """SR-VAL-BND-SUB-01/02 and DCI-VAL-BND-SUB-01/02."""
    callback = f"{receiver.url}/registry/on-unsubscribe"
    acked(post(client, UNSUBSCRIBE, generic_unsubscribe(callback, "s" * 99), caller[1]),
          UNSUBSCRIBE)  # fmt: skip
    too_long = generic_unsubscribe(callback, "s" * 100)
    refused(post(client, UNSUBSCRIBE, too_long, caller[1], conforming=False), "err.request.bad")


def test_in_conformance_mode_the_suites_own_subscription_is_taken(client, settings, receiver):
    """SR-CORE-RG-ASYNC-SUBSCRIBE-CB-01 on a registry prepared for a run (`datusoban
    dci-uji`, DATUSOBAN_DCI_UJI=1): the suite's UIN TEST-001 is the test person, so its
    subscription succeeds; and the seeded ``sub-test-001`` belongs to the suite's user."""
    from django.contrib.auth.models import User

    from datusoban.dci import uji

    settings.DCI_UJI = True
    token = uji.seed().token
    suite = User.objects.get(username=uji.USERNAME)
    seeded_subscription(suite, f"{receiver.url}/registry/on-subscribe")
    body = generic_subscribe(f"{receiver.url}/registry/on-subscribe")
    body["message"]["subscribe_request"][0]["subscribe_criteria"]["filter"]["value"] = "TEST-001"
    acked(post(client, SUBSCRIBE, body, token), SUBSCRIBE)
    (answer,) = callbacks(receiver, outbox_run, "on-subscribe")
    (outcome,) = answer["message"]["subscribe_response"]
    assert outcome["status"] == "succ"
    assert outcome["subscriptions"][0]["filter"] == {"type": "UIN", "value": "TEST-001"}
    body = generic_unsubscribe(f"{receiver.url}/registry/on-unsubscribe")
    acked(post(client, UNSUBSCRIBE, body, token), UNSUBSCRIBE)
    (answer,) = callbacks(receiver, outbox_run, "on-unsubscribe")
    assert answer["message"]["status"] == "succ"
