"""Proposals to the national registry on their pages: someone new checked by the import's
rules, a person's or family's proposal from their page, a musyawarah desa proposing several
families at once (all or nothing), and the kab/kota verification with its order, roles and
region; every step audited, no NIK in any address."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from datusoban.accounts.models import AuditEvent
from datusoban.usulan.models import MusyawarahDesa, Usulan

from .people import OTHER_KK, RIZKY_KK, People, log_in_as

pytestmark = pytest.mark.django_db
NEW_NIK = "6371014107950011"
NEW = {
    "jenis": "baru", "nama": "Nur Aisyah", "nik": NEW_NIK, "no_kk": "6371010101200031",
    "jenis_kelamin": "P", "tempat_lahir": "Banjarmasin", "tanggal_lahir": "1995-07-01",
    "nama_ibu_kandung": "Masitah", "hubungan_keluarga": "kepala", "alamat": "Jl. Baru 2",
    "rt": "3", "rw": "1", "kecamatan": "63.71.01", "kode_wilayah": "63.71.01.1001",
    "keterangan": "Belum terdata",
}  # fmt: skip


def _propose_new(client, **changes):
    return client.post("/usulan/baru/", {**NEW, **changes})


def test_someone_new_is_checked_by_the_import_rules_and_nothing_is_stored_when_wrong(client):
    log_in_as(client, "operator_kabkota", "63.71")
    assert client.get("/usulan/baru/").status_code == 200
    # The NIK's birth date and sex disagree with those typed, the No KK is short, the desa
    # lies in another kab/kota: each said beside its field, in the import's own words.
    page = _propose_new(client, nik="6371011203800009", no_kk="63710101", kecamatan="63.72.02",
                        kode_wilayah="63.72.02.1003")  # fmt: skip
    text = page.content.decode()
    assert page.status_code == 400
    assert "No KK" in text or "No. KK" in text
    assert "di luar cakupan" in text or "kab/kota" in text
    assert not Usulan.objects.exists()
    page = _propose_new(client, tanggal_lahir="", nik="")
    assert page.status_code == 400 and "NIK wajib diisi untuk SIKS-NG." in page.content.decode()
    assert not Usulan.objects.exists()


def test_someone_new_is_proposed_and_shown(client):
    log_in_as(client, "operator_kabkota", "63.71")
    response = _propose_new(client)
    usulan = Usulan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/usulan/{usulan.pk}/"
    assert NEW_NIK not in response["Location"]
    assert (usulan.status, usulan.nik, usulan.kode_kabkota) == ("diusulkan", NEW_NIK, "63.71")
    assert usulan.batas == usulan.diusulkan_pada + timedelta(days=14)
    assert usulan.data["tanggal_lahir"] == "1995-07-01" and usulan.person_id is None
    page = client.get(f"/usulan/{usulan.pk}/").content.decode()
    assert "Nur Aisyah" in page and "Daftar baru" in page and 'id="form-verifikasi"' in page
    assert AuditEvent.objects.filter(objek="usulan", nik=NEW_NIK, aksi="ubah").count() == 1
    # The same NIK proposed again while the first is open: refused, named.
    again = _propose_new(client)
    assert again.status_code == 400 and f"usulan {usulan.pk}" in again.content.decode()


def test_a_person_is_proposed_from_their_page(client, people: People):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert "Usulan ke registri nasional" in page
    assert f'href="/usulan/baru/?orang={people.rizky.pk}"' in page
    form = client.get(f"/usulan/baru/?orang={people.rizky.pk}").content.decode()
    assert "Moh. Rizky" in form and 'value="Daftar baru"' not in form
    response = client.post(
        f"/usulan/baru/?orang={people.rizky.pk}",
        {"jenis": "hapus", "alasan_hapus": "meninggal", "nama": "Moh. Rizky",
         "nik": people.rizky.nik, "keterangan": "Meninggal Maret"},
    )  # fmt: skip
    usulan = Usulan.objects.get()
    assert response.status_code == 302
    assert (usulan.person_id, usulan.household_id) == (people.rizky.pk, people.rizky.household_id)
    assert usulan.alasan_hapus == "meninggal" and usulan.data == {}
    person_page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert f'href="/usulan/{usulan.pk}/"' in person_page and "Diusulkan" in person_page
    family_page = client.get(f"/keluarga/{people.rizky.household_id}/").content.decode()
    assert f'href="/usulan/{usulan.pk}/"' in family_page
    # An update carries only what changed.
    response = client.post(
        f"/usulan/baru/?orang={people.siti.pk}",
        {"jenis": "perubahan", "nama": "Siti Aminah", "nik": people.siti.nik,
         "tempat_lahir": "Martapura"},
    )  # fmt: skip
    assert response.status_code == 302
    change = Usulan.objects.get(person=people.siti)
    assert change.data == {"tempat_lahir": "Martapura", "kode_wilayah": "63.71.01.1001"}


def test_out_of_region_and_roles(client, people: People):
    log_in_as(client, "operator_kabkota", "63.71")
    assert client.get(f"/usulan/baru/?orang={people.other.pk}").status_code == 404
    client.logout()
    log_in_as(client, "pendamping", "63.71")
    assert client.get("/usulan/").status_code == 403
    assert client.get("/usulan/baru/").status_code == 403
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert "Usulan ke registri nasional" not in page


def _deliberation(client, daftar: str, **extra):
    data = {"kecamatan": "63.71.01", "kode_wilayah": "63.71.01.1001", "tanggal": "2026-11-02",
            "jumlah_peserta": "40", "notulen": "Disepakati", "daftar": daftar, **extra}  # fmt: skip
    return client.post("/usulan/musdes/baru/", data)


def test_a_musyawarah_desa_proposes_several_families_all_or_nothing(client, people: People):
    from datusoban.registri.models import Household

    from .people import _person

    second = Household.objects.create(
        wilayah_id="63.71.01.1001", no_kk="6371010101100099", alamat="Jl. Dua"
    )
    _person(second, "6371014404700012", "Jamilah", "P", date(1970, 4, 4), "kepala")
    log_in_as(client, "operator_kabkota", "63.71")
    bad = _deliberation(
        client,
        f"{RIZKY_KK}; desil; hasil musdes\n6371010101100099; hapus; kaya\n{OTHER_KK}; perubahan\n",
    )
    text = bad.content.decode()
    assert bad.status_code == 400
    assert "Baris 2: alasan hapus" in text and "Baris 3: No. KK itu tidak ditemukan" in text
    assert not MusyawarahDesa.objects.exists() and not Usulan.objects.exists()
    good = _deliberation(client, f"{RIZKY_KK}; desil; hasil musdes\n\n6371010101100099; hapus; "
                                 "Sudah mampu; punya usaha\n")  # fmt: skip
    meeting = MusyawarahDesa.objects.get()
    assert good.status_code == 302 and good["Location"] == f"/usulan/musdes/{meeting.pk}/"
    made = list(Usulan.objects.order_by("pk"))
    assert [(u.jenis, u.alasan_hapus, u.musyawarah_id) for u in made] == [
        ("desil", "", meeting.pk),
        ("hapus", "mampu", meeting.pk),
    ]
    assert {u.diusulkan_pada for u in made} == {date(2026, 11, 2)}
    page = client.get(f"/usulan/musdes/{meeting.pk}/").content.decode()
    assert "Disepakati" in page and all(f'href="/usulan/{u.pk}/"' in page for u in made)


def _visit(when: date | None = None) -> dict:
    day = (when or timezone.localdate()).isoformat()
    return {"hasil_kunjungan": "sesuai", "dikunjungi_oleh": "Pak Amat", "dikunjungi_pada": day,
            "catatan": "Cocok"}  # fmt: skip


def test_verification_in_order_with_its_roles_and_region(client, people: People):
    user = log_in_as(client, "operator_kabkota", "63.71")
    _propose_new(client)
    usulan = Usulan.objects.get()
    # Finishing before the answer: out of order, said on the page, nothing changed.
    page = client.post(f"/usulan/{usulan.pk}/selesai/", {"catatan": "x"}, follow=True)
    assert "hanya untuk usulan berstatus" in page.content.decode()
    assert Usulan.objects.get().status == "diusulkan"
    # Refusing needs a reason.
    page = client.post(f"/usulan/{usulan.pk}/tolak/", {"alasan": ""}, follow=True)
    assert "Alasan penolakan" in page.content.decode()
    # A visit before the proposal was made is refused.
    early = _visit(usulan.diusulkan_pada - timedelta(days=3))
    page = client.post(f"/usulan/{usulan.pk}/verifikasi/", early, follow=True)
    assert "Tanggal kunjungan" in page.content.decode()
    response = client.post(f"/usulan/{usulan.pk}/verifikasi/", _visit())
    assert response.status_code == 302
    usulan.refresh_from_db()
    assert (usulan.status, usulan.dikunjungi_oleh, usulan.diverifikasi_oleh) == (
        "diverifikasi",
        "Pak Amat",
        user.username,
    )
    # Verified once: a second verification or a refusal is out of order.
    page = client.post(f"/usulan/{usulan.pk}/tolak/", {"alasan": "x"}, follow=True)
    assert "hanya untuk usulan berstatus" in page.content.decode()
    steps = AuditEvent.objects.filter(objek="usulan", aksi="ubah").values_list("rincian", flat=True)
    assert [s["langkah"] for s in steps] == ["diusulkan", "diverifikasi"]
    client.logout()
    # An analyst reads but may not verify; Banjarbaru's operator does not find it.
    log_in_as(client, "analis_provinsi", "63")
    assert client.get(f"/usulan/{usulan.pk}/").status_code == 200
    assert client.post(f"/usulan/{usulan.pk}/tolak/", {"alasan": "x"}).status_code == 403
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.get(f"/usulan/{usulan.pk}/").status_code == 404
    assert client.post(f"/usulan/{usulan.pk}/tolak/", {"alasan": "x"}).status_code == 404


def test_a_refused_proposal_and_the_list(client, people: People):
    log_in_as(client, "operator_kabkota", "63.71")
    _propose_new(client)
    usulan = Usulan.objects.get()
    client.post(f"/usulan/{usulan.pk}/tolak/", {"alasan": "Tidak ditemukan di alamat"})
    usulan.refresh_from_db()
    assert usulan.status == "ditolak" and usulan.alasan_tolak == "Tidak ditemukan di alamat"
    listing = client.get("/usulan/?status=ditolak").content.decode()
    assert "Nur Aisyah" in listing and "Ditolak kab/kota" in listing
    assert AuditEvent.objects.filter(objek="usulan", aksi="cari", nik=NEW_NIK).exists()


def test_tugas_saya_lists_proposals_to_verify_with_counts(client, people: People):
    from datusoban.tugas.inbox import inbox

    user = log_in_as(client, "operator_kabkota", "63.71")
    _propose_new(client, diusulkan_pada=(timezone.localdate() - timedelta(days=20)).isoformat())
    usulan = Usulan.objects.get()
    kind = next(k for k in inbox(user) if k.kode == "usulan")
    assert (kind.jumlah, kind.terlambat) == (1, 1)
    assert [i.url for s in kind.sections for i in s.items] == [f"/usulan/{usulan.pk}/"]
    page = client.get("/tugas/").content.decode()
    assert f'href="/usulan/{usulan.pk}/"' in page and "Nur Aisyah" not in page
    client.logout()
    other = log_in_as(client, "operator_kabkota", "63.72")
    assert next(k for k in inbox(other) if k.kode == "usulan").jumlah == 0
