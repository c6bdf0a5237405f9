"""Operator jobs of a worker that died: marked failed in the database with the reason, as
the imports' are (impor/workers.py, whose worker ids and liveness this reuses).

Without this a job claimed by a worker killed mid-run would stay "running" in the
database; its page already shows it failed once its progress file goes quiet
(jobs.py), and these make the database say so too, with why: ``datusoban serve``
calls ``fail_jobs_of`` when the worker it started ends, every worker ``sweep`` when
it starts.
"""

from __future__ import annotations

from django.db import close_old_connections
from django_tasks import TaskResultStatus

from datusoban import scratch
from datusoban.impor.progress import ProgressFile
from datusoban.impor.workers import worker_id
from datusoban.pekerjaan.tasks import run_job

WORKER_DIED = (
    "Pekerja latar belakang berhenti sebelum pekerjaan ini selesai ({reason}); perubahannya "
    "dibatalkan seluruhnya. Mulai lagi pekerjaan ini; bila terulang, hubungi admin."
)


class WorkerDiedError(Exception):
    """The job's worker process ended while running it; the message says how."""


def fail_jobs_of(worker: str, reason: str) -> list[str]:
    """Mark the operator jobs ``worker`` was running failed because it died; their ids."""
    from django_tasks_db.models import DBTaskResult

    close_old_connections()
    failed = []
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path=run_job.module_path
    )
    for row in running:
        if not row.worker_ids or row.worker_ids[-1] != worker:
            continue
        message = WORKER_DIED.format(reason=reason)
        row.set_failed(WorkerDiedError(message))
        ProgressFile(str(row.id)).fail(message)
        failed.append(str(row.id))
    return failed


def sweep() -> list[str]:
    """At a worker's start: fail the operator jobs of this host's workers that are gone."""
    from django_tasks_db.models import DBTaskResult

    close_old_connections()
    here = worker_id().partition(":")[0]
    claimed = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path=run_job.module_path
    ).values_list("worker_ids", flat=True)
    failed = []
    for worker in {ids[-1] for ids in claimed if ids}:
        host, _, tag = worker.partition(":")
        if host == here and tag and not scratch.alive(tag):
            failed += fail_jobs_of(worker, "prosesnya sudah tidak berjalan")
    return failed
