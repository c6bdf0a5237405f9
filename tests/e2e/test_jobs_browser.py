"""An import reaching the registry without a terminal, in a real browser (Debian's Chromium
via Playwright): upload, open the batch, press "Tautkan ke registri", watch the job page
poll until the linking is done, find it in "Riwayat pekerjaan"; all under the strict
content security policy and nothing fetched from elsewhere."""

from __future__ import annotations

import re

import pytest

from .browser import OPERATOR_PASSWORD, PPKS_SAMPLE, log_in, operator_serving

pytestmark = pytest.mark.browser

SAMPLE, PASSWORD = PPKS_SAMPLE, OPERATOR_PASSWORD


@pytest.fixture
def server(migrated_env, datusoban_bin, tmp_path):
    """`datusoban serve` (web server and worker) on a fresh database with one operator."""
    with operator_serving(migrated_env, datusoban_bin, tmp_path / "serve.log") as base:
        yield base


def test_upload_then_link_the_batch_from_its_page_and_watch_the_job(server, browser):

    elsewhere: list[str] = []
    refused: list[str] = []
    polled: list[str] = []

    def note(request) -> None:
        if re.search(r"/pekerjaan/[0-9a-f-]{36}/status/", request.url):
            polled.append(request.url)
        if not request.url.startswith(server):
            elsewhere.append(request.url)

    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.on("request", note)
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text
            else None)  # fmt: skip
    log_in(page, f"{server}/impor/unggah/", "operator", PASSWORD)
    page.set_input_files("#id_berkas", str(SAMPLE))
    page.select_option("#id_profil", "ppks-kabkota")
    page.fill("#id_sumber", "Dinsos Kota Banjarmasin")
    page.click("#form-unggah button[type=submit]")
    page.wait_for_selector('#status-impor[data-status="selesai"]', timeout=90_000)
    page.click("#status-impor a.button")  # the batch's report
    page.wait_for_url(re.compile(r".*/impor/batch/\d+/$"))
    assert "belum tertaut" in page.inner_text("#belum-tertaut")

    page.click("#tautkan-batch button[type=submit]")
    page.wait_for_url(re.compile(r".*/pekerjaan/[0-9a-f-]{36}/$"))
    first = page.get_attribute("#status-pekerjaan", "data-status")
    page.wait_for_selector('#status-pekerjaan[data-status="selesai"]', timeout=120_000)
    assert "ditautkan ke registri" in page.inner_text("#ringkasan")
    page.click("#tautan-hasil a.button >> nth=0")  # back to the batch
    page.wait_for_url(re.compile(r".*/impor/batch/\d+/$"))
    assert "sudah tertaut" in page.inner_text("#belum-tertaut")

    page.goto(f"{server}/pekerjaan/")
    rows = page.inner_text("#riwayat")
    assert "Penautan batch" in rows and "Impor ppks-kabkota.csv" in rows
    assert "Pekerjaan" in page.text_content("nav.nav")  # in its menu group
    # A page drawn before the job ended asks for its status until it does.
    assert first == "selesai" or polled, "the job page never asked for its status"
    assert not elsewhere, f"the pages asked for something off this server: {elsewhere}"
    assert not refused, f"the content security policy refused: {refused}"
