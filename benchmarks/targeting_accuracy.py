"""Benchmark: targeting accuracy against the known true welfare of a synthetic population.

    .venv/bin/python benchmarks/targeting_accuracy.py [--people 200000] [--seed 2025]
        [--db sqlite|postgres]

In a fresh, throwaway database: generate a synthetic Kalimantan Selatan population
with its source files and truth (`datusoban synth --load --out DIR`), rank every
household (`datusoban rank`), judge PKH, and match the registry's households to
``truth/households.csv`` by No KK. Then three selections of PKH families are
compared with the truth, where "should receive" is the PKH rules with the *true*
desil (``true_desil`` <= 4 and a component in the family) and "above the
cut-off" is ``true_desil`` > 4:

- ``pkh_saat_ini``: the current enrolment (the generator's PKH families, with
  their calibrated inclusion error);
- ``peringkat_aturan``: every family our ranking and the rules find eligible;
- ``peringkat_kuota_sama``: as many families as PKH serves today, chosen by our
  ranking's need order (``allocation``, a count budget).

Also how often our desil equals the true desil, or is within one. Prints one JSON
object: inclusion and exclusion error of each selection against the truth.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from fresh_database import run_on_fresh_database

AS_OF = date(2025, 6, 30)


def measure(people: int, seed: int) -> dict:
    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command
    from django.db import connection

    from datusoban.db.reading import read_frame
    from datusoban.registri.models import Household
    from datusoban.sasaran import accuracy, allocation
    from datusoban.sasaran.accuracy_services import receiving
    from datusoban.sasaran.allocation_services import candidates
    from datusoban.sasaran.eligibility import outcome_column
    from datusoban.sasaran.eligibility_services import assess_registry, select
    from datusoban.sasaran.services import rank_registry

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    out = Path(tempfile.mkdtemp(prefix="datusoban-truth-"))
    call_command(
        "synth", people=people, seed=seed, as_of=AS_OF, out=out, load=True, stdout=io.StringIO()
    )
    rank_registry(as_of=AS_OF)
    (rules,) = select(["PKH"])
    facts, assessments = assess_registry([rules], AS_OF)
    units = assessments["PKH"].units
    truth = pl.read_csv(
        out / "truth" / "households.csv",
        schema_overrides={"no_kk": pl.String, "kode_wilayah": pl.String},
    ).select("no_kk", "true_desil", "pkh")
    table = Household._meta.db_table
    keys = read_frame(
        f"SELECT id, no_kk FROM {table} WHERE no_kk IS NOT NULL",  # noqa: S608
        schema={"keluarga": pl.Int64, "no_kk": pl.String},
    )
    matched = keys.join(truth, on="no_kk", how="inner").unique("keluarga")
    cut = rules.params["desil_maks"]
    enrolled = receiving(["PKH"]).filter(pl.col("person").is_null())["household"]
    frame = units.join(matched, on="keluarga", how="inner").join(
        facts.keluarga.select("keluarga", "desil_pmt"), on="keluarga", how="left"
    )
    # The same number of families as PKH serves today, by our need order.
    chosen = allocation.allocate(
        candidates(rules, facts, assessments["PKH"], satuan="jumlah"), enrolled.len()
    ).units.filter(pl.col("dipilih"))["unit"]
    frame = frame.with_columns(
        miskin=pl.col("true_desil") <= cut,
        sasaran=(pl.col("true_desil") <= cut) & pl.col(outcome_column("komponen")).fill_null(False),
        pkh_saat_ini=pl.col("keluarga").is_in(enrolled.implode()),
        peringkat_aturan=pl.col("layak"),
        peringkat_kuota_sama=pl.col("keluarga").is_in(chosen.implode()),
    )

    def against_truth(selection: str) -> dict:
        rows = frame.select(
            kode_kabkota="kode_kabkota", dipilih=selection, miskin="miskin", sasaran="sasaran"
        )
        province, _ = accuracy.errors(rows)
        picked = frame.filter(pl.col(selection))
        return {
            "keluarga": province["terpilih"],
            "galat_inklusi": province["galat_inklusi"],
            "galat_eksklusi": province["galat_eksklusi"],
            "di_atas_batas": province["di_atas_batas"],
            "sasaran_tidak_terpilih": province["sasaran_tidak_terpilih"],
            "rata_rata_desil_sebenarnya": round(picked["true_desil"].mean() or 0, 2),
        }

    gap = (frame["desil_pmt"] - frame["true_desil"]).abs()
    return {
        "database": connection.vendor,
        "people": people,
        "seed": seed,
        "households": facts.keluarga.height,
        "households_matched_by_no_kk": matched.height,
        "batas_desil": cut,
        "sasaran_sebenarnya": int(frame["sasaran"].sum()),
        "desil_kita_sama_dengan_sebenarnya": round(float((gap == 0).mean()), 4),
        "desil_kita_selisih_paling_1": round(float((gap <= 1).mean()), 4),
        "pkh_saat_ini": against_truth("pkh_saat_ini"),
        "peringkat_aturan": against_truth("peringkat_aturan"),
        "peringkat_kuota_sama": against_truth("peringkat_kuota_sama"),
        "truth_pkh_flag_galat_inklusi": round(
            float((truth.filter(pl.col("pkh"))["true_desil"] > cut).mean()), 4
        ),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.people, args.seed)), flush=True)
        return
    own = [__file__, "--measure", "--people", str(args.people), "--seed", str(args.seed)]
    print(run_on_fresh_database(args.db, own), end="", flush=True)


if __name__ == "__main__":
    main()
