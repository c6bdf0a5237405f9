"""Logging out from another page of the site wipes the field app's data from the browser
(Debian's Chromium via Playwright): the logout's ``Clear-Site-Data`` removes the app's
IndexedDB, its service worker and its cached shell, though the app's own script, which
wipes them when its own logout button is used, never ran on that page."""

from __future__ import annotations

import subprocess

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, prepared_env, serving

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-panjang-123"
PIN = "246810"
SEED = f"""
from datetime import date
from django.contrib.auth.models import User
from datusoban.accounts.models import Account
from datusoban.layanan.models import Pilar
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person

user = User.objects.create_user("pendamping", password="{PASSWORD}")
Account.objects.create(user=user, peran="pendamping", wilayah_id="63.71.01")
Pilar.objects.create(peran="pendamping_pkh", nama="Fitri Handayani", wilayah_id="63.71.01",
                     kode_kabkota="63.71", kode_kecamatan="63.71.01", kode_pendamping="P1",
                     akun=user)
h = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101100001", lantai="semen")
Person.objects.create(nama="Siti Aminah", nama_kunci="siti aminah", nik="6371014101850001",
                      household=h, hubungan_keluarga="kepala", tanggal_lahir=date(1985, 1, 1))
Kepesertaan.objects.create(program_id="PKH", household=h, status="terdaftar",
                           kode_kabkota="63.71", pendamping="P1")
"""
# What the site keeps in the browser: IndexedDB databases, caches, service workers.
KEPT = """async () => ({
  databases: (await indexedDB.databases()).map((d) => d.name),
  caches: await caches.keys(),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def _shell(env: dict, code: str) -> None:
    from .databases import DATUSOBAN

    subprocess.run([DATUSOBAN, "shell", "-c", code], env=env, check=True, capture_output=True)


@pytest.fixture
def server(migrated_env, datusoban_bin, tmp_path):
    env = prepared_env(migrated_env, datusoban_bin, "admin", PASSWORD)
    _shell(env, SEED)
    with serving(datusoban_bin, env, tmp_path / "serve.log", "--no-worker") as base:
        yield base


def test_logging_out_from_another_page_wipes_the_field_apps_data(server):
    from playwright.sync_api import expect, sync_playwright

    base = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="id").new_page()
        page.goto(f"{base}/lapangan/")
        page.fill("#id_username", "pendamping")
        page.fill("#id_password", PASSWORD)
        page.click("form.form button[type=submit]")
        page.wait_for_url("**/lapangan/")
        page.wait_for_selector("#layar-pin:not([hidden])")
        page.fill("#pin", PIN)
        page.click("#tombol-pin")
        page.click("#tombol-unduh")
        expect(page.locator("#keadaan")).to_contain_text("1 keluarga")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        held = page.evaluate(KEPT)
        assert "datusoban-lapangan" in held["databases"] and held["caches"], held
        assert held["workers"] == 1

        page.goto(f"{base}/")  # another page: the app's script is not on it
        assert not page.evaluate("Boolean(window.lapangan)")
        page.click("form[action$='/keluar/'] button")
        page.wait_for_url("**/masuk/**")

        left = page.evaluate(KEPT)
        assert left == {"databases": [], "caches": [], "workers": 0}, left
        browser.close()
