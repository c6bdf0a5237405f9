"""The public usul and sanggah forms and the receipt tracking (Lacak) in a real browser
(Debian's Chromium via Playwright) on a phone, 390 pixels wide: a citizen proposes a
neighbour with a photo, objects to a recipient found through Cek status, reads both
receipt codes and tracks both. Once with no script at all (the forms claim to work
without it: each region step is a "Lanjut" button), once with the pages' small script.
Every step is photographed into the folder named by DATUSOBAN_SCREENSHOTS (tests/run.py),
else into the run's temporary folder; no page may be wider than the phone (360 px either)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import CHROMIUM, seeded, shell

pytestmark = pytest.mark.browser

# Siti Aminah receives PKH in one desa of Kota Banjarmasin: the person objected to.
SEED = """
from datetime import date
from datusoban.identity.names import name_key
from datusoban.program.services import change_status, propose
from datusoban.registri.models import Household, Membership, Person

home = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101100021",
                                alamat="Jl. Tembus Mantuil No. 7")
p = Person.objects.create(nik="6371015506850002", nama="Siti Aminah",
                          nama_kunci=name_key("Siti Aminah"), tanggal_lahir=date(1985, 6, 15),
                          household=home, hubungan_keluarga="kepala")
Membership.objects.create(person=p, household=home, hubungan="kepala")
k = propose("PKH", household=home, oleh="uji", tanggal=date(2025, 1, 2))
change_status(k, "diverifikasi", oleh="uji", tanggal=date(2025, 1, 3))
change_status(k, "terdaftar", oleh="uji", tanggal=date(2025, 1, 4))
"""
REGION = (("kabkota", "63.71"), ("kecamatan", "63.71.01"), ("desa", "63.71.01.1001"))
CODE = re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}$")


@pytest.fixture(scope="module")
def base(tmp_path_factory, request) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (tests/run.py installs Debian's chromium)")
    env = request.getfixturevalue("module_env")
    with seeded(env, SEED, tmp_path_factory.mktemp("usul-publik") / "serve.log") as url:
        yield url


def _photo_kept(env: dict, nama: str) -> str:
    """The kind of the photo stored with the proposal of ``nama`` (empty: none)."""
    code = (
        "from datusoban.usulan.models import Usulan; "
        f"print(Usulan.objects.get(nama={nama!r}, asal='publik').jenis_foto)"
    )
    return shell(env, code).splitlines()[-1]


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> Path:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), (150, 110, 70)).save(out, "JPEG", quality=80)
    path = tmp_path_factory.mktemp("foto") / "rumah.jpg"
    path.write_bytes(out.getvalue())
    return path


def _fits(page) -> list[int]:
    """The widths (360 and 390 px) at which the page is wider than the screen."""
    wide = []
    for width in (360, 390):
        page.set_viewport_size({"width": width, "height": 800})
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide.append(width)
    page.set_viewport_size({"width": 390, "height": 844})
    return wide


def _region(page, script: bool) -> None:
    """Kota Banjarmasin, its first kecamatan and desa: by the button, or by the script."""
    for name, value in REGION:
        if script:
            with page.expect_navigation():
                page.select_option(f"select[name={name}]", value)
        else:
            page.select_option(f"select[name={name}]", value)
            page.click("button.cek-lanjut")
            page.wait_for_load_state()


def _journey(browser, base: str, folder: Path, photo: Path, script: bool) -> str:
    suffix = "dengan-skrip" if script else "tanpa-skrip"
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="id", java_script_enabled=script
    )
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    wide: list[str] = []

    def shoot(step: str) -> None:
        page.screenshot(path=str(folder / f"usul-publik-{suffix}-{step}-390.png"), full_page=True)
        wide.extend(f"{step}: {w}" for w in _fits(page))

    # An usul with a photo.
    page.goto(base + "/cek-status/usul/")
    _region(page, script)
    nama = f"Bapak Warga {suffix}"
    page.fill("input[name=nama]", nama)
    page.fill("textarea[name=alamat]", "Gang Mawar, dekat langgar")
    page.fill("textarea[name=alasan]", "Lansia tinggal sendiri, tidak bekerja.")
    page.set_input_files("input[name=foto]", str(photo))
    page.fill("input[name=nama_pengusul]", "Rahmat")
    page.fill("input[name=telepon]", "0812 3456 7890")
    shoot("1-usul")
    page.click("text=Kirim usulan")
    page.wait_for_load_state()
    shoot("2-tanda-terima-usul")
    usul = page.inner_text("#kode-tanda-terima").strip()
    assert CODE.match(usul), usul

    # A sanggah of a recipient found through Cek status.
    page.goto(base + "/cek-status/")
    _region(page, script)
    page.fill("input[name=nama]", "siti am")
    page.click("text=Cek status >> nth=-1")
    page.wait_for_load_state()
    page.click("form.cek-sanggah button")
    page.wait_for_load_state()
    assert "SI** AM****" in page.inner_text("main")
    page.select_option("select[name=alasan]", "mampu")
    page.fill("textarea[name=uraian]", "Sudah punya toko besar di pasar.")
    page.fill("input[name=nama_pengusul]", "Warga Desa")
    page.fill("input[name=telepon]", "081298765432")
    shoot("3-sanggah")
    page.click("text=Kirim sanggahan")
    page.wait_for_load_state()
    shoot("4-tanda-terima-sanggah")
    sanggah = page.inner_text("#kode-tanda-terima").strip()
    assert CODE.match(sanggah) and sanggah != usul

    # Both tracked by their codes.
    for kode, heading, step in ((usul, "Usulan", "5-lacak-usul"),
                                (sanggah, "Sanggahan", "6-lacak-sanggah")):  # fmt: skip
        page.goto(base + "/cek-status/lacak/")
        page.fill("input[name=kode]", kode.lower())
        page.click("button:has-text('Lacak')")
        page.wait_for_load_state()
        shoot(step)
        text = page.inner_text("main")
        assert f"{heading}: diterima" in text and "menunggu verifikasi" in text
    html = page.content()
    assert "6371015506850002" not in html and "081298765432" not in html
    context.close()
    assert wide == []
    assert refused == []
    return nama


def test_a_citizen_proposes_objects_and_tracks_without_any_script(
    browser, base, folder, photo, module_env
):
    nama = _journey(browser, base, folder, photo, script=False)
    assert _photo_kept(module_env, nama) == "jpg"


def test_with_the_pages_script_the_same_journey_works(browser, base, folder, photo, module_env):
    nama = _journey(browser, base, folder, photo, script=True)
    assert _photo_kept(module_env, nama) == "jpg"
