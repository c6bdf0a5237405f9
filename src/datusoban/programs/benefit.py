"""What a payment stage is worth: the stages of a year and the amount each family is due.

Pure Polars over the catalogue parameters, so that the registry's stages and the
synthetic population's are computed by the same code. PKH pays per component a
family member qualifies for, with the catalogue's limits; BPNT pays a flat
amount per month.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from datusoban.programs.rules import RefusedError, parameters

# The member columns the PKH computation reads (besides the family key).
MEMBER_COLUMNS = ("tanggal_lahir", "hamil", "sekolah", "disabilitas_berat", "status")


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


def _age_on(day: pl.Expr, born: pl.Expr) -> pl.Expr:
    before_birthday = (day.dt.month() * 100 + day.dt.day()) < (
        born.dt.month() * 100 + born.dt.day()
    )
    return day.dt.year().cast(pl.Int64) - born.dt.year() - before_birthday.cast(pl.Int64)


def _qualifies(component: dict[str, Any], params: dict[str, Any]) -> pl.Expr:
    """Whether a member qualifies for one PKH component (columns of the member × stage row)."""
    kode = component["kode"]
    if kode == "ibu_hamil":
        return pl.col("hamil").fill_null(False)
    if kode == "disabilitas_berat":
        return pl.col("disabilitas_berat").fill_null(False)
    if kode == "lansia":
        return pl.col("umur") >= params["usia_lansia"]
    if "jenjang" in component:
        return pl.col("sekolah") == component["jenjang"]
    if "usia_min" in component or "usia_maks" in component:
        return pl.col("umur").is_between(component.get("usia_min", 0), component.get("usia_maks"))
    raise ValueError(f"PKH component {kode!r} has no rule")


# Per-component caps of the catalogue: at most 2 pregnancies and 2 young children count.
_CAPS = {"ibu_hamil": "maks_ibu_hamil", "anak_usia_dini": "maks_anak_usia_dini"}


def pkh_amounts(members: pl.DataFrame, periods: pl.DataFrame, tahun: int) -> pl.DataFrame:
    """PKH due per family and stage: ``key``, ``tahap``, ``jumlah``, ``rincian`` (JSON).

    ``members``: ``key`` (the family) and MEMBER_COLUMNS, one row per member.
    Ages are taken on the first day of each stage. A member counts for one
    component (the largest); a family for at most ``maks_penerima_komponen``
    members. Families with no component are absent (due for graduasi alamiah).
    """
    params = parameters("PKH", date(tahun, 1, 1))
    rows = (
        members.filter(pl.col("status").is_null() | (pl.col("status") == "hidup"))
        .with_row_index("anggota")
        .join(periods.select("tahap", "awal"), how="cross")
        .with_columns(umur=_age_on(pl.col("awal"), pl.col("tanggal_lahir")))
    )
    candidates = pl.concat(
        [
            rows.filter(_qualifies(c, params)).select(
                "key",
                "tahap",
                "anggota",
                komponen=pl.lit(c["kode"]),
                nilai=pl.lit(int(c["per_tahap"]), dtype=pl.Int64),
            )
            for c in params["komponen"]
        ]
    )
    caps = pl.DataFrame(
        {"komponen": list(_CAPS), "batas": [int(params[v]) for v in _CAPS.values()]},
        schema={"komponen": pl.Utf8, "batas": pl.Int64},
    )
    capped = (
        candidates.join(caps, on="komponen", how="left")
        .with_columns(
            urut=pl.col("anggota").rank("ordinal").over("key", "tahap", "komponen"),
        )
        .filter(pl.col("batas").is_null() | (pl.col("urut") <= pl.col("batas")))
    )
    best = capped.sort("nilai", "anggota", descending=[True, False]).unique(
        ["key", "tahap", "anggota"], keep="first", maintain_order=True
    )
    counted = best.with_columns(
        urut=pl.col("nilai").rank("ordinal", descending=True).over("key", "tahap")
    ).filter(pl.col("urut") <= int(params["maks_penerima_komponen"]))
    per_component = counted.group_by("key", "tahap", "komponen").agg(
        orang=pl.len().cast(pl.Int64), jumlah=pl.col("nilai").sum()
    )
    return (
        per_component.sort("komponen")
        .group_by("key", "tahap")
        .agg(
            jumlah=pl.col("jumlah").sum(),
            rincian=pl.struct("komponen", "orang", "jumlah"),
        )
        .with_columns(rincian=pl.col("rincian").list.eval(pl.element().struct.json_encode()))
        .with_columns(rincian=pl.lit("[") + pl.col("rincian").list.join(",") + pl.lit("]"))
        .sort("key", "tahap")
    )


def flat_amounts(program: str, families: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    """A flat amount per stage (BPNT: per month) for every ``key`` of ``families``."""
    tahun = periods["awal"][0].year
    per = int(parameters(program, date(tahun, 1, 1))["per_bulan"])
    return (
        families.select("key")
        .join(periods.select("tahap"), how="cross")
        .with_columns(
            jumlah=pl.lit(per, dtype=pl.Int64),
            rincian=pl.lit(f'[{{"komponen":"per_bulan","orang":1,"jumlah":{per}}}]'),
        )
    )
