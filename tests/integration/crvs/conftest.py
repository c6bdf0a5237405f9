"""A civil registry over real HTTP (tests/crvs_server.py), a client of it, and people of a
Banjarmasin desa in the registry."""

from __future__ import annotations

import pytest

from .crvs_server import TOKEN, CrvsServer

BJM_DESA = "63.71.01.1001"


@pytest.fixture
def crvs():
    with CrvsServer() as server:
        yield server


@pytest.fixture
def client(crvs):
    from datusoban.crvs.client import CrvsClient

    return CrvsClient(crvs.url, TOKEN, timeout=5)


@pytest.fixture
def user_of():
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account

    def make(peran: str, wilayah: str = "63.71", name: str | None = None):
        user = User.objects.create_user(name or f"{peran}.{wilayah}")
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
        return user

    return make


@pytest.fixture
def make_person():
    from datusoban.registri.models import Household, Person

    def make(nik: str, *, nama: str = "Siti Aminah", household=None, desa: str = BJM_DESA,
             **fields):  # fmt: skip
        from datusoban.identity import name_key

        household = household or Household.objects.create(wilayah_id=desa)
        return Person.objects.create(
            nik=nik, nama=nama, nama_kunci=name_key(nama), household=household, **fields
        )

    return make


@pytest.fixture
def token_of():
    """An API token of ``user``: what the civil registry sends to post notifications."""
    from datusoban.accounts.models import ApiToken

    return lambda user: ApiToken.issue(user, "Dukcapil")[1]
