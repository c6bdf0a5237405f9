"""The /layanan/ forms for workers and institutions: record, change, make nonaktif; placed
only within the user's region; refusals next to the field; 403 read-only, 404 elsewhere."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.layanan import lembaga as lks
from datusoban.layanan.models import Lembaga, Pilar

from .people import People, log_in_as

pytestmark = pytest.mark.django_db
WORKER = {"peran": "tksk", "nama": "Rahmat Hidayat", "nik": "6371010101900009",
          "wilayah": "63.71.01", "telepon": "0811", "email": "", "kode_pendamping": ""}  # fmt: skip
PLACE = {"jenis": "lks", "kode": "LKS-BARU", "nama": "LKS Harapan", "wilayah": "63.71.01",
         "kapasitas": "1", "layanan": ["terapi"], "akreditasi": ""}  # fmt: skip


def test_a_worker_is_recorded_changed_and_made_nonaktif(client):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/layanan/pilar/baru/").content.decode()
    assert " style=" not in page and "<script>" not in page
    response = client.post("/layanan/pilar/baru/", {**WORKER, "wilayah": "63.72.02"})
    assert response.status_code == 400
    assert "Wilayah ini di luar cakupan Anda." in response.content.decode()
    response = client.post("/layanan/pilar/baru/", {**WORKER, "nik": "12345"})
    assert "NIK terdiri atas 16 angka." in response.content.decode()
    response = client.post("/layanan/pilar/baru/", {**WORKER, "kode_pendamping": "PD7"})
    assert "hanya untuk pendamping PKH" in response.content.decode()
    assert not Pilar.objects.exists()
    response = client.post("/layanan/pilar/baru/", WORKER)
    pilar = Pilar.objects.get()
    assert response["Location"] == f"/layanan/pilar/{pilar.pk}/"
    assert (pilar.kode_kabkota, pilar.kode_kecamatan, pilar.jenis_id) == ("63.71", "63.71.01", 11)
    response = client.post(f"/layanan/pilar/{pilar.pk}/ubah/", {**WORKER, "peran": "psm",
                                                                "wilayah": "63.71"})  # fmt: skip
    pilar.refresh_from_db()
    assert (pilar.peran, pilar.jenis_id, pilar.kode_kecamatan) == ("psm", 2, "")
    url = f"/layanan/pilar/{pilar.pk}/nonaktif/"
    assert client.post(url, {"tanggal": "2024-06-30"}).status_code == 302
    response = client.post(url, {"tanggal": "2024-07-01"})
    assert response.status_code == 400 and "sudah nonaktif" in response.content.decode()
    pilar.refresh_from_db()
    assert (pilar.status, pilar.nonaktif_sejak) == ("nonaktif", date(2024, 6, 30))
    audit = AuditEvent.objects.filter(aksi="ubah", objek="pilar", objek_id=str(pilar.pk))
    assert list(audit.values_list("rincian__langkah", flat=True).order_by("pk")) == [
        "baru", "ubah", "nonaktif"
    ]  # fmt: skip
    assert set(audit.values_list("nik", flat=True)) == {WORKER["nik"]}
    assert "sejak 30 Jun 2024" in client.get(f"/layanan/pilar/{pilar.pk}/").content.decode()


def test_an_institution_is_recorded_changed_and_made_nonaktif_when_empty(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    response = client.post("/layanan/lembaga/baru/", {**PLACE, "akreditasi": "B"})
    assert "Akreditasi perlu tanggalnya." in response.content.decode()
    response = client.post("/layanan/lembaga/baru/", {**PLACE, "layanan": ["sulap"]})
    assert response.status_code == 400 and not Lembaga.objects.exists()
    assert client.post("/layanan/lembaga/baru/", PLACE).status_code == 302
    lembaga = Lembaga.objects.get()
    assert (lembaga.kode_kabkota, lembaga.psks_id, lembaga.layanan) == ("63.71", 4, ["terapi"])
    response = client.post("/layanan/lembaga/baru/", PLACE)
    assert "Kode LKS-BARU sudah dipakai lembaga lain." in response.content.decode()
    klien = lks.admit_client(lembaga, people.rizky, "terapi", date(2024, 1, 1))
    edit = f"/layanan/lembaga/{lembaga.pk}/ubah/"
    response = client.post(edit, {**PLACE, "kapasitas": "0"})
    assert "di bawah jumlah yang kini dilayani (1)" in response.content.decode()
    response = client.post(edit, {**PLACE, "kapasitas": "5", "akreditasi": "A",
                                  "tanggal_akreditasi": "2024-05-01"})  # fmt: skip
    assert response.status_code == 302
    lembaga.refresh_from_db()
    assert (lembaga.kapasitas, lembaga.akreditasi) == (5, "A")
    off = f"/layanan/lembaga/{lembaga.pk}/nonaktif/"
    response = client.post(off, {"tanggal": "2024-06-30"})
    assert response.status_code == 400 and "masih melayani 1 orang" in response.content.decode()
    lks.end_client(klien, date(2024, 6, 1), "terpenuhi")
    assert client.post(off, {"tanggal": "2024-06-30"}).status_code == 302
    lembaga.refresh_from_db()
    assert (lembaga.status, lembaga.nonaktif_sejak) == ("nonaktif", date(2024, 6, 30))


def test_read_only_roles_are_refused_and_other_regions_not_found(client, people: People):
    log_in_as(client, "admin_provinsi", "63")
    client.post("/layanan/pilar/baru/", {**WORKER, "wilayah": "63.72.02"})
    client.post("/layanan/lembaga/baru/", {**PLACE, "wilayah": "63.72.02"})
    pilar, lembaga = Pilar.objects.get(), Lembaga.objects.get()
    assert pilar.kode_kabkota == lembaga.kode_kabkota == "63.72"
    log_in_as(client, "analis_provinsi", "63")
    rows = (("pilar", pilar), ("lembaga", lembaga))
    existing = [f"/layanan/{k}/{r.pk}/{step}/" for k, r in rows for step in ("ubah", "nonaktif")]
    for url in ["/layanan/pilar/baru/", "/layanan/lembaga/baru/", *existing]:
        assert client.get(url).status_code == 403
        assert client.post(url, {"tanggal": "2024-06-30", **WORKER}).status_code == 403
    log_in_as(client, "operator_kabkota", "63.71")
    for url in existing:
        assert client.get(url).status_code == 404
        assert client.post(url, {"tanggal": "2024-06-30", **PLACE}).status_code == 404
    pilar.refresh_from_db()
    lembaga.refresh_from_db()
    assert pilar.status == lembaga.status == "aktif"
