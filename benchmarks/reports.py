"""Benchmark: the reports on a synthetic registry, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/reports.py [--people 200000] [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database: migrated, reference
data, a synthetic population loaded (`datusoban synth --load`) and ranked (`datusoban
rank`). Then, as a province admin through the web app's own views (Django's test client,
no network): the kab/kota summary XLSX (13 kab/kota), the one-page PDF of Kota
Banjarmasin, and a search export of Kota Banjarmasin (capped at 5,000 people, one audit
row each). Prints one JSON object per database: seconds (median of 3) and queries of
each, bytes, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import time

from fresh_database import run_on_fresh_database


def _timed(call, runs: int = 3) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, result, queries = [], None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = call()
            seconds.append(time.perf_counter() - start)
        queries = len(captured)
    return round(statistics.median(seconds), 3), queries, result


def measure(people: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from datusoban.accounts.models import AuditEvent
    from datusoban.registri.models import Household, Person

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    quiet = {"verbosity": 0, "stdout": io.StringIO()}  # stdout is the JSON line alone
    call_command("migrate", **quiet)
    call_command("reference", "load", **quiet)
    start = time.perf_counter()
    call_command("synth", people=people, seed=7, no_files=True, load=True, **quiet)
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    call_command("rank", **quiet)
    rank_seconds = time.perf_counter() - start

    client = Client()
    client.force_login(User.objects.create_superuser("bench.admin"))
    xlsx_s, xlsx_q, xlsx = _timed(lambda: client.get("/laporan/ringkasan-kabkota.xlsx"))
    pdf_s, pdf_q, pdf = _timed(lambda: client.get("/laporan/kabkota/63.71/ringkasan.pdf"))
    form = {"kode_wilayah": "63.71", "tujuan": "verifikasi", "keterangan": "benchmark"}
    before = AuditEvent.objects.count()
    export_s, export_q, export = _timed(lambda: client.post("/cari/ekspor/", form))
    assert xlsx.status_code == pdf.status_code == export.status_code == 200
    return {
        "database": connection.vendor,
        "people": Person.objects.count(),
        "households": Household.objects.count(),
        "seconds_load": round(load_seconds, 1),
        "seconds_rank": round(rank_seconds, 1),
        "summary_xlsx_s": xlsx_s,
        "summary_xlsx_queries": xlsx_q,
        "summary_xlsx_bytes": len(xlsx.content),
        "pdf_s": pdf_s,
        "pdf_queries": pdf_q,
        "pdf_bytes": len(pdf.content),
        "search_export_s": export_s,
        "search_export_queries": export_q,
        "search_export_bytes": len(export.content),
        "audit_rows_per_export": (AuditEvent.objects.count() - before) // 3,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.people)))
        return
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        print(
            run_on_fresh_database(db, [__file__, "--measure", "--people", str(args.people)]),
            end="",
        )


if __name__ == "__main__":
    main()
