"""Benchmark: validate and store a 1,000,000-row interchange CSV into SQLite and PostgreSQL.

    .venv/bin/python benchmarks/import_interchange.py [--rows 1000000] [--db sqlite|postgres|both]
        [--repeat 3] [--format csv|xlsx] [--file PATH]

With --format xlsx the same rows are written as an XLSX the way Excel saves
one (shared strings: benchmarks/xlsx_file.py) and imported from it.
--file imports a file built before (to compare two versions on the same bytes).

The file is built from the synthetic population (real desa codes, valid and
noisy NIKs, Banjar names). Each run is its own process on a fresh database.
Printed as JSON lines: rows/s of a full `import_file` (read, map, validate,
store, quality report, one transaction) and, beside it, the floor: the same
rows read and stored with no validation, so the ratio shows what validation
costs. Target (issue 3): >= 100,000 rows/s into each,
peak memory < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from fresh_database import run_on_fresh_database


def build_file(rows: int, path: Path) -> Path:
    """An interchange CSV of ``rows`` rows from the synthetic population, with 1% noise."""
    import polars as pl

    from datusoban.synth.config import SynthConfig
    from datusoban.synth.population import generate

    parts, have = [], 0
    for chunk in generate(SynthConfig(people=int(rows * 1.01) + 1_000, seed=11)):
        frame = chunk.persons.join(
            chunk.households.select("hh_key", "no_kk", "alamat", "rt", "rw", "kode_wilayah"),
            on="hh_key",
        ).select(
            record_id="R" + pl.col("person_key").cast(pl.Utf8),
            nik="nik", no_kk="no_kk", nama=pl.col("nama").str.to_uppercase(),
            jenis_kelamin="jenis_kelamin", tempat_lahir="tempat_lahir",
            tanggal_lahir=pl.col("tanggal_lahir").dt.strftime("%d-%m-%Y"),
            nama_ibu_kandung="nama_ibu_kandung", hubungan_keluarga="hubungan_keluarga",
            alamat="alamat", rt="rt", rw="rw", kode_wilayah="kode_wilayah",
        )  # fmt: skip
        parts.append(frame)
        have += frame.height
        if have >= rows:
            break
    frame = pl.concat(parts).head(rows)
    # 1% of NIKs damaged the way spreadsheets do, so the quarantine path is exercised.
    damaged = pl.int_range(0, frame.height, eager=True) % 100 == 0
    frame = frame.with_columns(nik=pl.when(damaged).then(pl.lit("6.37101E+15")).otherwise("nik"))
    frame.write_csv(path)
    return path


def measure(path: Path, mode: str) -> dict:
    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command
    from django.db import connection, transaction

    from datusoban import db
    from datusoban.impor.reading import read_table
    from datusoban.impor.services import import_file
    from datusoban.reference.loader import load_reference
    from datusoban.registri.models import ImportBatch, Source, SourceRecord
    from datusoban.registri.records import store_source_records

    call_command("migrate", verbosity=0)
    load_reference()
    start = time.perf_counter()
    if mode == "floor":  # read and store, no mapping, validation or report
        with transaction.atomic():
            raw = read_table(path)
            source = Source.objects.create(kode="floor", nama="floor", jenis="lainnya")
            batch = ImportBatch.objects.create(
                source=source, nama_berkas="floor", sha256="floor", profil="-", diimpor_oleh="b"
            )
            rows = raw.frame.select(
                nomor_baris=raw.row_numbers,
                record_id="record_id",
                data=pl.struct(pl.all()).struct.json_encode(),
                nik="nik", no_kk="no_kk", nama="nama", jenis_kelamin="jenis_kelamin",
                tanggal_lahir=pl.lit(None, dtype=pl.Date), kode_wilayah="kode_wilayah",
                peringatan=pl.lit("[]"),
            )  # fmt: skip
            # The same large-load path the import takes, so the two compare fairly.
            with db.bulk_load([SourceRecord._meta.db_table], rows.height):
                for part in rows.iter_slices(50_000):
                    store_source_records(batch, part)
        count = rows.height
    else:
        result = import_file(path, profile="interchange", user="bench", source="Benchmark")
        count = result.rows
    seconds = time.perf_counter() - start
    return {
        "database": connection.vendor,
        "mode": mode,
        "rows": count,
        "seconds": round(seconds, 2),
        "rows_per_s": round(count / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }


def child(db: str, path: Path, mode: str) -> dict:
    out = run_on_fresh_database(db, [__file__, "--measure", str(path), "--mode", mode])
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median printed)")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--file", type=Path, help="an interchange file built before")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=["import", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.mode)), flush=True)
        return
    folder = Path(tempfile.mkdtemp(prefix="datusoban-bench-file-"))
    try:
        path = args.file or build(args, folder)
        run_all(args, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build(args: argparse.Namespace, folder: Path) -> Path:
    path = build_file(args.rows, folder / "interchange.csv")
    if args.format == "xlsx":
        import polars as pl

        from xlsx_file import write_xlsx

        csv = path
        path = write_xlsx(pl.read_csv(csv, infer_schema=False), folder / "interchange.xlsx")
        csv.unlink()
    return path


def run_all(args: argparse.Namespace, path: Path) -> None:
    print(json.dumps({"file": str(path), "bytes": path.stat().st_size}), flush=True)
    # Runs alternate (import, floor, import, ...) so that a machine that slows
    # down for a while hurts both alike; the median of each is the figure.
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        runs: dict[str, list[dict]] = {"import": [], "floor": []}
        for _ in range(args.repeat):
            for mode in runs:
                runs[mode].append(child(db, path, mode))
                print(json.dumps(runs[mode][-1]), flush=True)
        for results in runs.values():
            middle = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
            print(json.dumps({**middle, "median_of": len(results)}), flush=True)


if __name__ == "__main__":
    main()
