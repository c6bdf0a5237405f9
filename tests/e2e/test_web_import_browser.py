"""A person's way through a web import, in a real browser (Debian's Chromium via Playwright):
log in, upload a sample CSV, watch the progress reach the end, read the counts."""

from __future__ import annotations

import re

import pytest

from .browser import OPERATOR_PASSWORD, PPKS_SAMPLE, log_in, operator_serving

pytestmark = pytest.mark.browser

SAMPLE, PASSWORD = PPKS_SAMPLE, OPERATOR_PASSWORD


@pytest.fixture
def server(migrated_env, datusoban_bin, tmp_path):
    """`datusoban serve` (web server and import worker) on a fresh database with one operator."""
    with operator_serving(migrated_env, datusoban_bin, tmp_path / "serve.log") as base:
        yield base


def test_log_in_upload_watch_progress_and_read_the_counts(server, browser):

    elsewhere: list[str] = []
    polled: list[str] = []

    def note(request) -> None:
        if "/status/" in request.url:
            polled.append(request.url)
        if not request.url.startswith(server):
            elsewhere.append(request.url)

    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.on("request", note)
    log_in(page, f"{server}/impor/unggah/", "operator", PASSWORD)

    page.set_input_files("#id_berkas", str(SAMPLE))
    page.select_option("#id_profil", "ppks-kabkota")
    page.fill("#id_sumber", "Dinsos Kota Banjarmasin")
    page.click("#form-unggah button[type=submit]")
    page.wait_for_url(re.compile(r".*/impor/proses/[0-9a-f-]{36}/$"))
    page.wait_for_selector('#status-impor[data-status="selesai"]', timeout=90_000)

    shown = {
        k: int(page.inner_text(f"#jumlah-{k}"))
        for k in ("baris", "diterima", "karantina", "duplikat")
    }
    assert shown["baris"] == 4
    assert shown["diterima"] + shown["karantina"] + shown["duplikat"] == 4
    assert shown["karantina"] >= 1  # the Martapura row is outside Kota Banjarmasin
    assert "Impor selesai" in page.inner_text("#status-impor")
    page.click("text=Laporan mutu batch")
    assert "Kelengkapan dan validitas per kolom" in page.inner_text("main")
    assert polled, "the job page never polled its status (is HTMX served?)"
    assert not elsewhere, f"the pages asked for something off this server: {elsewhere}"
