"""Import metadata and quarantined rows on the pages, per role and region.

A Banjarmasin batch (a kab/kota source) belongs to Kota Banjarmasin; a DTSEN batch (a
province-wide source) is seen by everyone, its quarantined rows by their own region code.
The quality report (mutu.xlsx) holds no rows; the rows leave only as an export: roles with
``ekspor``, a stated purpose, masked as the role says, one audit row per row, capped.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Permission

from datusoban.accounts.models import AuditEvent
from datusoban.accounts.purposes import purposes
from datusoban.impor.models import QuarantinedRow
from datusoban.registri.models import ImportBatch, Source

from .people import CHILD_NIK, OTHER_NIK, RIZKY_KK, RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
PURPOSE = {"tujuan": "perbaikan", "keterangan": "Perbaikan Juni"}
REPORT = {"kolom_dipakai": {"nik": "NIK", "no_kk": "No KK", "nama": "Nama",
                            "tanggal_lahir": "Tgl Lahir", "kode_wilayah": "Kode"},
          "kolom_berkas": ["NIK", "No KK", "Nama", "Tgl Lahir", "Kode", "Disabilitas"]}  # fmt: skip
BANJAR_NIK = "6303011203800007"


def _row(batch, n, nik, nama, born, kode, kk=RIZKY_KK, disability="") -> QuarantinedRow:
    return QuarantinedRow.objects.create(
        batch=batch, nomor_baris=n, record_id=f"q{n}", nik=nik, kode_wilayah=kode,
        tanggal_lahir=born, alasan=["nik_tidak_valid"],
        data={"NIK": nik, "No KK": kk, "Nama": nama, "Tgl Lahir": str(born or "?"),
              "Kode": kode, "Disabilitas": disability},
    )  # fmt: skip


@pytest.fixture
def batches(people: People) -> dict[str, ImportBatch]:
    """The Banjarmasin batch with an adult's and a child's quarantined rows, a Banjar
    batch, and a DTSEN batch with rows of Banjarmasin, Banjarbaru and of no region."""
    bjm = people.batch
    bjm.laporan = REPORT
    bjm.save()
    _row(bjm, 3, RIZKY_NIK, "MOH RIZKY", date(1980, 3, 12), "63.71.01.1001",
         disability="Kesulitan berjalan")  # fmt: skip
    _row(bjm, 4, CHILD_NIK, "AHMAD FAUZAN", date(2015, 5, 15), "63.71.01.1001")
    banjar = Source.objects.create(
        kode="dinsos-banjar", nama="Dinsos Kabupaten Banjar", jenis="dinsos_kabkota",
        wilayah_id="63.03",
    )  # fmt: skip
    bjr = ImportBatch.objects.create(
        source=banjar, nama_berkas="ppks_banjar.csv", sha256="b", profil="ppks-kabkota",
        diimpor_oleh="uji", status="selesai", karantina=1, laporan=REPORT,
    )  # fmt: skip
    _row(bjr, 2, BANJAR_NIK, "SITI BANJAR", date(1980, 1, 1), "63.03.01.2001")
    kemensos = Source.objects.create(kode="kemensos-dtsen", nama="DTSEN", jenis="kemensos")
    dtsen = ImportBatch.objects.create(
        source=kemensos, nama_berkas="dtsen.csv", sha256="d", profil="dtsen",
        diimpor_oleh="uji", status="selesai", karantina=3, laporan=REPORT,
    )  # fmt: skip
    _row(dtsen, 2, "6371015506900002", "SITI AMINAH", date(1990, 6, 15), "63.71.01.1001")
    _row(dtsen, 3, OTHER_NIK, "MUHAMMAD RIZKI", date(1980, 3, 12), "63.72.02.1003")
    _row(dtsen, 4, "6371019999000009", "TANPA WILAYAH", None, "")
    return {"bjm": bjm, "banjar": bjr, "dtsen": dtsen}


def sheet(response, name: str) -> list[dict]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    table = list(book[name].iter_rows(values_only=True))
    return [dict(zip(table[0], r, strict=True)) for r in table[1:]]


def exported(client, batch) -> list[dict]:
    response = client.post(f"/impor/batch/{batch.pk}/karantina.xlsx", PURPOSE)
    assert response.status_code == 200, response.content.decode()[:3000]
    return sheet(response, "Karantina")


def test_the_quality_report_holds_no_rows_and_writes_no_personal_data(client, batches):
    log_in_as(client, "admin_provinsi", "63")
    response = client.get(f"/impor/batch/{batches['bjm'].pk}/mutu.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Karantina" not in book.sheetnames
    cells = {str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row}
    assert not any(RIZKY_NIK in c or CHILD_NIK in c for c in cells)


@pytest.mark.parametrize(("peran", "wilayah"), [("auditor", "63.03"), ("operator_kabkota", "63.72"),
                                                ("operator_kabkota", "63.03.01")])  # fmt: skip
def test_another_kabkotas_batch_is_not_found(client, batches, peran, wilayah):
    log_in_as(client, peran, wilayah)
    bjm = batches["bjm"].pk
    for url in (f"/impor/batch/{bjm}/", f"/impor/batch/{bjm}/mutu.xlsx",
                f"/impor/batch/{bjm}/karantina.xlsx"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(f"/impor/batch/{bjm}/karantina.xlsx", PURPOSE).status_code == 404
    listing = client.get("/impor/").content.decode()
    assert "ppks_bjm.csv" not in listing and "dtsen.csv" in listing
    assert ("ppks_banjar.csv" in listing) == wilayah.startswith("63.03")
    assert not AuditEvent.objects.filter(aksi="ekspor").exists()


@pytest.mark.parametrize("peran", ["auditor", "pendamping", "staf_layanan"])
def test_roles_without_ekspor_cannot_export_the_rows(client, batches, peran):
    log_in_as(client, peran, "63.71")
    url = f"/impor/batch/{batches['bjm'].pk}/karantina.xlsx"
    assert client.get(f"/impor/batch/{batches['bjm'].pk}/").status_code == 200
    assert client.get(url).status_code == 403
    refused = client.post(url, PURPOSE)
    assert refused.status_code == 403 and "tidak boleh mengekspor" in refused.content.decode()
    assert not AuditEvent.objects.exists()


def test_an_operator_exports_their_kabkotas_rows_with_a_purpose_and_one_audit_row_each(
    client, batches
):
    log_in_as(client, "operator_kabkota", "63.71")
    url = f"/impor/batch/{batches['bjm'].pk}/karantina.xlsx"
    asked = client.get(url)
    assert asked.status_code == 200 and 'id="form-ekspor"' in asked.content.decode()
    no_purpose = client.post(url, {})
    assert no_purpose.status_code == 400 and "Pilih tujuan ekspor" in no_purpose.content.decode()
    assert not AuditEvent.objects.exists()
    rows = exported(client, batches["bjm"])
    # Full identifiers (nik_penuh) and children (data_anak); health columns hidden.
    assert [r["NIK"] for r in rows] == [RIZKY_NIK, CHILD_NIK]
    assert rows[0]["No KK"] == RIZKY_KK and rows[0]["Disabilitas"] == "(disembunyikan)"
    trail = AuditEvent.objects.filter(aksi="ekspor", objek="baris_karantina")
    assert sorted(trail.values_list("nik", flat=True)) == sorted([RIZKY_NIK, CHILD_NIK])
    assert {t.tujuan for t in trail} == {f"{purposes('karantina')['perbaikan']}: Perbaikan Juni"}
    # A province-wide batch: only the rows of Banjarmasin.
    assert [r["Nama"] for r in exported(client, batches["dtsen"])] == ["SITI AMINAH"]


def test_a_formula_in_a_quarantined_row_leaves_as_text(client, batches):
    _row(batches["bjm"], 5, RIZKY_NIK, '=HYPERLINK("http://contoh.invalid","klik")', None, "")
    log_in_as(client, "admin_provinsi", "63")
    rows = exported(client, batches["bjm"])
    assert rows[-1]["Nama"].startswith("'=")  # shown as text, never evaluated


def test_a_province_analyst_gets_every_region_masked_and_the_admin_everything(client, batches):
    log_in_as(client, "analis_provinsi", "63")
    rows = exported(client, batches["dtsen"])
    assert [r["Nama"] for r in rows] == ["SITI AMINAH", "MUHAMMAD RIZKI", "TANPA WILAYAH"]
    assert all(r["NIK"].startswith(r["NIK"][:6]) and "•" in r["NIK"] for r in rows)
    assert OTHER_NIK not in str(rows) and RIZKY_KK not in str(rows)
    client.logout()
    log_in_as(client, "admin_provinsi", "63")
    rows = exported(client, batches["bjm"])
    assert rows[0]["NIK"] == RIZKY_NIK and rows[0]["Disabilitas"] == "Kesulitan berjalan"


def test_rows_are_scoped_for_roles_without_childrens_data(batches):
    """The rule every route uses (no role without data_anak may export; the rule still
    holds wherever rows are shown)."""
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account
    from datusoban.impor.quarantine import visible_rows

    user = User.objects.create_user("auditor.bjm")
    Account.objects.create(user=user, peran="auditor", wilayah_id="63.71")
    niks = visible_rows(user, batches["bjm"]).values_list("nik", flat=True)
    assert list(niks) == [RIZKY_NIK]


def test_an_export_is_capped_and_says_so(client, batches, monkeypatch):
    from datusoban.impor.views import batch as batch_views

    monkeypatch.setattr(batch_views, "EXPORT_LIMIT", 1)
    log_in_as(client, "admin_provinsi", "63")
    url = f"/impor/batch/{batches['dtsen'].pk}/karantina.xlsx"
    assert "batas 1 baris per ekspor" in client.get(url).content.decode()
    response = client.post(url, PURPOSE)
    assert len(sheet(response, "Karantina")) == 1
    notes = dict((r["butir"], r["keterangan"]) for r in sheet(response, "Keterangan"))
    assert "batas 1 baris per ekspor" in notes["Diekspor"]
    assert AuditEvent.objects.filter(aksi="ekspor").count() == 1


def test_the_uptd_page_shows_only_residents_of_the_users_region(client, people):
    """UPTD are provincial institutions: every user may open one (a kab/kota operator
    admits residents to it), but sees and reads only the residents of their region."""
    from datusoban.layanan import panti
    from datusoban.layanan.models import Lembaga

    uptd = Lembaga.objects.create(
        jenis="uptd", kode="UPTD-X", nama="UPTD Uji", wilayah_id="63.72.02",
        kode_kabkota="63.72", kode_kecamatan="63.72.02", kapasitas=10,
    )  # fmt: skip
    panti.admit(uptd, people.rizky, date(2024, 1, 1))
    panti.admit(uptd, people.other, date(2024, 1, 1))
    for wilayah, seen in (("63.71", ["Moh. Rizky"]), ("63.72", ["Muhammad Rizki"]),
                          ("63.03", []), ("63", ["Moh. Rizky", "Muhammad Rizki"])):  # fmt: skip
        user = log_in_as(
            client, "operator_kabkota" if wilayah != "63" else "admin_provinsi", wilayah
        )
        page = client.get(f"/layanan/uptd/{uptd.pk}/").content.decode()
        assert [n for n in ("Moh. Rizky", "Muhammad Rizki") if n in page] == seen, wilayah
        read = AuditEvent.objects.filter(objek="warga_binaan", pengguna=user)
        assert read.count() == len(seen)
        client.logout()


def test_upload_permissions_are_not_what_decides(client, batches):
    """The Django permission alone no longer opens the upload (the role and region do)."""
    user = log_in_as(client, "auditor", "63.71")
    user.user_permissions.add(Permission.objects.get(codename="add_importbatch"))
    page = client.get(f"/impor/batch/{batches['bjm'].pk}/").content.decode()
    assert "Unggah berkas perbaikan" not in page and 'id="form-tarik"' not in page
