"""The client's address behind the TLS proxy: trusted only from a configured proxy,
used alike by the lockout and the audit trail."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from datusoban.accounts.client_address import client_address
from datusoban.accounts.models import Account, AuditEvent

PASSWORD = "kata-sandi-yang-panjang-1"
PROXY = "127.0.0.1"  # nginx on the same machine, as in the README's production recipe
ATTACKER, USER_AT = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = (ip_network(PROXY), ip_network("10.0.0.0/8"))


@pytest.fixture
def operator(db):
    return User.objects.create_user("operator", password=PASSWORD)


def through_proxy(forwarded_for: str) -> Client:
    """A browser whose requests reach the app through the proxy, which appended
    the browser's address to whatever X-Forwarded-For the browser sent."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def log_in(client: Client, password: str = PASSWORD):
    return client.post(reverse("web:masuk"), {"username": "operator", "password": password})


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        (PROXY, USER_AT, USER_AT),
        # The proxy appends; whatever the client wrote further left is not read.
        (PROXY, f"{USER_AT}, {ATTACKER}", ATTACKER),
        (PROXY, f"bukan-alamat, {ATTACKER}", ATTACKER),
        # Past a second trusted hop (a load balancer inside 10.0.0.0/8).
        (PROXY, f"{USER_AT}, {ATTACKER}, 10.2.3.4", ATTACKER),
        # Every hop trusted: the furthest one is the client.
        (PROXY, "10.9.9.9, 10.2.3.4", "10.9.9.9"),
        # A hop the proxy would not have written: nothing left of it is believed.
        (PROXY, f"{USER_AT}, 999.1.1.1", PROXY),
        (PROXY, f"{USER_AT}, fe80::1%eth0", PROXY),
        (PROXY, "", PROXY),
        (PROXY, None, PROXY),
        (f"::ffff:{PROXY}", USER_AT, USER_AT),
        (PROXY, "2001:db8::7", "2001:db8::7"),
        # A peer that is not a trusted proxy: its header is the client's own word.
        (ATTACKER, USER_AT, ATTACKER),
        ("", USER_AT, None),
        ("tidak-dikenal", USER_AT, None),
    ],
)
def test_the_client_is_read_from_the_right_past_trusted_hops_only(
    behind_proxy, peer, forwarded_for, client
):
    extra = {"REMOTE_ADDR": peer}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_address(RequestFactory().get("/", **extra)) == client


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = ()
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=USER_AT)
    assert client_address(request) == PROXY
    assert client_address(None) is None


@pytest.mark.usefixtures("behind_proxy")
def test_an_attacker_behind_the_proxy_locks_out_only_itself(operator):
    attacker = through_proxy(f"{USER_AT}, {ATTACKER}")  # even claiming the user's address
    for _ in range(4):
        assert log_in(attacker, "salah").status_code == 200
    assert log_in(attacker, "salah").status_code == 429
    assert log_in(attacker).status_code == 429  # locked, right password or not
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}

    user = through_proxy(USER_AT)
    assert log_in(user).status_code == 302
    assert "_auth_user_id" in user.session


@pytest.mark.usefixtures("behind_proxy")
def test_a_forwarded_for_from_an_untrusted_peer_cannot_dodge_the_lockout(operator):
    for i in range(4):
        direct = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
        assert log_in(direct, "salah").status_code == 200
    direct = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=USER_AT)
    assert log_in(direct, "salah").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # The user's own address was never charged.
    assert log_in(through_proxy(USER_AT)).status_code == 302


@pytest.mark.usefixtures("behind_proxy")
def test_audit_rows_carry_the_client_not_the_proxy(operator):
    Account.objects.create(user=operator, peran="admin_provinsi", wilayah_id="63")
    nik = "6371011203800001"
    user = through_proxy(USER_AT)
    assert log_in(user).status_code == 302
    assert user.post(reverse("web:subjek"), {"nik": nik}).status_code == 200
    # The same session from a peer that is no proxy: its own address, not its header.
    user.defaults.update(REMOTE_ADDR=ATTACKER)
    assert user.post(reverse("web:subjek"), {"nik": nik}).status_code == 200
    rows = AuditEvent.objects.filter(objek="laporan_subjek", nik=nik).order_by("pk")
    assert list(rows.values_list("alamat_ip", flat=True)) == [USER_AT, ATTACKER]
