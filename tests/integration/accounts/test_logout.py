"""Logging out, from any page, tells the browser to wipe what the site keeps on the device
(the field app's households, its offline shell, cached pages); a session that merely
expired does not (the field app keeps its unsent visits)."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.test import Client

from datusoban.accounts.middleware import LOGIN_STAMP
from datusoban.accounts.models import Account

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-yang-panjang-1"


@pytest.fixture
def client_in() -> Client:
    user = User.objects.create_user("pendamping", password=PASSWORD)
    Account.objects.create(user=user, peran="pendamping", wilayah_id="63.71.01")
    client = Client()
    assert (
        client.post("/masuk/", {"username": "pendamping", "password": PASSWORD}).status_code == 302
    )
    return client


def test_logging_out_clears_the_sites_data(client_in):
    response = client_in.post("/keluar/")

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client_in.session
    assert client_in.get("/lapangan/").status_code == 302  # to the login page


def test_a_session_that_expired_clears_nothing(client_in, settings):
    session = client_in.session
    session[LOGIN_STAMP] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = client_in.get("/lapangan/")

    assert response.status_code == 302 and "_auth_user_id" not in client_in.session
    assert not response.has_header("Clear-Site-Data")
