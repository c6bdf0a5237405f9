"""The case pages: filing a report (with a photo), the case page and its steps, the photo
served only within scope, another field worker's case not found, overdue list, XLSX."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from datusoban.accounts.models import AuditEvent
from datusoban.kasus.models import BerkasKasus, LaporanKasus

from .people import RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DESA = "63.71.01.1001"


def _file(client, **extra):
    data = {"kategori": "24", "urgensi": "tinggi", "kecamatan": "63.71.01", "desa": DESA,
            "alamat": "Gang Mawar", "uraian": "Keluarga tidak makan dua hari", **extra}  # fmt: skip
    return client.post("/kasus/baru/", data)


def test_file_a_report_with_a_person_and_a_photo(client, people: People):
    user = log_in_as(client, "pendamping", "63.71")
    assert client.get("/kasus/baru/").status_code == 200
    response = _file(client, nik=RIZKY_NIK, foto=SimpleUploadedFile("rumah.png", PNG))
    case = LaporanKasus.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kasus/{case.pk}/"
    assert (case.person, case.pelapor, case.urgensi) == (people.rizky, user, "tinggi")
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert "Moh. Rizky" in page and "Dilaporkan" in page and "rumah.png" in page
    photo = BerkasKasus.objects.get()
    served = client.get(f"/kasus/{case.pk}/berkas/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG
    assert AuditEvent.objects.filter(objek="berkas_kasus", nik=RIZKY_NIK).exists()


def test_desa_options_follow_the_kecamatan(client, people):
    log_in_as(client, "pendamping", "63.71")
    options = client.get("/kasus/desa/?kecamatan=63.71.01").content.decode()
    assert f'value="{DESA}"' in options
    assert 'value="63.72' not in client.get("/kasus/desa/?kecamatan=63.72.02").content.decode()


def test_refusals_on_the_form(client, people):
    log_in_as(client, "pendamping", "63.71")
    unknown = _file(client, nik="6371019999990001")
    assert unknown.status_code == 400 and "tidak ditemukan di registri" in unknown.content.decode()
    outside = _file(client, nik=people.other.nik)  # a Banjarbaru NIK: not in scope
    assert outside.status_code == 400
    fake = _file(client, foto=SimpleUploadedFile("foto.jpg", b"GIF89a..."))
    assert fake.status_code == 400 and "bukan foto" in fake.content.decode()
    assert not LaporanKasus.objects.exists()


@pytest.mark.parametrize("peran", ["analis_provinsi", "auditor"])
def test_roles_that_do_not_report(client, people, peran):
    log_in_as(client, peran, "63.71")
    assert client.get("/kasus/baru/").status_code == 403


def test_another_field_workers_case_is_not_found(client, people):
    from django.contrib.auth.models import User

    log_in_as(client, "pendamping", "63.71")
    _file(client, foto=SimpleUploadedFile("rumah.png", PNG))
    case, photo = LaporanKasus.objects.get(), BerkasKasus.objects.get()
    client.logout()
    client.force_login(User.objects.create_user("pendamping.lain"))
    from datusoban.accounts.models import Account

    Account.objects.create(user=User.objects.get(username="pendamping.lain"), peran="pendamping",
                        wilayah_id="63.71")  # fmt: skip
    assert client.get(f"/kasus/{case.pk}/").status_code == 404
    assert client.get(f"/kasus/{case.pk}/berkas/{photo.pk}/").status_code == 404
    step = client.post(f"/kasus/{case.pk}/langkah/", {"aksi": "asesmen", "catatan": "x"})
    assert step.status_code == 404
    assert LaporanKasus.objects.get().status == "dilaporkan"
    assert f'href="/kasus/{case.pk}/"' not in client.get("/kasus/").content.decode()


def test_steps_from_the_page(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    _file(client)
    case = LaporanKasus.objects.get()
    assert 'id="langkah-verifikasi"' in client.get(f"/kasus/{case.pk}/").content.decode()
    client.post(f"/kasus/{case.pk}/langkah/", {"aksi": "verifikasi"})
    assert LaporanKasus.objects.get().status == "diverifikasi"
    refused = client.post(f"/kasus/{case.pk}/langkah/", {"aksi": "tutup", "catatan": "x"})
    assert refused.status_code == 303
    assert LaporanKasus.objects.get().status == "diverifikasi"
    no_note = client.post(f"/kasus/{case.pk}/langkah/", {"aksi": "asesmen"}, follow=True)
    assert "memerlukan catatan" in no_note.content.decode()


def test_a_step_the_role_may_not_take_is_forbidden(client, people):
    log_in_as(client, "pendamping", "63.71")
    _file(client)
    case = LaporanKasus.objects.get()
    assert client.post(f"/kasus/{case.pk}/langkah/", {"aksi": "verifikasi"}).status_code == 403


def test_overdue_list_dashboard_and_xlsx(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    _file(client)
    _file(client, urgensi="rendah")
    late, later = LaporanKasus.objects.order_by("pk")
    LaporanKasus.objects.filter(pk=late.pk).update(
        batas_waktu=timezone.now() - timedelta(minutes=1)
    )
    listed = client.get("/kasus/?terlambat=1").content.decode()
    assert f'href="/kasus/{late.pk}/"' in listed
    assert f'href="/kasus/{later.pk}/"' not in listed
    board = client.get("/kasus/dasbor/").content.decode()
    assert 'data-kode="63.71"' in board and f"Kasus {late.pk}" in board
    xlsx = client.get("/kasus/dasbor.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_the_kecamatan_offered_to_a_province_user_are_kalimantan_selatans_alone():
    from datusoban.kasus.forms import kecamatan_choices
    from datusoban.reference.models import Region

    codes = [kode for kode, _ in kecamatan_choices("63")[1:]]
    kalsel = Region.objects.filter(level=Region.Level.KECAMATAN, kode__startswith="63.")
    assert sorted(codes) == sorted(kalsel.values_list("kode", flat=True))
    assert codes and all(kode.startswith("63.") for kode in codes)
    assert [k for k, _ in kecamatan_choices("63.71")[1:]] == sorted(
        k for k in codes if k.startswith("63.71.")
    )
    assert [k for k, _ in kecamatan_choices("63.71.01")[1:]] == ["63.71.01"]
