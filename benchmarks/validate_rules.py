"""Throughput of ingest.rules.validate on a realistic 1,000,000-row import (not a test).

    .venv/bin/python benchmarks/validate_rules.py [--rows 1000000] [--repeat 3]
        [--excel]

Builds a canonical frame the way Kalsel sources arrive: real desa/kecamatan
codes, NIKs consistent with the stated birth date and sex, and the usual
damage at realistic rates (Excel apostrophes and scientific notation, typed
separators, placeholder dates, mixed date layouts and sex words, undotted
region codes, PPKS lists, exact duplicate rows, reused record ids, the odd
formula cell). With --excel every NIK and No KK carries Excel's leading
apostrophe, so none takes the fast path for plain 16-digit cells. Prints
rows, seconds per run (best and all), rows/s, and the status and reason
counts. Target: 1M rows in <= 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from datetime import date

import numpy as np
import polars as pl

from datusoban.impor.rules import RuleContext, validate
from datusoban.reference import wilayah

AS_OF = date(2025, 6, 30)
NAMES = ["MUHAMMAD", "SITI", "AHMAD", "NOOR", "RAHMAT", "HJ. AISYAH", "GUSTI", "NURUL", "ABDUL"]
SECOND = ["RIDUAN", "FATIMAH", "HIDAYAT", "JANNAH", "SAPUTRA", "BIN H. ASMUNI", "AMINAH", ""]
TOWNS = ["BANJARMASIN", "BANJARBARU", "MARTAPURA", "KANDANGAN", "BARABAI", "AMUNTAI", "TANJUNG"]
# Mostly categories open to anyone; now and then one that does not fit the person.
PPKS = ["24"] * 12 + ["21", "22", "24, 21", "24;25", "14", "8", "23", "27"]
RELATIONS = ["Kepala Keluarga", "Istri", "Anak", "Anak", "Anak", "Orang Tua", "Famili Lain"]


def _pick(rng: np.random.Generator, items: list[str], n: int) -> pl.Series:
    return pl.Series(np.asarray(items, dtype=object)[rng.integers(0, len(items), n)], dtype=pl.Utf8)


def _where(rng: np.random.Generator, rate: float, n: int) -> pl.Series:
    return pl.Series(rng.random(n) < rate)


def make_frame(rows: int, seed: int = 2025) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    desa = [w.kode for w in wilayah.within("63", wilayah.DESA)]
    kec = sorted(wilayah.nik_region_codes())
    kalsel_kec = [k for k in kec if k.startswith("63")]
    n = rows
    birth = pl.Series(
        np.datetime64("2025-06-30") - rng.integers(0, 95 * 365, n).astype("timedelta64[D]")
    ).cast(pl.Date)
    female = pl.Series(rng.random(n) < 0.5)
    # About one birth date in six is a registrar's placeholder.
    placeholder = _where(rng, 0.16, n)
    birth = pl.select(
        pl.when(placeholder).then(pl.date(birth.dt.year(), pl.lit(7), pl.lit(1))).otherwise(birth)
    ).to_series()
    f = pl.DataFrame({"born": birth, "female": female, "i": np.arange(n)})
    day = pl.col("born").dt.day() + pl.when("female").then(40).otherwise(0)
    nik = pl.concat_str(
        _pick(rng, kalsel_kec, n),
        day.cast(pl.Utf8).str.zfill(2),
        pl.col("born").dt.strftime("%m%y"),
        pl.Series(rng.integers(1, 40, n)).cast(pl.Utf8).str.zfill(4),
    )
    kk = pl.concat_str(
        _pick(rng, kalsel_kec, n),
        pl.Series(rng.integers(1, 29, n)).cast(pl.Utf8).str.zfill(2),
        pl.Series(rng.integers(1, 13, n)).cast(pl.Utf8).str.zfill(2),
        pl.Series(rng.integers(0, 25, n)).cast(pl.Utf8).str.zfill(2),
        pl.Series(rng.integers(1, 3000, n)).cast(pl.Utf8).str.zfill(4),
    )
    f = f.with_columns(nik=nik, kk=kk)
    layout = pl.Series(rng.choice(4, n, p=[0.6, 0.25, 0.1, 0.05]))
    f = f.with_columns(
        nik=pl.when(_where(rng, 0.06, n))
        .then(None)
        .when(_where(rng, 0.03, n))
        .then("'" + pl.col("nik"))
        .when(_where(rng, 0.01, n))
        .then(pl.col("nik").str.slice(0, 6) + " " + pl.col("nik").str.slice(6))
        .when(_where(rng, 0.005, n))
        .then(pl.col("nik").str.slice(0, 1) + "." + pl.col("nik").str.slice(1, 5) + "E+15")
        .when(_where(rng, 0.01, n))
        .then(pl.col("nik").str.slice(0, 15))
        .when(_where(rng, 0.005, n))
        .then("999901" + pl.col("nik").str.slice(6))
        .when(_where(rng, 0.005, n))
        .then(pl.col("nik").str.slice(0, 12) + "0000")
        .otherwise(pl.col("nik")),
        no_kk=pl.when(_where(rng, 0.08, n))
        .then(None)
        .when(_where(rng, 0.02, n))
        .then(pl.col("kk") + ".0")
        .when(_where(rng, 0.005, n))
        .then(pl.col("kk").str.slice(0, 6) + "3213" + pl.col("kk").str.slice(10))
        .otherwise(pl.col("kk")),
        tanggal_lahir=pl.when(_where(rng, 0.04, n))
        .then(None)
        .when(layout == 0)
        .then(pl.col("born").dt.strftime("%Y-%m-%d"))
        .when(layout == 1)
        .then(pl.col("born").dt.strftime("%d-%m-%Y"))
        .when(layout == 2)
        .then(pl.col("born").dt.strftime("%d/%m/%Y"))
        .otherwise(pl.col("born").dt.strftime("%Y-%m-%d 00:00:00")),
        jenis_kelamin=pl.when(_where(rng, 0.03, n))
        .then(None)
        .when(_where(rng, 0.002, n))
        .then(pl.lit("-"))
        .when("female")
        .then(_pick(rng, ["P", "P", "P", "PEREMPUAN", "Perempuan", "2", "WANITA"], n))
        .otherwise(_pick(rng, ["L", "L", "L", "LAKI-LAKI", "Laki-laki", "1", "LK"], n)),
    )
    region = _pick(rng, desa, n)
    f = f.with_columns(
        record_id=pl.concat_str(pl.lit("DTKS-"), pl.col("i").cast(pl.Utf8).str.zfill(8)),
        nama=_pick(rng, NAMES, n) + " " + _pick(rng, SECOND, n),
        tempat_lahir=_pick(rng, TOWNS, n),
        nama_ibu_kandung=_pick(rng, NAMES, n) + " " + _pick(rng, SECOND, n),
        hubungan_keluarga=_pick(rng, RELATIONS, n),
        alamat=pl.concat_str(
            pl.lit("JL. "),
            _pick(rng, ["A. YANI", "VETERAN", "PRAMUKA", "KAYU TANGI"], n),
            pl.lit(" NO. "),
            pl.Series(rng.integers(1, 300, n)).cast(pl.Utf8),
        ),
        rt=pl.Series(rng.integers(1, 40, n)).cast(pl.Utf8).str.zfill(3),
        rw=pl.Series(rng.integers(1, 12, n)).cast(pl.Utf8).str.zfill(3),
        kode_wilayah=pl.when(_where(rng, 0.03, n))
        .then(None)
        .when(_where(rng, 0.1, n))
        .then(region.str.replace_all(".", "", literal=True))
        .when(_where(rng, 0.003, n))
        .then(region.str.slice(0, 9) + "9999")
        .otherwise(region),
        ppks=pl.when(_where(rng, 0.7, n)).then(None).otherwise(_pick(rng, PPKS, n)),
    )
    canonical = [
        "record_id", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
        "nama_ibu_kandung", "hubungan_keluarga", "alamat", "rt", "rw", "kode_wilayah", "ppks",
    ]  # fmt: skip
    f = f.select(canonical).with_columns(
        nama=pl.when(_where(rng, 0.0005, n)).then(pl.lit('=HYPERLINK("x")')).otherwise("nama"),
        tahun_data=pl.lit("2025"),
    )
    # 2% of rows are exact copies of another row; 0.2% reuse another row's record id.
    copies = rng.integers(0, n, n // 50)
    reused = f[rng.integers(0, n, n // 500)].with_columns(nama=pl.col("nama") + " X")
    f = pl.concat([f, f[copies], reused]).sample(fraction=1.0, shuffle=True, seed=seed).head(n)
    return f.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--excel", action="store_true", help="apostrophe before every NIK/KK")
    args = parser.parse_args()
    frame = make_frame(args.rows)
    if args.excel:
        frame = frame.with_columns(nik="'" + pl.col("nik"), no_kk="'" + pl.col("no_kk"))
    context = RuleContext.default(AS_OF)
    validate(frame.head(1000), context)  # warm the caches (region lists, character classes)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        checked = validate(frame, context)
        times.append(round(time.perf_counter() - started, 3))
    statuses = dict(checked.group_by("status").len().sort("status").iter_rows())
    reasons = (
        checked.select(pl.concat_list("errors", "warnings").explode().drop_nulls().value_counts())
        .unnest(pl.all())
        .sort("count", descending=True)
    )
    print(
        json.dumps(
            {
                "rows": frame.height,
                "excel": args.excel,
                "cpus": os.cpu_count(),
                "polars_threads": pl.thread_pool_size(),
                "seconds_best": min(times),
                "seconds_all": times,
                "rows_per_second": round(frame.height / min(times)),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                "statuses": statuses,
                "reasons": dict(reasons.iter_rows()),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
