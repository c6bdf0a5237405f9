"""The /layanan/pelatihan/ forms: a course, a session (its organiser), one participant's
attendance and result, a certificate issued and revoked; refusals, roles and regions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.layanan import training
from datusoban.layanan.models import Pelatihan, PesertaPelatihan, Pilar, SesiPelatihan

from .people import log_in_as

pytestmark = pytest.mark.django_db


def _pilar(nama: str, wilayah: str) -> Pilar:
    return Pilar.objects.create(
        peran="tksk", nama=nama, nik="63710101019000" + str(len(nama) % 90).zfill(2),
        wilayah_id=wilayah, kode_kabkota=wilayah[:5], kode_kecamatan=wilayah[:8],
    )  # fmt: skip


def test_a_course_and_a_session_are_recorded(client):
    log_in_as(client, "operator_kabkota", "63.71")
    course = {"kode": "diklat-tksk", "nama": "Diklat Dasar TKSK", "untuk_peran": ["tksk"]}
    response = client.post("/layanan/pelatihan/baru/", {**course, "kode": "bukan kode!"})
    assert response.status_code == 400 and not Pelatihan.objects.exists()
    assert client.post("/layanan/pelatihan/baru/", course).status_code == 302
    response = client.post("/layanan/pelatihan/baru/", course)
    assert "Kode pelatihan diklat-tksk sudah dipakai." in response.content.decode()
    pelatihan = Pelatihan.objects.get()
    assert (pelatihan.untuk_peran, pelatihan.masa_berlaku_tahun) == (["tksk"], None)
    page = client.get("/layanan/pelatihan/sesi/baru/").content.decode()
    assert 'value="BBPPKS Banjarmasin"' in page and " style=" not in page
    session = {"pelatihan": pelatihan.pk, "mulai": "2024-03-04", "selesai": "2024-03-08",
               "tempat": "Banjarbaru", "penyelenggara": "BBPPKS Banjarmasin"}  # fmt: skip
    response = client.post("/layanan/pelatihan/sesi/baru/", {**session, "selesai": "2024-03-01"})
    assert response.status_code == 400 and "sebelum tanggal mulai" in response.content.decode()
    response = client.post("/layanan/pelatihan/sesi/baru/", {**session, "kode_kabkota": "63.72"})
    assert "di luar cakupan Anda" in response.content.decode()
    assert not SesiPelatihan.objects.exists()
    response = client.post("/layanan/pelatihan/sesi/baru/", session)
    sesi = SesiPelatihan.objects.get()
    assert response["Location"] == f"/layanan/pelatihan/sesi/{sesi.pk}/"
    assert (sesi.kode_kabkota, sesi.penyelenggara) == ("63.71", "BBPPKS Banjarmasin")


def test_one_participants_result_and_certificate(client):
    course = training.create_course("bimtek", "Bimtek TKSK", ["tksk"], 2)
    ended = date.today() - timedelta(days=1)
    sesi = training.create_session(course, mulai=ended - timedelta(days=4), selesai=ended,
                                   tempat="Banjarmasin", penyelenggara="")  # fmt: skip
    later = training.create_session(course, mulai=date.today() + timedelta(days=30),
                                    selesai=date.today() + timedelta(days=34),
                                    tempat="Martapura", penyelenggara="Dinsos")  # fmt: skip
    assert sesi.penyelenggara == "BBPPKS Banjarmasin"  # the policy's organiser when none given
    peserta = training.enrol(sesi, _pilar("Rahmat", "63.71.01"))
    early = training.enrol(later, peserta.pilar)
    log_in_as(client, "operator_kabkota", "63.71")
    url = f"/layanan/pelatihan/peserta/{peserta.pk}/hasil/"
    page = client.get(f"/layanan/pelatihan/sesi/{sesi.pk}/").content.decode()
    assert f'href="{url}"' in page
    response = client.post(url, {"hadir": "tidak", "lulus": "ya"})
    assert response.status_code == 400
    assert "tidak dapat dinyatakan lulus" in response.content.decode()
    response = client.post(f"/layanan/pelatihan/peserta/{early.pk}/hasil/",
                           {"hadir": "ya", "lulus": "ya"})  # fmt: skip
    assert "setelah sesi selesai" in response.content.decode()
    assert client.post(url, {"hadir": "ya", "lulus": "ya"}).status_code == 302
    peserta.refresh_from_db()
    assert (peserta.hadir, peserta.lulus) == (True, True)
    client.post(f"/layanan/pelatihan/peserta/{peserta.pk}/sertifikat/")
    sertifikat = peserta.sertifikat
    assert sertifikat.berlaku_sampai.year == date.today().year + 2
    again = client.post(f"/layanan/pelatihan/peserta/{peserta.pk}/sertifikat/", follow=True)
    assert "sudah bersertifikat" in again.content.decode()
    response = client.post(url, {"hadir": "ya", "lulus": "tidak"})
    assert "cabut sertifikatnya dahulu" in response.content.decode()
    cabut = f"/layanan/pelatihan/sertifikat/{sertifikat.pk}/cabut/"
    response = client.post(cabut, {"tanggal": "2000-01-01"})
    assert response.status_code == 400 and "sebelum sertifikat terbit" in response.content.decode()
    assert client.post(cabut, {"tanggal": date.today().isoformat()}).status_code == 302
    sertifikat.refresh_from_db()
    assert sertifikat.dicabut == date.today()
    audit = AuditEvent.objects.filter(aksi="ubah", objek="peserta_pelatihan")
    assert list(audit.values_list("rincian__langkah", flat=True).order_by("pk")) == [
        "hasil", "sertifikat", "cabut"
    ]  # fmt: skip
    assert set(audit.values_list("objek_id", "nik")) == {(str(peserta.pilar_id), peserta.pilar.nik)}


def test_read_only_roles_are_refused_and_other_regions_not_found(client):
    course = training.create_course("bimtek", "Bimtek", ["tksk"], None)
    day = date.today() - timedelta(days=1)
    sesi = training.create_session(course, mulai=day, selesai=day, tempat="X", penyelenggara="")
    outside = training.enrol(sesi, _pilar("Banjarbaru", "63.72.02"))
    training.record_result(outside, hadir=True, lulus=True, on=date.today())
    issued = training.certify(outside, on=date.today())
    log_in_as(client, "analis_provinsi", "63")
    for url in ("/layanan/pelatihan/baru/", "/layanan/pelatihan/sesi/baru/",
                f"/layanan/pelatihan/peserta/{outside.pk}/hasil/",
                f"/layanan/pelatihan/sertifikat/{issued.pk}/cabut/"):  # fmt: skip
        assert client.get(url).status_code == 403
        assert client.post(url, {"tanggal": "2024-01-01"}).status_code == 403
    assert client.post(f"/layanan/pelatihan/peserta/{outside.pk}/sertifikat/").status_code == 403
    log_in_as(client, "operator_kabkota", "63.71")
    for url in (f"/layanan/pelatihan/peserta/{outside.pk}/hasil/",
                f"/layanan/pelatihan/sertifikat/{issued.pk}/cabut/"):  # fmt: skip
        assert client.get(url).status_code == 404
        assert client.post(url, {"tanggal": "2024-01-01", "hadir": "tidak", "lulus": "tidak"}
                           ).status_code == 404  # fmt: skip
    issued.refresh_from_db()
    outside.refresh_from_db()
    assert issued.dicabut is None and outside.lulus is True
    assert PesertaPelatihan.objects.count() == 1
