"""`datusoban worker`: run background jobs (imports uploaded through the web app, and the
operator jobs its pages start: linking, ranking, eligibility, accuracy, allocation,
payment stages).

The jobs wait in the database (Django tasks, django-tasks-db backend): no
broker to install. `datusoban serve` starts one of these beside the web app;
a deployment with its own web server runs one or more of them as services.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from datusoban import scratch
from datusoban.dci import asynchronous, delivery, notify
from datusoban.impor import workers
from datusoban.pekerjaan import workers as job_workers
from datusoban.reference.loader import ensure_reference


class Command(BaseCommand):
    help = (
        "Jalankan pekerja latar belakang yang mengerjakan impor dan pekerjaan lain yang "
        "dimulai dari aplikasi web (penautan, peringkat, kelayakan, ketepatan, alokasi, "
        "tahap bayar)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="kerjakan tugas yang menunggu, lalu berhenti"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="detik menunggu sebelum memeriksa antrean lagi (bawaan: 1)",
        )
        parser.add_argument("--max-tasks", type=int, help="berhenti setelah sekian tugas")

    def handle(self, *args, **opts):
        # Imports check regions and categories against the reference data: make
        # sure a fresh database has it, as `datusoban import` does.
        ensure_reference()
        # Jobs left running by a worker of this machine that died are marked
        # failed, with their uploads and temporary folders removed.
        failed = workers.sweep()
        jobs_failed = job_workers.sweep()
        scratch.sweep()
        if failed:
            self.stderr.write(
                f"{len(failed)} impor dari pekerja yang berhenti ditandai gagal: "
                + ", ".join(failed)
            )
        if jobs_failed:
            self.stderr.write(
                f"{len(jobs_failed)} pekerjaan dari pekerja yang berhenti ditandai gagal: "
                + ", ".join(jobs_failed)
            )
        # SPDCI requests, registry changes and callbacks a worker that died left
        # unanswered, unnotified or unsent.
        resumed = asynchronous.resume() + notify.resume() + delivery.resume()
        if resumed:
            self.stderr.write(f"{resumed} permintaan/balasan SPDCI yang tertunda diantrekan lagi.")
        call_command(
            "db_worker",
            batch=opts["batch"],
            interval=opts["interval"],
            max_tasks=opts["max_tasks"],
            # Host and process: a job still claimed by a process that is gone
            # belongs to a worker that died (workers.py).
            worker_id=workers.worker_id(),
            reload=False,
            startup_delay=False,
            verbosity=opts["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
