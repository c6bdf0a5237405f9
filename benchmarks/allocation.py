"""Benchmark: a PKH budget allocated by need over a synthetic registry, its proposals
written, other budgets compared, and the accuracy of every programme's enrolment.

    .venv/bin/python benchmarks/allocation.py [--people 1000000] [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database: the
synthetic population loaded as `datusoban synth --load` does (with its PKH and
BPNT enrolments) and ranked (`datusoban rank`), untimed. Then, timed: the
registry read and PKH judged (``assess_registry``), the candidates frame
(desil, score, open enrolments), one allocation (sort and running sums), three
more budgets side by side, the run stored with every new unit proposed as an
enrolment (one transaction), the whole `compute_allocation` end to end, and
``datusoban ketepatan`` over all programmes. The budget funds every eligible
family, so that the proposals are as many as they can be. Prints one JSON
object per database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import time
from datetime import date

from fresh_database import run_on_fresh_database

AS_OF = date(2025, 6, 30)


def measure(people: int) -> dict:
    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command
    from django.db import connection

    from datusoban.program.models import Kepesertaan
    from datusoban.sasaran import allocation
    from datusoban.sasaran.accuracy_services import run_accuracy
    from datusoban.sasaran.allocation_services import (
        candidates,
        compute_allocation,
        store_allocation,
    )
    from datusoban.sasaran.eligibility_services import assess_registry, select
    from datusoban.sasaran.services import rank_registry

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("synth", people=people, no_files=True, load=True, stdout=io.StringIO())
    rank_registry(as_of=AS_OF)
    prepared = time.perf_counter() - started
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 2)
        clock = now

    (rules,) = select(["PKH"])
    facts, assessments = assess_registry([rules], AS_OF)
    lap("baca_dan_nilai")
    units = candidates(rules, facts, assessments["PKH"], satuan="rupiah")
    lap("calon")
    need = int(units["biaya"].sum())
    result = allocation.allocate(units, need)
    lap("alokasi")
    allocation.compare(units, [need // 4, need // 2, need * 3 // 4])
    lap("banding_3_anggaran")
    full = compute_allocation("PKH", as_of=AS_OF, anggaran=need, banding=[need // 2])
    lap("compute_allocation_ujung_ke_ujung")
    run = store_allocation(full, user="benchmark", usulkan=True)
    lap("simpan_dan_usulkan")
    runs = run_accuracy(["SEMUA"], AS_OF, user="benchmark")
    lap("ketepatan_semua_program")
    pkh = next(r for r in runs if r.program_id == "PKH").provinsi
    return {
        "database": connection.vendor,
        "people": people,
        "households": facts.keluarga.height,
        "seconds_load_and_rank": round(prepared, 1),
        "seconds": seconds,
        "pkh_layak": units.height,
        "pkh_dipilih": result.totals()["dipilih"],
        "pkh_peserta_lanjutan": result.totals()["dipilih_lanjut"],
        "pkh_diusulkan": run.diusulkan,
        "pkh_anggaran": need,
        "kepesertaan_diusulkan": Kepesertaan.objects.filter(status="diusulkan").count(),
        "ketepatan_pkh": {k: pkh[k] for k in ("terpilih", "galat_inklusi", "galat_eksklusi")},
        "rows_per_second_alokasi": round(units.height / max(seconds["alokasi"], 0.01)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "polars": pl.__version__,
        "load_average": [round(x, 1) for x in os.getloadavg()],
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
    own = [__file__, "--measure", "--people", str(args.people)]
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        print(run_on_fresh_database(db, own), end="", flush=True)


if __name__ == "__main__":
    main()
