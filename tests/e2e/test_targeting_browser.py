"""The eligibility explanation, the sasaran and program pages and the API's documentation in
Debian's Chromium: they render under the strict content security policy (nothing refused,
nothing fetched from elsewhere) and a phone needs no sideways scrolling on the explanation."""

from __future__ import annotations

import subprocess

import pytest

from .browser import log_in, prepared_env, serving

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-panjang-123"
SEED = """
from datetime import date
from datusoban.identity.names import name_key
from datusoban.program.services import propose
from datusoban.registri.models import Household, Membership, Person
h = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101100001")
for nik, nama, lahir, extra in (
    ("6371014107800001", "Siti Hamidah", date(1980, 7, 1), {"hamil": True}),
    ("6371015506150002", "Nur Aisyah", date(2015, 6, 15), {"sekolah": "sd"}),
):
    p = Person.objects.create(nik=nik, nama=nama, nama_kunci=name_key(nama), household=h,
                              tanggal_lahir=lahir, jenis_kelamin="P", **extra)
    Membership.objects.create(person=p, household=h, hubungan="anak")
propose("PKH", household=h, oleh="uji")
print(h.pk)
"""


@pytest.fixture
def server(migrated_env, datusoban_bin, tmp_path):
    env = prepared_env(migrated_env, datusoban_bin, "admin", PASSWORD)
    seeded = subprocess.run(
        [datusoban_bin, "shell", "-c", SEED], env=env, check=True, capture_output=True, text=True
    )
    with serving(datusoban_bin, env, tmp_path / "serve.log", "--no-worker") as base:
        yield base, int(seeded.stdout.split()[-1])


def test_targeting_pages_render_under_the_policy(server, browser, tmp_path):

    base, family = server
    elsewhere: list[str] = []
    refused: list[str] = []
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.on("request", lambda r: r.url.startswith(base) or elsewhere.append(r.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text
            else None)  # fmt: skip
    log_in(page, f"{base}/keluarga/{family}/kelayakan/PKH/", "admin", PASSWORD)
    # No ranking yet: the desil is unknown, and the page says that is why.
    assert "Tidak layak" in page.inner_text("#hasil")
    assert "tidak diketahui" in page.inner_text('tr[data-aturan="desil"]')
    assert "Nur Aisyah" in page.inner_text("table.komponen")
    page.screenshot(path=str(tmp_path / "kelayakan.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    for path in ("/sasaran/", "/sasaran/alokasi/", "/program/", "/program/PKH/",
                 "/program/indikator/", "/dasbor/?nilai=kpm_pkh"):  # fmt: skip
        response = page.goto(base + path)
        assert response.status == 200, path
    menu = page.text_content("nav.nav")  # the groups' entries too
    assert "Sasaran" in menu and "Program" in menu
    # The API's documentation: Swagger UI from this server, the routes listed.
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector("#operations-tag-kelayakan", timeout=30_000)
    assert "Datu Soban API" in page.inner_text(".swagger-ui .info")
    assert not elsewhere, f"the pages asked for something off this server: {elsewhere}"
    assert not refused, f"the content security policy refused: {refused}"
