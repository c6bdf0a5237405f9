"""Assigning cases, grievances and review pairs to a named user: the choices are the active
users whose region and role cover the item; anyone else is refused and nothing changes;
every assignment leaves an audit row; out of scope the item does not exist."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, AuditEvent
from datusoban.kasus.models import LaporanKasus
from datusoban.penautan.models import ReviewPair
from datusoban.sanggahan.models import Sanggahan

from .people import RIZKY_NIK, log_in_as
from .tasks_world import Tasks, make_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks() -> Tasks:
    return make_tasks()


def _user(username: str, peran: str, wilayah: str, **extra) -> User:
    user = User.objects.create_user(username, **extra)
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return user


def _audit(objek: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(objek=objek, aksi="ubah").order_by("pk"))


def test_a_case_is_assigned_within_its_region_and_audited(client, tasks):
    log_in_as(client, "operator_kabkota", "63.71")
    colleague = _user("operator.bjm", "operator_kabkota", "63.71", first_name="Rina")
    outsider = _user("operator.bjb", "operator_kabkota", "63.72")
    inactive = _user("operator.lama", "operator_kabkota", "63.71", is_active=False)
    case = tasks.late_case
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert 'id="form-tugaskan"' in page and "belum ditugaskan" in page
    assert f'value="{colleague.pk}"' in page
    assert f'value="{outsider.pk}"' not in page and f'value="{inactive.pk}"' not in page

    response = client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": colleague.pk})
    assert response.status_code == 302 and response["Location"] == f"/kasus/{case.pk}/"
    assert LaporanKasus.objects.get(pk=case.pk).ditugaskan_ke == colleague
    (row,) = _audit("laporan_kasus")
    assert (row.objek_id, row.nik) == (str(case.pk), RIZKY_NIK)
    assert row.rincian == {"penugasan": {"sebelum": "", "sesudah": "operator.bjm"}}
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert "Kasus ditugaskan kepada Rina." in page and "Rina (operator.bjm)" in page

    # Outside the case's region, inactive: refused with the page's message, nothing stored.
    for refused in (outsider, inactive):
        response = client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": refused.pk})
        assert response.status_code == 303 and response["Location"] == f"/kasus/{case.pk}/"
        assert "tidak dapat ditugaskan" in client.get(response["Location"]).content.decode()
    assert LaporanKasus.objects.get(pk=case.pk).ditugaskan_ke == colleague
    assert len(_audit("laporan_kasus")) == 1

    # Taken back: assigned to no one.
    client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": ""})
    assert LaporanKasus.objects.get(pk=case.pk).ditugaskan_ke is None
    assert _audit("laporan_kasus")[-1].rincian["penugasan"] == {
        "sebelum": "operator.bjm",
        "sesudah": "",
    }


def test_a_field_worker_is_offered_only_the_cases_they_filed(client, tasks):
    log_in_as(client, "operator_kabkota", "63.71")
    worker = _user("pendamping.bjm", "pendamping", "63.71")
    case = tasks.late_case  # filed by someone else: the field worker cannot open it
    response = client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": worker.pk})
    assert response.status_code == 303
    assert LaporanKasus.objects.get(pk=case.pk).ditugaskan_ke is None
    LaporanKasus.objects.filter(pk=case.pk).update(pelapor=worker)
    # Their own case, but a new report is verified by the office, not by a field worker.
    response = client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": worker.pk})
    assert response.status_code == 303
    LaporanKasus.objects.filter(pk=case.pk).update(status="diverifikasi")  # to be assessed
    response = client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": worker.pk})
    assert response.status_code == 302
    assert LaporanKasus.objects.get(pk=case.pk).ditugaskan_ke == worker


def test_another_kabkotas_case_does_not_exist_and_reading_roles_may_not_assign(client, tasks):
    colleague = _user("operator.bjm", "operator_kabkota", "63.71")
    log_in_as(client, "operator_kabkota", "63.71")
    other = tasks.other_case
    response = client.post(f"/kasus/{other.pk}/tugaskan/", {"ditugaskan_ke": colleague.pk})
    assert response.status_code == 404
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    case = tasks.late_case
    assert 'id="form-tugaskan"' not in client.get(f"/kasus/{case.pk}/").content.decode()
    response = client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": colleague.pk})
    assert response.status_code == 403
    assert LaporanKasus.objects.get(pk=case.pk).ditugaskan_ke is None
    assert not _audit("laporan_kasus")


def test_bad_input_is_said_in_indonesian(client, tasks):
    log_in_as(client, "operator_kabkota", "63.71")
    case = tasks.late_case
    response = client.post(f"/kasus/{case.pk}/tugaskan/", {"ditugaskan_ke": "siapa"})
    assert response.status_code == 303
    assert "pilih pengguna dari daftar" in client.get(f"/kasus/{case.pk}/").content.decode()


def test_a_grievance_is_assigned_to_a_verifier_of_its_region(client, tasks):
    log_in_as(client, "admin_provinsi", "63")
    verifier = _user("operator.bjm", "operator_kabkota", "63.71")
    worker = _user("pendamping.bjm", "pendamping", "63.71")  # records, does not verify
    outsider = _user("operator.bjb", "operator_kabkota", "63.72")
    grievance = tasks.grievance
    page = client.get(f"/sanggahan/{grievance.pk}/").content.decode()
    assert f'value="{verifier.pk}"' in page
    assert f'value="{worker.pk}"' not in page and f'value="{outsider.pk}"' not in page
    for refused in (worker, outsider):
        response = client.post(
            f"/sanggahan/{grievance.pk}/tugaskan/", {"ditugaskan_ke": refused.pk}
        )
        assert response.status_code == 302 and response["Location"] == f"/sanggahan/{grievance.pk}/"
    assert Sanggahan.objects.get(pk=grievance.pk).ditugaskan_ke is None
    assert not _audit("sanggahan")
    client.post(f"/sanggahan/{grievance.pk}/tugaskan/", {"ditugaskan_ke": verifier.pk})
    assert Sanggahan.objects.get(pk=grievance.pk).ditugaskan_ke == verifier
    (row,) = _audit("sanggahan")
    assert row.nik == RIZKY_NIK and row.rincian["penugasan"]["sesudah"] == "operator.bjm"


def test_another_kabkotas_grievance_does_not_exist(client, tasks):
    verifier = _user("operator.bjb", "operator_kabkota", "63.72")
    log_in_as(client, "operator_kabkota", "63.71")
    other = tasks.other_grievance
    response = client.post(f"/sanggahan/{other.pk}/tugaskan/", {"ditugaskan_ke": verifier.pk})
    assert response.status_code == 404
    assert Sanggahan.objects.get(pk=other.pk).ditugaskan_ke is None


def test_a_review_pair_is_assigned_to_a_reviewer_who_sees_both_records(client, tasks):
    log_in_as(client, "admin_provinsi", "63")
    reviewer = _user("operator.bjm", "operator_kabkota", "63.71")
    auditor = _user("auditor.bjm", "auditor", "63.71")  # reads the queue, does not decide
    pairs = tasks.pairs
    page = client.get(f"/penautan/pasangan/{pairs.inside.pk}/").content.decode()
    assert f'value="{reviewer.pk}"' in page and f'value="{auditor.pk}"' not in page
    # The outside pair reaches into Banjarbaru: a Banjarmasin reviewer cannot open it.
    page = client.get(f"/penautan/pasangan/{pairs.outside.pk}/").content.decode()
    assert f'value="{reviewer.pk}"' not in page
    url = f"/penautan/pasangan/{pairs.outside.pk}/tugaskan/"
    response = client.post(url, {"ditugaskan_ke": reviewer.pk})
    assert response.status_code == 303
    assert ReviewPair.objects.get(pk=pairs.outside.pk).ditugaskan_ke is None
    response = client.post(
        f"/penautan/pasangan/{pairs.inside.pk}/tugaskan/", {"ditugaskan_ke": reviewer.pk}
    )
    assert response.status_code == 302
    assert ReviewPair.objects.get(pk=pairs.inside.pk).ditugaskan_ke == reviewer
    rows = _audit("pasangan_tinjauan")
    assert sorted(r.nik for r in rows) == sorted([RIZKY_NIK, tasks.people.siti.nik])
    assert {r.rincian["pasangan"] for r in rows} == {pairs.inside.pk}
    # Now mine in the reviewer's inbox.
    client.force_login(reviewer)
    page = client.get("/tugas/").content.decode()
    mine = page.index("Ditugaskan kepada saya")
    assert mine < page.index(f'href="/penautan/pasangan/{pairs.inside.pk}/"')


def test_pairs_out_of_reach_or_roles_that_do_not_decide(client, tasks):
    reviewer = _user("operator.bjm", "operator_kabkota", "63.71")
    log_in_as(client, "operator_kabkota", "63.71")
    url = f"/penautan/pasangan/{tasks.pairs.outside.pk}/tugaskan/"
    assert client.post(url, {"ditugaskan_ke": reviewer.pk}).status_code == 404
    client.logout()
    log_in_as(client, "auditor", "63")
    url = f"/penautan/pasangan/{tasks.pairs.inside.pk}/tugaskan/"
    assert client.post(url, {"ditugaskan_ke": reviewer.pk}).status_code == 403
    assert not ReviewPair.objects.filter(ditugaskan_ke__isnull=False).exists()
