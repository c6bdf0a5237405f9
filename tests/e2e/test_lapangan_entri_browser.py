"""The field app's entries besides visits in a real browser (Debian's Chromium via Playwright)
on a phone 360 px wide: a pendamping PKH downloads their work, goes offline, records a case
report with a photo (made small on the device), a P2K2 session with its attendance, a flood
victim and a delivery of logistics to that victim's family, reconnects and sends; each is
on the server exactly once, and sending again sends nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import log_in, shell
from .field_world import PASSWORD, PIN, RAW_QUEUE, field_server, pendamping_seed

pytestmark = pytest.mark.browser
# Three families, and a flood in their desa with ten ready meals in stock.
SEED = (
    pendamping_seed(3)
    + """
from datusoban.bencana import actions
operator = User.objects.create_user("operator.bjm")
Account.objects.create(user=operator, peran="operator_kabkota", wilayah_id="63.71")
flood = actions.declare(operator, nama="Banjir Sungai Martapura", jenis="banjir",
                        tanggal=date(2026, 12, 1), desa=["63.71.01.1001"])
actions.receive_stock(operator, flood.pk, barang="makanan_siap_saji", jumlah=10)
"""
)
COUNT = """
from datusoban.bencana.models import KorbanBencana, PenyaluranLogistik
from datusoban.kasus.models import BerkasKasus, LaporanKasus
from datusoban.lapangan.models import KirimanLapangan
from datusoban.p2k2.models import KehadiranP2K2, PertemuanP2K2
case = LaporanKasus.objects.get()
print(LaporanKasus.objects.count(), BerkasKasus.objects.filter(kasus=case, jenis="jpg").count(),
      case.person.nama, PertemuanP2K2.objects.count(),
      KehadiranP2K2.objects.filter(hadir=True).count(), KehadiranP2K2.objects.count(),
      KorbanBencana.objects.count(), PenyaluranLogistik.objects.count(),
      KirimanLapangan.objects.count())
"""


@pytest.fixture
def server(migrated_env, tmp_path):
    with field_server(migrated_env, tmp_path / "serve.log", SEED) as served:
        yield served


@pytest.fixture
def photo(tmp_path) -> Path:
    """A camera's photo, larger than the app keeps (it is made 1024 px wide on the device)."""
    from PIL import Image

    path = tmp_path / "kamera.jpg"
    Image.new("RGB", (2400, 1800), (150, 120, 90)).save(path, "JPEG", quality=90)
    return path


def test_a_case_p2k2_and_a_victim_with_a_delivery_recorded_offline_are_sent_once(
    server, browser, photo, tmp_path
):
    from playwright.sync_api import expect

    base, env = server
    shots = Path(os.environ.get("DATUSOBAN_SCREENSHOTS") or tmp_path / "gambar")
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True,
                                  locale="id")  # fmt: skip
    page = context.new_page()
    log_in(page, f"{base}/lapangan/", "pendamping", PASSWORD)
    page.wait_for_selector("#layar-pin:not([hidden])")
    page.fill("#pin", PIN)
    page.click("#tombol-pin")
    page.wait_for_selector("#layar-utama:not([hidden])")
    page.click("#tombol-unduh")
    expect(page.locator("#keadaan")).to_contain_text("3 keluarga")
    context.set_offline(True)

    # A case report about a person of the download, with a photo.
    page.click("#buka-kasus")
    page.select_option("#kasus-kategori", index=1)
    page.select_option("#kasus-urgensi", "tinggi")
    page.select_option("#kasus-desa", "63.71.01.1001")
    page.select_option("#kasus-orang", index=1)
    page.fill("#kasus-uraian", "Lansia tinggal sendiri, rumah hampir roboh.")
    page.set_input_files("#kasus-foto", str(photo))
    page.wait_for_selector("#kasus-pratinjau:not([hidden])")
    size = page.evaluate("(() => { const i = document.getElementById('kasus-pratinjau'); "
                         "return [i.naturalWidth, i.naturalHeight]; })()")  # fmt: skip
    assert size == [1024, 768]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(shots / "lapangan-kasus-360.png"), full_page=True)
    page.click("#form-kasus button[type=submit]")
    page.wait_for_selector("#layar-utama:not([hidden])")

    # A P2K2 session: two of the group's three families came.
    page.click("#buka-p2k2")
    boxes = page.locator("#p2k2-hadir input[type=checkbox]")
    expect(boxes).to_have_count(3)
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.select_option("#p2k2-modul", "kesehatan")
    page.fill("#p2k2-topik", "Gizi balita")
    page.screenshot(path=str(shots / "lapangan-p2k2-360.png"), full_page=True)
    page.click("#form-p2k2 button[type=submit]")
    page.wait_for_selector("#layar-utama:not([hidden])")

    # A flood victim, then a delivery of ready meals to that victim's family.
    page.click("#buka-bencana")
    page.fill("#korban-nama", "Ahmad Fauzi")
    page.select_option("#korban-desa", "63.71.01.1001")
    page.click("#form-korban button[type=submit]")
    expect(page.locator("#penyaluran-korban option")).to_have_count(2)
    page.select_option("#penyaluran-korban", index=1)
    page.select_option("#penyaluran-barang", "makanan_siap_saji")
    page.fill("#penyaluran-jumlah", "2")
    page.click("#form-penyaluran button[type=submit]")
    expect(page.locator("#keadaan")).to_contain_text("Penyaluran disimpan")
    page.screenshot(path=str(shots / "lapangan-bencana-360.png"), full_page=True)
    page.click("#layar-bencana .kembali")
    page.wait_for_selector("#layar-utama:not([hidden])")
    assert page.inner_text("#jumlah-antre") == "4"
    raw = page.evaluate(RAW_QUEUE)
    assert "Ahmad" not in raw and "Lansia" not in raw  # ciphertext only

    context.set_offline(False)
    page.click("#tombol-kirim")
    expect(page.locator("#keadaan")).to_contain_text("terkirim", timeout=60_000)
    text = page.inner_text("#keadaan")
    for said in ("1 laporan kasus", "1 pertemuan P2K2", "1 korban bencana", "1 penyaluran"):
        assert said in text, text
    assert page.evaluate("window.lapangan.queued().then((k) => k.length)") == 0
    page.click("#tombol-kirim")
    expect(page.locator("#keadaan")).to_contain_text("Tidak ada kunjungan")
    # The case sent is the worker's own open case: the next download carries it, to
    # read without signal.
    page.click("#tombol-unduh")
    expect(page.locator("#jumlah-kasus-saya")).to_have_text("1")
    page.click("#kasus-saya summary")
    expect(page.locator("#daftar-kasus-saya")).to_contain_text("Siti Aminah 0")
    assert shell(env, COUNT).splitlines()[-1] == "1 1 Siti Aminah 0 1 2 3 1 1 4"
