"""Laporan: the kab/kota summary as XLSX (every kab/kota in scope) and as a one-page PDF
(one kab/kota), its figures checked against the database; scope; aggregates only."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from datusoban.formatting import angka
from datusoban.reference.models import KategoriPPKS, Region
from datusoban.registri.models import Household, Person, PersonPPKS
from datusoban.sasaran.models import PeringkatKeluarga

from .people import OTHER_NIK, RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
XLSX_URL = "/laporan/ringkasan-kabkota.xlsx"


def pdf_url(kode: str) -> str:
    return f"/laporan/kabkota/{kode}/ringkasan.pdf"


def sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture
def ranked(people: People) -> None:
    """A welfare ranking of the two families (province desil 2 and 7), and an older one."""
    when = timezone.make_aware(datetime(2026, 11, 1, 10))
    for versi, shift in (("2024.1", 0), ("2025.1", 1)):
        for household, desil in ((people.rizky.household, 2), (people.other.household, 7)):
            PeringkatKeluarga.objects.create(
                household=household, versi=versi, skor=1.0, desil=desil + (1 - shift),
                desil_kabkota=5, dihitung_pada=when.replace(year=2024 + shift),
            )  # fmt: skip


def test_the_xlsx_holds_every_kabkota_with_the_figures_of_the_database(client, people, ranked):
    log_in_as(client, "analis_provinsi", "63")
    response = client.get(XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Ringkasan",
        "Mutu impor",
        "PPKS per kategori",
        "Desil",
        "Keterangan",
    ]
    table = {r["kode"]: r for r in sheet(book, "Ringkasan")}
    assert len(table) == 14  # 13 kab/kota and the province
    households = dict(Household.objects.values_list("kode_kabkota").annotate(n=Count("pk")))
    living = dict(
        Person.objects.filter(status="hidup")
        .values_list("household__kode_kabkota")
        .annotate(n=Count("pk"))
    )
    for kode, row in table.items():
        if kode == "63":
            continue
        assert row["keluarga"] == households.get(kode, 0)
        assert row["orang"] == living.get(kode, 0)
    assert (table["63.71"]["keluarga"], table["63.71"]["orang"], table["63.71"]["ppks"]) == (
        1,
        3,
        1,
    )
    assert (table["63"]["orang"], table["63"]["ppks"]) == (4, 1)
    population = table["63.71"]["penduduk_dukcapil"]
    assert population > 600_000  # Kota Banjarmasin, Dukcapil
    assert table["63.71"]["cakupan_persen"] == round(100 * 3 / population, 1)
    assert table["63.71"]["nik_valid_persen"] == 66.7
    assert table["63.71"]["baris_diterima_persen"] == 66.7

    quality = {r["kode"]: r for r in sheet(book, "Mutu impor")}
    assert (quality["63.71"]["baris"], quality["63.71"]["diterima"]) == (3, 2)
    assert (quality["63.71"]["karantina"], quality["63.71"]["nik_valid"]) == (1, 2)

    ppks = {(r["kode"], r["kode_kategori"]): r["orang"] for r in sheet(book, "PPKS per kategori")}
    open_ppks = PersonPPKS.objects.filter(selesai__isnull=True).values_list(
        "person__household__kode_kabkota", "kategori_id"
    )
    assert ppks == {key: 1 for key in open_ppks} == {("63.71", 9): 1, ("63.71", 24): 1}

    desil = {r["kode"]: r for r in sheet(book, "Desil")}
    # The newest ranking (2025.1) only: the older version's desil do not count.
    assert desil["63.71"]["versi_model"] == "2025.1"
    assert (desil["63.71"]["desil_2"], desil["63.71"]["keluarga_diperingkat"]) == (1, 1)
    assert (desil["63.72"]["desil_7"], desil["63.72"]["desil_8"]) == (1, 0)
    assert desil["63.01"]["keluarga_diperingkat"] == 0

    # Aggregates only: no identifier or name of anyone anywhere in the workbook.
    cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row]
    assert not [c for c in cells if RIZKY_NIK in c or OTHER_NIK in c or "Rizk" in c]


def test_a_kabkota_user_gets_their_own_kabkota_only(client, people):
    log_in_as(client, "operator_kabkota", "63.72")
    book = openpyxl.load_workbook(io.BytesIO(client.get(XLSX_URL).content))
    assert [r["kode"] for r in sheet(book, "Ringkasan")] == ["63.72"]
    assert [r["kode"] for r in sheet(book, "Mutu impor")] == ["63.72"]
    assert sheet(book, "PPKS per kategori") == []  # Banjarmasin's PPKS stay out
    assert client.get(pdf_url("63.72")).status_code == 200
    assert client.get(pdf_url("63.71")).status_code == 404
    assert client.get(pdf_url("99.99")).status_code == 404
    # A kecamatan user gets the kab/kota their kecamatan is in.
    log_in_as(client, "pendamping", "63.71.01")
    assert client.get(pdf_url("63.71")).status_code == 200
    assert client.get(pdf_url("63.72")).status_code == 404


def test_without_role_and_region_there_is_no_report(client, people):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("tanpa.akun"))
    assert client.get(XLSX_URL).status_code == 404
    assert client.get(pdf_url("63.71")).status_code == 404
    assert "belum diberi peran" in client.get("/laporan/").content.decode()


def test_the_pdf_is_one_page_with_the_kabkota_and_its_figures(client, people, ranked):
    log_in_as(client, "admin_provinsi", "63")
    response = client.get(pdf_url("63.71"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Kota Banjarmasin" in text and "63.71" in text
    assert "Kota Banjarbaru" not in text
    population = angka(Region.objects.get(kode="63.71").penduduk)
    assert population in text  # Dukcapil population, Indonesian grouping
    for figure in ("Orang di registri", "Keluarga", "2 dari 3", "66,7%", "Desil 2"):
        assert figure in text, figure
    for kategori in KategoriPPKS.objects.filter(kode__in=(9, 24)).values_list("nama", flat=True):
        assert kategori in text
    assert "model 2025.1" in text and "Dukcapil" in text and "WITA" in text
    assert "Halaman 1 dari 1" in text
    assert RIZKY_NIK not in text and "Rizky" not in text


def test_the_pdf_says_when_there_is_no_ranking_and_stays_one_page_with_many_categories(
    client, people
):
    # Every PPKS category open for someone in Banjarmasin: the list is cut, the page stays one.
    for kategori in KategoriPPKS.objects.exclude(kode__in=(9, 24)):
        PersonPPKS.objects.create(person=people.siti, kategori=kategori)
    log_in_as(client, "admin_provinsi", "63")
    reader = PdfReader(io.BytesIO(client.get(pdf_url("63.71")).content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Belum ada peringkat kesejahteraan" in text
    assert f"dan {KategoriPPKS.objects.count() - 10} kategori lain, masing-masing 1 orang" in text


def test_the_reports_page_lists_what_the_role_may_get(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/laporan/").content.decode()
    assert pdf_url("63.71") in page and pdf_url("63.72") not in page
    assert XLSX_URL in page and "Ekspor hasil pencarian" in page
    assert "/subjek/" not in page  # the subject report is for province admins and auditors
    assert 'href="/laporan/"' in page  # the menu entry
    log_in_as(client, "auditor", "63")
    page = client.get("/laporan/").content.decode()
    assert page.count("/ringkasan.pdf") == 13 and "/subjek/" in page
    assert "tidak boleh mengekspor" in page


def test_the_number_of_queries_does_not_grow_with_the_registry(client, people, ranked):
    log_in_as(client, "admin_provinsi", "63")
    with CaptureQueriesContext(connection) as small:
        client.get(XLSX_URL)
        client.get(pdf_url("63.71"))
    household = Household.objects.create(wilayah_id="63.01.01.2001")
    Person.objects.bulk_create(
        Person(nama=f"Orang {i}", nama_kunci=f"orang {i}", household=household) for i in range(300)
    )
    PersonPPKS.objects.bulk_create(
        PersonPPKS(person=p, kategori_id=24) for p in Person.objects.filter(household=household)
    )
    with CaptureQueriesContext(connection) as big:
        client.get(XLSX_URL)
        client.get(pdf_url("63.01"))
    assert len(big) == len(small)
