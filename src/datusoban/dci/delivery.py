"""Callbacks: the envelopes this registry posts to other systems (``on-search``,
``txn-on-status``, ``on-subscribe``, ``on-unsubscribe``, ``notify``), delivered through an
outbox in the database so that an answer survives a receiver that is down and a worker
that restarts.

``deliver`` stores the envelope (``Callback``) and queues its sending as a background task
of the project's one job mechanism (django-tasks, run by ``datusoban worker``) in the same
transaction: either both are kept or neither. The task posts the envelope; a receiver
that is down, slow or answers 5xx is tried again later, each wait twice the one before,
up to ``DCI_CALLBACK_ATTEMPTS`` attempts. The body, which may carry personal data, is
kept only until it is delivered or given up on; the row stays, without it, as the record
of what was sent to whom and when.

The specification secures a callback endpoint with the receiver's own token
("returned from implementing system's authentication/token api"); this registry holds
none of theirs and sends none of its own: a callback is proven by its ``signature``.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from datusoban.dci.envelope import answer_header
from datusoban.dci.models import Callback

log = logging.getLogger(__name__)

# The callback actions of the specification.
ACTIONS = frozenset({"on-search", "txn-on-status", "on-subscribe", "on-unsubscribe", "notify"})
# What a receiver's answer may say to stop the retries: it read the envelope and refuses it.
PERMANENT = frozenset({400, 401, 403, 404, 405, 410, 413, 415, 422})
ERROR_LENGTH = 500


def attempts_allowed() -> int:
    """How many times a callback is posted before it is given up (settings)."""
    return max(1, int(getattr(settings, "DCI_CALLBACK_ATTEMPTS", 5)))


def first_wait() -> float:
    """Seconds before the second attempt; each later wait is twice the one before."""
    return float(getattr(settings, "DCI_CALLBACK_BACKOFF_S", 10.0))


def timeout() -> float:
    """Seconds a receiver has to answer one attempt."""
    return float(getattr(settings, "DCI_CALLBACK_TIMEOUT_S", 15.0))


def is_callback_uri(uri: Any) -> bool:
    """An absolute http(s) address, as ``header.sender_uri`` must be for a callback."""
    if not isinstance(uri, str) or len(uri) > 2000 or any(c.isspace() for c in uri):
        return False
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def signature(header: dict, message: Any) -> str:
    """The envelope's ``signature``: empty until the registry signs what it sends."""
    return ""


def envelope(action: str, message: Any, header: dict | None = None) -> dict:
    """The envelope of a callback: ``header`` (MsgCallbackHeader) as given, or a plain
    ``succ`` one for ``action``."""
    header = header if header is not None else answer_header(None, action, "succ")
    return {"signature": signature(header, message), "header": header, "message": message}


def deliver(
    uri: str, action: str, message: Any, *, to_user, header: dict | None = None,
    correlation_id: str = "",
) -> Callback:  # fmt: skip
    """Store the callback ``action`` with ``message`` for ``uri`` and queue its sending;
    the row. ``to_user``: the user whose request it answers (the token's user).

    Called inside a transaction, the callback is sent only if that transaction commits.
    """
    if action not in ACTIONS:
        raise ValueError(f"not a callback action of the specification: {action}")
    if not is_callback_uri(uri):
        raise ValueError(f"not an http(s) callback address: {uri!r}")
    with transaction.atomic():
        row = Callback.objects.create(
            pengguna=to_user,
            uri=uri,
            action=action,
            correlation_id=correlation_id,
            body=envelope(action, message, header),
            next_attempt=timezone.now(),
        )
        # The task row is written in this transaction too: the worker sees both or none.
        send_callback.enqueue(row.pk)
    return row


@task()
def send_callback(callback_id: int) -> str:
    """The background task: one attempt at the callback, if it is still due; its status."""
    return attempt(callback_id)


def attempt(callback_id: int, now: datetime | None = None) -> str:
    """Post the callback once if it waits and is due; its status afterwards.

    The row is claimed first (one conditional UPDATE), so that two workers never post it
    at the same time; the claim moves the next attempt past this one's timeout, so that
    a worker killed mid-post leaves it to be tried again by ``deliver_due``.
    """
    now = now or timezone.now()
    row = Callback.objects.filter(pk=callback_id).first()
    if row is None or row.status != Callback.PENDING:
        return row.status if row else "hilang"
    if row.next_attempt and row.next_attempt > now:
        return row.status  # a later task (or deliver_due) will send it
    claimed = Callback.objects.filter(
        pk=row.pk, status=Callback.PENDING, attempts=row.attempts
    ).update(attempts=row.attempts + 1, next_attempt=now + timedelta(seconds=timeout() * 2))
    if not claimed:
        return Callback.objects.get(pk=row.pk).status
    row.attempts += 1
    error, permanent = _post(row.uri, row.body)
    if error is None:
        _finish(row, Callback.SENT, "")
    elif permanent or row.attempts >= attempts_allowed():
        log.warning("callback %s to %s given up: %s", row.pk, row.uri, error)
        _finish(row, Callback.FAILED, error)
    else:
        wait = first_wait() * 2 ** (row.attempts - 1)
        row.next_attempt = now + timedelta(seconds=wait)
        row.last_error = error[:ERROR_LENGTH]
        with transaction.atomic():
            row.save(update_fields=["next_attempt", "last_error"])
            send_callback.using(run_after=row.next_attempt).enqueue(row.pk)
    return row.status


def _finish(row: Callback, status: str, error: str) -> None:
    """Delivered or given up: the body (personal data, perhaps) is not kept either way."""
    row.status = status
    row.body = None
    row.next_attempt = None
    row.last_error = error[:ERROR_LENGTH]
    row.finished_at = timezone.now()
    row.save(update_fields=["status", "body", "next_attempt", "last_error", "finished_at"])


def _post(uri: str, body: Any) -> tuple[str | None, bool]:
    """Post ``body``; (None, _) when the receiver took it, else (what went wrong, whether
    trying again is pointless)."""
    request = urllib.request.Request(
        uri,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout()) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}", error.code in PERMANENT
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return f"tidak terjangkau: {getattr(error, 'reason', error)}", False
    # A receiver that answers the specification's acknowledgement with ERR read the
    # envelope and cannot process it: sending it again changes nothing.
    try:
        answer = json.loads(raw) if raw else None
    except (UnicodeDecodeError, ValueError):
        answer = None
    ack = answer.get("message", answer) if isinstance(answer, dict) else None
    if isinstance(ack, dict) and ack.get("ack_status") == "ERR":
        return f"penerima menjawab ERR: {json.dumps(ack.get('error'))[:200]}", True
    return None, False


def deliver_due(now: datetime | None = None) -> dict[str, int]:
    """Attempt every waiting callback whose time has come (one whose queued task was
    lost, a worker killed mid-post); how many ended in each status."""
    now = now or timezone.now()
    due = Callback.objects.filter(status=Callback.PENDING, next_attempt__lte=now)
    counts: dict[str, int] = {}
    for pk in list(due.order_by("next_attempt").values_list("pk", flat=True)):
        status = attempt(pk, now)
        counts[status] = counts.get(status, 0) + 1
    return counts


def resume(now: datetime | None = None) -> int:
    """At a worker's start: queue again every waiting callback whose time has come (its
    task died with a worker killed mid-post); how many. A task queued twice posts once:
    ``attempt`` claims the row."""
    now = now or timezone.now()
    due = Callback.objects.filter(status=Callback.PENDING, next_attempt__lte=now)
    pks = list(due.values_list("pk", flat=True))
    for pk in pks:
        send_callback.enqueue(pk)
    return len(pks)
