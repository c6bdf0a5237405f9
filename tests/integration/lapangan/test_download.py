"""'Unduh pekerjaan saya': only the worker's own households, masked as the role's pages
mask them, one audit row per person downloaded."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from datusoban.accounts.models import AuditEvent
from datusoban.lapangan.models import Unduhan

from .conftest import KEC_A, KEC_B

pytestmark = pytest.mark.django_db
URL = "/lapangan/unduh/"


def _download(user) -> tuple[int, dict]:
    client = Client()
    client.force_login(user)
    response = client.get(URL)
    return response.status_code, response.json()


def test_a_pendamping_downloads_their_own_caseload_only(make_worker, make_family):
    worker = make_worker("pendamping.p1", kode="P1")
    make_worker("pendamping.p2", kode="P2")
    mine = [make_family(pendamping="P1") for _ in range(2)]
    theirs = make_family(pendamping="P2")
    make_family()  # in the same kecamatan, in no caseload

    status, data = _download(worker)

    assert status == 200
    assert [h["id"] for h in data["keluarga"]] == [h.pk for h, _, _ in mine]
    assert theirs[0].pk not in [h["id"] for h in data["keluarga"]]
    family = data["keluarga"][0]
    household, adult, child = mine[0]
    # A pendamping's role sees identifiers in full, children and health data (roles.toml).
    assert family["no_kk"] == household.no_kk
    assert [m["nik"] for m in family["anggota"]] == [adult.nik, child.nik]
    assert family["anggota"][0]["disabilitas"] == "Kesulitan berjalan/naik tangga"
    assert family["nilai"]["lantai"] == "semen" and family["nilai"]["luas_lantai"] == 36
    assert {"field": "aset_motor", "label": "Sepeda motor", "jenis": "ya_tidak"} in data["variabel"]
    assert Unduhan.objects.get(pk=data["unduhan"]).keluarga == [h.pk for h, _, _ in mine]


def test_every_person_downloaded_gets_one_audit_row(make_worker, make_family):
    worker = make_worker("pendamping.p1", kode="P1")
    people = [p for _ in range(3) for p in make_family(pendamping="P1")[1:]]
    AuditEvent.objects.all().delete()

    _download(worker)

    rows = AuditEvent.objects.filter(pengguna=worker)
    assert sorted(rows.values_list("objek_id", flat=True)) == sorted(str(p.pk) for p in people)
    assert set(rows.values_list("tujuan", flat=True)) == {"verifikasi lapangan"}
    assert set(rows.values_list("nik", flat=True)) == {p.nik for p in people}


def test_a_role_without_full_identifiers_gets_them_masked_and_no_children(make_worker, make_family):
    # A TKSK whose login has the auditor's role: no full NIK, no children, no health data.
    worker = make_worker("tksk.a", "tksk", role="auditor")
    household, adult, child = make_family()

    status, data = _download(worker)

    assert status == 200
    (family,) = data["keluarga"]
    assert family["no_kk"] != household.no_kk and family["no_kk"].startswith(household.no_kk[:6])
    (member,) = family["anggota"]
    assert member["id"] == adult.pk and member["nik"] == adult.nik[:6] + "•" * 8 + adult.nik[-2:]
    assert "disabilitas" not in member and "hamil" not in member
    assert child.nik not in str(data)
    assert not AuditEvent.objects.filter(objek_id=str(child.pk), pengguna=worker).exists()


@override_settings(LAPANGAN_BATAS_KELUARGA=2)
def test_a_tksk_gets_their_kecamatan_up_to_the_cap(make_worker, make_family):
    worker = make_worker("tksk.a", "tksk")
    homes = [make_family(KEC_A)[0] for _ in range(3)]
    make_family(KEC_B)

    status, data = _download(worker)

    assert status == 200
    assert [h["id"] for h in data["keluarga"]] == [h.pk for h in homes[:2]]


def test_a_login_that_is_no_field_worker_has_nothing_to_download(make_user, make_family):
    operator = make_user("operator", "operator_kabkota", "63.71")
    make_family(pendamping="P1")

    status, data = _download(operator)

    assert status == 403
    assert "pendamping PKH, TKSK, PSM atau Tagana" in data["pesan"]
    assert not Unduhan.objects.exists()
    assert Client().get(URL).status_code == 302  # anonymous: to the login page
