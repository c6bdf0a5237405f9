"""The payment stages of a year, and the flat amount a stage is worth (BPNT: per month).

Pure Polars over the catalogue parameters. PKH pays per component a family
member qualifies for: that is computed once, from the rule file, by
``sasaran.stage_amounts`` (handed to ``stages`` by its caller), never here.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from datusoban.program.rules import parameters
from datusoban.refusal import RefusedError


def stage_periods(program: str, tahun: int) -> pl.DataFrame:
    """tahap, awal, akhir of every payment stage of ``program`` in ``tahun``."""
    params = parameters(program, date(tahun, 1, 1))
    if params.get("tahap_per_tahun"):
        per_year = int(params["tahap_per_tahun"])
    elif params.get("per_bulan"):
        per_year = 12
    else:
        raise RefusedError(
            "tidak_bertahap", f"Program {program} tidak dibayar bertahap (tidak ada tahap)."
        )
    months = 12 // per_year
    starts = [date(tahun, 1 + i * months, 1) for i in range(per_year)]
    ends = [*(pl.Series([s]).dt.offset_by("-1d")[0] for s in starts[1:]), date(tahun, 12, 31)]
    return pl.DataFrame(
        {"tahap": list(range(1, per_year + 1)), "awal": starts, "akhir": ends},
        schema={"tahap": pl.Int64, "awal": pl.Date, "akhir": pl.Date},
    )


def flat_amounts(program: str, families: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    """A flat amount per stage (BPNT: per month) for every ``key`` of ``families``."""
    tahun = periods["awal"][0].year
    per = parameters(program, date(tahun, 1, 1)).get("per_bulan")
    if per is None:
        raise RefusedError(
            "tanpa_jumlah_tetap",
            f"Program {program} tidak dibayar dengan jumlah tetap: jumlah tiap tahapnya "
            "dihitung dari aturan sasaran.",
        )
    per = int(per)
    return (
        families.select("key")
        .join(periods.select("tahap"), how="cross")
        .with_columns(
            jumlah=pl.lit(per, dtype=pl.Int64),
            rincian=pl.lit(f'[{{"komponen":"per_bulan","orang":1,"jumlah":{per}}}]'),
        )
    )
