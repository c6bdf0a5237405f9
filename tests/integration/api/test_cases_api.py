"""Cases, grievances and disasters over the API: the workflow through its routes, refusals
with their codes (400, 403, 404 out of scope), persons given only within scope, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, AuditEvent
from datusoban.bencana.actions import declare, receive_stock
from datusoban.program import services as programs
from datusoban.registri.models import Household, Person

pytestmark = pytest.mark.django_db
BJM_DESA, BJB_DESA = "63.71.01.1001", "63.72.02.1003"
NIK = "6371011203800001"


@pytest.fixture(autouse=True)
def home(settings, tmp_path):
    settings.HOME = tmp_path


def _login(client, peran: str, wilayah: str, name: str | None = None):
    user = User.objects.create_user(name or f"{peran}.{wilayah}")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return user


@pytest.fixture
def rizky() -> Person:
    household = Household.objects.create(wilayah_id=BJM_DESA, no_kk="6371010101100001")
    return Person.objects.create(nik=NIK, nama="Moh. Rizky", nama_kunci="moh rizky",
                                 household=household, tanggal_lahir=date(1980, 3, 12))  # fmt: skip


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_case_workflow_and_referral(client, rizky):
    _login(client, "operator_kabkota", "63.71")
    report = {"kategori": 24, "desa": BJM_DESA, "urgensi": "tinggi", "uraian": "Tidak makan",
              "orang": rizky.pk}  # fmt: skip
    filed = _post(client, "/api/v1/kasus/", report)
    assert filed.status_code == 201, filed.content
    case = filed.json()
    assert (case["status"], case["orang"], case["langkah"][0]["aksi"]) == ("dilaporkan", rizky.pk,
                                                                          "lapor")  # fmt: skip
    url = f"/api/v1/kasus/{case['id']}"
    refused = _post(client, f"{url}/langkah", {"aksi": "tangani", "catatan": "x"})
    assert refused.status_code == 400 and refused.json()["kode"] == "transisi_ditolak"
    for aksi in ("verifikasi", "asesmen"):
        assert _post(client, f"{url}/langkah", {"aksi": aksi, "catatan": "ok"}).status_code == 200
    no_consent = _post(client, f"{url}/rujukan", {"jenis": "lks", "nama_penerima": "LKSA Bunda"})
    assert no_consent.status_code == 400 and no_consent.json()["kode"] == "perlu_persetujuan"
    consent = {"nama_pemberi": "Moh. Rizky", "hubungan": "yang bersangkutan", "cara": "lisan"}
    assert _post(client, f"{url}/persetujuan", consent).status_code == 201
    referral = _post(client, f"{url}/rujukan", {"jenis": "lks", "nama_penerima": "LKSA Bunda"})
    assert referral.status_code == 201 and referral.json()["persetujuan"] is not None
    decided = _post(client, f"/api/v1/kasus/rujukan/{referral.json()['id']}/putusan",
                    {"terima": False, "alasan": "Penuh"})  # fmt: skip
    assert decided.json()["status"] == "ditolak"
    assert client.get(url).json()["status"] == "diasesmen"
    listed = client.get("/api/v1/kasus/").json()
    assert listed["jumlah"] == 1 and listed["data"][0]["id"] == case["id"]
    assert client.get("/api/v1/kasus/ringkasan").json()[0]["kode_kabkota"] == "63.71"
    assert AuditEvent.objects.filter(objek="laporan_kasus", nik=NIK).exists()


def test_scope_and_roles(client, rizky):
    _login(client, "pendamping", "63.71", "pendamping.a")
    case = _post(client, "/api/v1/kasus/", {"kategori": 24, "desa": BJM_DESA, "urgensi": "sedang",
                                           "uraian": "x"}).json()  # fmt: skip
    forbidden = _post(client, f"/api/v1/kasus/{case['id']}/langkah", {"aksi": "verifikasi"})
    assert forbidden.status_code == 403
    _login(client, "pendamping", "63.71", "pendamping.b")  # another field worker
    assert client.get(f"/api/v1/kasus/{case['id']}").status_code == 404
    assert client.get("/api/v1/kasus/").json()["jumlah"] == 0
    _login(client, "operator_kabkota", "63.72")
    assert client.get(f"/api/v1/kasus/{case['id']}").status_code == 404
    outside = _post(client, "/api/v1/kasus/", {"kategori": 24, "desa": BJM_DESA,
                                               "urgensi": "sedang", "uraian": "x"})  # fmt: skip
    assert outside.status_code == 400 and outside.json()["kode"] == "di_luar_cakupan"


def test_grievance_and_its_effect(client, rizky):
    enrolment = programs.propose("BPNT", household=rizky.household, oleh="uji")
    programs.change_status(enrolment, "diverifikasi", oleh="uji")
    programs.change_status(enrolment, "terdaftar", oleh="uji")
    _login(client, "operator_kabkota", "63.71")
    received = _post(client, "/api/v1/sanggahan/", {
        "kategori": "inklusi", "uraian": "Punya toko", "wilayah": BJM_DESA, "orang": rizky.pk,
        "program": "BPNT", "diterima": "2026-03-02"})  # fmt: skip
    assert received.status_code == 201
    g = received.json()
    assert (g["batas"], g["kepesertaan"]) == ("2026-03-16", enrolment.pk)
    outcome = {"hasil": "terbukti", "tindak_lanjut": "keluarkan", "alasan": "mampu"}
    done = _post(client, f"/api/v1/sanggahan/{g['id']}/verifikasi", outcome)
    assert done.status_code == 200 and done.json()["status"] == "diverifikasi"
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.alasan_keluar) == ("keluar", "mampu")
    assert client.get("/api/v1/sanggahan/?terlambat=true").json() == []


def test_disaster_victims_and_logistics(client, rizky):
    user = _login(client, "operator_kabkota", "63.71")
    flood = declare(user, nama="Banjir", jenis="banjir", tanggal=date(2026, 1, 14),
                    desa=[BJM_DESA])  # fmt: skip
    receive_stock(user, flood.pk, barang="tenda", jumlah=5)
    url = f"/api/v1/bencana/{flood.pk}"
    registered = _post(client, f"{url}/korban", {"korban": [
        {"nama": "Moh. Rizky", "desa": BJM_DESA, "kondisi": "mengungsi", "nik": NIK},
        {"nama": "Istri", "desa": BJM_DESA, "kondisi": "mengungsi", "no_kk": "6371010101100001"},
        {"nama": "Jauh", "desa": BJB_DESA, "kondisi": "mengungsi"},
    ]})  # fmt: skip
    assert registered.status_code == 201
    assert registered.json()["jumlah"] == 2 and registered.json()["tertaut"] == 2
    assert registered.json()["ditolak"] == [
        {"baris": 3, "alasan": f"Desa {BJB_DESA} bukan desa terdampak."}
    ]
    sitrep = client.get(f"{url}/sitrep").json()
    assert (sitrep["korban"], sitrep["keluarga"]) == (2, 1)
    from datusoban.bencana.models import KorbanBencana

    first, second = KorbanBencana.objects.order_by("pk")
    assert (
        _post(client, f"{url}/penyaluran", {"korban": first.pk, "barang": "tenda"}).status_code
        == 201
    )
    twice = _post(client, f"{url}/penyaluran", {"korban": second.pk, "barang": "tenda"})
    assert twice.status_code == 400 and twice.json()["kode"] == "sudah_disalurkan"
    _login(client, "operator_kabkota", "63.72")
    assert client.get(f"{url}/sitrep").status_code == 404
    assert client.get("/api/v1/bencana/").json() == []
