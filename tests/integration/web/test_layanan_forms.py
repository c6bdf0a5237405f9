"""The /layanan/ forms for clients and residents: admitting a registry person found by a
scoped search, ending a client's service, recording a resident's service; refusals next to
the field, 403 for read-only roles, 404 out of scope, UPTD/LKS staff kept to their own."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.layanan import lembaga as lks
from datusoban.layanan import panti
from datusoban.layanan.models import KlienLembaga, LayananWarga, Lembaga, StafLembaga, WargaBinaan

from .people import CHILD_NIK, OTHER_NIK, RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db


def _lembaga(jenis: str, wilayah: str, kode: str, kapasitas: int = 20) -> Lembaga:
    return Lembaga.objects.create(
        jenis=jenis, kode=kode, nama=kode, wilayah_id=wilayah, kode_kabkota=wilayah[:5],
        kode_kecamatan=wilayah[:8], kapasitas=kapasitas, layanan=["terapi"],
    )  # fmt: skip


@pytest.fixture
def places(people: People) -> dict[str, Lembaga]:
    return {
        "bjm": _lembaga("lks", "63.71.01", "LKS-BJM", kapasitas=2),
        "bjb": _lembaga("lks", "63.72.02", "LKS-BJB"),
        "uptd": _lembaga("uptd", "63.72.02", "UPTD-1", kapasitas=1),
    }


def _no_inline(page: str) -> bool:
    return " style=" not in page and "<style" not in page and "<script>" not in page


def test_a_client_is_admitted_from_a_scoped_search(client, people, places):
    url = f"/layanan/lembaga/{places['bjm'].pk}/klien/baru/"
    log_in_as(client, "operator_kabkota", "63.71")
    response = client.post(url, {"langkah": "cari", "cari": RIZKY_NIK})  # a search, posted
    page = response.content.decode()
    assert response.status_code == 200 and _no_inline(page)
    assert f'name="person" value="{people.rizky.pk}"' in page and "Moh. Rizky" in page
    assert "Pilih orang dari hasil pencarian." not in page  # searching is not admitting
    assert AuditEvent.objects.filter(aksi="cari", objek_id=str(people.rizky.pk)).exists()
    # The namesake in Kota Banjarbaru is outside the operator's scope: not found, not taken.
    outside = client.post(url, {"langkah": "cari", "cari": OTHER_NIK})
    assert "Muhammad Rizki" not in outside.content.decode()
    form = {"person": people.other.pk, "kebutuhan": "terapi", "mulai": "2024-01-01"}
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Orang tidak ditemukan dalam cakupan Anda." in response.content.decode()
    response = client.post(url, {"kebutuhan": "terapi", "mulai": "2024-01-01"})
    assert "Pilih orang dari hasil pencarian." in response.content.decode()
    response = client.post(url, {**form, "person": people.rizky.pk, "mulai": "kemarin"})
    assert response.status_code == 400 and not KlienLembaga.objects.exists()
    response = client.post(url, {**form, "person": people.rizky.pk})
    assert response.status_code == 302 and response["Location"].endswith(
        f"/layanan/lembaga/{places['bjm'].pk}/"
    )
    klien = KlienLembaga.objects.get()
    assert (klien.person, klien.kebutuhan) == (people.rizky, "terapi")
    assert klien.mulai == date(2024, 1, 1) and klien.kode_kabkota == "63.71"
    written = AuditEvent.objects.get(aksi="ubah", objek="klien_lembaga")
    assert written.objek_id == str(people.rizky.pk) and written.nik == RIZKY_NIK
    # Twice for one need: refused next to the person.
    response = client.post(url, {**form, "person": people.rizky.pk, "cari": RIZKY_NIK})
    page = response.content.decode()
    assert response.status_code == 400 and "sudah menjadi klien" in page
    assert f'value="{people.rizky.pk}" checked' in page


def test_a_full_lks_refuses_with_the_count(client, people, places):
    lks.admit_client(places["bjm"], people.siti, "terapi", date(2024, 1, 1))
    lks.admit_client(places["bjm"], people.child, "terapi", date(2024, 1, 1))
    log_in_as(client, "operator_kabkota", "63.71")
    response = client.post(
        f"/layanan/lembaga/{places['bjm'].pk}/klien/baru/",
        {"person": people.rizky.pk, "kebutuhan": "terapi", "mulai": "2024-02-01"},
    )
    assert response.status_code == 400
    assert "LKS-BJM penuh: 2 dari kapasitas 2 tempat terisi." in response.content.decode()
    assert KlienLembaga.objects.count() == 2
    assert not AuditEvent.objects.filter(aksi="ubah").exists()


def test_a_clients_service_is_ended_with_a_reason(client, people, places):
    klien = lks.admit_client(places["bjm"], people.rizky, "terapi", date(2024, 1, 1))
    url = f"/layanan/klien/{klien.pk}/selesai/"
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get(f"/layanan/lembaga/{places['bjm'].pk}/").content.decode()
    assert f'href="{url}"' in page
    assert client.get(url).status_code == 200
    response = client.post(url, {"selesai": "2023-12-01", "alasan": "terpenuhi"})
    page = response.content.decode()
    assert response.status_code == 400 and "sebelum tanggal mulai" in page
    response = client.post(url, {"selesai": "2024-03-01", "alasan": "bosan"})
    assert response.status_code == 400 and "bukan salah satu" in response.content.decode()
    response = client.post(url, {"selesai": "2024-03-01", "alasan": "terpenuhi"})
    assert response.status_code == 302
    klien.refresh_from_db()
    assert (klien.selesai, klien.alasan_selesai) == (date(2024, 3, 1), "terpenuhi")
    assert AuditEvent.objects.filter(aksi="ubah", objek="klien_lembaga", nik=RIZKY_NIK).exists()
    response = client.post(url, {"selesai": "2024-04-01", "alasan": "terpenuhi"})
    assert "sudah berakhir" in response.content.decode()
    page = client.get(f"/layanan/lembaga/{places['bjm'].pk}/").content.decode()
    assert "1 Mar 2024: Kebutuhan terpenuhi" in page


def test_a_resident_is_admitted_and_served(client, people, places):
    uptd = places["uptd"]
    url = f"/layanan/uptd/{uptd.pk}/warga/baru/"
    log_in_as(client, "admin_provinsi", "63")
    assert 'href="' + url + '"' in client.get(f"/layanan/uptd/{uptd.pk}/").content.decode()
    response = client.post(url, {"person": people.rizky.pk, "masuk": "2024-01-01"})
    assert response.status_code == 302
    warga = WargaBinaan.objects.get()
    assert AuditEvent.objects.filter(aksi="ubah", objek="warga_binaan", nik=RIZKY_NIK).exists()
    response = client.post(url, {"person": people.other.pk, "masuk": "2024-01-01"})
    assert "UPTD-1 penuh: 1 dari kapasitas 1" in response.content.decode()
    served = f"/layanan/warga/{warga.pk}/layanan/"
    response = client.post(served, {"komponen": "terapi", "tanggal": "2023-12-01"})
    assert response.status_code == 400 and "sebelum warga masuk" in response.content.decode()
    response = client.post(served, {"komponen": "sulap", "tanggal": "2024-02-01"})
    assert response.status_code == 400
    response = client.post(
        served, {"komponen": "pelatihan_vokasional_kewirausahaan", "tanggal": "2024-02-01",
                 "keterangan": "Menjahit"},
    )  # fmt: skip
    assert response.status_code == 302
    done = LayananWarga.objects.get()
    assert (done.komponen, done.keterangan, done.oleh) == (
        "pelatihan_vokasional_kewirausahaan", "Menjahit", "admin_provinsi.63"
    )  # fmt: skip
    assert AuditEvent.objects.filter(aksi="ubah", objek="warga_binaan").count() == 2


def test_read_only_roles_are_refused_and_other_regions_not_found(client, people, places):
    klien = lks.admit_client(places["bjm"], people.rizky, "terapi", date(2024, 1, 1))
    outside = lks.admit_client(places["bjb"], people.other, "terapi", date(2024, 1, 1))
    warga = panti.admit(places["uptd"], people.other, date(2024, 1, 1))
    urls = [
        f"/layanan/lembaga/{places['bjm'].pk}/klien/baru/", f"/layanan/klien/{klien.pk}/selesai/",
        f"/layanan/uptd/{places['uptd'].pk}/warga/baru/",
    ]  # fmt: skip
    log_in_as(client, "analis_provinsi", "63")
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"selesai": "2024-02-01", "alasan": "terpenuhi"}).status_code == 403
    log_in_as(client, "operator_kabkota", "63.71")
    for url in (
        f"/layanan/lembaga/{places['bjb'].pk}/klien/baru/",
        f"/layanan/klien/{outside.pk}/selesai/",
        f"/layanan/warga/{warga.pk}/layanan/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"selesai": "2024-02-01", "alasan": "terpenuhi"}).status_code == 404
    outside.refresh_from_db()
    assert outside.selesai is None and not LayananWarga.objects.exists()


def test_staff_of_one_lks_cannot_see_or_touch_anothers_clients(client, people, places):
    """The staff rule (services.staff): the institutions linked to the account, no other."""
    a = lks.admit_client(places["bjm"], people.rizky, "terapi", date(2024, 1, 1))
    b = lks.admit_client(places["bjb"], people.other, "terapi", date(2024, 1, 1))
    warga = panti.admit(places["uptd"], people.other, date(2024, 1, 1))
    user = log_in_as(client, "staf_layanan", "63")
    StafLembaga.objects.create(user=user, lembaga=places["bjm"])
    own = client.get(f"/layanan/lembaga/{places['bjm'].pk}/").content.decode()
    assert "Moh. Rizky" in own
    for url in (
        f"/layanan/lembaga/{places['bjb'].pk}/", f"/layanan/lembaga/{places['bjb'].pk}/klien/baru/",
        f"/layanan/klien/{b.pk}/selesai/", f"/layanan/uptd/{places['uptd'].pk}/",
        f"/layanan/warga/{warga.pk}/layanan/", f"/layanan/warga/{warga.pk}/keluar/",
    ):  # fmt: skip
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, {"tanggal": "2024-02-01", "alasan": "selesai"}).status_code == 404
    assert OTHER_NIK not in client.get("/layanan/lks/").content.decode()
    # Their own client: reached, but the role may not change data (roles.toml: tulis).
    assert client.post(f"/layanan/klien/{a.pk}/selesai/", {}).status_code == 403
    StafLembaga.objects.create(user=user, lembaga=places["uptd"])
    page = client.get(f"/layanan/uptd/{places['uptd'].pk}/").content.decode()
    assert "Muhammad Rizki" in page and CHILD_NIK not in page
    warga.refresh_from_db()
    assert warga.keluar is None


def test_the_admission_search_never_puts_a_nik_in_an_address(client, people, places):
    url = f"/layanan/lembaga/{places['bjm'].pk}/klien/baru/"
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get(url).content.decode()
    form = page[page.index('<section class="panel" id="cari-orang">') :]
    assert '<form method="post"' in form[: form.index("</form>")]  # the search is posted
    assert 'name="langkah" value="cari"' in form and "csrfmiddlewaretoken" in form
    # An older address with a NIK in it: the page says why, and searches nothing.
    response = client.get(url, {"cari": RIZKY_NIK})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="pengenal-di-alamat"' in page
    assert "Moh. Rizky" not in page and RIZKY_NIK not in page
    assert not AuditEvent.objects.exists()
    # A name may still come in the address (names are not identifiers).
    assert "Moh. Rizky" in client.get(url, {"cari": "Muhammad Rizky"}).content.decode()
