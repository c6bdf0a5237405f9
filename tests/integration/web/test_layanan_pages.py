"""The /layanan/ pages: scope per region, a field worker's own caseload, changes by role."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.layanan import lembaga as lks
from datusoban.layanan import panti
from datusoban.layanan.models import Lembaga, Pilar, StafLembaga, WargaBinaan
from datusoban.program.models import Kepesertaan

from .people import CHILD_NIK, RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pilar(peran: str, wilayah: str, **fields) -> Pilar:
    return Pilar.objects.create(
        peran=peran, nama=fields.pop("nama", f"{peran} {wilayah}"), wilayah_id=wilayah,
        kode_kabkota=wilayah[:5], kode_kecamatan=wilayah[:8], **fields,
    )  # fmt: skip


def _lembaga(jenis: str, wilayah: str, kode: str, **fields) -> Lembaga:
    return Lembaga.objects.create(
        jenis=jenis, kode=kode, nama=fields.pop("nama", kode), wilayah_id=wilayah,
        kode_kabkota=wilayah[:5], kode_kecamatan=wilayah[:8] if len(wilayah) > 5 else "",
        kapasitas=20, layanan=["terapi", "dukungan_keluarga"], **fields,
    )  # fmt: skip


@pytest.fixture
def network(people: People):
    _pilar("pendamping_pkh", "63.71.01", nama="Pendamping Satu", kode_pendamping="PD1")
    _pilar("pendamping_pkh", "63.71.01", nama="Pendamping Dua", kode_pendamping="PD2")
    _pilar("tksk", "63.72.02", nama="Tksk Banjarbaru", nik="6372020101900001")
    Kepesertaan.objects.create(
        program_id="PKH", household=people.rizky.household, status="terdaftar",
        kode_kabkota="63.71", pendamping="PD1",
    )  # fmt: skip
    Kepesertaan.objects.create(
        program_id="PKH", household=people.other.household, status="terdaftar",
        kode_kabkota="63.72", pendamping="PD2",
    )  # fmt: skip
    bjm = _lembaga("lks", "63.71.01", "LKS-BJM", nama="LKS Banjarmasin")
    bjb = _lembaga("lks", "63.72.02", "LKS-BJB", nama="LKS Banjarbaru")
    lks.admit_client(bjm, people.rizky, "terapi", date(2024, 1, 1))
    lks.admit_client(bjm, people.child, "terapi", date(2024, 1, 1))
    lks.admit_client(bjb, people.other, "terapi", date(2024, 1, 1))
    uptd = _lembaga("uptd", "63.72.02", "UPTD-1", nama="UPTD Budi Sejahtera")
    panti.admit(uptd, people.rizky, date(2023, 1, 1))
    panti.admit(uptd, people.other, date(2023, 1, 1))
    return {"bjm": bjm, "bjb": bjb, "uptd": uptd}


PAGES = [
    "/layanan/", "/layanan/cakupan.xlsx", "/layanan/beban/", "/layanan/pilar/",
    "/layanan/pilar.xlsx", "/layanan/pelatihan/", "/layanan/pelatihan/perlu.xlsx",
    "/layanan/lks/", "/layanan/uptd/", "/layanan/beban.xlsx", "/layanan/lks.xlsx",
]  # fmt: skip


# Files that list workers (names, NIK, contacts) are exports of personal data.
EXPORTS = ("/layanan/pilar.xlsx", "/layanan/pelatihan/perlu.xlsx", "/layanan/beban.xlsx")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_a_user_with_a_region_and_refuses_others(client, network, url):
    from django.contrib.auth.models import User

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(User.objects.create_user("tanpa.akun"))
    assert client.get(url).status_code == 404
    log_in_as(client, "analis_provinsi", "63")
    response = client.get(url)
    assert response.status_code == 200
    if url in EXPORTS:  # files of workers: the purpose first, then the file
        assert 'name="tujuan"' in response.content.decode()
        response = client.post(url, {"tujuan": "pembinaan"})
        assert response.status_code == 200
    if url.endswith(".xlsx"):
        assert response["Content-Type"] == XLSX
    else:  # the strict CSP: no inline style or script
        page = response.content.decode()
        assert " style=" not in page and "<style" not in page and "<script>" not in page


def test_a_file_of_workers_is_an_export_with_a_purpose(client, network):
    from datusoban.accounts.models import AuditEvent

    log_in_as(client, "pendamping", "63.71")  # a role that may not export
    assert client.get("/layanan/pilar.xlsx").status_code == 403
    assert client.post("/layanan/pilar.xlsx", {"tujuan": "pembinaan"}).status_code == 403
    log_in_as(client, "operator_kabkota", "63.71")
    assert client.post("/layanan/pilar.xlsx", {}).status_code == 400  # no purpose
    assert not AuditEvent.objects.filter(aksi="ekspor").exists()
    response = client.post("/layanan/pilar.xlsx", {"tujuan": "pembinaan"})
    assert response["Content-Type"] == XLSX
    rows = AuditEvent.objects.filter(aksi="ekspor", objek="pilar")
    shown = Pilar.objects.filter(kode_kabkota="63.71")
    assert {r.objek_id for r in rows} == {str(p.pk) for p in shown}
    assert {r.tujuan for r in rows} == {"Pembinaan dan pelatihan pilar sosial"}


def test_a_kabkota_user_sees_their_own_region(client, people, network):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/layanan/").content.decode()
    assert 'data-kode="63.71"' in page and 'data-kode="63.72"' not in page
    caseloads = client.get("/layanan/beban/").content.decode()
    # The region by its name (its rows: Kota Banjarmasin only).
    assert "<td>Kota Banjarmasin</td>" in caseloads and "<td>Kota Banjarbaru</td>" not in caseloads
    assert 'data-pendamping="PD1"' in caseloads and 'data-pendamping="PD2"' not in caseloads
    workers = client.get("/layanan/pilar/").content.decode()
    assert "Pendamping Satu" in workers and "Tksk Banjarbaru" not in workers
    banjarbaru = Pilar.objects.get(kode_kabkota="63.72")
    assert client.get(f"/layanan/pilar/{banjarbaru.pk}/").status_code == 404
    assert client.get(f"/layanan/lembaga/{network['bjb'].pk}/").status_code == 404
    clients = client.get(f"/layanan/lembaga/{network['bjm'].pk}/").content.decode()
    assert "Moh. Rizky" in clients and RIZKY_NIK in clients
    # The UPTD is provincial, but its residents follow the user's scope.
    residents = client.get(f"/layanan/uptd/{network['uptd'].pk}/").content.decode()
    assert "Moh. Rizky" in residents and "Muhammad Rizki" not in residents


def test_clients_are_masked_and_children_hidden_as_the_role_says(client, people, network):
    log_in_as(client, "auditor", "63")
    page = client.get(f"/layanan/lembaga/{network['bjm'].pk}/").content.decode()
    assert "Moh. Rizky" in page and RIZKY_NIK not in page and RIZKY_NIK[:6] in page
    assert "Ahmad Fauzan" not in page and CHILD_NIK not in page
    read = AuditEvent.objects.filter(objek="klien_lembaga", aksi="baca")
    assert list(read.values_list("objek_id", flat=True)) == [str(people.rizky.pk)]


def test_a_field_worker_sees_only_their_own_caseload(client, people, network):
    user = log_in_as(client, "pendamping", "63.71.01")
    assert "PD1" not in client.get("/layanan/beban/").content.decode()
    Pilar.objects.filter(kode_pendamping="PD1").update(akun=user)
    page = client.get("/layanan/beban/").content.decode()
    assert 'data-pendamping="PD1"' in page and 'data-pendamping="PD2"' not in page
    assert "Usulan penyeimbangan" not in page


def test_only_a_role_that_may_change_data_applies_a_move(client, people, network):
    move = {"kecamatan": "63.71.01", "dari": "PD1", "ke": "PD2", "jumlah": "1"}
    log_in_as(client, "analis_provinsi", "63")
    assert client.post("/layanan/beban/pindah/", move).status_code == 403
    assert Kepesertaan.objects.get(household=people.rizky.household).pendamping == "PD1"
    log_in_as(client, "operator_kabkota", "63.71")
    response = client.post("/layanan/beban/pindah/", move, follow=True)
    assert "1 KPM dipindahkan" in response.content.decode()
    assert Kepesertaan.objects.get(household=people.rizky.household).pendamping == "PD2"
    response = client.post("/layanan/beban/pindah/", move, follow=True)
    assert "Hanya 0 KPM" in response.content.decode()


def test_discharge_and_follow_up_through_the_page(client, people, network):
    warga = WargaBinaan.objects.get(person=people.rizky)
    staff = log_in_as(client, "staf_layanan", "63")
    # Staff reach the residents of their own UPTD only (services.staff), and may not write.
    assert client.post(f"/layanan/warga/{warga.pk}/keluar/", {"tanggal": "2024-01-01",
                       "alasan": "selesai"}).status_code == 404  # fmt: skip
    StafLembaga.objects.create(user=staff, lembaga=network["uptd"])
    assert client.post(f"/layanan/warga/{warga.pk}/keluar/", {"tanggal": "2024-01-01",
                       "alasan": "selesai"}).status_code == 403  # fmt: skip
    log_in_as(client, "operator_kabkota", "63.71")
    other = WargaBinaan.objects.get(person=people.other)
    assert client.post(f"/layanan/warga/{other.pk}/keluar/", {"tanggal": "2024-01-01",
                       "alasan": "selesai"}).status_code == 404  # fmt: skip
    response = client.post(
        f"/layanan/warga/{warga.pk}/kunjungan/", {"tanggal": "2024-02-01", "hasil": "mandiri"},
        follow=True,
    )  # fmt: skip
    assert "setelah warga keluar" in response.content.decode()
    client.post(
        f"/layanan/warga/{warga.pk}/keluar/", {"tanggal": "2024-01-01", "alasan": "selesai"}
    )
    client.post(
        f"/layanan/warga/{warga.pk}/kunjungan/", {"tanggal": "2024-04-01", "hasil": "mandiri"}
    )
    warga.refresh_from_db()
    assert warga.keluar == date(2024, 1, 1) and warga.kunjungan.get().hasil == "mandiri"
    page = client.get("/layanan/uptd/").content.decode()
    row = '<td>Kota Banjarbaru</td><td>2024</td><td class="num">1</td><td class="num">1</td>'
    assert row in page


def test_a_participant_list_is_imported_whole_or_refused_row_by_row(client, people, network):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from datusoban.layanan.models import Pelatihan, PesertaPelatihan, SesiPelatihan

    course = Pelatihan.objects.create(kode="bimtek", nama="Bimtek", untuk_peran=["pendamping_pkh"])
    sesi = SesiPelatihan.objects.create(
        pelatihan=course, mulai=date(2024, 3, 4), selesai=date(2024, 3, 8), tempat="Banjarmasin",
        penyelenggara="BBPPKS Banjarmasin",
    )  # fmt: skip
    url = f"/layanan/pelatihan/sesi/{sesi.pk}/"
    bad = b"kode_pendamping;nama;hadir;lulus\nPD1;Pendamping Satu;ya;ya\nPD9;Siapa;ya;ya\n"
    good = b"kode_pendamping;nama;hadir;lulus\nPD1;Pendamping Satu;ya;ya\nPD2;;tidak;\n"
    log_in_as(client, "analis_provinsi", "63")
    upload = {"berkas": SimpleUploadedFile("peserta.csv", good)}
    assert client.post(url + "impor/", upload).status_code == 403
    log_in_as(client, "operator_kabkota", "63.71")
    response = client.post(url + "impor/", {"berkas": SimpleUploadedFile("peserta.csv", bad)})
    page = response.content.decode()
    assert response.status_code == 400 and "kode pendamping PD9 tidak terdaftar" in page
    assert "<td>3</td>" in page and not PesertaPelatihan.objects.exists()
    response = client.post(url + "impor/", {"berkas": SimpleUploadedFile("peserta.pdf", b"%PDF")})
    assert response.status_code == 302 and not PesertaPelatihan.objects.exists()
    response = client.post(url + "impor/", {"berkas": SimpleUploadedFile("peserta.csv", good)})
    assert response.status_code == 302 and PesertaPelatihan.objects.count() == 2
    client.post(url + "sertifikat/")
    page = client.get(url).content.decode()
    assert "bimtek/" in page  # the certificate number of the one who passed
    assert PesertaPelatihan.objects.filter(sertifikat__isnull=False).count() == 1
