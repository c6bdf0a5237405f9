"""Benchmark: the audit trail's write path, audited reads and large exports.

    .venv/bin/python benchmarks/audit_trail.py [--rows 1000000] [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database whose trail
is first filled with ``--rows`` rows. Times ``accounts.audit.record`` as pages
call it: a read of one person (one row, its own transaction) and an export of
10,000 people (10,000 rows), from a request behind a trusted proxy (so the
client's address is read from X-Forwarded-For), and 10,000 rows by one INSERT
... SELECT (the database's part alone). On SQLite each round is run
with and without the trigger that refuses a REPLACE over a row (migration
accounts 0005), alternating, so that the trigger's cost is measured on the same
database under the same load. Prints one JSON object per database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time

from fresh_database import run_on_fresh_database

READS = 500  # per round
EXPORT = 10_000  # rows per export
ROUNDS = 20  # alternating with and without the trigger on SQLite
TRIGGER = "jejak_audit_tanpa_timpa"


def _insert_rows(connection, rows: int) -> None:
    columns = "waktu, nama_pengguna, aksi, objek, objek_id, nik, tujuan, alamat_ip, rincian"
    values = "'2025-01-01', 'pengisi', 'baca', 'orang', CAST(n AS TEXT), NULL, '', '10.0.0.1', '{}'"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO accounts_jejakaudit ({columns}) "  # noqa: S608 (constants)
                f"SELECT {values} FROM generate_series(1, %s) n",
                [rows],
            )
        else:
            cursor.execute(
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) "  # noqa: S608
                f"INSERT INTO accounts_jejakaudit ({columns}) SELECT {values} FROM s",
                [rows],
            )


def _round(request, person: int) -> tuple[list[float], float, float]:
    """Audited reads one by one, an export through ``record``, and the same
    number of rows by one INSERT ... SELECT (the database's part alone)."""
    from django.db import connection

    from datusoban.accounts.audit import Aksi, record

    reads = []
    for i in range(READS):
        started = time.perf_counter()
        record(request, Aksi.BACA, "orang", [(str(person + i), "6371011203800001")])
        reads.append(time.perf_counter() - started)
    subjects = [(str(i), None) for i in range(EXPORT)]
    started = time.perf_counter()
    record(request, Aksi.EKSPOR, "orang", subjects, tujuan="Verifikasi calon KPM")
    export = time.perf_counter() - started
    started = time.perf_counter()
    _insert_rows(connection, EXPORT)
    return reads, export, time.perf_counter() - started


def _summary(reads: list[float], exports: list[float], inserts: list[float]) -> dict:
    ordered = sorted(reads)
    return {
        "read_median_us": round(statistics.median(ordered) * 1e6),
        "read_p99_us": round(ordered[int(len(ordered) * 0.99)] * 1e6),
        "export_10000_median_ms": round(statistics.median(exports) * 1e3, 1),
        "insert_select_10000_median_ms": round(statistics.median(inserts) * 1e3, 1),
    }


def measure(rows: int) -> dict:
    import django

    django.setup()
    from ipaddress import ip_network

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory

    from datusoban.accounts.client_address import client_address

    call_command("migrate", verbosity=0)
    _insert_rows(connection, rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    settings.TRUSTED_PROXIES = (ip_network("127.0.0.1"),)
    request = RequestFactory().get(
        "/orang/1/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    request.user = User.objects.create_user("bench.audit")
    started = time.perf_counter()
    for _ in range(100_000):
        client_address(request)
    address_us = (time.perf_counter() - started) / 100_000 * 1e6

    trigger_sql = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [TRIGGER])
            (trigger_sql,) = cursor.fetchone()
    timings = {"with": ([], [], []), "without": ([], [], [])}
    for n in range(ROUNDS):
        kind = "with" if n % 2 == 0 or trigger_sql is None else "without"
        if trigger_sql is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
                if kind == "with":
                    cursor.execute(trigger_sql)
        reads, export, insert = _round(request, n * READS)
        timings[kind][0].extend(reads)
        timings[kind][1].append(export)
        timings[kind][2].append(insert)
    result = {
        "database": connection.vendor,
        "trail_rows_before": rows,
        "client_address_us": round(address_us, 2),
        "with_trigger" if trigger_sql else "timings": _summary(*timings["with"]),
    }
    if trigger_sql is not None:
        result["without_trigger"] = _summary(*timings["without"])
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.rows)), flush=True)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        print(run_on_fresh_database(db, [__file__, "--measure", "--rows", str(args.rows)]),
              end="")  # fmt: skip


if __name__ == "__main__":
    main()
