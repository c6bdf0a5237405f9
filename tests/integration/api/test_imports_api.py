"""The import API: upload, refusals, permission, batch with its quality report, OpenAPI."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from datusoban.accounts.models import Account
from datusoban.registri.models import ImportBatch

SAMPLES = Path(__file__).parents[1] / "impor" / "samples"
URL = "/api/v1/impor/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    # A province administrator: may import under every source (ingest.authority).
    user = User.objects.create_user("admin.provinsi", password="rahasia-panjang-123")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    client.force_login(user)
    return client


def upload(
    client, name: str, profile: str, source: str | None = None, content: bytes | None = None
):
    data = {
        "berkas": SimpleUploadedFile(name, content or (SAMPLES / name).read_bytes()),
        "profil": profile,
    }
    if source:
        data["sumber"] = source
    return client.post(URL, data)


def test_upload_imports_and_the_batch_shows_its_report(operator):
    response = upload(operator, "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin")
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["accepted"] + result["quarantined"] + result["duplicates"] == result["rows"] == 4
    batch = operator.get(f"{URL}{result['batch_id']}").json()
    assert batch["nama_berkas"] == "ppks-kabkota.csv"
    assert batch["diimpor_oleh"] == "admin.provinsi"
    assert batch["laporan"]["alasan_karantina"]["wilayah_luar_kabkota"] == 1
    again = upload(operator, "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin").json()
    assert again["already_imported"] is True and again["batch_id"] == result["batch_id"]


def test_a_bad_file_gets_a_clear_message_in_bahasa_and_stores_nothing(operator):
    response = upload(operator, "kosong.csv", "interchange", "Uji", content=b"   \n")
    assert response.status_code == 400
    assert response.json()["kode"] == "berkas_kosong"
    assert "kosong" in response.json()["pesan"]
    assert not ImportBatch.objects.exists()


def test_without_the_import_permission_nothing_is_imported(client):
    client.force_login(User.objects.create_user("pendamping", password="rahasia-panjang-123"))
    response = upload(client, "dtsen.csv", "dtsen", "Kemensos DTSEN")
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_anonymous_requests_are_refused(client):
    assert upload(client, "dtsen.csv", "dtsen").status_code == 401
    assert client.get("/api/v1/impor/mutu/kabkota").status_code == 401


def test_quality_routes_and_openapi(operator):
    upload(operator, "dtsen.csv", "dtsen", "Kemensos DTSEN")
    per_kabkota = operator.get("/api/v1/impor/mutu/kabkota").json()
    assert {row["kabkota"] for row in per_kabkota} == {"63.71", "63.03", "63.72"}
    source = operator.get("/api/v1/impor/mutu/sumber/kemensos-dtsen").json()
    assert source["jumlah"]["jumlah_baris"] == 4
    schema = operator.get("/api/v1/openapi.json").json()
    assert "/api/v1/impor/" in schema["paths"]
