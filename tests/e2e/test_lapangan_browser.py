"""The field app in a real browser (Debian's Chromium via Playwright) on a phone 360 px wide,
on a persistent profile: log in, set a PIN, download the pendamping's caseload, go
offline, record 50 visits (one through the form, the rest through the page's own
function), close the browser and open it again on the same profile to find all 50 still
there (encrypted at rest), go online, send, and find exactly 50 visits on the server, one
of them a conflict with the office's change made after the download."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, log_in, shell
from .field_world import PASSWORD, RAW_QUEUE, field_server, pendamping_seed, unlock

pytestmark = pytest.mark.browser
FAMILIES = 50
SEED = pendamping_seed(FAMILIES)
# The office changes the first family's floor after the download: the planted conflict.
OFFICE_CHANGE = """
from datusoban.registri.models import Household
Household.objects.filter(pk=Household.objects.order_by("pk").first().pk).update(lantai="ubin")
"""
COUNT = """
from datusoban.lapangan.models import KunjunganLapangan as K
print(K.objects.count(), K.objects.filter(verifikasi="konflik").count(),
      K.objects.values("kunci").distinct().count())
"""
# Every family but the first (recorded through the form): a visit saved by the app's own
# function, as the form's submit saves it.
RECORD_REST = """async () => {
  const work = window.lapangan.work();
  for (const h of work.keluarga.slice(1)) {
    const after = {...h.nilai, luas_lantai: h.nilai.luas_lantai + 1};
    const members = Object.fromEntries(h.anggota.map((m) => [String(m.id), "ditemukan"]));
    await window.lapangan.saveVisit(h, "ditemukan", after, members);
  }
  return (await window.lapangan.queued()).length;
}"""
# The service worker's cache of the shell: the page and its files.
CACHED = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    for (const r of await (await caches.open(name)).keys()) found.push(r.url);
  }
  return found;
}"""


@pytest.fixture
def server(migrated_env, tmp_path):
    with field_server(migrated_env, tmp_path / "serve.log", SEED) as served:
        yield served


def test_fifty_visits_offline_survive_a_restart_and_are_sent_once(server, playwright, tmp_path):
    from playwright.sync_api import expect

    base, env = server
    profile = tmp_path / "profil"
    shots = Path(os.environ.get("DATUSOBAN_SCREENSHOTS") or tmp_path / "gambar")
    shots.mkdir(parents=True, exist_ok=True)
    options = {
        "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS,
        "viewport": {"width": 360, "height": 780}, "is_mobile": True, "locale": "id",
    }  # fmt: skip
    context = playwright.chromium.launch_persistent_context(str(profile), **options)
    page = context.new_page()
    log_in(page, f"{base}/lapangan/", "pendamping", PASSWORD)
    unlock(page)
    page.click("#tombol-unduh")
    expect(page.locator("#keadaan")).to_contain_text("50 keluarga")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cached = page.evaluate(CACHED)
    assert f"{base}/lapangan/" in cached, cached
    shell(env, OFFICE_CHANGE)

    context.set_offline(True)
    page.reload()  # the shell from the service worker's cache
    assert page.title().startswith("Aplikasi lapangan")
    unlock(page)  # the key was never stored: the PIN again
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(shots / "lapangan-daftar-360.png"))
    # One visit through the form: the first family, its floor changed on the spot.
    page.click("#daftar-keluarga button.keluarga >> nth=0")
    page.check("input[name=status][value=ditemukan]")
    page.select_option("#var-lantai", "keramik")
    assert page.is_visible(".isian.berubah #var-lantai")
    page.screenshot(path=str(shots / "lapangan-kunjungan-360.png"), full_page=True)
    page.click("#form-kunjungan button[type=submit]")
    page.wait_for_selector("#layar-utama:not([hidden])")
    assert page.evaluate(RECORD_REST) == FAMILIES
    assert "Siti" not in page.evaluate(RAW_QUEUE)
    context.close()

    # The browser killed and started again on the same profile, still offline.
    context = playwright.chromium.launch_persistent_context(str(profile), **options)
    context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{base}/lapangan/")
    unlock(page)
    assert page.evaluate("window.lapangan.queued().then((k) => k.length)") == FAMILIES
    assert page.inner_text("#jumlah-antre") == str(FAMILIES)

    context.set_offline(False)
    page.click("#tombol-kirim")
    expect(page.locator("#keadaan")).to_contain_text("kunjungan terkirim", timeout=120_000)
    assert page.evaluate("window.lapangan.queued().then((k) => k.length)") == 0
    # Sending again sends nothing: the queue is empty.
    page.click("#tombol-kirim")
    expect(page.locator("#keadaan")).to_contain_text("Tidak ada kunjungan")
    context.close()
    assert shell(env, COUNT).splitlines()[-1] == f"{FAMILIES} 1 {FAMILIES}"
