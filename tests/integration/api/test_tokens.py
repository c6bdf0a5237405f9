"""API tokens: made by the command, shown once, stored as a hash; refused when wrong,
revoked or expired; a token stands for its user, permissions included."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from datusoban.accounts.models import Account, ApiToken

pytestmark = pytest.mark.django_db
REPORT = "/api/v1/impor/mutu/kabkota"
SAMPLES = Path(__file__).parents[1] / "impor" / "samples"


@pytest.fixture
def system_user():
    user = User.objects.create_user("sistem.siks", password="tidak-dipakai-123")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    return user


def make_token(username: str = "sistem.siks", days: int = 90) -> str:
    out = StringIO()
    call_command("token", "create", username, "--name", "SIKS-NG", "--days", str(days), stdout=out)
    return out.getvalue().strip()


def get(client, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(REPORT, headers=headers)


def test_a_token_opens_the_api_and_is_stored_only_as_a_hash(client, system_user):
    token = make_token()
    assert token.startswith("dsb_") and len(token) > 40
    assert get(client, token).status_code == 200
    row = ApiToken.objects.get()
    assert token not in (row.sidik, row.awalan) and row.terakhir_dipakai is not None


def test_a_session_post_without_csrf_is_still_refused(system_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(system_user)
    assert browser.post("/api/v1/impor/", {"profil": "lks"}).status_code == 403


def test_no_wrong_revoked_or_expired_token_gets_in(client, system_user):
    assert get(client, None).status_code == 401
    assert get(client, "dsb_tebakan").status_code == 401
    token = make_token()
    call_command("token", "revoke", str(ApiToken.objects.get().pk), stdout=StringIO())
    assert get(client, token).status_code == 401
    fresh = make_token()
    ApiToken.objects.filter(dicabut__isnull=True).update(
        kedaluwarsa=timezone.now() - timedelta(seconds=1)
    )
    assert get(client, fresh).status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(client, system_user):
    token = make_token()
    User.objects.filter(pk=system_user.pk).update(is_active=False)
    assert get(client, token).status_code == 401


def test_a_system_imports_with_its_token_and_its_users_permission(system_user):
    from django.test import Client

    token = make_token()
    # As a real client: CSRF is enforced for sessions, and a bearer token needs none.
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/impor/",
        {
            "berkas": SimpleUploadedFile("lks.csv", (SAMPLES / "lks.csv").read_bytes()),
            "profil": "lks",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["rows"] > 0


def test_an_unknown_user_gets_a_clear_message():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak ditemukan"):
        make_token("tidak.ada")
