"""Looking someone up in a real browser (Debian's Chromium via Playwright), on a phone-sized
screen: log in, search a name in another spelling, open the person's page."""

from __future__ import annotations

import subprocess

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, prepared_env, serving

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-panjang-123"
NIK = "6371011203800001"
# One family in Kota Banjarmasin, written through the ORM as a load would.
SEED = f"""
from datusoban.identity.names import name_key
from datusoban.registry.models import Household, Membership, Person
h = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101100001")
for nik, nama in [("{NIK}", "Moh. Rizky"), ("6371015506900002", "Siti Aminah")]:
    p = Person.objects.create(nik=nik, nama=nama, nama_kunci=name_key(nama), household=h)
    Membership.objects.create(person=p, household=h, hubungan="kepala")
"""


@pytest.fixture
def server(app_env, datusoban_bin, tmp_path):
    """`datusoban serve` on a fresh database with one administrator and one family."""
    env = prepared_env(app_env, datusoban_bin, "admin", PASSWORD)
    subprocess.run([datusoban_bin, "shell", "-c", SEED], env=env, check=True, capture_output=True)
    with serving(datusoban_bin, env, tmp_path / "serve.log", "--no-worker") as base:
        yield base


def test_log_in_search_a_name_and_open_the_person(server):
    from playwright.sync_api import sync_playwright

    elsewhere: list[str] = []
    swapped: list[str] = []

    def note(request) -> None:
        if request.headers.get("hx-request"):
            swapped.append(request.url)
        if not request.url.startswith(server):
            elsewhere.append(request.url)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
            page.on("request", note)
            page.goto(f"{server}/cari/")
            assert "/masuk/" in page.url
            page.fill("#id_username", "admin")
            page.fill("#id_password", PASSWORD)
            page.click("form.form button[type=submit]")
            page.wait_for_url("**/cari/")

            page.fill("#id_nama", "Muhammad Rizki")  # stored as "Moh. Rizky"
            page.click("#form-cari button[type=submit]")
            page.wait_for_selector("#hasil-cari")
            results = page.inner_text("#hasil-cari")
            assert "1 orang ditemukan" in results and "Moh. Rizky" in results
            assert "nama=Muhammad%20Rizki" in page.url  # the search is in the address bar

            page.click("#hasil-cari >> text=Moh. Rizky")
            page.wait_for_url("**/orang/*/")
            assert page.inner_text("h1") == "Moh. Rizky"
            assert page.inner_text("#nik") == NIK  # an administrator sees the NIK in full
            assert "Siti Aminah" in page.inner_text("#anggota")
        finally:
            browser.close()
    assert swapped, "the results were not fetched by HTMX (is HTMX served?)"
    assert not elsewhere, f"the pages asked for something off this server: {elsewhere}"
