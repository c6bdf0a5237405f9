"""A review decision in a real browser (Debian's Chromium via Playwright): log in, open the
linkage review queue, open a pair, read its evidence, click Terima (HTMX), and find the two
records under one person, on the page and in the database."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from .browser import log_in, prepared_env, serving

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-panjang-123"
AS_OF = "2025-06-30"
# The owners of two source records, as JSON, read straight from the database.
OWNERS = """
import json
from datusoban.registri.models import SourceRecord
ids = [{left}, {right}]
print(json.dumps(dict(SourceRecord.objects.filter(pk__in=ids).values_list("pk", "person_id"))))
"""


def _run(env: dict, *args: str) -> str:
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout


def _owners(env: dict, datusoban_bin: str, left: int, right: int) -> dict[str, int | None]:
    out = _run(env, datusoban_bin, "shell", "-c", OWNERS.format(left=left, right=right))
    return json.loads(out.strip().splitlines()[-1])  # after Django's own notice, if any


@pytest.fixture
def server(migrated_env, datusoban_bin, tmp_path):
    """`datusoban serve` over a registry with a review queue: the DTSEN and DTKS files of
    1,000 synthetic people imported and linked as an operator would, one after the other."""
    env = prepared_env(migrated_env, datusoban_bin, "admin", PASSWORD)
    files = tmp_path / "synth"
    _run(env, datusoban_bin, "synth", "--people", "1000", "--seed", "7", "--as-of", AS_OF,
         "--out", str(files))  # fmt: skip
    for name, source in (("dtsen", "DTSEN Kemensos"), ("dtks", "DTKS Kemensos")):
        _run(env, datusoban_bin, "import", str(files / f"{name}.csv"), "--profile",
             "interchange", "--source", source, "--as-of", AS_OF)  # fmt: skip
        _run(env, datusoban_bin, "link-registry")
    with serving(datusoban_bin, env, tmp_path / "serve.log", "--no-worker") as base:
        yield base, env, datusoban_bin


def test_log_in_open_a_pair_read_the_evidence_and_accept_it(server, browser):

    base, env, datusoban_bin = server
    elsewhere: list[str] = []
    swapped: list[str] = []
    refused_by_csp: list[str] = []

    def note(request) -> None:
        if request.headers.get("hx-request"):
            swapped.append(request.url)
        if not request.url.startswith(base):
            elsewhere.append(request.url)

    def console(message) -> None:
        if "Content Security Policy" in message.text:
            refused_by_csp.append(message.text)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", note)
    page.on("console", console)
    log_in(page, f"{base}/penautan/", "admin", PASSWORD)
    # The current entry, inside its menu group (closed), and the group marked too.
    assert page.text_content("nav.nav a[aria-current=page]") == "Penautan"
    assert page.inner_text(".menu .group.current summary") == "Registri"
    queue = page.inner_text("#antrean")
    assert "pasangan" in queue and "%" in queue

    page.click("#antrean tbody tr:first-child a")
    page.wait_for_url("**/penautan/pasangan/*/")
    header = page.inner_text("#banding thead")
    left, right = (int(n) for n in re.findall(r"Rekaman #(\d+)", header))
    # The evidence: every comparison in words, its weight, its bar.
    evidence = page.locator("#bukti tbody tr[data-kolom]")
    assert evidence.count() == 9
    assert page.locator("#bukti svg.batang rect").count() == 9
    names = page.locator("#bukti tbody tr[data-kolom] th").all_inner_texts()
    assert names[:3] == ["Nama", "NIK", "Tanggal lahir"]
    assert "NIK" in page.inner_text("#bukti") and "Peluang" in page.inner_text("#ringkasan")
    before = _owners(env, datusoban_bin, left, right)
    assert before[str(left)] != before[str(right)]

    page.fill("#id_alasan", "Diperiksa dengan KK")
    page.click("#terima")
    page.wait_for_selector("#hasil-keputusan")
    result = page.inner_text("#hasil-keputusan")
    assert "Diterima" in result and "Kedua rekaman kini milik orang #" in result
    assert page.locator("#terima").count() == 0  # decided: no second click
    page.click("#orang-hasil")
    page.wait_for_url("**/orang/*/")
    person = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert page.locator("details.source").count() >= 2
    assert _owners(env, datusoban_bin, left, right) == {str(left): person, str(right): person}
    assert any("/terima/" in url for url in swapped), "Terima was not sent by HTMX"
    assert not elsewhere, f"the pages asked for something off this server: {elsewhere}"
    assert not refused_by_csp, refused_by_csp
