"""Callbacks (dci/delivery.py): stored, posted by the real worker to a real HTTP endpoint,
tried again with growing waits when the receiver fails, the body dropped once done."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from datusoban.dci import delivery
from datusoban.dci.models import Callback

from .conformance import request_errors

pytestmark = pytest.mark.django_db
MESSAGE = {"transaction_id": "txn-1", "correlation_id": "cor-1", "search_response": []}


@pytest.fixture
def user():
    return User.objects.create_user("sistem.klien", password="x")


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it is given
def test_a_callback_is_posted_by_the_worker_and_its_body_then_dropped(user, receiver, run_worker):
    row = delivery.deliver(
        receiver.url + "/callback/on-search", "on-search", MESSAGE, to_user=user,
        correlation_id="cor-1",
    )  # fmt: skip
    assert row.status == Callback.PENDING and row.body["message"] == MESSAGE
    assert receiver.received == []  # nothing is posted before the worker runs
    run_worker()
    (got,) = receiver.wait_for(1)
    assert got.path == "/callback/on-search"
    assert got.headers["Content-Type"] == "application/json"
    assert "Authorization" not in got.headers  # no token of ours travels to them
    assert got.body["signature"] == "" and got.body["message"] == MESSAGE
    header = got.body["header"]
    assert header["action"] == "on-search" and header["status"] == "succ"
    assert request_errors("/registry/on-search", got.body) == []
    row.refresh_from_db()
    assert row.status == Callback.SENT and row.attempts == 1
    assert row.body is None and row.finished_at is not None


def test_a_failing_receiver_is_tried_again_later_with_a_growing_wait(user, receiver, settings):
    settings.DCI_CALLBACK_BACKOFF_S = 10
    receiver.failures = [503, 502]
    row = delivery.deliver(receiver.url, "on-search", MESSAGE, to_user=user)
    started = timezone.now()
    assert delivery.attempt(row.pk, started) == Callback.PENDING
    row.refresh_from_db()
    assert row.attempts == 1 and row.last_error == "HTTP 503"
    assert row.body is not None  # kept for the next attempt
    first_wait = row.next_attempt - started
    # Not due yet: nothing is posted.
    assert delivery.deliver_due(started) == {}
    assert receiver.attempts == 1
    # The retry is a queued task too, to run when it is due.
    retries = DBTaskResult.objects.filter(
        task_path=delivery.send_callback.module_path, run_after=row.next_attempt
    )
    assert retries.count() == 1
    later = row.next_attempt + timedelta(seconds=1)
    assert delivery.deliver_due(later) == {Callback.PENDING: 1}
    row.refresh_from_db()
    assert row.attempts == 2 and row.last_error == "HTTP 502"
    assert row.next_attempt - later > first_wait  # twice the first wait
    assert delivery.deliver_due(row.next_attempt) == {Callback.SENT: 1}
    row.refresh_from_db()
    assert row.status == Callback.SENT and row.attempts == 3 and row.body is None
    assert len(receiver.received) == 1


def test_a_receiver_that_never_answers_is_given_up_after_the_attempts_allowed(user, settings):
    settings.DCI_CALLBACK_ATTEMPTS = 3
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    row = delivery.deliver(f"http://127.0.0.1:{port}/on-search", "on-search", MESSAGE,
                           to_user=user)  # fmt: skip
    when = timezone.now()
    for _ in range(3):
        delivery.deliver_due(when)
        row.refresh_from_db()
        when = (row.next_attempt or when) + timedelta(seconds=1)
    assert row.status == Callback.FAILED and row.attempts == 3
    assert row.last_error.startswith("tidak terjangkau")
    assert row.body is None  # not kept for a receiver that will not take it
    assert delivery.deliver_due(when + timedelta(days=1)) == {}


def test_a_receiver_refusing_the_envelope_is_not_asked_again(user, receiver):
    receiver.failures = [401]
    row = delivery.deliver(receiver.url, "txn-on-status", MESSAGE, to_user=user)
    assert delivery.attempt(row.pk) == Callback.FAILED
    row.refresh_from_db()
    assert row.attempts == 1 and row.last_error == "HTTP 401" and row.body is None


def test_only_the_specifications_callbacks_to_web_addresses_are_accepted(user):
    with pytest.raises(ValueError):
        delivery.deliver("http://127.0.0.1:9/x", "search", MESSAGE, to_user=user)
    for uri in ("ftp://example.org/x", "/registry/on-search", "http://", "sftp:/folder"):
        with pytest.raises(ValueError):
            delivery.deliver(uri, "on-search", MESSAGE, to_user=user)
    assert not Callback.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_callback_whose_task_died_with_its_worker_is_sent_by_the_next_worker(
    user, receiver, run_worker
):
    row = delivery.deliver(receiver.url, "on-search", MESSAGE, to_user=user)
    # A worker killed mid-post: the row claimed (next attempt after the timeout), the task
    # still claimed by the dead worker.
    Callback.objects.filter(pk=row.pk).update(attempts=1, next_attempt=timezone.now())
    DBTaskResult.objects.update(status="RUNNING", worker_ids=["mati:1-1"])
    run_worker()  # a new worker starts
    (got,) = receiver.wait_for(1)
    assert got.body["message"] == MESSAGE
    row.refresh_from_db()
    assert row.status == Callback.SENT and row.attempts == 2
