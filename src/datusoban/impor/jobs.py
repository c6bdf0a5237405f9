"""Imports queued from the web: put one in the queue, and tell what became of it.

A job's state comes from two places: the task result in the database (queued,
running, finished, failed) and the progress file the worker writes while the
import's transaction keeps its own writes out of sight (see progress.py). A
job still marked running whose progress file has gone quiet belongs to a worker
that died: it is shown as failed, not as running forever.

A job carries the region of its source, resolved when it is queued: a user sees the
jobs of sources they may see (authority.sees_region), as they see the batches.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.impor.authority import sees_region
from datusoban.impor.progress import STALE_AFTER_S, is_stale, read_progress
from datusoban.impor.tasks import import_upload
from datusoban.impor.workers import failure_message

WORKER_DIED = (
    "Pekerja impor berhenti sebelum impor selesai; impor dibatalkan seluruhnya dan tidak ada "
    "data yang disimpan. Unggah ulang berkas (berkas yang sudah tercatat tidak akan diimpor dua "
    "kali)."
)
FINISHED = frozenset({"selesai", "ditolak", "gagal"})


@dataclass(frozen=True)
class Job:
    id: str
    status: str  # antre | berjalan | selesai | ditolak | gagal
    file_name: str
    profile: str
    source: str | None
    user: str
    enqueued_at: datetime | None
    # The region of the job's source ("63" for a province-wide one); a job queued before
    # jobs kept it counts as province-wide and is seen by province users only.
    wilayah: str | None = None
    stage: str | None = None  # baca | simpan
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = field(default=None)  # ImportResult.as_json()
    code: str | None = None
    message: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        """Share of rows stored; None while reading and checking (no row count yet)."""
        if self.status == "selesai":
            return 100
        if self.stage == "simpan" and self.total:
            return min(100, self.done * 100 // self.total)
        return None


def enqueue_import(
    path: Path,
    *,
    file_name: str,
    profile: str,
    user,
    source: str | None,
    wilayah: str,
) -> str:
    """Queue the import of an uploaded file (stored by tasks.new_upload_path) by ``user``
    (authorised already, and again by the job), under a source of region ``wilayah``
    (authority.source_region); the job id."""
    queued = import_upload.enqueue(
        str(path), file_name=file_name, profile=profile, user=user.get_username(),
        source=source, importer_id=user.pk, wilayah=wilayah,
    )  # fmt: skip
    return str(queued.id)


def get_job(job_id: str, user) -> Job | None:
    """The job's current state, or None for an id no import job has or a job of a source
    ``user`` may not see."""
    try:
        result = import_upload.get_result(str(job_id))
    except TaskResultDoesNotExist:
        return None
    if result.task.module_path != import_upload.module_path:
        return None
    job, scope = _job(result), scope_of(user)
    if job.wilayah is None:  # queued before jobs kept their region
        return job if scope is not None and scope.wilayah == PROVINCE else None
    return job if sees_region(scope, job.wilayah) else None


def recent_jobs(user, limit: int = 20) -> list[Job]:
    """The most recently queued import jobs ``user`` may see, newest first."""
    # The task API has no listing; this is the one place that reads the
    # database backend's own table.
    from django_tasks_db.models import DBTaskResult

    scope = scope_of(user)
    rows = DBTaskResult.objects.filter(task_path=import_upload.module_path)
    if scope is None:
        return []
    if scope.wilayah != PROVINCE:
        kabkota = ".".join(scope.wilayah.split(".")[:2])
        rows = rows.filter(args_kwargs__kwargs__wilayah__in=[PROVINCE, kabkota])
    return [_job(row.task_result) for row in rows.order_by("-enqueued_at")[:limit]]


def _job(result: TaskResult) -> Job:
    kwargs = result.kwargs
    base = {
        "id": str(result.id),
        "file_name": kwargs.get("file_name", ""),
        "profile": kwargs.get("profile", ""),
        "source": kwargs.get("source"),
        "user": kwargs.get("user", ""),
        "enqueued_at": result.enqueued_at,
        "wilayah": kwargs.get("wilayah"),
    }
    if result.status == TaskResultStatus.READY:
        return Job(status="antre", **base)
    if result.status == TaskResultStatus.FAILED:
        return Job(status="gagal", message=failure_message(result), **base)
    if result.status == TaskResultStatus.SUCCESSFUL:
        value = result.return_value or {}
        if "ditolak" in value:
            refused = value["ditolak"]
            return Job(status="ditolak", code=refused["kode"], message=refused["pesan"], **base)
        rows = int((value.get("hasil") or {}).get("rows", 0))
        finished = {"stage": "simpan", "done": rows, "total": rows}
        return Job(status="selesai", result=value.get("hasil"), **finished, **base)
    return _running(result, base)


def _running(result: TaskResult, base: dict[str, Any]) -> Job:
    progress = read_progress(result.id)
    if progress is None:
        # Claimed, but no file yet: a worker that died at once never writes one.
        started = result.started_at.timestamp() if result.started_at else time.time()
        if time.time() - started > STALE_AFTER_S:
            return Job(status="gagal", message=WORKER_DIED, **base)
        return Job(status="berjalan", **base)
    position = {
        "stage": progress.get("tahap"),
        "done": int(progress.get("selesai") or 0),
        "total": int(progress.get("jumlah") or 0),
    }
    status = progress.get("status", "berjalan")
    # The worker writes the outcome to the file just before it records it in the database.
    if status == "selesai":
        return Job(status="selesai", result=progress.get("hasil"), **base, **position)
    if status in ("ditolak", "gagal"):
        return Job(status=status, code=progress.get("kode"), message=progress.get("pesan"), **base)
    if is_stale(progress):
        return Job(status="gagal", message=WORKER_DIED, **base, **position)
    return Job(status="berjalan", **base, **position)
