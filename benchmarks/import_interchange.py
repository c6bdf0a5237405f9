"""Benchmark: validate and store a 1,000,000-row interchange CSV into SQLite and PostgreSQL.

    .venv/bin/python benchmarks/import_interchange.py [--rows 1000000] [--db sqlite|postgres|both]
        [--repeat 3] [--format csv|xlsx] [--file PATH]
    .venv/bin/python benchmarks/import_interchange.py --whole [--rows 200000] [--repeat 3]

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

--whole times the whole command instead, on SQLite: `python -m datusoban.cli
import FILE --profile interchange --source Benchmark --json`, from process
start to exit, under `/usr/bin/time -v` (wall, user and system time, peak
memory). A migrated database with the reference data (`datusoban migrate`,
`datusoban reference load`) is made once and copied for each run; the file of
--rows rows and a one-row file (its first row: the command's fixed cost)
alternate, after one unmeasured run of each that leaves the bytecode and the
files in the caches, as on a server that ran the command before. Target: the
whole command at >= 100,000 rows/s for 200,000 rows, a fixed cost under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
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


def _migrated_database(folder: Path) -> Path:
    """A SQLite database with the migrations and the reference data, made by the commands."""
    env = _command_env(folder / "template")
    for args in (["migrate", "--verbosity", "0"], ["reference", "load"]):
        subprocess.run(
            [sys.executable, "-m", "datusoban.cli", *args], env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return folder / "template" / "datusoban.sqlite3"


def _command_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATUSOBAN_")}
    env["DATUSOBAN_HOME"] = str(home)
    # Bytecode is written and read as on an installed system (pip compiles it at install).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


TIME = Path("/usr/bin/time")  # GNU time: its -v report has the child's own rusage


def whole_command(path: Path, database: Path, home: Path) -> dict:
    """One `datusoban import` of ``path`` into a copy of ``database`` under ``/usr/bin/time -v``:
    wall time, user and system time, peak memory."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shutil.copy(database, home / "datusoban.sqlite3")
    report = home / "time.txt"
    args = [str(TIME), "-v", "-o", str(report), sys.executable, "-m", "datusoban.cli", "import",
            str(path), "--profile", "interchange", "--source", "Benchmark", "--json"]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(args, env=_command_env(home), check=True, stdout=subprocess.PIPE)
    seconds = time.perf_counter() - start
    rows = json.loads(done.stdout)["rows"]
    usage = dict(line.strip().rsplit(": ", 1) for line in report.read_text().splitlines())
    return {
        "command": "datusoban import (whole process)",
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "user_s": float(usage["User time (seconds)"]),
        "sys_s": float(usage["System time (seconds)"]),
        "peak_rss_mb": round(int(usage["Maximum resident set size (kbytes)"]) / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }


def run_whole(args: argparse.Namespace, folder: Path) -> None:
    """--whole: the file of --rows rows and a one-row file, alternating; medians last."""
    import polars as pl

    if not TIME.exists():
        raise SystemExit(f"--whole needs GNU time at {TIME} (apt-get install time)")
    big = args.file or build_file(args.rows, folder / "interchange.csv")
    one = folder / "one-row.csv"
    pl.read_csv(big, infer_schema=False, n_rows=1).write_csv(one)
    database = _migrated_database(folder)
    home = folder / "home"
    for path in (big, one):  # unmeasured: bytecode written, files in the page cache
        whole_command(path, database, home)
    runs: dict[Path, list[dict]] = {big: [], one: []}
    for _ in range(args.repeat):
        for path, results in runs.items():
            results.append(whole_command(path, database, home))
            print(json.dumps(results[-1]), flush=True)
    for results in runs.values():
        middle = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
        print(json.dumps({**middle, "median_of": len(results)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="rows of the file (1,000,000; --whole: 200,000)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median printed)")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--file", type=Path, help="an interchange file built before")
    parser.add_argument(
        "--whole", action="store_true", help="time the whole `datusoban import` command (SQLite)"
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=["import", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rows is None:
        args.rows = 200_000 if args.whole else 1_000_000
    if args.measure:
        print(json.dumps(measure(args.measure, args.mode)), flush=True)
        return
    folder = Path(tempfile.mkdtemp(prefix="datusoban-bench-file-"))
    try:
        if args.whole:
            run_whole(args, folder)
            return
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
