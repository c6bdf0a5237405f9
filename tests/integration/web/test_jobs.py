"""Operator jobs from the pages: each started by its button, run by the real worker in this
process, its result page and its effect on the registry; who may start which; the same
job refused while it waits; a job whose worker died; the history within the user's scope."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from datusoban.accounts.models import Account, AuditEvent
from datusoban.impor.workers import worker_id
from datusoban.pekerjaan.models import TautanOtomatis
from datusoban.program.models import TahapBayar
from datusoban.program.services import change_status, propose
from datusoban.registri.models import ImportBatch, Person, SourceRecord
from datusoban.sasaran.models import (
    AlokasiAnggaran,
    KetepatanSasaran,
    PenilaianKelayakan,
    PeringkatKeluarga,
)
from datusoban.sasaran.services import rank_registry

from .conftest import SAMPLES, upload
from .people import log_in_as

# The worker commits and closes its connections, as in use: no wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)
JOB = re.compile(r"/pekerjaan/([0-9a-f-]{36})/")


def job_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return JOB.fullmatch(response["Location"]).group(1)


def gone_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def status_of(page: str) -> str:
    return re.search(r'id="status-pekerjaan"[^>]*data-status="(\w+)"', page).group(1)


def imported_batch(client, run_worker, name="ppks-kabkota.csv", content=None) -> ImportBatch:
    response = upload(client, name, "ppks-kabkota", "Dinsos Kota Banjarmasin", content)
    assert response.status_code == 302, response.content.decode()[:2000]
    run_worker()
    return ImportBatch.objects.order_by("-pk").first()


def test_a_batch_is_linked_from_its_page_and_the_result_says_what_happened(
    client, run_worker, people
):
    log_in_as(client, "operator_kabkota", "63.71")
    batch = imported_batch(client, run_worker)
    waiting = SourceRecord.objects.filter(batch=batch, person__isnull=True).count()
    assert waiting > 0
    page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert 'id="tautkan-batch"' in page and "belum tertaut" in page
    persons = Person.objects.count()

    job = job_of(client.post("/pekerjaan/mulai/tautkan/", {"batch": batch.pk}))
    page = client.get(f"/pekerjaan/{job}/").content.decode()
    assert status_of(page) == "antre" and "hx-get" in page
    # The batch page points at the waiting job instead of offering a second one.
    page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert 'id="penautan-berjalan"' in page and 'id="tautkan-batch"' not in page
    assert not SourceRecord.objects.filter(batch=batch, person__isnull=False).exists()

    run_worker()

    page = client.get(f"/pekerjaan/{job}/status/").content.decode()
    assert status_of(page) == "selesai" and "hx-get" not in page  # polling stops
    assert f"rekaman batch {batch.pk} ditautkan ke registri" in page
    assert f'href="/impor/batch/{batch.pk}/"' in page
    assert not SourceRecord.objects.filter(batch=batch, person__isnull=True).exists()
    assert Person.objects.count() > persons
    page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert "sudah tertaut" in page and 'id="tautkan-batch"' not in page
    # Linking it again has nothing to do, and says so.
    job = job_of(client.post("/pekerjaan/mulai/tautkan/", {"batch": batch.pk}))
    run_worker()
    assert "registri tidak berubah" in client.get(f"/pekerjaan/{job}/").content.decode()


def test_linking_is_refused_to_read_only_roles_and_another_region(client, run_worker, people):
    log_in_as(client, "operator_kabkota", "63.71")
    batch = imported_batch(client, run_worker)
    client.logout()
    log_in_as(client, "auditor", "63.71")
    page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert 'id="tautkan-batch"' not in page and 'id="atur-tautan-otomatis"' not in page
    response = client.post("/pekerjaan/mulai/tautkan/", {"batch": batch.pk})
    assert response.status_code == 403 and "hanya boleh membaca" in response.content.decode()
    assert client.post(f"/impor/sumber/{batch.source_id}/tautan-otomatis/").status_code == 403
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.post("/pekerjaan/mulai/tautkan/", {"batch": batch.pk}).status_code == 404
    assert client.post(f"/impor/sumber/{batch.source_id}/tautan-otomatis/").status_code == 404
    assert not DBTaskResult.objects.filter(task_path__endswith="run_job").exists()


def test_a_source_set_to_link_automatically_links_each_import_after_it(client, run_worker, people):
    operator = log_in_as(client, "operator_kabkota", "63.71")
    first = imported_batch(client, run_worker)
    response = client.post(
        f"/impor/sumber/{first.source_id}/tautan-otomatis/", {"aktif": "1", "batch": first.pk}
    )
    assert response.status_code == 302 and response["Location"] == f"/impor/batch/{first.pk}/"
    assert TautanOtomatis.objects.get(source=first.source).diubah_oleh == operator.username
    page = client.get(f"/impor/batch/{first.pk}/").content.decode()
    assert "ditautkan otomatis setelah selesai" in page and "Hentikan tautan otomatis" in page

    content = (SAMPLES / "ppks-kabkota.csv").read_bytes().replace(b"\n", b"\r\n")
    second = imported_batch(client, run_worker, content=content)  # the worker links it too
    assert second.pk != first.pk
    assert not SourceRecord.objects.filter(batch=second, person__isnull=True).exists()
    assert SourceRecord.objects.filter(batch=first, person__isnull=True).exists()  # before
    history = client.get("/pekerjaan/").content.decode()
    assert f"Penautan batch {second.pk} ke registri" in history
    assert 'data-jenis="impor"' in history

    client.post(f"/impor/sumber/{first.source_id}/tautan-otomatis/", {"aktif": "0"})
    assert not TautanOtomatis.objects.exists()


def test_province_jobs_start_from_the_sasaran_pages_and_store_their_runs(
    client, run_worker, people
):
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/sasaran/").content.decode()
    for kind in ("peringkat", "kelayakan", "ketepatan"):
        assert f'id="mulai-{kind}"' in page
    assert "datusoban " not in page
    assert 'id="mulai-kelayakan"' in client.get("/sasaran/kelayakan/PKH/").content.decode()
    assert 'id="mulai-ketepatan"' in client.get("/sasaran/ketepatan/").content.decode()

    ranked = job_of(client.post("/pekerjaan/mulai/peringkat/"))
    run_worker()
    judged = job_of(client.post("/pekerjaan/mulai/kelayakan/"))
    measured = job_of(client.post("/pekerjaan/mulai/ketepatan/"))
    run_worker()

    page = client.get(f"/pekerjaan/{ranked}/").content.decode()
    assert status_of(page) == "selesai" and "keluarga diberi peringkat" in page
    assert PeringkatKeluarga.objects.exists()
    page = client.get(f"/pekerjaan/{judged}/").content.decode()
    assert status_of(page) == "selesai" and 'href="/sasaran/kelayakan/PKH/"' in page
    assert PenilaianKelayakan.objects.filter(program_id="PKH", dihitung_oleh="admin_provinsi.63")
    page = client.get(f"/pekerjaan/{measured}/").content.decode()
    assert status_of(page) == "selesai" and "PKH: galat inklusi" in page
    assert KetepatanSasaran.objects.filter(program_id="PKH").exists()
    history = client.get("/pekerjaan/").content.decode()
    assert history.count('data-status="selesai"') == 3 and "admin_provinsi.63" in history


@pytest.mark.parametrize(
    ("peran", "wilayah", "why"),
    [
        ("analis_provinsi", "63", "hanya boleh membaca"),
        ("operator_kabkota", "63.71", "hanya pengguna tingkat provinsi"),
    ],
)
def test_province_jobs_are_refused_to_other_roles(client, people, peran, wilayah, why):
    log_in_as(client, peran, wilayah)
    assert 'id="mulai-peringkat"' not in client.get("/sasaran/").content.decode()
    for kind in ("peringkat", "kelayakan", "ketepatan"):
        response = client.post(f"/pekerjaan/mulai/{kind}/")
        assert response.status_code == 403 and why in response.content.decode()
    response = client.post("/pekerjaan/mulai/tahap/", {"program": "PKH", "tahun": "2025"})
    assert response.status_code == 403
    assert not DBTaskResult.objects.exists()


def test_the_same_job_is_refused_while_it_waits(client, people):
    log_in_as(client, "admin_provinsi", "63")
    first = job_of(client.post("/pekerjaan/mulai/kelayakan/"))
    again = client.post("/pekerjaan/mulai/kelayakan/", follow=True)
    assert again.redirect_chain[-1][0] == f"/pekerjaan/{first}/"
    assert "sudah diantrekan" in again.content.decode()
    assert DBTaskResult.objects.count() == 1
    page = client.get("/sasaran/").content.decode()
    assert 'id="mulai-kelayakan"' not in page and f'href="/pekerjaan/{first}/"' in page
    # Another job is not the same job.
    assert job_of(client.post("/pekerjaan/mulai/ketepatan/")) != first


def test_payment_stages_are_created_from_the_stage_page(client, run_worker, people):
    enrolment = propose(
        "BPNT", household=people.rizky.household, oleh="uji", tanggal=date(2025, 1, 2)
    )
    change_status(enrolment, "diverifikasi", oleh="uji", tanggal=date(2025, 1, 3))
    change_status(enrolment, "terdaftar", oleh="uji", tanggal=date(2025, 1, 4))
    log_in_as(client, "admin_provinsi", "63")
    page = client.get("/program/BPNT/tahap/?tahun=2025").content.decode()
    assert 'id="mulai-tahap"' in page and "datusoban " not in page
    job = job_of(client.post("/pekerjaan/mulai/tahap/", {"program": "BPNT", "tahun": "2025"}))
    run_worker()
    page = client.get(f"/pekerjaan/{job}/").content.decode()
    created = TahapBayar.objects.filter(kepesertaan=enrolment, tahun=2025).count()
    assert status_of(page) == "selesai" and created > 0
    assert f"BPNT 2025: {created} tahap bayar baru untuk 1 peserta" in page
    assert 'href="/program/BPNT/tahap/?tahun=2025"' in page
    # Again: the stages are there already, nothing is added.
    job = job_of(client.post("/pekerjaan/mulai/tahap/", {"program": "BPNT", "tahun": "2025"}))
    run_worker()
    assert f"{created} tahap sudah ada" in client.get(f"/pekerjaan/{job}/").content.decode()
    assert TahapBayar.objects.filter(kepesertaan=enrolment).count() == created
    # A programme not paid in stages offers no button, and its job is refused on the page.
    assert 'id="mulai-tahap"' not in client.get("/program/ATENSI/tahap/").content.decode()
    refused = client.post("/pekerjaan/mulai/tahap/", {"program": "ATENSI", "tahun": "2025"})
    assert refused["Location"] == "/program/ATENSI/tahap/?tahun=2025"
    assert "tidak dibayar bertahap" in client.get(refused["Location"]).content.decode()


def test_a_kabkota_allocation_is_saved_by_its_job_over_the_kabkota_only(
    client, run_worker, people, trail_emptied
):
    rank_registry()
    log_in_as(client, "operator_kabkota", "63.71")
    form = {"program": "PKH", "jumlah": "1", "anggaran": "", "banding": "", "peserta": ""}
    job = job_of(client.post("/sasaran/alokasi/", {**form, "simpan": "1"}))
    assert "Alokasi PKH dan usulan penerima" in client.get(f"/pekerjaan/{job}/").content.decode()
    run_worker()
    run = AlokasiAnggaran.objects.get()
    assert run.wilayah == "63.71" and run.dihitung_oleh == "operator_kabkota.63.71"
    page = client.get(f"/pekerjaan/{job}/").content.decode()
    assert status_of(page) == "selesai" and f'href="/sasaran/alokasi/{run.pk}/"' in page
    assert AuditEvent.objects.filter(objek="alokasi", objek_id=str(run.pk)).exists()
    # Another kab/kota's user does not see the job.
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.get(f"/pekerjaan/{job}/").status_code == 404


def test_a_user_who_lost_the_right_meanwhile_gets_a_refusal_not_a_run(client, run_worker, people):
    user = log_in_as(client, "admin_provinsi", "63")
    job = job_of(client.post("/pekerjaan/mulai/peringkat/"))
    Account.objects.filter(user=user).update(peran="analis_provinsi")
    run_worker()
    page = client.get(f"/pekerjaan/{job}/").content.decode()
    assert status_of(page) == "ditolak" and "hanya boleh membaca" in page
    assert not PeringkatKeluarga.objects.exists()


def test_a_job_whose_worker_died_is_shown_failed_and_no_longer_blocks(client, people):
    log_in_as(client, "admin_provinsi", "63")
    job = job_of(client.post("/pekerjaan/mulai/peringkat/"))
    # Claimed by a worker that never wrote its progress, long ago: it died.
    DBTaskResult.objects.filter(pk=job).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5)
    )
    page = client.get(f"/pekerjaan/{job}/").content.decode()
    assert status_of(page) == "gagal" and "Pekerja latar belakang berhenti" in page
    assert "Traceback" not in page
    assert job_of(client.post("/pekerjaan/mulai/peringkat/")) != job


def test_a_job_left_running_by_a_dead_worker_fails_with_the_reason_at_the_next_start(
    client, run_worker, people
):
    log_in_as(client, "admin_provinsi", "63")
    job = job_of(client.post("/pekerjaan/mulai/peringkat/"))
    DBTaskResult.objects.get(id=job).claim(worker_id(gone_pid()))

    run_worker()  # a new worker starts: it finds the job of a worker that is gone

    row = DBTaskResult.objects.get(id=job)
    assert row.status == "FAILED" and row.exception_class_path.endswith(".WorkerDiedError")
    page = client.get(f"/pekerjaan/{job}/").content.decode()
    assert status_of(page) == "gagal" and "(prosesnya sudah tidak berjalan)" in page
    assert not PeringkatKeluarga.objects.exists()


def test_jobs_and_history_are_seen_within_the_region(client, run_worker, people):
    log_in_as(client, "operator_kabkota", "63.71")
    batch = imported_batch(client, run_worker)
    job = job_of(client.post("/pekerjaan/mulai/tautkan/", {"batch": batch.pk}))
    assert f"Penautan batch {batch.pk}" in client.get("/pekerjaan/").content.decode()
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.get(f"/pekerjaan/{job}/").status_code == 404
    assert client.get(f"/pekerjaan/{job}/status/").status_code == 404
    page = client.get("/pekerjaan/").content.decode()
    assert f"Penautan batch {batch.pk}" not in page and "Belum ada pekerjaan" in page
    client.logout()
    log_in_as(client, "admin_provinsi", "63")
    assert client.get(f"/pekerjaan/{job}/").status_code == 200


def test_the_automatic_linking_knows_the_import_task_by_its_path():
    from datusoban.impor.tasks import import_upload
    from datusoban.pekerjaan.autolink import IMPORT_TASK

    assert import_upload.module_path == IMPORT_TASK
