"""`datusoban serve`: serve the web app on the embedded default (one machine, one office),
with a background worker beside it so that uploaded files are imported.

The worker is watched: when it ends without being asked to (killed, out of
memory, a crash), the import it was running is marked failed in the database
with the reason, and a new worker is started.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection

from datusoban import scratch
from datusoban.impor import workers
from datusoban.pekerjaan import workers as job_workers

# A worker that keeps dying at once is restarted less and less often, up to once a minute.
_FIRST_DELAY_S = 1.0
_LONGEST_DELAY_S = 60.0
_HEALTHY_AFTER_S = 60.0


class Command(BaseCommand):
    help = "Jalankan aplikasi web (bawaan: http://127.0.0.1:8000/) beserta pekerja impornya."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="alamat:port")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="tanpa pekerja impor (bila `datusoban worker` dijalankan terpisah)",
        )

    def handle(self, *args, **opts):
        scratch.sweep()  # temporary folders of runs that were killed
        supervisor = None if opts["no_worker"] else Supervisor(self.stderr)
        # Stopped with SIGTERM (a service manager, a test) as with Ctrl+C: the
        # server unwinds and the worker is stopped with it.
        signal.signal(signal.SIGTERM, _interrupt)
        if supervisor is not None:
            supervisor.start()
        try:
            # Django's threaded server with static files served by the staticfiles app:
            # enough for the embedded default. A production deployment runs a WSGI
            # server behind a proxy and `datusoban worker` as a service.
            call_command("runserver", opts["addrport"], use_reloader=False, insecure_serving=True)
        finally:
            if supervisor is not None:
                supervisor.stop()


class Supervisor(threading.Thread):
    """Runs the worker process, and runs a new one whenever it ends unasked."""

    def __init__(self, stderr) -> None:
        super().__init__(name="pekerja-impor", daemon=True)
        self.stderr = stderr
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None

    def run(self) -> None:
        delay = _FIRST_DELAY_S
        while not self._stopping.is_set():
            with self._lock:
                if self._stopping.is_set():
                    return
                process = self._process = _start_worker()
            started = time.monotonic()
            worker = workers.worker_id(process.pid)
            returncode = process.wait()
            if self._stopping.is_set():
                return
            reason = workers.exit_reason(returncode)
            failed = failed_jobs = 0
            try:
                failed = len(workers.fail_jobs_of(worker, reason))
                failed_jobs = len(job_workers.fail_jobs_of(worker, reason))
            except DatabaseError:
                pass  # no database yet (not migrated): nothing can have been running
            finally:
                connection.close()  # this thread's own connection
            self.stderr.write(
                f"Pekerja impor berhenti ({reason}); {failed} impor yang sedang berjalan "
                "ditandai gagal. Pekerja dijalankan ulang."
            )
            if failed_jobs:
                self.stderr.write(
                    f"{failed_jobs} pekerjaan lain yang sedang berjalan ditandai gagal."
                )
            healthy = time.monotonic() - started > _HEALTHY_AFTER_S
            delay = _FIRST_DELAY_S if healthy else min(delay * 2, _LONGEST_DELAY_S)
            self._stopping.wait(delay)

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is not None:
            _stop(process)
        self.join(timeout=15)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _die_with_parent() -> None:
    # Linux: the worker gets SIGTERM if serve itself is killed (even with -9),
    # so no orphaned worker keeps taking jobs.
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _start_worker() -> subprocess.Popen:
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    # A session of its own: Ctrl+C in the terminal reaches serve only, and serve
    # then stops the worker once, gracefully (see _stop).
    # Without the system checks, which serve has just run with the same settings: they
    # import every page's module, which the worker never needs (0.35 s of a core).
    return subprocess.Popen(
        [sys.executable, "-m", "datusoban.cli", "worker", "--skip-checks"],
        preexec_fn=preexec,
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        # SIGTERM lets the worker finish the job at hand; one that takes longer is
        # killed, and its import's transaction rolls back (nothing half-stored).
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
