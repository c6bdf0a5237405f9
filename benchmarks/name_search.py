"""Benchmark: name search (any part of a name, ranked) on a SQLite registry.

    .venv/bin/python benchmarks/name_search.py [--people 4305281] [--home DIR] [--reuse]
        [--queries 200]

1. Prepare (skipped with --reuse): in DATUSOBAN_HOME ``--home`` (default: a new
   temporary folder), a SQLite database migrated, reference data, the synthetic
   population loaded as `datusoban synth --load` does (one transaction, the bulk
   path; the trigram table of the name keys filled by its triggers). Its seconds are
   reported: the triggers' share of a load is part of the price of the index.
2. Measure, in this one process (SQLite serves one office: no concurrency here; the
   20-user figure is web_load.py's, on PostgreSQL): for a province user and a kab/kota
   user (Kota Banjarmasin), a name search's first page as the search page reads it
   (count, then the 20 best), for names as users type them: whole names in another
   spelling (the load test's kind), a single word of five letters or more, and two
   words in the other order. Prints one JSON object: p50/p95/max ms per kind and
   scope, and the matches per query (counted up to found_people.COUNT_LIMIT).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

KALSEL_PEOPLE = 4_305_281
PER_PAGE = 20


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


def typed_names(rng: random.Random, count: int) -> dict[str, list[str]]:
    """Queries of three kinds, from the registry's own names."""
    from datusoban.registri.models import Person

    top = Person.objects.order_by("?").values_list("nama_kunci", flat=True)[: count * 3]
    keys = [k for k in top if k]
    whole = [k.lower() for k in keys[:count]]
    words = [w for k in keys for w in k.split() if len(w) >= 5]
    single = [w.lower() for w in rng.sample(words, min(count, len(words)))]
    pairs = [" ".join(reversed(k.split()[:2])).lower() for k in keys if len(k.split()) >= 2]
    return {"nama_utuh": whole, "satu_kata": single, "dua_kata_terbalik": pairs[:count]}


def first_page(people, nama: str) -> tuple[float, int]:
    """As the page and the API read it (``found_people.found``, the scope a queryset
    here): counted up to COUNT_LIMIT, then the first page, best first."""
    from datusoban.accounts.found_people import page_values
    from datusoban.registri.search import same_name, search_people

    start = time.perf_counter()
    conditions, today = {"nama": nama}, date.today()
    found = page_values(
        search_people(people, conditions, today), conditions, same_name(people, conditions, today)
    )
    total = found.count()
    found[0:PER_PAGE]
    return (time.perf_counter() - start) * 1000, total


def summary(ms: list[float], totals: list[int]) -> dict:
    ordered = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "matches_median": int(statistics.median(totals)),
        "matches_max": max(totals),
    }


def measure(queries: int, seed: int) -> dict:
    from datusoban.registri.models import Person
    from datusoban.registri.search import name_too_short

    rng = random.Random(seed)
    kinds = typed_names(rng, queries)
    scopes = {
        "provinsi": Person.objects.all(),
        "kota_banjarmasin": Person.objects.filter(kode_kabkota="63.71"),
    }
    result: dict = {}
    for scope, people in scopes.items():
        for kind, names in kinds.items():
            ms, totals = [], []
            for nama in names:
                if name_too_short(nama):
                    continue
                took, total = first_page(people, nama)
                ms.append(took)
                totals.append(total)
            result[f"{scope}/{kind}"] = summary(ms, totals)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=KALSEL_PEOPLE)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--queries", type=int, default=200, help="per kind and scope")
    parser.add_argument("--home", type=Path, help="DATUSOBAN_HOME (kept)")
    parser.add_argument("--reuse", action="store_true", help="the database in --home as it is")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="datusoban-bench-names-"))
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DATUSOBAN_HOME"] = str(home)
    os.environ.pop("DATUSOBAN_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    import django

    django.setup()
    from django.db import connection

    from datusoban.registri.models import Person

    out: dict = {
        "benchmark": "name_search",
        "database": f"sqlite {connection.Database.sqlite_version}",
        "home": str(home),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
    }
    if not args.reuse:
        out["preparation"] = prepare(args.people, args.seed)
    out["people"] = Person.objects.count()
    out["first_page"] = measure(args.queries, args.seed)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
