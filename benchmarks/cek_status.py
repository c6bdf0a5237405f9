"""Benchmark: the public status check (/cek-status/) at a steady 50 queries a second.

    .venv/bin/python benchmarks/cek_status.py [--db NAME] [--reuse | --copy-of NAME]
        [--people N] [--rate 50] [--duration 60] [--warmup 10] [--workers 5] [--connections 32]

The database (PostgreSQL, 127.0.0.1:5432, user postgres), one of:
- ``--reuse``: --db as it is (migrated forward: the status check's throttle table);
- ``--copy-of NAME``: --db made as a copy of a prepared database (``CREATE DATABASE …
  TEMPLATE``), e.g. ``--copy-of datusoban_bench``, the 4.3 M registry web_load.py
  prepares; the copy is dropped afterwards unless --keep, so the original is untouched
  (the status check writes audit rows, which nobody may delete);
- otherwise a fresh --db with a synthetic population of --people (web_prepare.prepare).

Served as production does (gunicorn, DATUSOBAN_MODE=production, --workers sync workers,
X-Forwarded-Proto https and X-Forwarded-For from 127.0.0.1 as the TLS proxy sends them),
with the throttle's limits raised above the offered rate (the limits are what is
refused, not what is measured); each query comes from one of 5,000 client addresses.

The queries are drawn from the registry's own living people and their desa: the full
name as on the KTP (40 %), the first name and three letters of the next (30 %), three
letters (15 %: often "too many"), and a name nobody has (15 %). Open loop: query i is
due at start + i / rate, whatever the answers before it; its latency is counted from
when it was due (queueing included), so a server that falls behind shows it.

Prints one JSON object: the machine and its load, the database and its size, per kind
of query and overall the count, p50/p95/p99/max in ms, errors (any status but 200) and
the rate achieved. Target: p95 <= 200 ms at 50 queries a second, no errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import web_prepare
from web_client import Client, CpuWatch, _percentile, background_busy, cpu_probe_ms, wait_until_up
from web_load import _environments, _free_port, machine, start_server

TARGET_P95_MS = 200
MIX = {"nama_lengkap": 0.40, "nama_awal": 0.30, "tiga_huruf": 0.15, "tidak_ada": 0.15}
ADDRESSES = 5_000
URL = "/cek-status/"


def _copy(template: str, name: str) -> float:
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(web_prepare.PG_SERVER + "/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return round(time.perf_counter() - start, 1)


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(web_prepare.PG_SERVER + "/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _registry_size(name: str) -> dict:
    import psycopg

    with psycopg.connect(web_prepare.database_url(name)) as c:
        rows = c.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname IN "
            "('registry_person', 'registry_household', 'programs_kepesertaan')"
        ).fetchall()
    return dict(rows)


def queries(name: str, count: int, seed: int) -> list[tuple[str, str, str]]:
    """(kind, desa, name as typed) for ``count`` queries, from living people sampled
    row by row from the whole registry, in random order."""
    import psycopg

    rng = random.Random(seed)
    with psycopg.connect(web_prepare.database_url(name)) as c:
        people = c.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_person'")
        share = min(100.0, 200.0 * count / max(people.fetchone()[0], 1))
        rows = c.execute(
            f"SELECT h.kode_wilayah, p.nama FROM registry_person p TABLESAMPLE BERNOULLI ({share}) "  # noqa: S608
            "JOIN registry_household h ON h.id = p.household_id "
            "WHERE p.status = 'hidup' AND length(h.kode_wilayah) = 13 LIMIT %s",
            [count],
        ).fetchall()
    if not rows:
        raise SystemExit(f"{name}: no people with a desa to ask about")
    rng.shuffle(rows)  # not in the table's order: one query after another in other desa
    kinds, weights = zip(*MIX.items(), strict=True)
    made = []
    for i in range(count):
        desa, nama = rows[i % len(rows)]
        words = [w for w in nama.split() if w.isalpha()] or ["SITI"]
        kind = rng.choices(kinds, weights)[0]
        if kind == "nama_lengkap":
            typed = nama
        elif kind == "nama_awal":
            typed = " ".join([words[0], words[1][:3]] if len(words) > 1 else [words[0]])
        elif kind == "tiga_huruf":
            typed = words[0][:3]
        else:
            typed = "".join(rng.choices(string.ascii_uppercase, k=7))
        made.append((kind, desa, typed))
    return made


def run(port: int, asked: list, rate: float, seconds: float, threads: int, watch=None) -> dict:
    """The queries at ``rate`` a second for ``seconds`` (open loop, see the module); with
    ``watch`` (a CpuWatch started just before), the CPU each query cost the server."""
    total = int(rate * seconds)
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    counter = iter(range(total))
    start = time.perf_counter() + 0.5
    rng = random.Random(1)
    addresses = [f"10.{i // 250}.{i % 250}.{rng.randrange(1, 250)}" for i in range(ADDRESSES)]

    def user() -> None:
        client = Client(port)
        kind, desa, _ = asked[0]
        step = {"kabkota": desa[:5], "kecamatan": desa[:8], "desa": desa}
        client.request("GET", f"{URL}?{urllib.parse.urlencode(step)}")  # the CSRF cookie
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            due = start + i / rate
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            kind, desa, typed = asked[i % len(asked)]
            form = {"kabkota": desa[:5], "kecamatan": desa[:8], "desa": desa, "nama": typed}
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": addresses[i % ADDRESSES],
            }
            try:
                status, _, _ = client.request("POST", URL, urllib.parse.urlencode(form), headers)
            except OSError:
                status = 0
            with lock:
                results.append((kind, (time.perf_counter() - due) * 1000, status))

    workers = [threading.Thread(target=user) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - start
    summary = {k: _figures([r for r in results if r[0] == k], wall) for k in MIX}
    summary["semua"] = _figures(results, wall)
    summary["semua"]["target_met"] = (
        summary["semua"]["p95"] <= TARGET_P95_MS and summary["semua"]["errors"] == 0
    )
    if watch is not None:
        shares = watch.shares()
        cores = os.cpu_count() or 1
        summary["cpu_shares"] = shares
        # What one query costs: the web workers' and the database's CPU, whatever else
        # the machine was doing (other processes' work is not counted in either).
        summary["cpu_ms_per_query"] = {
            k: round(shares[k] * wall * cores * 1000 / max(1, len(results)), 1)
            for k in ("gunicorn", "postgres_backends")
        }
    return summary


def _figures(rows: list, wall: float) -> dict:
    if not rows:
        return {"count": 0}
    ordered = sorted(ms for _, ms, _ in rows)
    return {
        "count": len(rows),
        "errors": sum(1 for *_, status in rows if status != 200),
        "rps": round(len(rows) / wall, 2),
        **{f"p{p}": round(_percentile(ordered, p), 1) for p in (50, 95, 99)},
        "max": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="datusoban_cek_status", help="PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="use --db as it is")
    parser.add_argument("--copy-of", help="make --db a copy of this prepared database")
    parser.add_argument("--keep", action="store_true", help="keep the copy afterwards")
    parser.add_argument("--people", type=int, default=100_000, help="a fresh database's people")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rate", type=float, default=50.0, help="queries a second")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=10.0, help="unmeasured seconds")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--connections", type=int, default=32, help="client connections")
    parser.add_argument(
        "--home", type=Path, default=Path(tempfile.gettempdir()) / "datusoban-bench-cek-status",
        help="DATUSOBAN_HOME of the server (static files)",
    )  # fmt: skip
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    args.commit = None
    args.threads = 1  # gunicorn sync workers (web_load.start_server)
    code, code_env = web_prepare.code_under_test(None)
    env, serve_env = _environments(args, code_env)
    limit = str(int(args.rate * 60 * 10))  # far above the offered rate: not what is measured
    serve_env.update(
        DATUSOBAN_TRUSTED_PROXIES="127.0.0.1",
        DATUSOBAN_CEK_STATUS_PER_ALAMAT=limit,
        DATUSOBAN_CEK_STATUS_GLOBAL=limit,
    )
    result: dict = {"benchmark": "cek_status", "machine": machine(), "database": args.db, **code}
    if args.reuse:
        if not web_prepare.database_exists(args.db):
            raise SystemExit(f"--reuse: there is no database {args.db}")
    elif args.copy_of:
        result["copied_from"] = args.copy_of
        result["copy_seconds"] = _copy(args.copy_of, args.db)
    else:
        result["preparation"] = web_prepare.prepare(env, args.db, args.people, args.seed)
    try:
        result["every_run"] = web_prepare.every_run(env, serve_env)
        result["registry"] = _registry_size(args.db)
        result["database_size"] = web_prepare.database_size(args.db)
        asked = queries(args.db, int(args.rate * (args.warmup + args.duration)) + 100, args.seed)
        port = _free_port()
        server = start_server(serve_env, args, port)
        try:
            wait_until_up(port, server)
            result["server"] = {
                "gunicorn_workers": args.workers,
                "client_connections": args.connections,
            }
            # The warm-up asks other queries than the run: no desa the run asks about is
            # read into the caches before it.
            warm = int(args.rate * args.warmup)
            run(port, asked[:warm] or asked, args.rate, args.warmup, args.connections)
            result["load_before"] = os.getloadavg()
            result["machine_busy_before"] = background_busy()
            result["cpu_probe_ms"] = cpu_probe_ms()
            watch = CpuWatch(server.pid, args.db)
            measured = asked[warm:] or asked
            result["run"] = run(port, measured, args.rate, args.duration, args.connections, watch)
            result["load_after"] = os.getloadavg()
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if args.copy_of and not args.keep:
            _drop(args.db)
    result["offered_rate"] = args.rate
    result["target"] = f"p95 <= {TARGET_P95_MS} ms at {args.rate:g} queries a second"
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
