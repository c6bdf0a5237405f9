"""Program pages: enrolments listed within scope, masked and audited; status changes
through the page (roles that may change data) with refusals shown in Indonesian; the
payment stages, overlaps and indicators within scope."""

from __future__ import annotations

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.program.models import Kepesertaan

from .enrolments import make_enrolments
from .people import CHILD_NIK, OTHER_KK, RIZKY_KK, log_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(people):
    return make_enrolments(people)


def _row(page: str, enrolment) -> bool:
    return f'data-kepesertaan="{enrolment.pk}"' in page


def test_the_list_shows_the_enrolments_in_scope_masked_and_audited(client, people, enrolled):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/program/PKH/").content.decode()
    assert _row(page, enrolled.inside) and not _row(page, enrolled.outside)
    assert RIZKY_KK in page  # an operator sees the No KK in full
    trail = AuditEvent.objects.filter(objek="kepesertaan")
    assert list(trail.values_list("objek_id", flat=True)) == [
        f"keluarga/{people.rizky.household_id}"
    ]
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    page = client.get("/program/PKH/", {"kabkota": "63.72"}).content.decode()
    assert _row(page, enrolled.outside) and not _row(page, enrolled.inside)
    assert OTHER_KK not in page and OTHER_KK[:4] in page  # masked
    page = client.get("/program/PKH/", {"status": "diusulkan"}).content.decode()
    assert not _row(page, enrolled.inside) and not _row(page, enrolled.outside)
    index = client.get("/program/").content.decode()
    assert 'href="/program/PKH/"' in index


def test_childrens_enrolments_are_left_out_for_roles_without_childrens_data(
    client, people, enrolled
):
    log_in_as(client, "staf_layanan", "63")
    page = client.get("/program/ALAT_BANTU/").content.decode()
    assert _row(page, enrolled.child) and CHILD_NIK in page
    client.logout()
    log_in_as(client, "auditor", "63")
    page = client.get("/program/ALAT_BANTU/").content.decode()
    assert not _row(page, enrolled.child) and "Ahmad Fauzan" not in page


def test_a_status_change_through_the_page_and_a_refusal_in_indonesian(client, people, enrolled):
    log_in_as(client, "operator_kabkota", "63.71")
    url = f"/program/kepesertaan/{enrolled.inside.pk}/status/"
    suspend = {"ke": "ditangguhkan", "keterangan": "Tidak hadir P2K2", "next": "/program/PKH/"}
    page = client.post(url, suspend, follow=True).content.decode()
    assert "kini &#x27;Ditangguhkan&#x27;" in page or "kini 'Ditangguhkan'" in page
    enrolled.inside.refresh_from_db()
    assert enrolled.inside.status == "ditangguhkan"
    assert AuditEvent.objects.filter(objek="kepesertaan", aksi="ubah").count() == 1
    page = client.post(url, {"ke": "keluar"}, follow=True).content.decode()
    assert "memerlukan alasan" in page  # exit without a reason: refused
    enrolled.inside.refresh_from_db()
    assert enrolled.inside.status == "ditangguhkan"
    page = client.post(url, {"ke": "keluar", "alasan": "pindah"}, follow=True).content.decode()
    enrolled.inside.refresh_from_db()
    assert enrolled.inside.status == "keluar" and enrolled.inside.alasan_keluar == "pindah"
    outside = f"/program/kepesertaan/{enrolled.outside.pk}/status/"
    assert client.post(outside, {"ke": "ditangguhkan", "keterangan": "x"}).status_code == 404
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    assert client.post(outside, {"ke": "ditangguhkan", "keterangan": "x"}).status_code == 403
    assert Kepesertaan.objects.get(pk=enrolled.outside.pk).status == "terdaftar"


def test_stages_overlaps_and_indicators_show_the_kabkota_in_scope(client, people, enrolled):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/program/PKH/tahap/", {"tahun": "2025"}).content.decode()
    assert '<tr data-kode="63.71">' in page and '<tr data-kode="63.72">' not in page
    assert "Rp750.000" in page
    assert client.get("/program/tumpang-tindih/").status_code == 200
    page = client.get("/program/indikator/", {"tahun": "2025"}).content.decode()
    assert '<tr data-kode="63.71">' in page and '<tr data-kode="63.72">' not in page
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    page = client.get("/program/PKH/tahap/", {"tahun": "2025"}).content.decode()
    assert '<tr data-kode="63.71">' in page and '<tr data-kode="63.72">' in page
