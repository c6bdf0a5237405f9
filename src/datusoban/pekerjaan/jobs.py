"""Starting an operator job and telling what became of it; the history of jobs.

A job is a task of the database backend (django_tasks_db's DBTaskResult): its
arguments keep what it is (``jenis``, ``params``, ``judul``), who started it, its
region and its key; the backend keeps when it was queued, started and finished, its
result, and a failure's traceback for the administrator. While it runs, its state
comes from the progress file the worker writes (impor/progress.py); a running job
whose file has gone quiet belongs to a worker that died and is shown as failed.

Two jobs with the same key (kinds.Kind.key) are the same job: while one waits or
runs, starting another is refused with a pointer to it.

A user sees the jobs of their region and the province-wide ones, as they see the
import batches (impor.authority.sees_region); the history lists the imports too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.formatting import waktu
from datusoban.impor.authority import sees_region
from datusoban.impor.progress import STALE_AFTER_S, is_stale, read_progress
from datusoban.impor.tasks import import_upload
from datusoban.pekerjaan.kinds import KINDS, Params
from datusoban.pekerjaan.tasks import SYSTEM_FAILURE, run_job
from datusoban.refusal import RefusedError

WORKER_DIED = (
    "Pekerja latar belakang berhenti sebelum pekerjaan ini selesai; perubahannya dibatalkan "
    "seluruhnya. Mulai lagi pekerjaan ini; bila terulang, hubungi admin."
)
FINISHED = frozenset({"selesai", "ditolak", "gagal"})
WAITING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
STATUS_LABELS = {
    "antre": "Menunggu giliran",
    "berjalan": "Berjalan",
    "selesai": "Selesai",
    "ditolak": "Ditolak",
    "gagal": "Gagal",
}


class AlreadyRunningError(RefusedError):
    """The same job waits or runs already; ``job_id`` is that one."""

    def __init__(self, job_id: str, pesan: str):
        super().__init__("pekerjaan_sedang_berjalan", pesan, 409)
        self.job_id = job_id


@dataclass(frozen=True)
class Job:
    id: str
    jenis: str  # a kinds.KINDS key, or "impor"
    judul: str
    status: str  # antre | berjalan | selesai | ditolak | gagal
    user: str
    wilayah: str
    enqueued_at: datetime | None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    tahap: str = ""
    result: dict[str, Any] | None = field(default=None)
    code: str | None = None
    message: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def duration(self) -> timedelta | None:
        """How long it ran (so far, while it runs)."""
        if self.started_at is None:
            return None
        end = self.finished_at or (None if self.finished else timezone.now())
        return None if end is None else end - self.started_at

    @property
    def lama(self) -> str:
        """The duration as people say it: "45 detik", "3 menit 12 detik", "1 jam 5 menit"."""
        return duration_text(self.duration)

    @property
    def url(self) -> str:
        if self.jenis == "impor":
            return reverse("web:proses", kwargs={"job_id": self.id})
        return reverse("web:pekerjaan_proses", kwargs={"job_id": self.id})


def duration_text(span: timedelta | None) -> str:
    if span is None:
        return "-"
    seconds = max(0, int(span.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} jam {minutes} menit"
    if minutes:
        return f"{minutes} menit {seconds} detik"
    return f"{seconds} detik"


def _pending(key: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=run_job.module_path, status__in=WAITING, args_kwargs__kwargs__kunci=key
    ).order_by("enqueued_at")


def start(user, jenis: str, params: Params) -> str:
    """Queue job ``jenis`` with ``params`` for ``user``; its id.

    Refused (RefusedError) when the user may not start it, AlreadyRunningError when the
    same job waits or runs already.
    """
    kind = KINDS[jenis]
    kind.check(user, params)
    kind.validate(params)
    key = kind.key(params)
    with transaction.atomic():
        for row in _pending(key):
            same = _job(row.task_result)
            if same.finished:  # a dead worker's job: no longer in the way
                continue
            since = waktu(same.enqueued_at)
            raise AlreadyRunningError(
                same.id,
                f"{same.judul} sudah {'berjalan' if same.status == 'berjalan' else 'diantrekan'} "
                f"(dimulai oleh {same.user}, {since}); tunggu sampai selesai sebelum memulainya "
                "lagi. Kemajuannya ada di halaman ini.",
            )
        queued = run_job.enqueue(
            jenis=jenis, params=params, judul=kind.title(params), kunci=key,
            user=user.get_username(), user_id=user.pk, wilayah=kind.region(params),
        )  # fmt: skip
    return str(queued.id)


def pending(jenis: str, params: Params) -> Job | None:
    """The job of this kind and parameters that waits or runs now, if any."""
    for row in _pending(KINDS[jenis].key(params)):
        job = _job(row.task_result)
        if not job.finished:
            return job
    return None


def get_job(job_id: str, user) -> Job | None:
    """The job, or None for an id no operator job has or a job ``user`` may not see."""
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(pk=job_id, task_path=run_job.module_path).first()
    if row is None:
        return None
    job = _job(row.task_result)
    return job if sees_region(scope_of(user), job.wilayah) else None


def history(user, limit: int = 100) -> list[Job]:
    """The latest jobs ``user`` may see, imports included, newest first."""
    from django_tasks_db.models import DBTaskResult

    scope = scope_of(user)
    if scope is None:
        return []
    rows = DBTaskResult.objects.filter(
        task_path__in=[run_job.module_path, import_upload.module_path]
    )
    if scope.wilayah != PROVINCE:
        kabkota = ".".join(scope.wilayah.split(".")[:2])
        rows = rows.filter(args_kwargs__kwargs__wilayah__in=[PROVINCE, kabkota])
    out = []
    for row in rows.order_by("-enqueued_at")[:limit]:
        if row.task_path == import_upload.module_path:
            out.append(_import_job(row))
        else:
            out.append(_job(row.task_result))
    return out


def _base(result, judul: str, jenis: str) -> dict[str, Any]:
    kwargs = result.kwargs
    return {
        "id": str(result.id), "jenis": jenis, "judul": judul, "user": kwargs.get("user", ""),
        "wilayah": kwargs.get("wilayah") or PROVINCE, "enqueued_at": result.enqueued_at,
        "started_at": result.started_at, "finished_at": result.finished_at,
    }  # fmt: skip


def _job(result) -> Job:
    kwargs = result.kwargs
    kind = KINDS.get(kwargs.get("jenis", ""))
    base = _base(result, kwargs.get("judul", ""), kwargs.get("jenis", ""))
    base["tahap"] = kind.tahap if kind else ""
    value = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    if result.status == TaskResultStatus.READY:
        return Job(status="antre", **base)
    if result.status == TaskResultStatus.FAILED:
        return Job(status="gagal", message=_failure(result), **base)
    if value is not None:
        if "ditolak" in value:
            refused = value["ditolak"]
            return Job(status="ditolak", code=refused["kode"], message=refused["pesan"], **base)
        return Job(status="selesai", result=value.get("hasil"), **base)
    return _running(result, base)


def _failure(result) -> str:
    """What the page says of a failed job: why its worker died, or that it is our fault
    (the traceback stays in the task result, for the administrator)."""
    for error in result.errors:
        if error.exception_class_path.endswith(".WorkerDiedError"):
            last = error.traceback.strip().splitlines()[-1]
            return last.partition(": ")[2] or WORKER_DIED
    return SYSTEM_FAILURE


def _running(result, base: dict[str, Any]) -> Job:
    progress = read_progress(result.id)
    if progress is None:
        # Claimed, but no file yet: a worker that died at once never writes one.
        started = result.started_at.timestamp() if result.started_at else time.time()
        if time.time() - started > STALE_AFTER_S:
            return Job(status="gagal", message=WORKER_DIED, **base)
        return Job(status="berjalan", **base)
    status = progress.get("status", "berjalan")
    # The worker writes the outcome to the file just before it records it in the database.
    if status == "selesai":
        return Job(status="selesai", result=progress.get("hasil"), **base)
    if status in ("ditolak", "gagal"):
        return Job(status=status, code=progress.get("kode"), message=progress.get("pesan"), **base)
    if is_stale(progress):
        return Job(status="gagal", message=WORKER_DIED, **base)
    return Job(status="berjalan", **base)


_IMPORT_STATUS = {
    TaskResultStatus.READY: "antre",
    TaskResultStatus.RUNNING: "berjalan",
    TaskResultStatus.FAILED: "gagal",
}


def _import_job(row) -> Job:
    """An import in the history: its file and outcome (its own page tells the rest)."""
    kwargs = row.args_kwargs.get("kwargs", {})
    status = _IMPORT_STATUS.get(row.status, "selesai")
    if status == "selesai" and "ditolak" in (row.return_value or {}):
        status = "ditolak"
    base = {
        "id": str(row.id), "jenis": "impor", "judul": f"Impor {kwargs.get('file_name', '')}",
        "user": kwargs.get("user", ""), "wilayah": kwargs.get("wilayah") or PROVINCE,
        "enqueued_at": row.enqueued_at, "started_at": row.started_at,
        "finished_at": row.finished_at,
    }  # fmt: skip
    return Job(status=status, **base)
