"""Looking someone up in a real browser (Debian's Chromium via Playwright), on a phone-sized
screen: log in, search a name in another spelling, open the person's page; look a family
up by No. KK and page through it, and a person by NIK, with the back button, and no NIK
or No. KK ever in the address bar or the server's log."""

from __future__ import annotations

import re
import subprocess

import pytest

from .browser import log_in, prepared_env, serving

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-panjang-123"
NIK = "6371011203800001"
# One family in Kota Banjarmasin, written through the ORM as a load would.
KK = "6371010101100001"
# One family in Kota Banjarmasin, written through the ORM as a load would, and a large one
# (22 members: two pages of results).
SEED = f"""
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person
h = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="{KK}")
for nik, nama in [("{NIK}", "Moh. Rizky"), ("6371015506900002", "Siti Aminah")]:
    p = Person.objects.create(nik=nik, nama=nama, nama_kunci=name_key(nama), household=h)
    Membership.objects.create(person=p, household=h, hubungan="kepala")
big = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101109999")
for n in range(22):
    nama = f"Anggota Besar {{n:02d}}"
    p = Person.objects.create(nik=f"63710112039{{n:05d}}", nama=nama, nama_kunci=name_key(nama),
                              household=big)
    Membership.objects.create(person=p, household=big, hubungan="lain")
"""


@pytest.fixture
def server(migrated_env, datusoban_bin, tmp_path):
    """`datusoban serve` on a fresh database with one administrator and two families;
    afterwards, no line of its log may hold a NIK or No. KK."""
    env = prepared_env(migrated_env, datusoban_bin, "admin", PASSWORD)
    subprocess.run([datusoban_bin, "shell", "-c", SEED], env=env, check=True, capture_output=True)
    log = tmp_path / "serve.log"
    with serving(datusoban_bin, env, log, "--no-worker") as base:
        yield base
    leaked = [line for line in log.read_text().splitlines() if re.search(r"\d{16}", line)]
    assert leaked == [], "a NIK or No. KK reached the server's log"


def test_log_in_search_by_name_no_kk_and_nik_open_the_person_and_come_back(server, browser):

    elsewhere: list[str] = []
    swapped: list[str] = []
    visited: list[str] = []

    def note(request) -> None:
        visited.append(request.url)
        if request.headers.get("hx-request"):
            swapped.append(request.url)
        if not request.url.startswith(server):
            elsewhere.append(request.url)

    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.on("request", note)
    log_in(page, f"{server}/cari/", "admin", PASSWORD)

    page.fill("#id_nama", "Muhammad Rizki")  # stored as "Moh. Rizky"
    page.click("#form-cari button[type=submit]")
    page.wait_for_selector("#hasil-cari")
    results = page.inner_text("#hasil-cari")
    assert "1 orang ditemukan" in results and "Moh. Rizky" in results
    assert "nama=Muhammad+Rizki" in page.url  # the search is in the address bar

    page.click("#hasil-cari >> text=Moh. Rizky")
    page.wait_for_url("**/orang/*/")
    assert page.inner_text("h1") == "Moh. Rizky"
    assert page.inner_text("#nik") == NIK  # an administrator sees the NIK in full
    assert "Siti Aminah" in page.inner_text("#anggota")

    # Back to the name's results; then a family by No. KK, in place, over two pages.
    page.go_back()
    page.wait_for_selector("#hasil-cari")
    assert "nama=Muhammad+Rizki" in page.url and "Moh. Rizky" in page.inner_text("#hasil")
    page.fill("#id_nama", "")
    page.fill("#id_no_kk", "6371010101109999")
    page.click("#form-cari button[type=submit]")
    page.wait_for_selector("#hasil-cari >> text=22 orang ditemukan")
    first_page = page.url
    assert first_page.startswith(f"{server}/cari/?hasil=")  # a key, not the No. KK
    page.click("#hasil >> text=Berikutnya")
    page.wait_for_selector("#hasil-cari >> text=halaman 2 dari 2")
    assert "Anggota Besar 21" in page.inner_text("#hasil-cari")
    page.go_back()  # the first page again
    page.wait_for_selector("#hasil-cari >> text=halaman 1 dari 2")
    assert page.url == first_page

    # A NIK: the person in place; open them, come back to the results, reload.
    page.fill("#id_no_kk", "")
    page.fill("#id_nik", NIK)
    page.click("#form-cari button[type=submit]")
    page.wait_for_selector("#hasil-cari >> text=1 orang ditemukan")
    assert page.url.startswith(f"{server}/cari/?hasil=") and NIK not in page.url
    page.click("#hasil-cari >> text=Moh. Rizky")
    page.wait_for_url("**/orang/*/")
    page.go_back()
    page.wait_for_selector("#hasil-cari >> text=1 orang ditemukan")
    page.reload()
    assert "1 orang ditemukan" in page.inner_text("#hasil-cari")
    assert page.input_value("#id_nik") == NIK
    assert swapped, "the results were not fetched by HTMX (is HTMX served?)"
    assert not elsewhere, f"the pages asked for something off this server: {elsewhere}"
    assert not [url for url in visited if re.search(r"\d{16}", url)], visited
