"""A worker that died mid-import: its job marked failed in the database with the reason at the
next worker start, shown on the job page; uploads nobody will import removed."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
from django_tasks_db.models import DBTaskResult

from datusoban.impor import workers
from datusoban.impor.tasks import new_upload_path

from .conftest import upload

pytestmark = pytest.mark.django_db(transaction=True)


def gone_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def job_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.fullmatch(r"/impor/proses/([0-9a-f-]{36})/", response["Location"]).group(1)


def test_a_job_left_running_by_a_dead_worker_fails_with_the_reason(operator, run_worker, home):
    job = job_of(upload(operator, "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin"))
    (stored,) = (home / "uploads").iterdir()
    DBTaskResult.objects.get(id=job).claim(workers.worker_id(gone_pid()))

    run_worker()  # a new worker starts: it finds the job of a worker that is gone

    row = DBTaskResult.objects.get(id=job)
    assert row.status == "FAILED"
    assert row.exception_class_path == "datusoban.impor.workers.WorkerDiedError"
    assert "prosesnya sudah tidak berjalan" in row.traceback
    page = operator.get(f"/impor/proses/{job}/").content.decode()
    assert 'data-status="gagal"' in page
    assert "Pekerja impor berhenti sebelum impor selesai (prosesnya sudah tidak berjalan)" in page
    assert not stored.exists()


def test_a_worker_that_still_runs_keeps_its_job(operator, home):
    job = job_of(upload(operator, "ppks-kabkota.csv", "ppks-kabkota", "Dinsos Kota Banjarmasin"))
    DBTaskResult.objects.get(id=job).claim(workers.worker_id())  # this process: alive
    assert workers.sweep() == []
    assert DBTaskResult.objects.get(id=job).status == "RUNNING"
    assert len(list((home / "uploads").iterdir())) == 1


def test_the_reason_a_worker_ended_reads_as_an_operator_would_say_it():
    assert workers.exit_reason(-9).startswith("dihentikan paksa (SIGKILL)")
    assert workers.exit_reason(-6).startswith("berhenti mendadak (SIGABRT)")
    assert workers.exit_reason(-15) == "dihentikan oleh SIGTERM"
    assert workers.exit_reason(1) == "keluar dengan kode 1"


def test_uploads_nobody_will_import_are_removed(home, settings):
    long_ago = time.time() - 2 * workers.ORPHAN_AFTER_S
    stale = new_upload_path(".csv")
    fresh = new_upload_path(".csv")  # a web upload between storing and queuing
    ours = new_upload_path(".xlsx", read_here=True)  # an API import of this process
    theirs = new_upload_path(".xlsx").with_name(f"p{gone_pid()}-0-{'a' * 32}.xlsx")
    for path in (stale, fresh, ours, theirs):
        path.write_bytes(b"nik,nama\n")
    os.utime(stale, (long_ago, long_ago))

    workers.sweep()

    assert sorted(p.name for p in (home / "uploads").iterdir()) == sorted([fresh.name, ours.name])
