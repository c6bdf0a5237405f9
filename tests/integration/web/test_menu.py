"""The main menu: its groups, who sees which entry, which entry is the current page, and who
is logged in (name, role, region)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account
from datusoban.web import menu as site_menu

pytestmark = pytest.mark.django_db

LINK = r'<a href="[^"]+"((?: aria-current="page")?)>([^<]+)</a>'


def nav_of(page: str) -> str:
    return page[page.index('<nav class="nav"') : page.index("</nav>")]


def menu(client, path: str) -> list[tuple[str, bool]]:
    """(label, is the current page) of each menu link on the page at ``path``, in order,
    group entries included."""
    nav = nav_of(client.get(path).content.decode())
    return [(label, current == ' aria-current="page"') for current, label in re.findall(LINK, nav)]


def groups(client, path: str) -> list[str | tuple[str, list[str]]]:
    """The menu's top level: a link's label, or a group's label and its entries' labels."""
    nav = nav_of(client.get(path).content.decode())
    found: list[str | tuple[str, list[str]]] = []
    # One top-level item a line (web/menu.py draws them so).
    items = [
        line.strip() for line in nav.splitlines() if line.strip().startswith('<li class="item')
    ]
    for item in items:
        summary = re.search(r"<summary>([^<]+)</summary>", item)
        labels = [label for _, label in re.findall(LINK, item)]
        found.append((summary.group(1), labels) if summary else labels[0])
    return found


def log_in(client, peran: str, wilayah: str, **names) -> User:
    user = User.objects.create_user(f"{peran}.{wilayah}", **names)
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return user


def test_a_visitor_sees_the_home_page_and_the_login(client):
    assert menu(client, "/masuk/") == [("Beranda", False), ("Masuk", False)]


def test_an_operator_sees_the_groups_of_their_role_and_where_they_are(client):
    log_in(client, "operator_kabkota", "63.71")
    assert groups(client, "/cari/") == [
        "Beranda",
        "Tugas saya",
        (
            "Registri",
            ["Cari", "Impor", "Penautan", "Usulan", "Catatan sipil", "Kunjungan lapangan"],
        ),
        ("Program", ["Sasaran", "Program", "P2K2", "Pekerjaan"]),
        "Layanan",
        ("Kasus", ["Kasus", "Sanggahan", "Bencana"]),
        ("Laporan", ["Dasbor", "Laporan"]),
    ]
    # "Unggah berkas" is reached from Impor, not from the menu a second time.
    assert "Unggah berkas" not in [label for label, _ in menu(client, "/cari/")]
    assert [label for label, current in menu(client, "/cari/") if current] == ["Cari"]
    # Every page under an entry marks it, and its group: a new case, the upload page.
    assert [label for label, current in menu(client, "/kasus/baru/") if current] == ["Kasus"]
    assert [label for label, current in menu(client, "/laporan/") if current] == ["Laporan"]
    assert [label for label, current in menu(client, "/impor/unggah/") if current] == ["Impor"]
    assert [label for label, current in menu(client, "/crvs/") if current] == ["Catatan sipil"]
    # The office's visits and the field app itself mark Kunjungan lapangan.
    for path in ("/lapangan/kunjungan/", "/lapangan/"):
        assert [label for label, current in menu(client, path) if current] == ["Kunjungan lapangan"]
    # Proposals: every page under /usulan/ marks Usulan (a musyawarah desa, the recap).
    for path in ("/usulan/", "/usulan/musdes/baru/", "/usulan/rekap/", "/usulan/kirim/"):
        assert [label for label, current in menu(client, path) if current] == ["Usulan"]
    nav = nav_of(client.get("/kasus/baru/").content.decode())
    assert '<li class="item group current"><details><summary>Kasus</summary>' in nav


def test_entries_a_user_may_not_use_are_not_shown_nor_their_empty_groups(client):
    # Logged in without a role and region, without permissions.
    client.force_login(User.objects.create_user("tamu"))
    assert groups(client, "/cari/") == [
        "Beranda",
        "Tugas saya",
        ("Registri", ["Cari", "Impor"]),
        "Layanan",
        ("Kasus", ["Kasus", "Sanggahan", "Bencana"]),
        ("Laporan", ["Dasbor", "Laporan"]),
    ]  # no Program group: neither of its entries is for a user without a region


def test_a_province_administrator_sees_the_admin_group(client):
    log_in(client, "admin_provinsi", "63")
    assert groups(client, "/")[-1] == ("Admin", ["Pengguna", "Sistem mitra", "Laporan subjek data"])
    # The partner systems' pages live under /pengguna/ but are their own entry.
    assert [label for label, current in menu(client, "/pengguna/mitra/") if current] == [
        "Sistem mitra"
    ]
    assert [label for label, current in menu(client, "/pengguna/") if current] == ["Pengguna"]


def test_an_auditor_sees_the_admin_group_and_a_pendamping_does_not(client):
    log_in(client, "auditor", "63")
    assert "Laporan subjek data" in [label for label, _ in menu(client, "/")]
    assert "Sistem mitra" not in [label for label, _ in menu(client, "/")]
    client.logout()
    log_in(client, "pendamping", "63.71")
    labels = [label for label, _ in menu(client, "/")]
    assert "Laporan subjek data" not in labels and "Admin" not in nav_of(
        client.get("/").content.decode()
    )


def test_the_menu_says_who_is_logged_in_with_their_role_and_region(client):
    log_in(client, "operator_kabkota", "63.71", first_name="Siti", last_name="Rahmah")
    page = client.get("/").content.decode()
    who = page[page.index('<div class="who">') : page.index("</nav>")]
    assert "Siti Rahmah" in who
    assert "Operator kab/kota · Kota Banjarmasin" in who
    assert "63.71" not in who  # the region by its name, not its code
    client.logout()
    log_in(client, "admin_provinsi", "63")
    page = client.get("/").content.decode()
    assert "Admin provinsi · Provinsi Kalimantan Selatan" in page
    # Logging out is a button of its own beside the name, not a menu entry.
    assert 'class="link logout">Keluar</button>' in page


def test_a_phone_folds_the_menu_behind_a_button_without_script(client):
    log_in(client, "operator_kabkota", "63.71")
    page = client.get("/").content.decode()
    toggle = page.index('<input type="checkbox" id="menu-buka" class="menu-toggle">')
    assert toggle < page.index('<label for="menu-buka" class="menu-button">Menu</label>')
    assert page.index('<label for="menu-buka"') < page.index('<nav class="nav"')
    assert "<script>" not in page and " onclick=" not in page


def test_an_entry_is_added_to_a_group_in_one_line(client, monkeypatch):
    # Another page's entry: one Entry in its group's tuple, nothing else to change.
    registri = site_menu.MENU[2]
    extended = site_menu.Group(
        registri.label, (*registri.entries, site_menu.Entry("Riwayat impor", "impor"))
    )
    monkeypatch.setattr(site_menu, "MENU", (*site_menu.MENU[:2], extended, *site_menu.MENU[3:]))
    log_in(client, "operator_kabkota", "63.71")
    assert groups(client, "/")[2] == (
        "Registri",
        [
            "Cari",
            "Impor",
            "Penautan",
            "Usulan",
            "Catatan sipil",
            "Kunjungan lapangan",
            "Riwayat impor",
        ],
    )


def test_proposals_are_in_the_menu_of_the_roles_that_read_them(client):
    # Readers of proposals (izin usulan.view_usulan in roles.toml) see Usulan under Registri;
    # a pendamping, who may not, does not.
    for peran, wilayah in (("analis_provinsi", "63"), ("auditor", "63.71")):
        log_in(client, peran, wilayah)
        assert "Usulan" in [label for label, _ in menu(client, "/")]
        client.logout()
    log_in(client, "pendamping", "63.71")
    assert "Usulan" not in [label for label, _ in menu(client, "/")]
