"""Import workers that die: their jobs marked failed in the database with the reason, their
uploads removed.

A worker killed in the middle of an import (out of memory, kill -9, a crash
in a native library) runs no ``finally``: its job would stay "running" in the
database, and its upload on disk. Each worker claims jobs under an id naming
its host and process (``worker_id``), so that

- ``datusoban serve``, which starts the worker and sees it end, marks the
  jobs of that worker failed with the exit status (``fail_jobs_of``) before
  starting a new one;
- every worker, when it starts, does the same for jobs claimed by a worker
  of this host that is no longer running (``sweep``), and removes uploads no
  waiting or running job refers to.

The job page then says what happened (``failure_message``), and the
upload is gone.
"""

from __future__ import annotations

import re
import signal
import socket
import time
from pathlib import Path

from django.db import close_old_connections
from django_tasks import TaskResult, TaskResultStatus

from datusoban import scratch
from datusoban.impor.progress import ProgressFile
from datusoban.impor.tasks import SYSTEM_FAILURE, import_upload, uploads_dir

WORKER_DIED = (
    "Pekerja impor berhenti sebelum impor selesai ({reason}); impor dibatalkan seluruhnya dan "
    "tidak ada data yang disimpan. Unggah ulang berkas; bila terulang, berkas itu mungkin "
    "terlalu besar untuk dibaca, simpan sebagai CSV UTF-8 atau pecah menjadi beberapa berkas."
)
# An upload no job refers to and older than this is left over from a process
# that died between storing it and queuing it (seconds, normally).
ORPHAN_AFTER_S = 600.0
_HOST = socket.gethostname()[:32]
_READ_HERE = re.compile(r"^p(\d+-\d+)-")  # tasks.new_upload_path(read_here=True)


class WorkerDiedError(Exception):
    """The job's worker process ended while running it; the message says how."""


def worker_id(pid: int | None = None) -> str:
    """ "<host>:<pid>-<start>": whose claim a job is, and whether that process still runs."""
    return f"{_HOST}:{scratch.process_tag(pid)}"


def exit_reason(returncode: int) -> str:
    """A worker's exit status as an operator reads it."""
    if returncode >= 0:
        return f"keluar dengan kode {returncode}"
    signum = -returncode
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = f"sinyal {signum}"
    if signum == signal.SIGKILL:
        return f"dihentikan paksa ({name}), biasanya karena memori komputer habis"
    if signum == signal.SIGABRT:
        return f"berhenti mendadak ({name}), biasanya karena permintaan memori yang gagal"
    return f"dihentikan oleh {name}"


def fail_jobs_of(worker: str, reason: str) -> list[str]:
    """Mark the jobs `worker` was running failed because it died (`reason`); their ids."""
    from django_tasks_db.models import DBTaskResult

    close_old_connections()
    failed = []
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path=import_upload.module_path
    )
    for row in running:
        if not row.worker_ids or row.worker_ids[-1] != worker:
            continue
        message = WORKER_DIED.format(reason=reason)
        row.set_failed(WorkerDiedError(message))
        ProgressFile(str(row.id)).fail(message)
        _remove_upload(row.args_kwargs.get("args") or [])
        failed.append(str(row.id))
    return failed


def sweep() -> list[str]:
    """At a worker's start: fail the jobs of this host's dead workers, remove orphan uploads."""
    from django_tasks_db.models import DBTaskResult

    close_old_connections()
    failed = []
    claimed = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path=import_upload.module_path
    ).values_list("worker_ids", flat=True)
    for worker in {ids[-1] for ids in claimed if ids}:
        host, _, tag = worker.partition(":")
        if host == _HOST and tag and not scratch.alive(tag):
            failed += fail_jobs_of(worker, "prosesnya sudah tidak berjalan")
    _remove_orphan_uploads()
    return failed


def failure_message(result: TaskResult) -> str:
    """What the job page says about a failed import job."""
    for error in result.errors:
        if error.exception_class_path.endswith(f".{WorkerDiedError.__qualname__}"):
            last = error.traceback.strip().splitlines()[-1]
            return last.partition(": ")[2] or WORKER_DIED.format(reason="sebab tidak diketahui")
    return SYSTEM_FAILURE


def _remove_upload(args: list) -> None:
    if args and Path(str(args[0])).parent.resolve() == uploads_dir().resolve():
        Path(str(args[0])).unlink(missing_ok=True)


def _remove_orphan_uploads() -> None:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        task_path=import_upload.module_path,
    ).values_list("args_kwargs", flat=True)
    wanted = {Path(str(a["args"][0])).name for a in waiting if a.get("args")}
    now = time.time()
    for path in uploads_dir().iterdir():
        owner = _READ_HERE.match(path.name)
        if owner is not None:
            gone = not scratch.alive(owner.group(1))
        else:
            gone = path.name not in wanted and now - path.stat().st_mtime > ORPHAN_AFTER_S
        if gone:
            path.unlink(missing_ok=True)
