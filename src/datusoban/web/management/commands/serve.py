"""`datusoban serve`: serve the web app on the embedded default (one machine, one office),
with a background worker beside it so that uploaded files are imported."""

from __future__ import annotations

import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


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
        worker = None if opts["no_worker"] else _start_worker()
        # Stopped with SIGTERM (a service manager, a test) as with Ctrl+C: the
        # server unwinds and the worker is stopped with it.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            # Django's threaded server with static files served by the staticfiles app:
            # enough for the embedded default. A production deployment runs a WSGI
            # server behind a proxy and `datusoban worker` as a service.
            call_command("runserver", opts["addrport"], use_reloader=False, insecure_serving=True)
        finally:
            if worker is not None:
                _stop(worker)


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
    return subprocess.Popen(
        [sys.executable, "-m", "datusoban.cli", "worker"],
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
