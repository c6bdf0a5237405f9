"""Logging out from another page of the site wipes the field app's data from the browser
(Debian's Chromium via Playwright): the logout's ``Clear-Site-Data`` removes the app's
IndexedDB, its service worker and its cached shell, though the app's own script, which
wipes them when its own logout button is used, never ran on that page."""

from __future__ import annotations

import pytest

from .browser import log_in
from .field_world import PASSWORD, PIN, field_server, pendamping_seed

pytestmark = pytest.mark.browser
SEED = pendamping_seed(1)
# What the site keeps in the browser: IndexedDB databases, caches, service workers.
KEPT = """async () => ({
  databases: (await indexedDB.databases()).map((d) => d.name),
  caches: await caches.keys(),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


@pytest.fixture
def server(migrated_env, tmp_path):
    with field_server(migrated_env, tmp_path / "serve.log", SEED) as (base, _):
        yield base


def test_logging_out_from_another_page_wipes_the_field_apps_data(server, browser):
    from playwright.sync_api import expect

    base = server
    page = browser.new_context(locale="id").new_page()
    log_in(page, f"{base}/lapangan/", "pendamping", PASSWORD)
    page.wait_for_selector("#layar-pin:not([hidden])")
    page.fill("#pin", PIN)
    page.click("#tombol-pin")
    page.click("#tombol-unduh")
    expect(page.locator("#keadaan")).to_contain_text("1 keluarga")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    held = page.evaluate(KEPT)
    assert "datusoban-lapangan" in held["databases"] and held["caches"], held
    assert held["workers"] == 1

    page.goto(f"{base}/")  # another page: the app's script is not on it
    assert not page.evaluate("Boolean(window.lapangan)")
    page.click("form[action$='/keluar/'] button")
    page.wait_for_url("**/masuk/**")

    left = page.evaluate(KEPT)
    assert left == {"databases": [], "caches": [], "workers": 0}, left
