"""Each role's main day in a real browser (Debian's Chromium via Playwright), clicked as its
user would, on one `datusoban serve` (web server and worker) over a seeded world:

1. a province administrator makes an operator for Kota Banjarmasin, who must choose a
   password, lands on "Tugas saya" and finds only Kota Banjarmasin's people;
2. an operator uploads a file with one bad row, corrects it on screen, links the batch
   into the registry from its page; and decides the review pair assigned to them;
3. a pendamping opens the case waiting in "Tugas saya" and takes its next step.

Every main page visited is photographed 1366 and 390 pixels wide into the folder named by
DATUSOBAN_SCREENSHOTS (tests/run.py: artefacts/screenshots/<pass>), else into the test
run's own temporary folder. Pages are reached by their address, form fields by their
names and buttons by their text or id, never through the menu, whose grouping may change.
The database is written only by the seed, before the browser starts.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .browser import CHROMIUM, serving
from .databases import DATUSOBAN, admin, clean_env, copy_template, server_url

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-panjang-123"
NEW_PASSWORD = "sandi-pilihan-sendiri-456"
BJM_NIK = "6371011708750001"  # Rahmat Hidayat of Kota Banjarmasin
BJB_NIK = "6372021708750002"  # his namesake in Kota Banjarbaru, outside the operator's scope
# Phone first, then the office screen: the widths every main page is photographed at.
WIDTHS = {390: 844, 1366: 900}
JOB_TIMEOUT = 90_000  # ms: an import or linking job on a shared, busy machine

# The world, written through the ORM before the browser starts: three users, a family in
# Kota Banjarmasin with one woman recorded twice (a review pair assigned to the operator),
# a namesake in Kota Banjarbaru, and a case the pendamping filed, verified and assigned
# to her. Prints what the journeys need to find, as JSON.
SEED = f"""
import json
from datetime import date
from django.contrib.auth.models import User
from datusoban.accounts.models import Account
from datusoban.identity.names import name_key
from datusoban.kasus import assignment, services
from datusoban.penautan.models import LinkRun, ReviewPair
from datusoban.registri.models import (
    Household, ImportBatch, Membership, Person, Source, SourceRecord)
from datusoban.registri.stats import refresh_counts

def user(name, peran, wilayah):
    made = User.objects.create_user(name, password="{PASSWORD}")
    Account.objects.create(user=made, peran=peran, wilayah_id=wilayah)
    return made

admin = user("admin.provinsi", "admin_provinsi", "63")
operator = user("operator.bjm", "operator_kabkota", "63.71")
pendamping = user("pendamping.bjm", "pendamping", "63.71")

def person(household, nik, nama, sex, born, hubungan):
    made = Person.objects.create(
        nik=nik, nama=nama, nama_kunci=name_key(nama), jenis_kelamin=sex, tanggal_lahir=born,
        household=household, hubungan_keluarga=hubungan)
    Membership.objects.create(person=made, household=household, hubungan=hubungan)
    return made

bjm = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101750001")
person(bjm, "{BJM_NIK}", "Rahmat Hidayat", "L", date(1975, 8, 17), "kepala")
nurul = person(bjm, "6371015204780003", "Nurul Hidayah", "P", date(1978, 4, 12), "istri")
again = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101780009")
twice = person(again, "6371015204780030", "Nurul Hidayah", "P", date(1978, 4, 12), "kepala")
bjb = Household.objects.create(wilayah_id="63.72.02.1003", no_kk="6372020101750002")
person(bjb, "{BJB_NIK}", "Rahmat Hidayat", "L", date(1975, 8, 17), "kepala")

source = Source.objects.create(
    kode="dtks-bjm-2024", nama="DTKS Kota Banjarmasin 2024", jenis="dinsos_kabkota",
    wilayah_id="63.71")
batch = ImportBatch.objects.create(
    source=source, nama_berkas="dtks_bjm_2024.csv", sha256="seed", profil="ppks-kabkota",
    diimpor_oleh="seed", status="selesai", jumlah_baris=2, diterima=2, karantina=0)
rows = [
    SourceRecord.objects.create(
        batch=batch, nomor_baris=n, record_id=f"r{{n}}", person=p, household=p.household,
        nik=p.nik, nama=p.nama, tanggal_lahir=p.tanggal_lahir,
        data={{"NIK": p.nik, "Nama": p.nama}})
    for n, p in ((2, nurul), (3, twice))
]
run = LinkRun.objects.create(
    dijalankan_oleh="seed", mesin="duckdb", versi_model="seed",
    ambang={{"match_probability": 0.9, "review_probability": 0.5}})
pair = ReviewPair.objects.create(
    run=run, rekaman_l=rows[0], rekaman_r=rows[1], match_probability=0.81, match_weight=2.1,
    bukti={{"nama": {{"bobot": 6.1, "tingkat": "exact"}},
           "nik": {{"bobot": -1.2, "tingkat": "two digits differ"}},
           "tgl": {{"bobot": 9.8, "tingkat": "exact"}},
           "wilayah": {{"bobot": 9.5, "tingkat": "same desa"}}}},
    ditugaskan_ke=operator)

case = services.file_report(pendamping, services.NewCase(
    kategori=24, desa="63.71.01.1001", urgensi="tinggi", alamat="Gang Sepakat",
    uraian="Lansia tinggal sendiri, rumah bocor, belum menerima bantuan."))
services.take_step(admin, case.pk, "verifikasi")
assignment.assign(admin, case.pk, pendamping.pk)
refresh_counts()
print(json.dumps({{"pair": pair.pk, "case": case.pk}}))
"""

# An upload from Kota Banjarmasin's register: three rows, the last born on 31 February.
UPLOAD = (
    "no_register,nik,no_kk,nama_ppks,l_p,tempat_lahir,tgl_lahir,nama_ibu,hub_keluarga,"
    "alamat,rt,rw,kode_desa,kategori_ppks\n"
    "PPKS-6371-101,6371010107550011,6371010101550011,BADRUN,L,Banjarmasin,01/07/1955,,"
    "Kepala Keluarga,Jl. Sutoyo S,004,002,63.71.01.1001,8\n"
    "PPKS-6371-102,6371014403600012,6371010101550011,MASITAH,P,Banjarmasin,04/03/1960,,"
    "Istri,Jl. Sutoyo S,004,002,63.71.01.1001,8\n"
    "PPKS-6371-103,6371012509880013,6371010101880013,JUHRI,L,Banjarmasin,31/02/1988,,"
    "Kepala Keluarga,Jl. Sutoyo S,006,002,63.71.01.1001,24\n"
)


@dataclass
class World:
    base: str
    env: dict[str, str]
    pair: int
    case: int


@pytest.fixture(scope="module")
def world(database_template, tmp_path_factory) -> Iterator[World]:
    """One server for the three journeys: a copy of the session's template database,
    seeded, served with its worker (the upload and the linking are background jobs)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (tests/run.py installs Debian's chromium)")
    folder = tmp_path_factory.mktemp("journeys")
    env = clean_env(folder / "home")
    server, name = server_url(), f"datusoban_journeys_{uuid.uuid4().hex[:8]}"
    if server:
        env["DATUSOBAN_DATABASE_URL"] = f"{server}/{name}"
    copy_template(database_template, env)
    try:
        seeded = subprocess.run(
            [DATUSOBAN, "shell", "-c", SEED], env=env, check=True, capture_output=True, text=True
        )
        made = json.loads(seeded.stdout.strip().splitlines()[-1])
        with serving(DATUSOBAN, env, folder / "serve.log") as base:
            yield World(base, env, made["pair"], made["case"])
    finally:
        if server:
            admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    chosen = os.environ.get("DATUSOBAN_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Journey:
    """One user's browser session: its page, what it asked for, and its photographs."""

    def __init__(self, browser, world: World, folder: Path, name: str) -> None:
        self.world, self.folder, self.name = world, folder, name
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id")
        self.page = self.context.new_page()
        self.shots = 0
        self.elsewhere: list[str] = []
        self.refused: list[str] = []
        self.page.on("request", self._note)
        self.page.on("console", self._console)
        # A confirmation a destructive button may ask for is answered as its user would.
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.wide: list[str] = []

    def _note(self, request) -> None:
        if not request.url.startswith(self.world.base):
            self.elsewhere.append(request.url)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def go(self, path: str) -> None:
        self.page.goto(self.world.base + path)

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        self.go("/masuk/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("form.form button[type=submit]")
        self.page.wait_for_load_state()

    def shoot(self, what: str) -> None:
        """The page as it is now, at each width, the whole length of it."""
        self.shots += 1
        page = self.page
        for width, height in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            path = self.folder / f"{self.name}-{self.shots:02d}-{what}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                self.wide.append(f"{what} ({width} px)")
        page.set_viewport_size({"width": 1366, "height": 900})

    def close(self) -> list[str]:
        """Ends the session; what went wrong on its pages besides the test's own asserts."""
        self.context.close()
        problems = []
        if self.elsewhere:
            problems.append(
                f"{self.name}: pages asked for something off this server: {self.elsewhere}"
            )
        if self.refused:
            problems.append(f"{self.name}: the content security policy refused: {self.refused}")
        if self.wide:
            problems.append(
                f"{self.name}: pages wider than the screen, scrolled sideways: {self.wide}"
            )
        return problems


@pytest.fixture
def journey(browser, world, screenshots) -> Iterator:
    """Starts a user's browser session (``journey("3-pendamping")``); afterwards every
    session ends and none may have left the server, met the CSP or overflowed a phone."""
    made: list[Journey] = []

    def start(name: str) -> Journey:
        made.append(Journey(browser, world, screenshots, name))
        return made[-1]

    yield start
    problems = [problem for j in made for problem in j.close()]
    assert not problems, problems


def test_admin_makes_an_operator_who_sees_only_kota_banjarmasin(journey, world):
    admin_day = journey("1-admin")
    page = admin_day.page
    admin_day.log_in("admin.provinsi")
    page.wait_for_url("**/tugas/")
    admin_day.shoot("tugas")
    admin_day.go("/pengguna/")
    assert page.inner_text("h1") == "Pengguna"
    admin_day.shoot("pengguna")

    page.click("#pengguna-baru")
    page.wait_for_url("**/pengguna/baru/")
    page.fill("input[name=username]", "operator.baru")
    page.fill("input[name=nama]", "Siti Aisyah")
    page.select_option("select[name=peran]", "operator_kabkota")
    page.select_option("select[name=wilayah]", "63.71")
    admin_day.shoot("pengguna-baru")
    page.click("#form-pengguna button[type=submit]")
    page.wait_for_selector("#sandi-sementara")
    temporary = page.inner_text("#sandi").strip()
    assert len(temporary) >= 12 and "operator.baru" in page.inner_text("#sandi-sementara")
    admin_day.shoot("sandi-sementara")
    admin_day.go("/pengguna/")
    row = page.inner_text('#daftar-pengguna tr[data-pengguna="operator.baru"]')
    assert "Operator kab/kota" in row and "63.71" in row and "wajib ganti sandi" in row

    # The new operator, in a browser of their own: the password first, then their inbox.
    operator = journey("1-operator-baru")
    page = operator.page
    operator.log_in("operator.baru", temporary)
    page.wait_for_url("**/pengguna/ganti-sandi/")
    assert "gantilah dengan kata sandi Anda sendiri" in page.inner_text("#wajib-ganti")
    operator.shoot("ganti-sandi")
    operator.go("/cari/")  # nothing else opens before the password is changed
    assert page.url.endswith("/pengguna/ganti-sandi/")
    page.fill("input[name=old_password]", temporary)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("#form-ganti-sandi button[type=submit]")
    page.wait_for_url("**/tugas/")
    assert page.inner_text("h1") == "Tugas saya"
    assert "Kata sandi Anda sudah diganti" in page.inner_text("main")
    operator.shoot("tugas")

    operator.go("/cari/")
    page.fill("input[name=nama]", "Rahmat Hidayat")
    page.click("#form-cari button[type=submit]")
    page.wait_for_selector("#hasil-cari")
    found = page.inner_text("#hasil-cari")
    assert BJM_NIK in found and BJB_NIK not in found
    operator.shoot("cari-nama")
    # The namesake in Kota Banjarbaru is not found by his NIK either.
    page.fill("input[name=nama]", "")
    page.fill("input[name=nik]", BJB_NIK)
    page.click("#form-cari button[type=submit]")
    from playwright.sync_api import expect

    expect(page.locator("#hasil-cari caption")).to_have_text("0 orang ditemukan")
    operator.shoot("cari-nik-luar-wilayah")


def test_operator_uploads_corrects_the_bad_row_and_links_the_batch(journey, world, tmp_path):
    upload = tmp_path / "ppks_bjm_mei.csv"
    upload.write_text(UPLOAD)
    day = journey("2-operator-impor")
    page = day.page
    day.log_in("operator.bjm")
    page.wait_for_url("**/tugas/")
    day.shoot("tugas")
    day.go("/impor/")
    day.shoot("impor")
    page.click('a[href="/impor/unggah/"]')
    page.wait_for_url("**/impor/unggah/")
    page.set_input_files("input[name=berkas]", str(upload))
    page.select_option("select[name=profil]", "ppks-kabkota")
    page.fill("input[name=sumber]", "Dinsos Kota Banjarmasin")
    day.shoot("unggah")
    page.click("#form-unggah button[type=submit]")
    page.wait_for_url(re.compile(r".*/impor/proses/[0-9a-f-]{36}/$"))
    page.wait_for_selector('#status-impor[data-status="selesai"]', timeout=JOB_TIMEOUT)
    counts = {k: page.inner_text(f"#jumlah-{k}") for k in ("baris", "diterima", "karantina")}
    assert counts == {"baris": "3", "diterima": "2", "karantina": "1"}
    day.shoot("proses-impor")

    page.click("#status-impor a.button")  # the batch's report
    page.wait_for_url(re.compile(r".*/impor/batch/\d+/$"))
    batch_url = page.url
    day.shoot("batch")
    page.click("#perbaiki-karantina a")
    page.wait_for_url(re.compile(r".*/impor/batch/\d+/karantina/$"))
    assert "JUHRI" in page.inner_text("#baris-karantina")
    day.shoot("karantina")
    page.click("#baris-karantina a.button")  # Perbaiki
    page.wait_for_url(re.compile(r".*/impor/batch/\d+/karantina/\d+/$"))
    born = page.get_by_label(re.compile(r"\(tgl_lahir\)"))
    assert born.input_value() == "31/02/1988"
    day.shoot("karantina-baris")
    born.fill("25/09/1988")
    page.click("#form-perbaiki button[type=submit]")
    page.wait_for_url(re.compile(r".*/impor/batch/\d+/karantina/$"))
    assert page.locator("#tanpa-karantina").count() == 1
    assert "1 baris" in page.inner_text("#ringkasan-karantina dd >> nth=1")  # diperbaiki
    day.shoot("karantina-diperbaiki")

    page.goto(batch_url)
    link = page.locator("#tautkan-batch button[type=submit]")
    if link.count() == 0:
        pytest.skip(
            "the batch page has no 'Tautkan ke registri' button (linking from the batch page "
            "comes with the background jobs, pekerjaan); upload and correction passed"
        )
    assert link.inner_text() == "Tautkan ke registri"
    assert "3 dari 3 rekaman batch ini belum tertaut" in page.inner_text("#belum-tertaut")
    link.click()
    page.wait_for_url(re.compile(r".*/pekerjaan/[0-9a-f-]{36}/$"))
    page.wait_for_selector('#status-pekerjaan[data-status="selesai"]', timeout=JOB_TIMEOUT)
    assert "ditautkan ke registri" in page.inner_text("#ringkasan")
    day.shoot("pekerjaan-tautan")
    page.goto(batch_url)
    assert "sudah tertaut" in page.inner_text("#belum-tertaut")
    day.shoot("batch-tertaut")
    # The corrected row is now a person of the registry, found by the name it was sent with.
    day.go("/cari/")
    page.fill("input[name=nama]", "Juhri")
    page.click("#form-cari button[type=submit]")
    page.wait_for_selector("#hasil-cari")
    assert "6371012509880013" in page.inner_text("#hasil-cari")
    day.shoot("cari-juhri")


def test_operator_decides_the_review_pair_waiting_in_tugas(journey, world):
    day = journey("2-operator-tinjauan")
    page = day.page
    day.log_in("operator.bjm")
    page.wait_for_url("**/tugas/")
    pair_link = f'a[href="/penautan/pasangan/{world.pair}/"]'
    assert page.locator(pair_link).count() == 1
    day.shoot("tugas")
    page.click(pair_link)
    page.wait_for_url(f"**/penautan/pasangan/{world.pair}/")
    assert page.locator("#bukti tbody tr[data-kolom]").count() == 4
    assert "Nurul Hidayah" in page.inner_text("#banding")
    day.shoot("pasangan")
    page.fill("#form-keputusan [name=alasan]", "Sama: KK lama dan KK baru")
    page.click("#terima")
    page.wait_for_selector("#hasil-keputusan")
    result = page.inner_text("#hasil-keputusan")
    assert "Diterima" in result and "Kedua rekaman kini milik orang #" in result
    day.shoot("pasangan-diterima")
    page.click("#orang-hasil")
    page.wait_for_url("**/orang/*/")
    assert page.locator("details.source").count() == 2
    day.shoot("orang")
    day.go("/tugas/")
    assert page.locator(pair_link).count() == 0  # decided: no longer waiting


def test_pendamping_opens_the_case_in_tugas_and_takes_a_step(journey, world):
    day = journey("3-pendamping")
    page = day.page
    day.log_in("pendamping.bjm")
    page.wait_for_url("**/tugas/")
    case_link = f'a[href="/kasus/{world.case}/"]'
    assert page.locator(case_link).count() == 1
    day.shoot("tugas")
    page.click(case_link)
    page.wait_for_url(f"**/kasus/{world.case}/")
    assert page.inner_text("#status-kasus") == "Diverifikasi"
    day.shoot("kasus")
    page.fill("#langkah-asesmen textarea[name=catatan]", "Dikunjungi; perlu perbaikan atap.")
    page.click("#langkah-asesmen button[type=submit]")
    page.wait_for_selector("#status-kasus >> text=Diasesmen")
    history = page.inner_text("#riwayat-kasus")
    assert "Dikunjungi; perlu perbaikan atap." in history and "pendamping.bjm" in history
    day.shoot("kasus-diasesmen")
    day.go("/tugas/")
    # Still hers: the next step (handled or referred) is hers too.
    assert page.locator(case_link).count() == 1
