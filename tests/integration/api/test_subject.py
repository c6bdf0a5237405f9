"""The data subject's report: everything held about one NIK, for province admins and auditors."""

from __future__ import annotations

import fastexcel
import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, AuditEvent
from datusoban.impor.services import import_file

pytestmark = pytest.mark.django_db
NIK = "6371015506900002"
URL = "/api/v1/subjek/"  # the NIK in the body: never in an address
XLSX_URL = "/api/v1/subjek/xlsx"
ROWS = (
    "record_id,nik,nama,jenis_kelamin,tanggal_lahir,kode_wilayah\n"
    f"R1,{NIK},SITI AMINAH,P,15-06-1990,63.71.01.1001\n"
    f"R2,{NIK},,P,15-06-1990,63.71.01.1001\n"  # no name: quarantined, NIK kept
    "R3,6371010101800001,BUDI,L,01-01-1980,63.71.01.1001\n"
)


@pytest.fixture
def held(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(ROWS)
    result = import_file(path, profile="interchange", user="operator", source="Uji")
    assert (result.accepted, result.quarantined) == (2, 1)


def post(client, url: str, **body):
    return client.post(url, body, content_type="application/json")


def logged_in(client, peran: str, wilayah: str):
    user = User.objects.create_user(f"{peran}.{wilayah}", password="x")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return client


def test_an_auditor_gets_everything_held_about_the_nik_and_the_read_is_recorded(client, held):
    response = post(logged_in(client, "auditor", "63"), URL, nik=NIK)
    assert response.status_code == 200
    report = response.json()
    assert [r["record_id"] for r in report["rekaman_sumber"]] == ["R1"]
    assert report["rekaman_sumber"][0]["data"]["nama"] == "SITI AMINAH"
    assert [r["nomor_baris"] for r in report["karantina"]] == [3]
    assert all(NIK not in str(r) for r in report["rekaman_sumber"] if r["record_id"] == "R3")
    trail = AuditEvent.objects.get(nik=NIK)
    assert (trail.aksi, trail.objek, trail.nama_pengguna) == (
        "baca",
        "laporan_subjek",
        "auditor.63",
    )
    # The next report shows the earlier read, and itself.
    again = post(client, URL, nik=NIK).json()
    assert [t["aksi"] for t in again["jejak_audit"]] == ["baca", "baca"]


def test_others_are_refused_and_a_malformed_nik_is_explained(client, held):
    assert post(logged_in(client, "operator_kabkota", "63.71"), URL, nik=NIK).status_code == 403
    assert post(logged_in(client, "auditor", "63.71"), URL, nik=NIK).status_code == 403
    # A NIK that is not 16 digits does not match the document: 422, naming the field.
    bad = post(logged_in(client, "admin_provinsi", "63"), URL, nik="6371")
    assert bad.status_code == 422 and bad.json()["rincian"][0]["lokasi"][-1] == "nik"
    missing = post(client, URL)
    assert missing.status_code == 422
    assert not AuditEvent.objects.filter(nik=NIK).exists()


def test_the_xlsx_export_needs_a_purpose_and_records_it(client, held):
    auditor = logged_in(client, "auditor", "63")
    refused = post(auditor, XLSX_URL, nik=NIK)
    assert refused.status_code == 400 and refused.json()["kode"] == "tujuan_wajib"
    response = post(auditor, XLSX_URL, nik=NIK, tujuan="Permintaan subjek data 12/2026")
    assert response.status_code == 200
    book = fastexcel.read_excel(response.content)
    assert {"orang", "rekaman_sumber", "karantina", "jejak_audit"} <= set(book.sheet_names)
    export = AuditEvent.objects.get(nik=NIK, aksi="ekspor")
    assert export.tujuan == "Permintaan subjek data 12/2026"


@pytest.mark.parametrize("route", [f"/api/v1/subjek/{NIK}", f"/api/v1/subjek/{NIK}/xlsx"])
def test_the_former_routes_with_the_nik_in_the_address_point_to_the_new_ones(client, held, route):
    response = logged_in(client, "auditor", "63").get(route, {"tujuan": "Permintaan 12/2026"})
    assert response.status_code == 410
    refusal = response.json()
    assert refusal["kode"] == "pengenal_di_alamat"
    assert "POST /api/v1/subjek/" in refusal["pesan"] and "badan permintaan" in refusal["pesan"]
    assert not AuditEvent.objects.exists()  # nothing read, nothing exported
