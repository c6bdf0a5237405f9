"""Authentication hardening: argon2, lockout, idle and absolute timeouts, CSRF, CSP."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from datusoban.accounts.middleware import LOGIN_STAMP
from datusoban.accounts.models import Account

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-yang-panjang-1"


@pytest.fixture
def operator():
    return User.objects.create_user("operator", password=PASSWORD)


def log_in(client: Client, password: str = PASSWORD):
    return client.post(reverse("web:masuk"), {"username": "operator", "password": password})


def test_passwords_are_hashed_with_argon2(operator):
    assert operator.password.startswith("argon2$")


def test_production_hashes_with_djangos_argon2_at_its_full_cost():
    # The tests hash at a lower cost (tests/conftest.py); the settings a server runs with
    # name Django's own hasher, whose parameters are not lowered anywhere.
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from datusoban import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert (Argon2PasswordHasher.memory_cost, Argon2PasswordHasher.parallelism) == (102_400, 8)


def test_five_failures_lock_the_account_from_that_address(client, operator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "salah").status_code == 200  # the form again, with its error
    assert log_in(client, "salah").status_code == 429  # the fifth failure locks
    locked = log_in(client)  # even the right password, now
    assert locked.status_code == 429
    assert "Akun terkunci sementara" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_login_after_a_few_failures_resets_the_count(client, operator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "salah")
    assert log_in(client).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "salah")
    assert log_in(client).status_code == 302


def test_a_session_expires_after_30_idle_minutes_and_is_renewed_by_use(client, operator, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_RENEW_SECONDS == 60
    settings.SESSION_RENEW_SECONDS = 1
    log_in(client)
    first = client.session.get_expiry_date()
    time.sleep(1.1)
    response = client.get(reverse("web:impor"))
    assert client.session.get_expiry_date() > first
    assert response.cookies["sessionid"]["max-age"] == 30 * 60  # the cookie too


def test_a_session_is_not_written_again_within_its_renewal_interval(client, operator):
    """Renewing the idle timeout on every request would write the session on every
    page view; within a minute of the last renewal nothing is written."""
    log_in(client)
    client.get(reverse("web:impor"))
    with CaptureQueriesContext(connection) as done:
        response = client.get(reverse("web:impor"))
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert not [q for q in done.captured_queries if "django_session" in q["sql"]
                and not q["sql"].startswith("SELECT")]  # fmt: skip


def test_a_session_ends_8_hours_after_login_however_busy(client, operator):
    log_in(client)
    assert client.get(reverse("web:impor")).status_code == 200
    session = client.session
    session[LOGIN_STAMP] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("web:impor"))
    assert response.status_code == 302 and reverse("web:masuk") in response["Location"]


def test_a_login_without_the_csrf_token_is_refused(operator):
    strict = Client(enforce_csrf_checks=True)
    assert log_in(strict).status_code == 403


def test_pages_carry_a_content_security_policy_and_nothing_inline(client, operator):
    for url in (reverse("web:beranda"), reverse("web:masuk")):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        page = response.content.decode()
        assert " style=" not in page and "<style" not in page and "<script>" not in page


def test_an_enrolled_second_factor_is_required_and_checked(client, operator):
    from io import StringIO

    from django.core.management import call_command
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    out = StringIO()
    call_command("totp", "enroll", "operator", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("otpauth://totp/")
    device = TOTPDevice.objects.get()

    def code() -> str:
        return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"

    call_command("totp", "confirm", "operator", code(), stdout=StringIO())
    device.refresh_from_db()
    assert device.confirmed
    refused = log_in(client)
    assert refused.status_code == 200 and "verifikasi dua langkah" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.last_t = -1  # the confirming code may be used once more in this test
    device.save()
    response = client.post(
        reverse("web:masuk"), {"username": "operator", "password": PASSWORD, "otp_token": code()}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.session.get("otp_device_id") == device.persistent_id


def test_the_admin_logs_in_through_the_same_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:masuk") + "?next=/admin/"


def test_users_without_a_second_factor_log_in_with_their_password(client, operator):
    assert log_in(client).status_code == 302


def test_a_logged_in_user_who_is_not_a_superuser_is_refused_by_the_admin_without_a_loop(client):
    user = User.objects.create_user("operator.admin", first_name="Uji", is_staff=True)
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    client.force_login(user)
    sent = client.get("/admin/")
    assert sent.status_code == 302 and sent["Location"].startswith("/admin/login/")
    refused = client.get(sent["Location"])
    assert refused.status_code == 403 and "Akses ditolak" in refused.content.decode()
    user.is_superuser = True
    user.save()
    assert client.get("/admin/").status_code == 200
