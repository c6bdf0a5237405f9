"""Eligibility API: counts of the latest run within scope; explanations scoped, masked
(health values, children's rows) and audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from datusoban.accounts.models import Account, AuditEvent
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person
from datusoban.sasaran.eligibility_services import run_eligibility
from datusoban.sasaran.models import PeringkatKeluarga

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)
URL = "/api/v1/kelayakan"


def _family(desa: str, desil: int, *members) -> Household:
    household = Household.objects.create(wilayah_id=desa, no_kk="6371010101100001")
    for index, (nik, born, extra) in enumerate(members):
        person = Person.objects.create(
            nik=nik, nama=f"Orang {nik[-2:]}", nama_kunci=name_key(f"Orang {nik[-2:]}"),
            jenis_kelamin="P", tanggal_lahir=born, household=household,
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
        ("6371014107800001", date(1980, 7, 1), {"hamil": True}),
        ("6371015506150002", date(2015, 6, 15), {"sekolah": "sd", "disabilitas": "berjalan"}),
    )  # fmt: skip
    banjarbaru = _family("63.72.02.1003", 3, ("6372024107500003", date(1950, 7, 1), {}))
    run_eligibility(["SEMUA"], AS_OF, user="pytest")
    return banjarmasin, banjarbaru


def as_user(client, peran: str, wilayah: str):
    user = User.objects.create_user(f"{peran}.{wilayah}", password="x")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return client


def get(client, path: str, status: int = 200, **params):
    response = client.get(URL + path, params)
    assert response.status_code == status, response.content
    return response.json()


def test_counts_show_the_province_and_only_the_kabkota_in_scope(client, families):
    province = get(as_user(client, "analis_provinsi", "63"), "/PKH")
    assert [r["kode_kabkota"] for r in province["per_kabkota"]] == ["63.71", "63.72"]
    assert province["provinsi_layak"] == 2
    client.logout()
    local = get(as_user(client, "operator_kabkota", "63.72"), "/PKH")
    assert [r["kode_kabkota"] for r in local["per_kabkota"]] == ["63.72"]
    assert local["provinsi_layak"] == province["provinsi_layak"]
    assert {s["program"] for s in get(client, "/")} >= {"PKH", "BPNT", "PERMAKANAN"}
    assert get(client, "/BLT", status=404)["kode"] == "program_tidak_dikenal"


def test_counts_need_a_login(client, families):
    assert client.get(URL + "/PKH").status_code == 401


def test_a_person_outside_scope_is_not_found_and_inside_is_explained_and_audited(client, families):
    banjarmasin, banjarbaru = families
    elder = Person.objects.get(household=banjarbaru)
    operator = as_user(client, "operator_kabkota", "63.71")
    assert get(operator, f"/PERMAKANAN/orang/{elder.pk}", 404)["kode"] == "tidak_ditemukan"
    assert get(operator, f"/PKH/keluarga/{banjarbaru.pk}", 404)["kode"] == "tidak_ditemukan"
    assert not AuditEvent.objects.filter(objek="kelayakan").exists()
    mother = Person.objects.get(nik="6371014107800001")
    explained = get(operator, f"/PERMAKANAN/orang/{mother.pk}", tanggal="2025-06-30")
    assert explained["layak"] is False and explained["keluarga"] == banjarmasin.pk
    trail = AuditEvent.objects.get(objek="kelayakan")
    assert (trail.objek_id, trail.nik) == (f"orang/{mother.pk}", mother.nik)
    # A PKH explanation shows the whole family's components: every member is recorded.
    explained = get(operator, f"/PKH/orang/{mother.pk}", tanggal="2025-06-30")
    assert explained["layak"] is True
    assert AuditEvent.objects.filter(objek="kelayakan").count() == 1 + 2


def test_health_values_are_hidden_from_roles_without_health_data(client, families):
    banjarmasin, _ = families
    analyst = as_user(client, "analis_provinsi", "63")
    explained = get(analyst, f"/PKH/keluarga/{banjarmasin.pk}", tanggal="2025-06-30")
    values = [v for m in explained["komponen"] for c in m["syarat_komponen"] for v in c["nilai"]]
    hidden = {v["fakta"] for v in values if v["nilai"] is None and v["teks"] == "•••"}
    assert {"hamil", "disabilitas_berat"} <= hidden
    assert {v["teks"] for v in values if v["fakta"] == "umur"} >= {"10", "44"}
    # The sentence quoting the values quotes the hidden ones.
    child = Person.objects.get(nik="6371015506150002")
    refused = get(analyst, f"/PERMAKANAN/orang/{child.pk}", tanggal="2025-06-30")
    assert refused["layak"] is False
    assert "penyandang disabilitas = •••" in refused["ringkasan"]
    assert "berjalan" not in str(refused) and "penyandang disabilitas = ya" not in str(refused)
    # Two members shown (and the one of the second explanation): three audit rows.
    assert AuditEvent.objects.filter(objek="kelayakan").count() == 3


def test_childrens_rows_are_left_out_for_roles_without_childrens_data(client, families):
    banjarmasin, _ = families
    auditor = as_user(client, "auditor", "63")
    explained = get(auditor, f"/PKH/keluarga/{banjarmasin.pk}", tanggal="2025-06-30")
    assert [m["orang"] for m in explained["komponen"]] == [
        Person.objects.get(nik="6371014107800001").pk
    ]
    assert explained["anggota_tidak_ditampilkan"] == 1
    assert explained["layak"] is True  # the family's result still counts the child
    child = Person.objects.get(nik="6371015506150002")
    assert get(auditor, f"/ALAT_BANTU/orang/{child.pk}", 404)["kode"] == "tidak_ditemukan"
