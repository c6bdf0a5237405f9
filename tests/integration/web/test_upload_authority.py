"""Who may upload under which source (ingest.authority), when queued and again in the job,
and whose jobs a user sees. Every user also holds the Django permission to add import
batches: it is not what decides."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django_tasks_db.models import DBTaskResult

from datusoban.accounts.models import Account
from datusoban.registri.models import ImportBatch

from .conftest import upload
from .people import log_in_as
from .test_upload_job import job_id_of

pytestmark = pytest.mark.django_db(transaction=True)
BANJARMASIN = "Dinsos Kota Banjarmasin"
READ_ONLY = "hanya boleh membaca"


def as_user(client, peran: str, wilayah: str):
    user = log_in_as(client, peran, wilayah)
    user.user_permissions.add(Permission.objects.get(codename="add_importbatch"))
    return user


@pytest.mark.parametrize(
    ("peran", "wilayah", "source", "profile", "file", "why"),
    [
        ("auditor", "63.71", BANJARMASIN, "ppks-kabkota", "ppks-kabkota.csv", READ_ONLY),
        ("pendamping", "63", "Kemensos DTSEN", "dtsen", "dtsen.csv", READ_ONLY),
        ("operator_kabkota", "63.71", "Dinsos Kabupaten Banjar", "ppks-kabkota",
         "ppks-kabkota.csv", "milik wilayah 63.03"),
        ("operator_kabkota", "63.71", "Kemensos DTSEN", "dtsen", "dtsen.csv", "seluruh provinsi"),
        ("operator_kabkota", "63.71.01", BANJARMASIN, "ppks-kabkota", "ppks-kabkota.csv",
         "milik wilayah 63.71"),
    ],
)  # fmt: skip
def test_a_refused_upload_says_why_and_queues_nothing(
    client, peran, wilayah, source, profile, file, why
):
    as_user(client, peran, wilayah)
    response = upload(client, file, profile, source)
    assert response.status_code == 403
    assert why in response.content.decode()
    assert not DBTaskResult.objects.exists() and not ImportBatch.objects.exists()


def test_an_operator_imports_under_their_own_kabkota_and_a_change_of_role_stops_the_job(
    client, run_worker
):
    user = as_user(client, "operator_kabkota", "63.71")
    assert "Unggah berkas" in client.get("/impor/").content.decode()
    job = job_id_of(upload(client, "ppks-kabkota.csv", "ppks-kabkota", BANJARMASIN))
    run_worker()
    batch = ImportBatch.objects.get()
    assert batch.source.wilayah_id == "63.71" and batch.diimpor_oleh == user.username

    # Queued, then the user's role changes before the worker runs it: the job refuses.
    content = b"nik,nama,jenis_kelamin\n6371011203800001,Uji,L\n"
    second = job_id_of(upload(client, "kedua.csv", "ppks-kabkota", BANJARMASIN, content))
    Account.objects.filter(user=user).update(peran="auditor")
    run_worker()
    page = client.get(f"/impor/proses/{second}/").content.decode()
    assert 'data-status="ditolak"' in page and "hanya boleh membaca" in page
    assert ImportBatch.objects.count() == 1
    assert client.get(f"/impor/proses/{job}/").status_code == 200


def test_jobs_of_another_kabkota_are_not_found(client, run_worker):
    as_user(client, "operator_kabkota", "63.71")
    bjm = job_id_of(upload(client, "ppks-kabkota.csv", "ppks-kabkota", BANJARMASIN))
    client.logout()
    as_user(client, "admin_provinsi", "63")
    province = job_id_of(upload(client, "dtsen.csv", "dtsen", "Kemensos DTSEN"))
    run_worker()
    client.logout()
    as_user(client, "operator_kabkota", "63.03")
    for url in (f"/impor/proses/{bjm}/", f"/impor/proses/{bjm}/status/"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/impor/proses/{province}/").status_code == 200
    listing = client.get("/impor/").content.decode()
    assert f"/impor/proses/{bjm}/" not in listing and f"/impor/proses/{province}/" in listing
    bjm_batch = ImportBatch.objects.get(source__wilayah_id="63.71")
    assert f"/impor/batch/{bjm_batch.pk}/" not in listing
    assert client.get(f"/impor/batch/{bjm_batch.pk}/").status_code == 404
