"""Delivery network API: answers follow the region, a field worker's own caseload, persons
masked and audited, moving families only for roles that may change data."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, AuditEvent
from datusoban.layanan import lembaga as lks
from datusoban.layanan import panti
from datusoban.layanan.models import Lembaga, PemindahanKPM, Pilar
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person

pytestmark = pytest.mark.django_db
URL = "/api/v1/layanan"
BJM_NIK, BJB_NIK = "6371014101800001", "6372024101800002"


def _person(desa: str, nik: str, nama: str) -> Person:
    household = Household.objects.create(wilayah_id=desa)
    return Person.objects.create(
        nik=nik, nama=nama, nama_kunci=nama.lower(), household=household,
        tanggal_lahir=date(1980, 1, 1),
    )  # fmt: skip


def _lembaga(jenis: str, wilayah: str, kode: str) -> Lembaga:
    return Lembaga.objects.create(
        jenis=jenis, kode=kode, nama=kode, wilayah_id=wilayah, kode_kabkota=wilayah[:5],
        kode_kecamatan=wilayah[:8], kapasitas=10, layanan=["terapi"],
    )  # fmt: skip


@pytest.fixture
def network():
    bjm = _person("63.71.01.1001", BJM_NIK, "Aminah")
    bjb = _person("63.72.02.1003", BJB_NIK, "Rahmah")
    for code, kab, kec in (("PA", "63.71", "63.71.01"), ("PB", "63.71", "63.71.01"),
                           ("PC", "63.72", "63.72.02")):  # fmt: skip
        Pilar.objects.create(
            peran="pendamping_pkh", nama=f"Pendamping {code}", wilayah_id=kec, kode_kabkota=kab,
            kode_kecamatan=kec, kode_pendamping=code, nik="6371010101900009",
        )  # fmt: skip
    Kepesertaan.objects.create(
        program_id="PKH", household=bjm.household, status="terdaftar", kode_kabkota="63.71",
        pendamping="PA",
    )  # fmt: skip
    Kepesertaan.objects.create(
        program_id="PKH", household=bjb.household, status="terdaftar", kode_kabkota="63.72",
        pendamping="PC",
    )  # fmt: skip
    one, two = _lembaga("lks", "63.71.01", "LKS-1"), _lembaga("lks", "63.71.01", "LKS-2")
    lks.admit_client(one, bjm, "terapi", date(2024, 1, 1))
    lks.admit_client(two, bjm, "terapi", date(2024, 1, 1))
    other = _lembaga("lks", "63.72.02", "LKS-3")
    lks.admit_client(other, bjb, "terapi", date(2024, 1, 1))
    uptd = _lembaga("uptd", "63.72.02", "UPTD-1")
    panti.admit(uptd, bjm, date(2023, 1, 1))
    panti.admit(uptd, bjb, date(2023, 1, 1))
    return uptd


def as_user(client, peran: str, wilayah: str) -> User:
    user = User.objects.create_user(f"{peran}.{wilayah}")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return user


def get(client, path: str, status: int = 200, **params):
    response = client.get(URL + path, params)
    assert response.status_code == status, response.content
    return response.json()


def test_a_login_and_a_region_are_needed(client, network):
    assert client.get(URL + "/cakupan").status_code == 401
    client.force_login(User.objects.create_user("tanpa.akun"))
    for path in ("/cakupan", "/beban", "/pilar", "/lks", "/lkks", "/uptd", "/pelatihan/perlu"):
        get(client, path, 403)


def test_answers_follow_the_region(client, network):
    as_user(client, "operator_kabkota", "63.71")
    cov = get(client, "/cakupan")
    assert [r["kode"] for r in cov["kabkota"]] == ["63.71"]
    assert {g["kode_kabkota"] for g in cov["kecamatan_tanpa_tksk"]} == {"63.71"}
    assert [p["pendamping"] for p in get(client, "/beban")["pendamping"]] == ["PA"]
    assert {p["kode_kabkota"] for p in get(client, "/pilar")["data"]} == {"63.71"}
    assert [x["kode"] for x in get(client, "/lks")] == ["LKS-1", "LKS-2"]
    assert [r["kode_kabkota"] for r in get(client, "/lkks")] == ["63.71"]
    residents = get(client, f"/uptd/{network.pk}/warga")
    assert [w["nik"] for w in residents] == [BJM_NIK]  # operator_kabkota sees NIK in full
    get(client, "/uptd/999999/warga", 404)


def test_persons_are_masked_as_the_role_says_and_audited(client, network):
    as_user(client, "auditor", "63")
    found = get(client, "/lks/tumpang-tindih")
    assert len(found) == 1 and found[0]["lembaga"] == ["LKS-1", "LKS-2"]
    assert found[0]["nik"] != BJM_NIK and found[0]["nik"].startswith("637101")
    assert AuditEvent.objects.filter(objek="klien_lembaga", nik=BJM_NIK).exists()
    assert all(p["nik"] != "6371010101900009" for p in get(client, "/pilar")["data"])


def test_a_field_worker_gets_their_own_caseload(client, network):
    user = as_user(client, "pendamping", "63.71.01")
    assert get(client, "/beban")["pendamping"] == []
    Pilar.objects.filter(kode_pendamping="PB").update(akun=user)
    assert get(client, "/beban") == {"norma": 250, "pendamping": [], "usulan": []}
    Pilar.objects.filter(kode_pendamping="PB").update(akun=None)
    Pilar.objects.filter(kode_pendamping="PA").update(akun=user)
    assert [p["pendamping"] for p in get(client, "/beban")["pendamping"]] == ["PA"]


def test_moving_families_needs_a_role_that_may_write(client, network):
    body = {"kode_kecamatan": "63.71.01", "dari": "PA", "ke": "PB", "jumlah": 1}
    as_user(client, "analis_provinsi", "63")
    response = client.post(URL + "/beban/pindah", body, content_type="application/json")
    assert response.status_code == 403
    as_user(client, "operator_kabkota", "63.71")
    response = client.post(URL + "/beban/pindah", body, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"dipindahkan": 1}
    assert PemindahanKPM.objects.get().ke == "PB"
    response = client.post(URL + "/beban/pindah", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["kode"] == "ditolak"
    bad = {**body, "jumlah": 0}
    assert (
        client.post(URL + "/beban/pindah", bad, content_type="application/json").status_code == 422
    )
