"""The grievance pages: recording one (anonymous, with evidence), verifying it from its page
with the effect on the enrolment, out of scope not found, roles that may not verify."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from datusoban.program import services as programs
from datusoban.program.models import Kepesertaan
from datusoban.sanggahan.models import Sanggahan

from .people import RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"0" * 32
NOT_PROVEN = {"hasil": "tidak_terbukti", "tindak_lanjut": "tidak_ada"}


@pytest.fixture
def enrolment(people: People):
    enrolment = programs.propose("BPNT", household=people.rizky.household, oleh="uji")
    programs.change_status(enrolment, "diverifikasi", oleh="uji")
    return programs.change_status(enrolment, "terdaftar", oleh="uji")


def _record(client, **extra):
    data = {"kategori": "inklusi", "kecamatan": "63.71.01", "desa": "63.71.01.1001",
            "nik": RIZKY_NIK, "program": "BPNT", "uraian": "Punya toko besar",
            "diterima": "2026-03-02", **extra}  # fmt: skip
    return client.post("/sanggahan/baru/", data)


def test_record_and_verify_with_its_effect(client, people, enrolment):
    log_in_as(client, "operator_kabkota", "63.71")
    assert client.get("/sanggahan/baru/").status_code == 200
    response = _record(client, bukti=SimpleUploadedFile("toko.pdf", PDF))
    grievance = Sanggahan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sanggahan/{grievance.pk}/"
    assert (grievance.kepesertaan_id, str(grievance.batas)) == (enrolment.pk, "2026-03-16")
    page = client.get(f"/sanggahan/{grievance.pk}/").content.decode()
    assert "anonim" in page and "Moh. Rizky" in page and 'id="form-verifikasi"' in page
    bukti = grievance.bukti.get()
    served = client.get(f"/sanggahan/{grievance.pk}/bukti/{bukti.pk}/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    outcome = {"hasil": "terbukti", "tindak_lanjut": "tangguhkan", "catatan": "dicek"}
    client.post(f"/sanggahan/{grievance.pk}/verifikasi/", outcome)
    assert Kepesertaan.objects.get(pk=enrolment.pk).status == "ditangguhkan"
    assert Sanggahan.objects.get().status == "diverifikasi"


def test_refused_effect_is_shown_and_nothing_saved(client, people, enrolment):
    log_in_as(client, "operator_kabkota", "63.71")
    _record(client)
    grievance = Sanggahan.objects.get()
    page = client.post(f"/sanggahan/{grievance.pk}/verifikasi/",
                       {"hasil": "terbukti", "tindak_lanjut": "usulkan"}, follow=True)  # fmt: skip
    assert "tidak sesuai kategori" in page.content.decode()
    assert Sanggahan.objects.get().status == "diterima"


def test_scope_and_roles(client, people, enrolment):
    from django.contrib.auth.models import User

    log_in_as(client, "operator_kabkota", "63.71")
    _record(client)
    grievance = Sanggahan.objects.get()
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.get(f"/sanggahan/{grievance.pk}/").status_code == 404
    post = client.post(f"/sanggahan/{grievance.pk}/verifikasi/", NOT_PROVEN)
    assert post.status_code == 404
    client.logout()
    log_in_as(client, "pendamping", "63.71")
    assert 'id="form-verifikasi"' not in client.get(f"/sanggahan/{grievance.pk}/").content.decode()
    post = client.post(f"/sanggahan/{grievance.pk}/verifikasi/", NOT_PROVEN)
    assert post.status_code == 403
    assert Sanggahan.objects.get().status == "diterima"
    client.force_login(User.objects.get(username="operator_kabkota.63.72"))
    assert client.get("/sanggahan/baru/").status_code == 200
    assert _record(client).status_code == 400  # Rizky is not in Banjarbaru's registry
