"""Benchmark: 10,000 deaths from a civil registry over HTTP, matched, queued or applied.

    .venv/bin/python benchmarks/crvs_deaths.py [--people 30000] [--deaths 10000]
        [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database: the reference data
and a synthetic population (``datusoban synth --load``, with its enrolments), then the
test civil registry of ``tests/integration/crvs/crvs_server.py`` serving, over real HTTP
on 127.0.0.1, ``--deaths`` registered deaths of people of the registry: most under their
registry name (a certain match), one in ten under another name (left for an officer), one
in ten of a NIK the registry does not hold. Automatic application is switched on for
every other kab/kota among those of the dead, and one in five of them has an enrolment
of their own (Permakanan) that a death ends. The client asks for the deaths since a date
(``CrvsClient.kematian_sejak``, one search) and the intake proposes each, applying the
certain ones where allowed (``crvs.intake.terima_kematian``); timed from the request to
the commit. Then the same poll again: nothing new may be proposed or applied (the counts
of proposals, deceased people and ended enrolments are compared). Prints one JSON object
per database. Target: 60 s for 10,000 on the 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import time
from pathlib import Path

from fresh_database import run_on_fresh_database

TESTS = Path(__file__).resolve().parent.parent / "tests" / "integration" / "crvs"


def _deaths(people: list[tuple], count: int) -> list[dict]:
    """The civil registry's records of ``count`` deaths of the registry's ``people``."""
    sys.path.insert(0, str(TESTS))
    from crvs_server import orang  # the test civil registry's own record form

    records = []
    for i, (nik, nama, kabkota) in enumerate(people[:count]):
        if i % 10 == 8:
            nama = "Abdul Hamid Nasution"  # another name: not certain
        if i % 10 == 9:
            nik = nik[:12] + f"{(int(nik[12:]) + 5000) % 9999 + 1:04d}"  # a NIK nobody holds
        akta = f"{kabkota.replace('.', '')}-KM-2026-{i:06d}"
        records.append(
            orang(nik, nama, "1940-01-01", region=kabkota, wafat="2026-03-01", akta=akta)
        )
    return records


def measure(people: int, deaths: int) -> dict:
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import connection

    from datusoban.crvs import automatic
    from datusoban.crvs.client import CrvsClient
    from datusoban.crvs.intake import terima_kematian
    from datusoban.crvs.models import UsulanKematian
    from datusoban.identity.nik import is_valid_nik
    from datusoban.program.models import Kepesertaan
    from datusoban.registri.models import Person

    call_command("migrate", verbosity=0)
    call_command("reference", "load", stdout=io.StringIO())
    started = time.perf_counter()
    call_command("synth", people=people, no_files=True, load=True, stdout=io.StringIO())
    load_seconds = time.perf_counter() - started
    # People with a NIK a civil registry would issue (a synthetic source's noise aside).
    living = [
        row
        for row in Person.objects.filter(
            status="hidup", nik__isnull=False, kode_kabkota__isnull=False
        )
        .exclude(nama="")
        .order_by("pk")
        .values_list("nik", "nama", "kode_kabkota")
        if is_valid_nik(row[0], as_of=date.today())
    ][:deaths]
    kabkota = sorted({k for _, _, k in living})
    for kode in kabkota[::2]:  # every other kab/kota of the dead switches it on
        automatic.switch(kode, True, "benchmark")
    # Every fifth of them has an enrolment of their own (Permakanan), ended by the death.
    own = Kepesertaan.objects.bulk_create(
        [
            Kepesertaan(program_id="PERMAKANAN", person_id=pk, status="terdaftar",
                        mulai=date(2025, 1, 1), kode_kabkota=k)
            for pk, k in Person.objects.filter(nik__in=[n for n, _, _ in living[::5]])
            .values_list("pk", "kode_kabkota")
        ],
        batch_size=500,
    )  # fmt: skip
    sys.path.insert(0, str(TESTS))
    from crvs_server import TOKEN, CrvsServer

    def counts() -> dict:
        return {
            "proposals": UsulanKematian.objects.count(),
            "applied_automatically": UsulanKematian.objects.filter(otomatis=True).count(),
            "deceased": Person.objects.filter(status="meninggal").count(),
            "enrolments_ended_meninggal": Kepesertaan.objects.filter(
                alasan_keluar="meninggal"
            ).count(),
        }

    runs = []
    before = counts()
    with CrvsServer(people=_deaths(living, deaths)) as crvs:
        client = CrvsClient(crvs.url, TOKEN, timeout=120)
        for _ in range(2):
            started = time.perf_counter()
            records = client.kematian_sejak(date(2026, 1, 1), "63")
            fetched = time.perf_counter() - started
            result = terima_kematian(records, oleh="benchmark", today=date(2026, 3, 10))
            runs.append({
                "seconds": round(time.perf_counter() - started, 2),
                "seconds_http": round(fetched, 2),
                "events": len(records),
                "new": len(result.baru),
                "applied": result.otomatis,
                "known_already": result.sudah_ada,
                "after": counts(),
            })  # fmt: skip
    return {
        "database": connection.vendor,
        "people": people,
        "deaths": deaths,
        "seconds_synth_load": round(load_seconds, 2),
        "kabkota_switched_on": f"{len(kabkota[::2])} of {len(kabkota)}",
        "own_enrolments": len(own),
        "before": before,
        "runs": runs,
        "second_run_changed_nothing": runs[0]["after"] == runs[1]["after"] and runs[1]["new"] == 0,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--deaths", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.people, args.deaths)), flush=True)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        command = [__file__, "--measure", "--people", str(args.people), "--deaths",
                   str(args.deaths)]  # fmt: skip
        print(run_on_fresh_database(db, command), end="")


if __name__ == "__main__":
    main()
