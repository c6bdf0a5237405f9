"""The review pages of the civil registry's proposals (/crvs/): the queue with its filters,
each proposal with its evidence, match and person (scoped, masked per role, audited),
applied or refused there; the offices' switch of automatic application; Tugas saya."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from datusoban.accounts.models import AuditEvent
from datusoban.crvs.births import terima_kelahiran
from datusoban.crvs.intake import terima_kematian
from datusoban.crvs.messages import birth, record
from datusoban.crvs.models import PenerapanOtomatis, UsulanKelahiran, UsulanKematian
from datusoban.registri.models import Person
from datusoban.registri.stats import refresh_counts

from .crvs_server import orang

pytestmark = pytest.mark.django_db
SITI, ROSNA, NOBODY = "6371014506500001", "6372024506500005", "6371014101700006"
IBU, CHILD = "6371014107900011", "6371016011260001"


@pytest.fixture
def web():
    return Client()


@pytest.fixture
def proposals(make_person):
    siti = make_person(SITI, nama="Siti Aminah", tanggal_lahir=date(1950, 6, 5))
    rosna = make_person(ROSNA, nama="Rosna Hayati", desa="63.72.02.1003")
    ibu = make_person(IBU, nama="Rahmawati", hubungan_keluarga="istri")
    refresh_counts()
    deaths = [
        record(orang(nik, nama, "1950-06-05", region=nik[:2] + "." + nik[2:4], wafat="2026-03-01",
                     akta=f"KM-{nik}"), "r")
        for nik, nama in ((SITI, "Siti Aminah"), (ROSNA, "Rosna Hayati"), (NOBODY, "Idah"))
    ]  # fmt: skip
    terima_kematian(deaths, oleh="uji")
    child = orang(CHILD, "Nur Aisyah", "2026-11-20", region="63.71")
    child["parent1_identifier"] = {"identifier_type": "NIK", "identifier_value": IBU}
    terima_kelahiran([birth(child, "r")], oleh="uji")
    found = {u.nik: u for u in UsulanKematian.objects.all()}
    return siti, rosna, ibu, found, UsulanKelahiran.objects.get()


def _login(web, user_of, peran: str, wilayah: str):
    user = user_of(peran, wilayah)
    web.force_login(user)
    return user


def test_the_queue_shows_what_the_scope_holds_filtered(web, user_of, proposals):
    _login(web, user_of, "operator_kabkota", "63.71")
    page = web.get("/crvs/").content.decode()
    assert "Siti Aminah" in page and SITI in page
    assert "Rosna Hayati" not in page and "Idah" not in page  # another kab/kota; no person
    audited = AuditEvent.objects.filter(objek="usulan_kematian", aksi="cari")
    assert list(audited.values_list("nik", flat=True)) == [SITI]
    assert "<td>Kota Banjarmasin</td>" in page  # the kab/kota by its name
    web.logout()
    _login(web, user_of, "admin_provinsi", "63")
    page = web.get("/crvs/").content.decode()
    assert all(name in page for name in ("Siti Aminah", "Rosna Hayati", "Idah"))
    page = web.get("/crvs/?kabkota=63.72").content.decode()
    assert "Rosna Hayati" in page and "Siti Aminah" not in page
    page = web.get("/crvs/?status=diterapkan").content.decode()
    assert "Tidak ada usulan." in page
    page = web.get("/crvs/?jenis=kelahiran").content.decode()
    assert "Nur Aisyah" in page and "Keluarga ibu ditemukan di registri" in page


def test_a_proposal_its_evidence_and_person_masked_for_the_role(web, user_of, proposals):
    siti, _, _, found, _ = proposals
    _login(web, user_of, "analis_provinsi", "63")
    url = f"/crvs/kematian/{found[SITI].pk}/"
    page = web.get(url).content.decode()
    assert SITI not in page and "637101••••••••01" in page  # the event's number too
    assert "RSUD Ulin Banjarmasin" in page and "Nomor akta kematian" in page
    assert f'href="/orang/{siti.pk}/"' in page and "Cocok dengan satu orang menurut NIK" in page
    assert "Terapkan ke registri" not in page  # a role that may not change data
    audited = AuditEvent.objects.filter(objek="usulan_kematian", aksi="baca")
    assert list(audited.values_list("nik", flat=True)) == [SITI, SITI]  # proposal, person
    assert web.get(f"/crvs/kematian/{found[ROSNA].pk}/").status_code == 200
    assert web.get("/crvs/lainnya/1/").status_code == 404
    web.logout()
    _login(web, user_of, "operator_kabkota", "63.71")
    assert web.get(f"/crvs/kematian/{found[ROSNA].pk}/").status_code == 404
    assert web.get(f"/crvs/kematian/{found[NOBODY].pk}/").status_code == 404


def test_applied_and_refused_on_the_page(web, user_of, proposals):
    siti, _, _, found, _ = proposals
    _login(web, user_of, "operator_kabkota", "63.71")
    url = f"/crvs/kematian/{found[SITI].pk}/"
    assert "Terapkan ke registri" in web.get(url).content.decode()
    response = web.post(url + "tolak/", {"alasan": " "}, follow=True)
    assert "Isian belum lengkap" in response.content.decode()
    response = web.post(url + "terapkan/", follow=True)
    assert "tercatat meninggal" in response.content.decode()
    assert Person.objects.get(pk=siti.pk).status == "meninggal"
    response = web.post(url + "tolak/", {"alasan": "keliru"}, follow=True)
    assert "sudah diterapkan" in response.content.decode()  # decided already: said on the page
    web.logout()
    _login(web, user_of, "pendamping", "63.71")
    assert web.post(url + "terapkan/").status_code == 403


def test_a_birth_applied_on_the_page_and_hidden_from_roles_without_childrens_records(
    web, user_of, proposals
):
    *_, kelahiran = proposals
    url = f"/crvs/kelahiran/{kelahiran.pk}/"
    _login(web, user_of, "auditor", "63")
    assert web.get(url).status_code == 404
    assert "Nur Aisyah" not in web.get("/crvs/?jenis=kelahiran").content.decode()
    web.logout()
    _login(web, user_of, "operator_kabkota", "63.71")
    page = web.get(url).content.decode()
    assert "Rahmawati" in page and "Keluarga tujuan" in page
    response = web.post(url + "terapkan/", follow=True)
    assert "anak tercatat di keluarganya" in response.content.decode()
    kelahiran.refresh_from_db()
    assert Person.objects.get(pk=kelahiran.person_id).nik == CHILD


def test_an_office_switches_automatic_application(web, user_of, proposals):
    _login(web, user_of, "operator_kabkota", "63.71")
    page = web.get("/crvs/").content.decode()
    assert "Penerapan otomatis kematian" in page and "Kota Banjarbaru" not in page
    assert web.post("/crvs/otomatis/", {"kabkota": "63.71", "aktif": "1"}).status_code == 302
    assert PenerapanOtomatis.objects.get(kode_kabkota="63.71").aktif
    assert web.post("/crvs/otomatis/", {"kabkota": "63.72", "aktif": "1"}).status_code == 404
    audit = AuditEvent.objects.get(objek="penerapan_otomatis")
    assert (audit.objek_id, audit.rincian) == ("63.71", {"aktif": True})
    web.logout()
    _login(web, user_of, "pendamping", "63.71")
    assert "Penerapan otomatis kematian" not in web.get("/crvs/").content.decode()
    assert web.post("/crvs/otomatis/", {"kabkota": "63.71", "aktif": "0"}).status_code == 403


def test_tugas_saya_counts_what_waits(web, user_of, proposals):
    _login(web, user_of, "operator_kabkota", "63.71")
    page = web.get("/tugas/").content.decode()
    section = page[page.index('id="tugas-crvs"') :]
    assert 'Usulan catatan sipil <span class="meta">(2)</span>' in section
    assert "Usulan kematian" in section and "Usulan kelahiran" in section
    assert "Siti Aminah" not in page  # the inbox names no one
    web.logout()
    _login(web, user_of, "pendamping", "63.71")
    assert 'id="tugas-crvs"' not in web.get("/tugas/").content.decode()
