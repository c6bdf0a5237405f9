"""Benchmark: the web app and API under 20 concurrent users, on the whole Kalsel registry.

    .venv/bin/python benchmarks/web_load.py [--reuse] [--users 20] [--duration 300]
        [--fast-duration 180] [--stress-duration 60] [--workers 5] [--threads 1]
        [--db datusoban_bench] [--commit HEAD]

1. Prepare (skipped with --reuse): a PostgreSQL database (127.0.0.1:5432, user
   postgres) migrated, reference data, the synthetic population of 4,305,281 people
   loaded by `datusoban synth --load`, households ranked (`datusoban rank`). The
   database is kept for the next run. Every run migrates, collects static files,
   and makes fresh benchmark accounts (web_accounts.py) with an API token each.
2. Serve it as production does: gunicorn (datusoban.wsgi) on 127.0.0.1 with
   DATUSOBAN_MODE=production, 5 sync workers for 2 cores (see --workers); the client
   sends X-Forwarded-Proto: https as the TLS proxy would. With --commit, the code of
   that commit (git archive) is served instead of the working tree.
3. Load (web_client.py): --users virtual users, each logged in through the login
   form (CSRF included) and with its account's bearer token for the API, looping
   over the mix in web_client.MIX: person page, NIK lookup (API and search page, the
   NIK posted, never in an address), the SPDCI sync search by NIK (/dci/), name
   search in another spelling (search page form posted by HTMX, and API), dashboard,
   Tugas saya (the inbox).
   After an unrecorded warm-up (--warmup seconds), three runs, each bounded in
   requests too (--max-requests), with a think time between a user's requests,
   exponential: (a) office pace, mean --think seconds (3: a person reads a page
   before the next click), for --duration seconds; (b) fast pace, mean
   --fast-think seconds (1: every user clicking about once a second, three times
   an operator's pace), for --fast-duration seconds; (c) stress: closed loop, no
   think time, for --stress-duration seconds.

Prints one JSON object: the machine and its load (uptime before and after, and how
busy the machine was just before each run), preparation seconds, the SQL statements
one request of each kind costs, the server set-up, and per run and endpoint the
count, p50/p95/p99/max in ms, errors (any status but 2xx, or no answer) and
throughput, with the CPU shares of the load generator, gunicorn and the database's
backends. Targets: person page p95 <= 150 ms, NIK lookup p99 <= 50 ms, name search
p95 <= 300 ms, dashboard p95 <= 500 ms, Tugas saya p95 <= 150 ms, SPDCI sync search by NIK
p95 <= 100 ms, no errors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import web_prepare
from web_client import MIX, TARGETS, log_in_users, run_load, wait_until_up

HERE = Path(__file__).resolve().parent


def machine() -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
    }


def postgres_version(name: str) -> str:
    import psycopg

    with psycopg.connect(web_prepare.database_url(name)) as c:
        return c.execute("SHOW server_version").fetchone()[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environments(args, code: dict) -> tuple[dict, dict]:
    """The environment of the commands, and that of the production server."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "datusoban.settings", **code}
    env["DATUSOBAN_HOME"] = str(args.home)
    env["DATUSOBAN_DATABASE_URL"] = web_prepare.database_url(args.db)
    env.pop("DATUSOBAN_DEBUG", None)
    serve = {
        **env,
        "DATUSOBAN_MODE": "production",
        "DATUSOBAN_SECRET_KEY": secrets.token_urlsafe(48),
        "DATUSOBAN_ALLOWED_HOSTS": "127.0.0.1",
    }
    return env, serve


def accounts(env: dict, seed: int) -> dict:
    """The benchmark's accounts with the people they look up, and queries per request."""
    done = subprocess.run(
        [sys.executable, str(HERE / "web_accounts.py"), "--seed", str(seed)],
        env=env, check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def start_server(serve_env: dict, args, port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [
        gunicorn, "datusoban.wsgi", "-b", f"127.0.0.1:{port}",
        "-w", str(args.workers), "--threads", str(args.threads), "--timeout", "120",
        "--keep-alive", "30", "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, env=serve_env, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="datusoban_bench", help="PostgreSQL database name")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is")
    parser.add_argument("--prepare-only", action="store_true", help="prepare, then stop")
    parser.add_argument(
        "--commit", help="measure this commit's code (git archive) instead of the working tree"
    )
    parser.add_argument("--people", type=int, default=web_prepare.KALSEL_PEOPLE)
    parser.add_argument("--seed", type=int, default=2025, help="synthetic population seed")
    parser.add_argument("--users", type=int, default=20, help="concurrent virtual users")
    parser.add_argument("--duration", type=float, default=300, help="office pace run, seconds")
    parser.add_argument("--fast-duration", type=float, default=180, help="fast pace, seconds")
    parser.add_argument("--stress-duration", type=float, default=60, help="stress run, seconds")
    parser.add_argument("--warmup", type=float, default=15, help="unrecorded, seconds")
    parser.add_argument("--think", type=float, default=3.0, help="office pace: mean think, s")
    parser.add_argument("--fast-think", type=float, default=1.0, help="fast pace: mean think, s")
    parser.add_argument("--max-requests", type=int, default=200_000, help="per run")
    # Sync workers, 2 x cores + 1: a request is mostly Python (templates, the ORM),
    # and processes run it on both cores where one process's threads share one GIL;
    # the fifth keeps the cores busy while others wait for PostgreSQL.
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (>1: gthread)"
    )
    parser.add_argument(
        "--home", type=Path, default=Path(tempfile.gettempdir()) / "datusoban-bench-web",
        help="DATUSOBAN_HOME of the server (static files, uploads)",
    )  # fmt: skip
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    code, code_env = web_prepare.code_under_test(args.commit)
    env, serve_env = _environments(args, code_env)
    result: dict = {"benchmark": "web_load", "machine": machine(), "database": args.db, **code}

    if args.reuse:
        if not web_prepare.database_exists(args.db):
            raise SystemExit(f"--reuse: there is no database {args.db}; run once without it")
    else:
        result["preparation"] = web_prepare.prepare(env, args.db, args.people, args.seed)
    result["every_run"] = web_prepare.every_run(env, serve_env)
    result["postgresql"] = postgres_version(args.db)
    result["database_size"] = web_prepare.database_size(args.db)
    if args.prepare_only:
        print(json.dumps(result, indent=1))
        return

    made = accounts(env, args.seed)
    users = made["accounts"]
    result["queries_per_request"] = made["queries_per_request"]
    port = _free_port()
    server = start_server(serve_env, args, port)
    try:
        wait_until_up(port, server)
        result["server"] = {
            "gunicorn_workers": args.workers,
            "threads_per_worker": args.threads,
            "worker_class": "gthread" if args.threads > 1 else "sync",
        }
        result["mix"] = MIX
        result["targets_ms"] = TARGETS
        clients, seconds = log_in_users(port, users, args.users)
        result["logins"] = {"users": len(clients), "seconds": round(seconds, 1)}
        runs = {
            # Not reported: every worker's first requests load code and templates.
            "warmup": dict(duration=args.warmup, think=0.0),
            "office_pace": dict(duration=args.duration, think=args.think),
            "fast_pace": dict(duration=args.fast_duration, think=args.fast_think),
            "stress": dict(duration=args.stress_duration, think=0.0),
        }
        result["runs"] = {}
        for name, spec in runs.items():
            if spec["duration"] <= 0:
                continue
            done = run_load(
                clients, server.pid, args.db, max_requests=args.max_requests, seed=args.seed,
                **spec,
            )  # fmt: skip
            if name != "warmup":
                result["runs"][name] = done
                print(json.dumps({name: done["endpoints"]}), file=sys.stderr)
        result["reconnects"] = sum(client.reconnects for client, _ in clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["machine"]["uptime_after"] = machine()["uptime"]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
