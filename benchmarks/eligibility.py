"""Benchmark: ranking and eligibility for every programme over a synthetic registry,
and one person's explanation.

    .venv/bin/python benchmarks/eligibility.py [--people 4305281] [--db sqlite|postgres|both]
        [--samples 200] [--database-url URL]

Each database runs in its own process on a fresh, throwaway database (migrated,
reference data, the synthetic population loaded as `datusoban synth --load`
does), unless ``--database-url`` names an existing, loaded PostgreSQL database
(or ``--home`` a data directory with a loaded SQLite database) to reuse. Then
one pass (``sasaran.registry_pass``): read the registry, rank every household
and store the ranking, judge all seven programmes and store their runs; the
seconds of each phase, the whole pass and peak memory. Then the explanation of
``--samples`` random people for PKH (a family with its components) and
permakanan (a person), each read from the database alone: p50, p95 and max in
ms. Prints one JSON object per database. Target: the pass in <= 30 s for
4,305,281 people on 2 cores; one explanation <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date

from fresh_database import run_on_fresh_database

AS_OF = date(2025, 6, 30)
PEOPLE = 4_305_281


def _load(people: int) -> float:
    from django.core.management import call_command
    from django.db import transaction

    from datusoban.reference.loader import load_reference
    from datusoban.registri.population import LoadCounts, bulk_loading
    from datusoban.synth import load as synth_load
    from datusoban.synth.config import SynthConfig
    from datusoban.synth.run import run

    call_command("migrate", verbosity=0)
    load_reference()
    config = SynthConfig(people=people, seed=7, as_of=AS_OF)
    if synth_load.existing_batch(config) is not None:
        return 0.0
    start = time.perf_counter()
    totals = LoadCounts()
    with transaction.atomic():
        batch = synth_load.start_batch(config, user="benchmark")
        loader = synth_load.chunk_loader(batch, config)
        with bulk_loading(people):
            run(config, None, on_chunk=lambda c: totals.add(loader(c)),
                prepare=synth_load.prepare_chunk)  # fmt: skip
        synth_load.finish_batch(batch, totals)
    return time.perf_counter() - start


def _cpu() -> float:
    # With the processes it waited for: SQLite's bulk reads run in processes of their own.
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def _latency(program: str, people: list[tuple[int, int]]) -> dict:
    from datusoban.sasaran.eligibility_services import explain_unit

    explain_unit(program, as_of=AS_OF, person=people[0][0])  # compile the rules once
    times = []
    for person, _ in people:
        start = time.perf_counter()
        explain_unit(program, as_of=AS_OF, person=person)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def measure(people: int, samples: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    from datusoban.registri.models import Person
    from datusoban.sasaran.registry_pass import rank_and_judge

    load_seconds = _load(people)
    start, cpu = time.perf_counter(), _cpu()
    result = rank_and_judge(["SEMUA"], AS_OF, user="benchmark")
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    living = Person.objects.filter(household__isnull=False, status="hidup")
    top = living.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(7)
    picks = sorted({rng.randint(1, top) for _ in range(samples * 2)})
    sample = list(living.filter(pk__in=picks).values_list("pk", "household_id")[:samples])
    return {
        "database": connection.vendor,
        "people": result.people,
        "households": result.households,
        "seconds_load": round(load_seconds, 1),
        "seconds_pass": round(seconds, 2),
        # Reading, ranking and judging, without writing the ranking and the runs.
        "seconds_compute": round(
            sum(v for k, v in result.seconds.items() if not k.startswith("simpan")), 2
        ),
        "phases": result.seconds,
        # CPU seconds of this process and its readers (on SQLite the database engine
        # included; not the PostgreSQL server's): what the pass costs whatever else the
        # machine runs.
        "cpu_seconds_pass": round(cpu, 1),
        "eligible": {run.program_id: run.layak for run, _ in result.runs},
        "peak_rss_mb": round(peak),
        "explain_pkh_family": _latency("PKH", sample),
        "explain_permakanan_person": _latency("PERMAKANAN", sample),
        "samples": len(sample),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database-url", help="reuse this loaded PostgreSQL database")
    parser.add_argument("--home", help="reuse the SQLite database of this data directory")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.people, args.samples)), flush=True)
        return
    own = [__file__, "--measure", "--people", str(args.people), "--samples", str(args.samples)]
    if args.database_url or args.home:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "datusoban.settings"}
        env.pop("DATUSOBAN_DATABASE_URL", None)
        if args.database_url:
            env["DATUSOBAN_DATABASE_URL"] = args.database_url
        if args.home:
            env["DATUSOBAN_HOME"] = args.home
        subprocess.run([sys.executable, *own], env=env, check=True)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        print(run_on_fresh_database(db, own), end="", flush=True)


if __name__ == "__main__":
    main()
