"""The data subject's report page (/subjek/): the API's rule (province admins and auditors),
everything held about one NIK on the page, its read recorded, the XLSX only with a purpose."""

from __future__ import annotations

import io

import openpyxl
import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.accounts.purposes import purposes
from datusoban.registri.models import ImportBatch, SourceRecord

from .people import RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
URL = "/subjek/"
XLSX_URL = "/subjek/unduh.xlsx"


def test_an_auditor_sees_what_is_held_about_the_nik_and_the_read_is_recorded(
    client, people: People
):
    log_in_as(client, "auditor", "63")
    assert client.get(URL).status_code == 200
    assert not AuditEvent.objects.exists()  # the empty form reads nothing
    response = client.post(URL, {"nik": RIZKY_NIK})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Moh. Rizky" in page and "MOH. RIZKY" in page  # golden record, row as received
    assert "ppks_bjm.csv" in page  # the source
    # A PPKS category that is specific data is withheld from a role without health data,
    # and the report says so (test_subject_masking.py has each role).
    assert "Penyandang Disabilitas" not in page and 'id="bagian-tidak_ditampilkan"' in page
    assert 'id="form-unduh"' in page
    read = AuditEvent.objects.get()
    assert (read.aksi, read.objek, read.nik, read.nama_pengguna) == (
        "baca", "laporan_subjek", RIZKY_NIK, "auditor.63",
    )  # fmt: skip
    # The next read shows the earlier one in the audit trail section.
    again = client.post(URL, {"nik": RIZKY_NIK}).content.decode()
    section = again[again.index('id="bagian-jejak_audit"') :]
    assert section.count("laporan_subjek") == 2


@pytest.mark.parametrize(
    ("peran", "wilayah"),
    [("operator_kabkota", "63.71"), ("analis_provinsi", "63"), ("auditor", "63.71"),
     ("pendamping", "63")],
)  # fmt: skip
def test_others_are_refused(client, people, peran, wilayah):
    log_in_as(client, peran, wilayah)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"nik": RIZKY_NIK}).status_code == 403
    assert client.post(XLSX_URL, {"nik": RIZKY_NIK, "tujuan": "audit"}).status_code == 403
    assert not AuditEvent.objects.exists()


def test_a_malformed_nik_is_explained_and_reads_nothing(client, people):
    log_in_as(client, "admin_provinsi", "63")
    response = client.post(URL, {"nik": "6371"})
    assert response.status_code == 400 and "NIK harus 16 angka" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_the_xlsx_needs_a_purpose_and_records_it(client, people):
    log_in_as(client, "admin_provinsi", "63")
    refused = client.post(XLSX_URL, {"nik": RIZKY_NIK})
    assert refused.status_code == 400 and "Pilih tujuan ekspor" in refused.content.decode()
    assert not AuditEvent.objects.filter(aksi="ekspor").exists()
    response = client.post(
        XLSX_URL, {"nik": RIZKY_NIK, "tujuan": "permintaan_subjek", "keterangan": "No. 7/2026"}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "orang", "rekaman_sumber", "karantina", "duplikat", "ppks", "jejak_audit",
        "tidak_ditampilkan",
    ]  # fmt: skip
    golden = list(book["orang"].iter_rows(values_only=True))
    assert dict(zip(golden[0], golden[1], strict=True))["nama"] == "Moh. Rizky"
    received = list(book["rekaman_sumber"].iter_rows(values_only=True))
    assert '"Nama": "MOH. RIZKY"' in dict(zip(received[0], received[1], strict=True))["data"]
    export = AuditEvent.objects.get(aksi="ekspor")
    assert export.tujuan == f"{purposes('subjek')['permintaan_subjek']}: No. 7/2026"
    assert (export.objek, export.nik) == ("laporan_subjek", RIZKY_NIK)


def test_formula_cells_in_the_workbook_are_neutralised(client, people):
    ImportBatch.objects.filter(pk=people.batch.pk).update(nama_berkas="=cmd|' /C calc'!A0")
    SourceRecord.objects.filter(nik=RIZKY_NIK).update(record_id="@SUM(1+1)")
    log_in_as(client, "auditor", "63")
    response = client.post(XLSX_URL, {"nik": RIZKY_NIK, "tujuan": "audit"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in book["rekaman_sumber"].iter_rows() for c in row if c.value]
    assert "'=cmd|' /C calc'!A0" in [c.value for c in cells]
    assert "'@SUM(1+1)" in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)
