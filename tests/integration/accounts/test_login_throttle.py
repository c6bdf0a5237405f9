"""A user name guessed at from many addresses is slowed, never locked for its owner."""

from __future__ import annotations

from datetime import UTC, datetime
from ipaddress import ip_network

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from datusoban.accounts.login_throttle import seconds_to_wait

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-yang-panjang-1"
PROXY, USER_AT = "127.0.0.1", "198.51.100.7"
SLOWED = "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini"


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = (ip_network(PROXY),)


@pytest.fixture(autouse=True)
def clock():
    """The clock stands still unless a test moves it: the intervals are whole seconds,
    and on a loaded machine a second can pass between two requests of one test."""
    with time_machine.travel(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def operator():
    return User.objects.create_user("operator", password=PASSWORD)


def log_in(address: str, password: str = PASSWORD):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    response = client.post(reverse("web:masuk"), {"username": "operator", "password": password})
    return response, client


def fail_from(*addresses: str) -> None:
    """Each address guesses until it is locked out (django-axes: per user and address)."""
    for address in addresses:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(address, "salah")
        assert log_in(address, "salah")[0].status_code == 429


def test_one_address_alone_never_slows_the_user(operator):
    for _ in range(4 * settings.AXES_FAILURE_LIMIT):
        log_in("203.0.113.1", "salah")
    response, client = log_in(USER_AT)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_many_addresses_slow_the_user_name_and_the_owner_still_gets_in(operator, clock):
    assert settings.LOGIN_SLOW_AFTER == 2 * settings.AXES_FAILURE_LIMIT
    fail_from("203.0.113.1", "203.0.113.2")

    # The owner, at an address nobody locked: refused unchecked for a second.
    refused, client = log_in(USER_AT)
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    assert SLOWED in refused.content.decode() and "1 detik" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.filter(ip_address=USER_AT).exists()  # no failure counted

    # Another address takes the next turn and fails: the interval doubles.
    clock.shift(1)
    assert log_in("203.0.113.3", "salah")[0].status_code == 200
    refused, _ = log_in(USER_AT)
    assert refused.status_code == 429 and refused["Retry-After"] == "2"
    refused, _ = log_in("203.0.113.4", "salah")  # the attacker waits too
    assert refused.status_code == 429 and SLOWED in refused.content.decode()

    clock.shift(2)
    response, client = log_in(USER_AT)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_interval_grows_to_a_minute_at_most(operator, clock):
    addresses = [f"203.0.113.{i}" for i in range(1, 21)]
    fail_from(*addresses[:2])
    waits = []
    for address in addresses[2:]:
        refused, _ = log_in(USER_AT)
        waits.append(int(refused["Retry-After"]))
        clock.shift(waits[-1])
        assert log_in(address, "salah")[0].status_code == 200
    assert waits[:7] == [1, 2, 4, 8, 16, 32, 60]
    assert set(waits[7:]) == {settings.LOGIN_SLOW_MAX_SECONDS}


def test_requests_arriving_together_get_one_turn(operator, clock):
    fail_from("203.0.113.1", "203.0.113.2")
    clock.shift(1)
    request = RequestFactory().post("/masuk/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=USER_AT)
    first = seconds_to_wait(request, "operator")
    second = seconds_to_wait(request, "operator")
    assert (first, second) == (0, 1)
