"""Benchmark: enrolments written with a synthetic population, then stages, overlaps, indicators.

    .venv/bin/python benchmarks/programs.py [--people 1000000] [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database. Runs
`datusoban synth --load` (which writes the PKH and BPNT enrolments and their
history with the population) and reports the seconds of the whole load and of
the enrolment part alone, then times a year's PKH stages (``create_stages`` with
the rule file's amounts, ``sasaran.stage_amounts``, as `datusoban program
tahap` runs it), the synthetic payments up to the as-of date, a year's BPNT
stages, the overlap checks and the indicators over the whole province. Prints
one JSON object per database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import time

from fresh_database import run_on_fresh_database


def measure(people: int) -> dict:
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import connection, transaction

    from datusoban.program import indicators, overlap
    from datusoban.program.models import Kepesertaan, RiwayatKepesertaan, TahapBayar
    from datusoban.program.stages import create_stages
    from datusoban.sasaran.stage_amounts import pkh_stage_amounts
    from datusoban.synth import enrolments

    call_command("migrate", verbosity=0)
    spent = {"enrolments": 0.0}
    real = enrolments.write_enrolments

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent["enrolments"] += time.perf_counter() - started

    enrolments.write_enrolments = timed
    started = time.perf_counter()
    call_command("synth", people=people, no_files=True, load=True, stdout=io.StringIO())
    load_seconds = time.perf_counter() - started
    as_of = date(2025, 6, 30)

    def clock(step) -> float:
        t = time.perf_counter()
        step()
        return round(time.perf_counter() - t, 2)

    def pay() -> None:
        with transaction.atomic():
            enrolments.simulate_payments(2025, as_of)

    pkh_stages = clock(lambda: create_stages("PKH", 2025, pkh_stage_amounts))
    return {
        "database": connection.vendor,
        "people": people,
        "kepesertaan": Kepesertaan.objects.count(),
        "riwayat": RiwayatKepesertaan.objects.count(),
        "tahap_pkh": TahapBayar.objects.count(),
        "seconds_synth_load_total": round(load_seconds, 2),
        "seconds_enrolments_in_load": round(spent["enrolments"], 2),
        "seconds_pkh_stages_year": pkh_stages,
        "seconds_synthetic_payments": clock(pay),
        "seconds_bpnt_stages_year": clock(lambda: create_stages("BPNT", 2025)),
        "seconds_overlaps": clock(lambda: overlap.overlaps()),
        "seconds_kemandirian": clock(lambda: indicators.kemandirian(None, as_of)),
        "seconds_kpm_per_year": clock(lambda: indicators.kpm_per_year("PKH", as_of=as_of)),
        "seconds_kpm_per_tahap": clock(lambda: indicators.kpm_per_tahap("PKH", 2025)),
        "seconds_pendamping": clock(lambda: indicators.pendamping_caseload(None, as_of)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }


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
        print(run_on_fresh_database(db, [__file__, "--measure", "--people", str(args.people)]),
              end="")  # fmt: skip


if __name__ == "__main__":
    main()
