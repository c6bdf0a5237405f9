"""The batch page with its quality report, the XLSX download, and a job whose worker died."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import fastexcel
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from datusoban.impor.progress import STALE_AFTER_S, progress_path
from datusoban.registri.models import ImportBatch

from .conftest import upload
from .test_upload_job import job_id_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_batch_page_reports_quality_and_the_xlsx_neutralises_formulas(
    operator, run_worker, tmp_path
):
    job_id_of(upload(operator, "lks.csv", "lks", "LKS Budi Mulia"))
    run_worker()
    batch = ImportBatch.objects.get()
    page = operator.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert "Kelengkapan dan validitas per kolom" in page
    assert re.search(r'id="nik-valid">\d+%<', page)
    assert "Alasan karantina" in page and "rumus" in page.lower()  # the formula cell's reason
    assert "Padan dengan ekspor nasional" in page
    assert f"/impor/batch/{batch.pk}/mutu.xlsx" in page

    response = operator.get(f"/impor/batch/{batch.pk}/mutu.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    saved = tmp_path / "mutu.xlsx"
    saved.write_bytes(response.content)
    book = fastexcel.read_excel(saved)
    # The report holds counts; the rows leave only as an export with a purpose, formulas
    # neutralised there too (test_batch_scope.py).
    assert {"Ringkasan", "Kolom", "Alasan"} == set(book.sheet_names)


def test_a_job_whose_worker_died_is_shown_as_failed_not_running(operator):
    job = job_id_of(upload(operator, "lks.csv", "lks", "LKS Budi Mulia"))
    # A worker claimed it, wrote progress, then stopped answering (killed, machine off).
    task = DBTaskResult.objects.get(pk=job)
    task.claim("pekerja-yang-mati")
    path = progress_path(job)
    beat = time.time()
    state = {"job": job, "status": "berjalan", "tahap": "simpan", "selesai": 1, "jumlah": 3}
    path.write_text(json.dumps({**state, "diperbarui": beat}), encoding="utf-8")
    assert 'data-status="berjalan"' in operator.get(f"/impor/proses/{job}/status/").content.decode()

    path.write_text(json.dumps({**state, "diperbarui": beat - STALE_AFTER_S - 5}), encoding="utf-8")
    page = operator.get(f"/impor/proses/{job}/status/").content.decode()
    assert 'data-status="gagal"' in page and "Pekerja impor berhenti" in page
    assert "hx-trigger" not in page  # the page stops polling

    # Claimed long ago and never a word: the same.
    path.unlink()
    DBTaskResult.objects.filter(pk=job).update(started_at=timezone.now() - timedelta(minutes=5))
    assert 'data-status="gagal"' in operator.get(f"/impor/proses/{job}/status/").content.decode()


def test_an_unknown_job_is_not_found(operator):
    assert operator.get("/impor/proses/6b0d1bb2-7f53-4c4e-9a7e-2d4b1f1e8c11/").status_code == 404
