"""Eligibility explanation pages (UU 27/2022 Art. 34): every rule with its outcome and
values, components counted and the benefit, versions and the reference date; found
through the scope (404 outside), health values hidden as the role says, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from datusoban.accounts.models import AuditEvent
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person
from datusoban.sasaran.models import PeringkatKeluarga

from .people import log_in_as

pytestmark = pytest.mark.django_db
AS_OF = "2025-06-30"
MOTHER, CHILD, ELDER = "6371014107800001", "6371015506150002", "6372024107500003"


def _family(desa: str, desil: int, *members) -> Household:
    no_kk = desa.replace(".", "")[:6] + "0101100001"
    household = Household.objects.create(wilayah_id=desa, no_kk=no_kk)
    for index, (nik, nama, born, extra) in enumerate(members):
        person = Person.objects.create(
            nik=nik, nama=nama, nama_kunci=name_key(nama), jenis_kelamin="P",
            tanggal_lahir=born, household=household,
            hubungan_keluarga="kepala" if index == 0 else "anak", **extra,
        )  # fmt: skip
        Membership.objects.create(person=person, household=household, hubungan="anak")
    PeringkatKeluarga.objects.create(
        household=household, versi="2025.1", skor=13.0, desil=desil, desil_kabkota=desil,
        dihitung_pada=timezone.now(),
    )  # fmt: skip
    return household


@pytest.fixture
def families():
    banjarmasin = _family(
        "63.71.01.1001", 2,
        (MOTHER, "Siti Hamidah", date(1980, 7, 1), {"hamil": True}),
        (CHILD, "Nur Aisyah", date(2015, 6, 15), {"sekolah": "sd", "disabilitas": "berjalan"}),
    )  # fmt: skip
    banjarbaru = _family("63.72.02.1003", 3, (ELDER, "Hj. Masliah", date(1950, 7, 1), {}))
    return banjarmasin, banjarbaru


def _get(client, url: str, status: int = 200) -> str:
    response = client.get(url, {"tanggal": AS_OF})
    assert response.status_code == status
    return response.content.decode()


def test_the_person_page_links_each_programme_and_a_failed_rule_shows_its_value(client, families):
    log_in_as(client, "operator_kabkota", "63.71")
    mother = Person.objects.get(nik=MOTHER)
    page = _get(client, f"/orang/{mother.pk}/")
    assert f'href="/orang/{mother.pk}/kelayakan/PERMAKANAN/"' in page
    assert f'href="/orang/{mother.pk}/kelayakan/PKH/"' in page
    page = _get(client, f"/orang/{mother.pk}/kelayakan/PERMAKANAN/")
    assert "<strong>Tidak layak</strong>" in page
    assert "tidak terpenuhi" in page
    # The rule that failed, with the values it read.
    row = page.split('data-aturan="tunggal">')[1].split("</tr>")[0]
    assert "tidak terpenuhi" in row and "tanggal acuan) = <strong>44</strong>" in row
    assert "2025-06-30" in page and "Versi aturan" in page and "permakanan.toml" in page
    trail = AuditEvent.objects.filter(objek="kelayakan").get(objek_id=f"orang/{mother.pk}")
    assert trail.nik == MOTHER and trail.rincian["program"] == "PERMAKANAN"


def test_a_family_explanation_shows_the_components_counted_and_the_benefit(client, families):
    banjarmasin, _ = families
    log_in_as(client, "operator_kabkota", "63.71")
    assert f'href="/keluarga/{banjarmasin.pk}/kelayakan/PKH/"' in _get(
        client, f"/keluarga/{banjarmasin.pk}/"
    )
    before = AuditEvent.objects.filter(objek="kelayakan").count()
    page = _get(client, f"/keluarga/{banjarmasin.pk}/kelayakan/PKH/")
    assert "<strong>Layak</strong>" in page
    assert 'id="manfaat-per-tahun">Rp' in page
    child = Person.objects.get(nik=CHILD)
    row = page.split(f'data-orang="{child.pk}">')[1].split("</tr>")[0]
    assert "Nur Aisyah" in row and "<td>ya" in row  # the child's component is counted
    # One audit row per member shown.
    assert AuditEvent.objects.filter(objek="kelayakan").count() - before == 2


@pytest.mark.parametrize(("peran", "shown"), [("staf_layanan", True), ("analis_provinsi", False)])
def test_health_values_are_shown_only_to_roles_with_health_data(client, families, peran, shown):
    log_in_as(client, peran, "63")
    child = Person.objects.get(nik=CHILD)
    page = _get(client, f"/orang/{child.pk}/kelayakan/PERMAKANAN/")
    assert "<strong>Tidak layak</strong>" in page
    assert ("penyandang disabilitas = <strong>ya</strong>" in page) == shown
    assert ("penyandang disabilitas = <strong>•••</strong>" in page) == (not shown)
    assert ("penyandang disabilitas = •••" in page) == (not shown)  # the summary sentence


def test_outside_the_scope_and_unknown_programmes_are_not_found_and_not_audited(client, families):
    _, banjarbaru = families
    log_in_as(client, "operator_kabkota", "63.71")
    elder = Person.objects.get(nik=ELDER)
    _get(client, f"/orang/{elder.pk}/kelayakan/PERMAKANAN/", 404)
    _get(client, f"/keluarga/{banjarbaru.pk}/kelayakan/PKH/", 404)
    mother = Person.objects.get(nik=MOTHER)
    _get(client, f"/orang/{mother.pk}/kelayakan/BLT/", 404)
    assert not AuditEvent.objects.filter(objek="kelayakan").exists()


def test_a_family_asked_about_a_personal_programme_explains_each_member_it_may_see(
    client, families
):
    banjarmasin, _ = families
    log_in_as(client, "auditor", "63")  # no data_anak: the child is left out
    page = _get(client, f"/keluarga/{banjarmasin.pk}/kelayakan/PERMAKANAN/")
    assert "Siti Hamidah" in page and "Nur Aisyah" not in page and CHILD not in page
