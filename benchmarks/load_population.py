"""Benchmark: generate and load a synthetic population into SQLite and PostgreSQL.

    .venv/bin/python benchmarks/load_population.py [--people 1000000] [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database (migrated,
reference data loaded), so peak memory is per database. Prints one JSON object
per database: people, seconds for the whole generate-and-load, seconds spent
writing to the database, people/s for both, and the process's peak RSS.
Target (issue 2): >= 50,000 people/s into each, peak memory < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time

from fresh_database import run_on_fresh_database


def measure(people: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from datusoban.reference.loader import load_reference
    from datusoban.registri.population import LoadCounts, bulk_loading
    from datusoban.synth import load as synth_load
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    call_command("migrate", verbosity=0)
    load_reference()
    config = SynthConfig(people=people, seed=7)
    totals, load_seconds = LoadCounts(), 0.0
    start = time.perf_counter()
    with transaction.atomic():
        batch = synth_load.start_batch(config, user="benchmark")
        loader = synth_load.chunk_loader(batch, config)

        def on_chunk(chunk) -> None:
            nonlocal load_seconds
            t = time.perf_counter()
            totals.add(loader(chunk))
            load_seconds += time.perf_counter() - t

        with bulk_loading(people):
            run(config, None, on_chunk=on_chunk, prepare=synth_load.prepare_chunk)
        synth_load.finish_batch(batch, totals)
    seconds = time.perf_counter() - start
    return {
        "database": connection.vendor,
        "people": totals.persons,
        "households": totals.households,
        "rows_written": totals.households
        + totals.persons
        + totals.memberships
        + totals.source_records
        + totals.ppks,
        "seconds_total": round(seconds, 2),
        "seconds_db_write": round(load_seconds, 2),
        "people_per_s_total": round(totals.persons / seconds),
        "people_per_s_db_write": round(totals.persons / load_seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
    }


def child(db: str, people: int) -> None:
    print(run_on_fresh_database(db, [__file__, "--measure", "--people", str(people)]), end="")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.people)), flush=True)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        child(db, args.people)


if __name__ == "__main__":
    main()
