"""Slowing a password guessed from many addresses, without locking its owner out.

django-axes locks a user name at one address after AXES_FAILURE_LIMIT failures,
so an outsider cannot lock the user out at the user's own address; but with
many addresses they could keep guessing. So once a user name has collected
LOGIN_SLOW_AFTER failures within the cool-off, from all addresses together
(each address counting at most AXES_FAILURE_LIMIT, so that one address alone
never slows anybody), an attempt for it is checked only when its turn has come:
one per interval, the interval doubling with each further failure up to
LOGIN_SLOW_MAX_SECONDS. An attempt before its turn is refused unchecked (it is
no failure, and proves nothing about the password), and the turn is claimed by
one conditional UPDATE, so that requests arriving together cannot all pass.
The owner, at an address that is not locked, gets in with the right password
once the interval has passed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from datusoban.accounts.models import LoginThrottle


def seconds_to_wait(request, username: str) -> int:
    """0 when a login attempt for ``username`` may be checked now (its turn is
    then taken); otherwise the whole seconds until it may."""
    if not username:
        return 0
    now = timezone.now()
    since = now - get_cool_off(request)
    failures, last = _failures(username, since)
    if failures < settings.LOGIN_SLOW_AFTER:
        return 0
    if AxesProxyHandler.is_locked(request, {"username": username}):
        # Locked at this address anyway: django-axes answers, and a locked
        # address must not use up the turns the owner is waiting for.
        return 0
    interval = _interval(failures)
    if now < last + interval:
        return _seconds(last + interval - now)
    _, created = LoginThrottle.objects.get_or_create(
        nama_pengguna=username, defaults={"berikutnya": now}
    )
    if created:
        LoginThrottle.objects.filter(berikutnya__lt=since).delete()
    taken = LoginThrottle.objects.filter(nama_pengguna=username, berikutnya__lte=now).update(
        berikutnya=now + interval
    )
    if taken:
        return 0
    turn = LoginThrottle.objects.filter(nama_pengguna=username).values_list("berikutnya", flat=True)
    return _seconds(turn.get() - now)


def _failures(username: str, since: datetime) -> tuple[int, datetime | None]:
    """Failures for ``username`` since ``since``, each address counting at most
    the lockout limit, and the time of the latest."""
    rows = _per_address(AccessAttempt.objects.filter(username=username, attempt_time__gte=since))
    counted = sum(row["counted"] for row in rows)
    return counted, max((row["last"] for row in rows), default=None)


def _per_address(attempts) -> list[dict]:
    """django-axes' failures per user name and address: ``failures`` as recorded,
    ``counted`` at most the lockout limit (what one address adds to a user name's
    count), ``last`` the time of the latest."""
    limit = settings.AXES_FAILURE_LIMIT
    rows = (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by()
    )
    return [{**row, "counted": min(row["failures"], limit)} for row in rows]


def _interval(failures: int) -> timedelta:
    doublings = min(failures - settings.LOGIN_SLOW_AFTER, 32)
    return timedelta(seconds=min(2**doublings, settings.LOGIN_SLOW_MAX_SECONDS))


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def held_back(usernames: Iterable[str] | None = None) -> dict[str, str]:
    """Which of ``usernames`` (None: every user name) cannot simply log in now, and why:
    "terkunci" (locked at one address or more by django-axes) or "diperlambat" (slowed
    across addresses, above). A user name that may log in is not in the answer."""
    since = timezone.now() - get_cool_off()
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since)
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    counted: dict[str, int] = {}
    held: dict[str, str] = {}
    for row in _per_address(attempts):
        name = row["username"]
        counted[name] = counted.get(name, 0) + row["counted"]
        if row["failures"] >= settings.AXES_FAILURE_LIMIT:
            held[name] = "terkunci"
    for name, failures in counted.items():
        if failures >= settings.LOGIN_SLOW_AFTER:
            held.setdefault(name, "diperlambat")
    return held


def lift(username: str) -> int:
    """Forget the failed logins of ``username`` at every address, and its slowed turn, so
    that its owner may log in at once (an administrator's step, after checking who asks).
    Returns the number of django-axes records removed."""
    removed, _ = AccessAttempt.objects.filter(username=username).delete()
    LoginThrottle.objects.filter(nama_pengguna=username).delete()
    return removed
