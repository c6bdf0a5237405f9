"""Filing a case report from a phone (Debian's Chromium via Playwright, 390×844): log in,
choose the category, the kecamatan and then its desa (loaded by HTMX), the person by NIK,
attach a photo, send; the case page shows the report, the person and the photo."""

from __future__ import annotations

import subprocess

import pytest

from .browser import log_in, prepared_env, serving

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-panjang-123"
NIK = "6371011203800001"
DESA = "63.71.01.1001"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SEED = f"""
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person
h = Household.objects.create(wilayah_id="{DESA}", no_kk="6371010101100001")
p = Person.objects.create(nik="{NIK}", nama="Moh. Rizky", nama_kunci=name_key("Moh. Rizky"),
                          household=h)
Membership.objects.create(person=p, household=h, hubungan="kepala")
"""


@pytest.fixture
def server(migrated_env, datusoban_bin, tmp_path):
    env = prepared_env(migrated_env, datusoban_bin, "admin", PASSWORD)
    subprocess.run([datusoban_bin, "shell", "-c", SEED], env=env, check=True, capture_output=True)
    with serving(datusoban_bin, env, tmp_path / "serve.log", "--no-worker") as base:
        yield base


def test_file_a_case_report_on_a_phone(server, browser, tmp_path):

    photo = tmp_path / "rumah.png"
    photo.write_bytes(PNG)
    elsewhere: list[str] = []
    swapped: list[str] = []
    refused: list[str] = []

    def note(request) -> None:
        if request.headers.get("hx-request"):
            swapped.append(request.url)
        if not request.url.startswith(server):
            elsewhere.append(request.url)

    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.on("request", note)
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text
            else None)  # fmt: skip
    log_in(page, f"{server}/kasus/baru/", "admin", PASSWORD)

    page.select_option("#id_kategori", "24")
    page.select_option("#id_urgensi", "darurat")
    page.select_option("#id_kecamatan", "63.71.01")
    page.wait_for_selector(f'#id_desa option[value="{DESA}"]', state="attached")
    page.select_option("#id_desa", DESA)
    page.fill("#id_alamat", "Gang Mawar, dekat langgar")
    page.fill("#id_nik", NIK)
    page.fill("#id_uraian", "Keluarga tidak makan dua hari; atap rumah roboh.")
    page.set_input_files("#id_foto", str(photo))
    # Nothing wider than the phone: no sideways scrolling to reach a field.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.click("#form-kasus button[type=submit]")
    page.wait_for_url("**/kasus/*/")

    facts = page.inner_text("#data-kasus")
    assert "Dilaporkan" in facts and "Darurat" in facts and "Moh. Rizky" in facts
    assert "Gang Mawar" in facts
    assert "rumah.png" in page.inner_text("#foto")
    # Our pages only: Chromium's own viewer of the photo styles itself inline.
    refused_on_our_pages = list(refused)
    with page.expect_response("**/berkas/*/") as served:
        page.click("#foto >> text=rumah.png")
    assert served.value.status == 200
    assert served.value.headers["content-type"] == "image/png"
    assert swapped and "/kasus/desa/" in swapped[0], "the desa list was not fetched by HTMX"
    assert not elsewhere, f"the pages asked for something off this server: {elsewhere}"
    assert not refused_on_our_pages, f"the content security policy refused: {refused}"
