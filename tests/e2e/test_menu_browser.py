"""The main menu and the page layout in a real browser (Debian's Chromium via Playwright):
one line on a 1366-pixel screen with groups that open on their entries, folded behind a
button on a 390-pixel phone, wide tables scrolling inside their box rather than widening
the page, and a destructive button that asks before it acts."""

from __future__ import annotations

import pytest

from .browser import prepared_env, serving, shell
from .databases import DATUSOBAN

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-panjang-123"
# A flood in Kota Banjarmasin in its recovery: the next step closes it for good.
SEED = """
from datetime import date
from datusoban.bencana.models import Bencana
b = Bencana.objects.create(nama="Banjir Sungai Martapura", jenis="banjir", tanggal=date(2025, 6, 1),
                           kode_kabkota="63.71", status="pemulihan", dicatat_oleh="uji")
b.desa.set(["63.71.01.1001"])
print(b.pk)
"""


@pytest.fixture(scope="module")
def server(module_env, tmp_path_factory):
    """One server for the module: the first test only looks, the second closes the event."""
    env = prepared_env(module_env, DATUSOBAN, "admin", PASSWORD)
    event = int(shell(env, SEED).split()[-1])
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(DATUSOBAN, env, log, "--no-worker") as base:
        yield base, event


def _log_in(page, base: str) -> None:
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert "/masuk/" not in page.url


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_menu_on_a_wide_screen_and_on_a_phone(server, browser, tmp_path):

    base, _ = server
    refused: list[str] = []
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security" in m.text else None,
    )
    _log_in(page, base)
    # One line: every item of the menu at the same height, the bar not taller
    # than two lines of text, the user's role and region beside their name.
    tops = page.eval_on_selector_all(
        ".menu > li > a, .menu > li > details > summary",
        "items => items.map(i => Math.round(i.getBoundingClientRect().bottom))",
    )
    assert len(tops) >= 6 and max(tops) - min(tops) <= 4, tops
    assert page.eval_on_selector("header.bar", "h => h.getBoundingClientRect().height") < 80
    assert "Admin provinsi · Provinsi Kalimantan Selatan" in page.inner_text(".who")
    assert not page.is_visible(".menu-button")
    # A group opens on its entries; opening another closes it.
    assert not page.is_visible("text=Penautan")
    page.click(".menu summary:text('Registri')")
    assert page.is_visible(".menu a:text('Penautan')")
    page.click(".menu summary:text('Kasus')")
    page.wait_for_selector(".menu a:text('Penautan')", state="hidden", timeout=2000)
    page.click(".menu a:text('Bencana')")
    page.wait_for_url(f"{base}/bencana/")
    assert page.inner_text(".menu .group.current summary") == "Kasus"
    page.screenshot(path=str(tmp_path / "lebar.png"))

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    _log_in(phone, base)
    # Folded: the button shows, the menu does not, until the button is pressed.
    assert phone.is_visible("label.menu-button") and not phone.is_visible("nav.nav")
    assert phone.eval_on_selector("header.bar", "h => h.getBoundingClientRect().height") < 70
    phone.click("label.menu-button")
    assert phone.is_visible("nav.nav") and phone.is_visible(".who")
    phone.click(".menu summary:text('Laporan')")
    phone.click(".menu a:text('Dasbor')")
    phone.wait_for_url(f"{base}/dasbor/")
    assert not phone.is_visible("nav.nav")  # a new page starts folded
    # Wide tables scroll in their box: the page itself is no wider than the phone.
    for path in ("/", "/dasbor/", "/kasus/dasbor/", "/bencana/dasbor/", "/layanan/"):
        phone.goto(base + path)
        assert _fits(phone), path
    phone.screenshot(path=str(tmp_path / "telepon.png"), full_page=True)
    assert not refused, f"the content security policy refused: {refused}"


def test_a_destructive_button_asks_first(server, browser):

    base, event = server
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    _log_in(page, base)
    page.goto(f"{base}/bencana/{event}/")
    close = "#form-status-tutup button"
    assert "danger" in page.get_attribute(close, "class")
    asked: list[str] = []

    def answer(accept: bool):
        def handle(dialog) -> None:
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.once("dialog", answer(False))
    page.click(close)
    page.wait_for_timeout(500)
    assert "Tutup kejadian Banjir Sungai Martapura?" in asked[0]
    assert page.inner_text("#status-bencana") == "Pemulihan"  # nothing sent
    page.once("dialog", answer(True))
    with page.expect_navigation():
        page.click(close)
    assert page.inner_text("#status-bencana") == "Selesai"
