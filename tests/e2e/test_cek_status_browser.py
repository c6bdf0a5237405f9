"""The public status check in a real browser (Debian's Chromium via Playwright) on a phone,
390 pixels wide: with no script at all, each region a reload through the "Lanjut" button;
and with the page's small script, each region chosen reloading the page by itself. Every
step is photographed into the folder named by DATUSOBAN_SCREENSHOTS (tests/run.py), else
into the test run's own temporary folder; no page may be wider than the phone (360 px
either)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import CHROMIUM, seeded

pytestmark = pytest.mark.browser

SEED = """
from datetime import date
from datusoban.identity.names import name_key
from datusoban.program.models import TahapBayar
from datusoban.program.services import change_status, propose
from datusoban.registri.models import Household, Membership, Person

home = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101100021",
                                alamat="Jl. Tembus Mantuil No. 7")
for nama, nik, born, hubungan in (
    ("Siti Aminah", "6371015506850002", date(1985, 6, 15), "istri"),
    ("Rudi Sitompul", "6371011203800011", date(1980, 3, 12), "kepala"),
):
    p = Person.objects.create(nik=nik, nama=nama, nama_kunci=name_key(nama), tanggal_lahir=born,
                              household=home, hubungan_keluarga=hubungan)
    Membership.objects.create(person=p, household=home, hubungan=hubungan)
k = propose("PKH", household=home, oleh="uji", tanggal=date(2025, 1, 2))
change_status(k, "diverifikasi", oleh="uji", tanggal=date(2025, 1, 3))
k = change_status(k, "terdaftar", oleh="uji", tanggal=date(2025, 1, 4))
TahapBayar.objects.create(kepesertaan=k, tahun=2026, tahap=3, jumlah_jatuh_tempo=750000,
                          jumlah_dibayar=750000, status="dibayar")
"""
SECRETS = ("6371015506850002", "6371010101100021", "1985", "Tembus", "Aminah")


@pytest.fixture(scope="module")
def base(tmp_path_factory, request) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (tests/run.py installs Debian's chromium)")
    env = request.getfixturevalue("module_env")
    with seeded(env, SEED, tmp_path_factory.mktemp("cek-status") / "serve.log") as url:
        yield url


def _fits(page) -> list[int]:
    """The widths (360 and 390 px) at which the page is wider than the screen."""
    wide = []
    for width in (360, 390):
        page.set_viewport_size({"width": width, "height": 800})
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append(width)
    page.set_viewport_size({"width": 390, "height": 844})
    return wide


def test_a_citizen_checks_a_status_on_a_phone_without_any_script(browser, base, folder):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="id", java_script_enabled=False
    )
    page = context.new_page()
    wide = []

    def shoot(step: str) -> None:
        page.screenshot(path=str(folder / f"cek-status-{step}-390.png"), full_page=True)
        wide.extend(f"{step}: {w}" for w in _fits(page))

    page.goto(base + "/masuk/")
    page.click("text=Cek status bantuan sosial")
    assert page.url.endswith("/cek-status/")
    shoot("1-kabkota")
    for name, value in (("kabkota", "63.71"), ("kecamatan", "63.71.01"), ("desa", "63.71.01.1001")):
        page.select_option(f"select[name={name}]", value)
        page.click("button.cek-lanjut")
        page.wait_for_load_state()
    shoot("2-nama")
    page.fill("input[name=nama]", "siti am")
    page.click("text=Cek status >> nth=-1")
    page.wait_for_load_state()
    shoot("3-hasil")
    text = page.inner_text("main")
    assert "SI** AM****" in text and "PKH — menerima, tahap 3 2026" in text
    html = page.content()
    assert not [s for s in SECRETS if s in html]
    page.fill("input[name=nama]", "si")
    page.click("text=Cek status >> nth=-1")
    page.wait_for_load_state()
    shoot("4-terlalu-pendek")
    assert "3 huruf pertama" in page.inner_text("main")
    context.close()
    assert wide == []


def test_with_its_script_a_region_chosen_reloads_the_page_by_itself(browser, base, folder):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id")
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(base + "/cek-status/")
    for name, value in (("kabkota", "63.71"), ("kecamatan", "63.71.01"), ("desa", "63.71.01.1001")):
        with page.expect_navigation():
            page.select_option(f"select[name={name}]", value)
    assert page.locator("input[name=nama]").is_visible()
    page.fill("input[name=nama]", "rudi")
    page.click("text=Cek status >> nth=-1")
    page.wait_for_load_state()
    assert "RU** SI******" in page.inner_text("main")
    page.screenshot(path=str(folder / "cek-status-5-dengan-skrip-390.png"), full_page=True)
    context.close()
    assert refused == []
