"""The main menu: who sees which entry, and which entry is the current page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account

pytestmark = pytest.mark.django_db


def menu(client, path: str) -> list[tuple[str, bool]]:
    """(label, is the current page) of each menu link on the page at ``path``."""
    page = client.get(path).content.decode()
    nav = page[page.index('<nav class="nav"') : page.index("</nav>")]
    return [
        (label, current == ' aria-current="page"')
        for current, label in re.findall(
            r'<a href="[^"]+"((?: aria-current="page")?)>([^<]+)</a>', nav
        )
    ]


def test_a_visitor_sees_the_home_page_and_the_login(client):
    assert menu(client, "/masuk/") == [("Beranda", False), ("Masuk", False)]


def test_an_operator_sees_the_entries_of_their_role_and_where_they_are(client):
    user = User.objects.create_user("op.banjarmasin")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id="63.71")
    client.force_login(user)
    entries = menu(client, "/cari/")
    assert [label for label, _ in entries] == [
        "Beranda", "Tugas saya", "Dasbor", "Cari", "Impor", "Penautan", "Layanan", "Laporan",
        "Kasus", "Sanggahan", "Bencana", "Sasaran", "Program", "Pekerjaan", "Unggah berkas",
    ]  # fmt: skip
    assert [label for label, current in entries if current] == ["Cari"]
    assert [label for label, current in menu(client, "/tugas/") if current] == ["Tugas saya"]
    # Every page under an entry marks it: the case list and a new case alike.
    assert [label for label, current in menu(client, "/kasus/baru/") if current] == ["Kasus"]
    assert [label for label, current in menu(client, "/laporan/") if current] == ["Laporan"]


def test_entries_a_user_may_not_use_are_not_shown(client):
    # Logged in without a role and region, without permissions.
    client.force_login(User.objects.create_user("tamu"))
    labels = [label for label, _ in menu(client, "/cari/")]
    assert labels == [
        "Beranda", "Tugas saya", "Dasbor", "Cari", "Impor", "Layanan", "Laporan", "Kasus",
        "Sanggahan", "Bencana",
    ]  # fmt: skip
