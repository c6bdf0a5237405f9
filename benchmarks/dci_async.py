"""Benchmark: an asynchronous SPDCI search of 1,000 NIKs, answered by callbacks, end to end.

    .venv/bin/python benchmarks/dci_async.py [--people 50000] [--niks 1000] [--home DIR]
        [--reuse]

1. Prepare (skipped with --reuse): in DATUSOBAN_HOME ``--home`` (default: a new temporary
   folder), a SQLite database migrated, reference data and the synthetic population
   loaded as `datusoban synth --load` does; an analyst (province) with an API token.
2. Serve: `datusoban serve` (the web app and its worker, as an office runs it) on a free
   port, and a callback endpoint in this process (a threaded HTTP server).
3. Measure: ``--niks`` NIKs of the registry (one in ten changed so that nobody has it),
   sent as POST /dci/registry/search envelopes of 10 requests each (the specification's
   batch limit here, envelope.MAX_BATCH), one after another; the clock runs from the
   first POST until the last on-search callback has arrived. Prints one JSON object:
   the end-to-end seconds, the acknowledgements' p50/p95/max ms, the callbacks and the
   people found.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BATCH = 10
DATUSOBAN = str(Path(sys.executable).with_name("datusoban"))


def prepare(people: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from datusoban.reference.loader import load_reference
    from datusoban.registri.population import LoadCounts, bulk_loading
    from datusoban.synth import load as synth_load
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_reference()
    config = SynthConfig(people=people, seed=seed)
    totals = LoadCounts()
    with transaction.atomic():
        batch = synth_load.start_batch(config, user="benchmark")
        loader = synth_load.chunk_loader(batch, config)
        with bulk_loading(people):
            run(config, None, on_chunk=lambda c: totals.add(loader(c)),
                prepare=synth_load.prepare_chunk)  # fmt: skip
        synth_load.finish_batch(batch, totals)
    return {"people": totals.persons, "seconds": round(time.perf_counter() - start, 1)}


def token() -> str:
    from django.contrib.auth.models import User

    from datusoban.accounts.models import Account, ApiToken

    user, created = User.objects.get_or_create(username="bench-dci")
    if created:
        Account.objects.create(user=user, peran="analis_provinsi", wilayah_id="63")
    return ApiToken.issue(user, "benchmark dci", days=1)[1]


def niks(count: int, seed: int) -> list[str]:
    from datusoban.registri.models import Person

    rng = random.Random(seed)
    held = list(Person.objects.exclude(nik=None).values_list("nik", flat=True)[: count * 20])
    chosen = rng.sample(held, count)
    # One in ten nobody has: a search that finds nothing is answered too.
    return [n[:-4] + "9999" if i % 10 == 0 else n for i, n in enumerate(chosen)]


class Callbacks:
    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver.arrived:
                    receiver.bodies.append(body)
                    receiver.arrived.notify_all()
                answer = b'{"message": {"ack_status": "ACK"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/registry/on-search"

    def wait_for(self, count: int, seconds: float) -> int:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.bodies) >= count, seconds)
            return len(self.bodies)


def envelope(batch: list[str], callback: str) -> dict:
    now = datetime.now(UTC).isoformat()
    items = [
        {"reference_id": f"r{i}", "timestamp": now,
         "search_criteria": {"query_type": "idtype-value",
                             "query": {"type": "NIK", "value": nik}}}
        for i, nik in enumerate(batch)
    ]  # fmt: skip
    return {
        "signature": "",
        "header": {
            "version": "1.0.0", "message_id": str(uuid.uuid4()), "message_ts": now,
            "action": "search", "sender_id": "benchmark", "sender_uri": callback,
            "total_count": len(items),
        },
        "message": {"transaction_id": str(uuid.uuid4()), "search_request": items},
    }  # fmt: skip


def post(url: str, body: dict, bearer: str) -> tuple[float, dict]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"},
    )  # fmt: skip
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    return (time.perf_counter() - start) * 1000, answer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(home: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATUSOBAN_HOME": str(home)}
    server = subprocess.Popen(
        [DATUSOBAN, "serve", f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(1200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk/", timeout=2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start")


def measure(base: str, bearer: str, wanted: list[str]) -> dict:
    callbacks = Callbacks()
    batches = [wanted[i : i + BATCH] for i in range(0, len(wanted), BATCH)]
    acks: list[float] = []
    start = time.perf_counter()
    for batch in batches:
        ms, answer = post(base + "/dci/registry/search", envelope(batch, callbacks.url), bearer)
        assert answer["message"]["ack_status"] == "ACK", answer
        acks.append(ms)
    sent = time.perf_counter() - start
    got = callbacks.wait_for(len(batches), 600)
    total = time.perf_counter() - start
    callbacks.server.shutdown()
    responses = [r for b in callbacks.bodies for r in b["message"]["search_response"]]
    acks.sort()
    return {
        "niks": len(wanted),
        "envelopes": len(batches),
        "callbacks": got,
        "answers": len(responses),
        "people_found": sum(len(r.get("data", {}).get("reg_records", [])) for r in responses),
        "all_sent_s": round(sent, 2),
        "end_to_end_s": round(total, 2),
        "ack_ms": {
            "p50": round(statistics.median(acks), 1),
            "p95": round(acks[int(len(acks) * 0.95) - 1], 1),
            "max": round(acks[-1], 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--niks", type=int, default=1_000)
    parser.add_argument("--home", type=Path, help="DATUSOBAN_HOME (kept)")
    parser.add_argument("--reuse", action="store_true", help="the database in --home as it is")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="datusoban-bench-dci-"))
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DATUSOBAN_HOME"] = str(home)
    os.environ.pop("DATUSOBAN_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    import django

    django.setup()
    from django.db import connection

    from datusoban.registri.models import Person

    out: dict = {
        "benchmark": "dci_async",
        "database": f"sqlite {connection.Database.sqlite_version}",
        "home": str(home),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
    }
    if not args.reuse:
        out["preparation"] = prepare(args.people, args.seed)
    out["people"] = Person.objects.count()
    bearer, wanted = token(), niks(args.niks, args.seed)
    connection.close()
    port = free_port()
    server = serve(home, port)
    try:
        out["search"] = measure(f"http://127.0.0.1:{port}", bearer, wanted)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
