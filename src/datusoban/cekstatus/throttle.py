"""How often the public status check may be asked: per client address and for everyone.

Each query is counted in a fixed one-minute window, first against its client
(CEK_STATUS_PER_ALAMAT a minute), then, if the client is within its limit, against
everyone together (CEK_STATUS_GLOBAL a minute). A client over its own limit does not use
up everyone's: one address hammering the page is refused alone. The global limit is
what stops a desa being read out by many addresses at once; the per-address limit keeps
one client from using the whole of it.

The client is known by a keyed hash of its address (``client_address``: behind the
trusted proxy, the address it vouches for), never the address itself: a citizen who
checks a status leaves no address of theirs in the database.

Other public services (the public proposals and objections, usulpublik) count against
limits of their own with this same mechanism (``Limits``: a key prefix, the limits, the
window), kept apart from cek status's by the prefix of their keys.

A count is one statement (an upsert returning the new count), so that requests arriving
together cannot all pass; on PostgreSQL it commits without waiting for the disk, as the
audit trail's reads do (a crash could forget a second of counts, nothing more).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from datusoban.accounts.client_address import client_address
from datusoban.cekstatus.models import Throttle
from datusoban.refusal import RefusedError

EVERYONE = "*"
WINDOW = timedelta(minutes=1)
HOUR = timedelta(hours=1)
TOO_OFTEN = (
    "Terlalu banyak pencarian dari perangkat atau jaringan Anda dalam satu menit terakhir. "
    "Tunggu satu menit, lalu coba lagi."
)
BUSY = "Layanan cek status sedang ramai. Tunggu satu menit, lalu coba lagi."


@dataclass(frozen=True)
class Limits:
    """One service's limits: its counts are kept apart from the others' by ``prefix``
    (empty for cek status, whose keys came first) and counted in windows of ``window``."""

    prefix: str
    per_alamat: int
    semua: int
    window: timedelta
    too_often: str
    busy: str


def cek_status() -> Limits:
    return Limits(
        "", settings.CEK_STATUS_PER_ALAMAT, settings.CEK_STATUS_GLOBAL, WINDOW, TOO_OFTEN, BUSY
    )


def client_key(request) -> str:
    """The client of ``request`` as the throttle and the audit trail know it: a keyed hash
    of its address (the same address always gives the same key; the key gives no address
    back without the server's secret key)."""
    address = client_address(request) or "-"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def check(request, limits: Limits | None = None) -> None:
    """Count one query of ``request`` against ``limits`` (cek status's when None); refused
    (429, ``terlalu_sering`` or ``terlalu_ramai``) over a limit."""
    limits = limits or cek_status()
    start = window_start(timezone.now(), limits.window)
    if _bump(limits.prefix + client_key(request), start) > limits.per_alamat:
        raise RefusedError("terlalu_sering", limits.too_often, 429)
    everyone = _bump(limits.prefix + EVERYONE, start)
    if everyone == 1:  # a new window: the windows before the last are of no more use
        own = Q(kunci__startswith=limits.prefix) if limits.prefix else ~Q(kunci__contains=":")
        Throttle.objects.filter(own, menit__lt=start - limits.window).delete()
    if everyone > limits.semua:
        raise RefusedError("terlalu_ramai", limits.busy, 429)


def window_start(now: datetime, window: timedelta) -> datetime:
    """The start of the window ``now`` falls in (windows counted from the epoch, UTC)."""
    seconds = int(window.total_seconds())
    stamp = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(stamp, tz=UTC)


def _bump(kunci: str, minute: datetime) -> int:
    """Add one to the count of ``kunci`` in ``minute``; the count after it."""
    table = connection.ops.quote_name(Throttle._meta.db_table)
    unsynced = ""
    if connection.vendor == "postgresql" and connection.get_autocommit():
        unsynced = ", set_config('synchronous_commit', 'off', true)"
    sql = (
        f"INSERT INTO {table} (kunci, menit, jumlah) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (kunci, menit) DO UPDATE SET jumlah = {table}.jumlah + 1 "
        f"RETURNING jumlah{unsynced}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [kunci, connection.ops.adapt_datetimefield_value(minute)])
        return cursor.fetchone()[0]
