"""Benchmark: a bulk registration notified to an SPDCI subscriber, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/dci_notify.py [--people 50000] [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database: migrated, reference
data. A province administrator's system subscribes to registrations in Kalimantan Selatan,
with a callback endpoint on 127.0.0.1 (a thread). Then a synthetic population is loaded
(`datusoban synth --load`): the load announces its new people once committed. Timed
apart: the load (with the subscription; the announcement is one query and one row), the
notifications built (the event's people scoped, filtered, masked and audited, queued in
envelopes of 100), and the envelopes posted over HTTP. Prints one JSON object per
database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fresh_database import run_on_fresh_database


def _receiver() -> tuple[ThreadingHTTPServer, list[int]]:
    """A subscriber's endpoint: counts the people of each envelope, answers ACK."""
    people: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            people.append(len(body["message"]["notify_event"]))
            answer = b'{"message": {"ack_status": "ACK"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, people


def measure(people: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from datusoban.accounts.models import Account, AuditEvent
    from datusoban.dci.delivery import deliver_due
    from datusoban.dci.models import Callback, Langganan, Peristiwa
    from datusoban.dci.notify import process
    from datusoban.dci.seed import seeded_subscription
    from datusoban.registri.models import Person

    quiet = {"verbosity": 0, "stdout": io.StringIO()}  # stdout is the JSON line alone
    call_command("migrate", **quiet)
    call_command("reference", "load", **quiet)
    server, received = _receiver()
    user = User.objects.create_user("bench.mitra")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    url = f"http://127.0.0.1:{server.server_address[1]}/registry/on-subscribe"
    seeded_subscription(user, url, code="sub-bench")
    assert Langganan.objects.filter(status="aktif").count() == 1

    start = time.perf_counter()
    call_command("synth", people=people, seed=7, no_files=True, load=True, **quiet)
    load_s = time.perf_counter() - start
    events = list(Peristiwa.objects.order_by("pk").values_list("pk", flat=True))

    start = time.perf_counter()
    envelopes = sum(process(pk) for pk in events)
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    outcome = deliver_due()
    post_s = time.perf_counter() - start
    server.shutdown()
    loaded = Person.objects.count()
    assert sum(received) == loaded, (sum(received), loaded)
    return {
        "database": connection.vendor,
        "people": loaded,
        "seconds_load_with_subscription": round(load_s, 1),
        "events_kept": len(events),
        "seconds_notifications_built": round(build_s, 1),
        "envelopes": envelopes,
        "audit_rows": AuditEvent.objects.filter(aksi="baca").count(),
        "seconds_posted": round(post_s, 1),
        "callbacks": outcome,
        "callbacks_sent": Callback.objects.filter(status=Callback.SENT).count(),
        "ms_per_person_built_and_posted": round(1000 * (build_s + post_s) / max(loaded, 1), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
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
