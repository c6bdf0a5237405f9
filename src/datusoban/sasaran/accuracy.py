"""Targeting accuracy: how far a selection (current enrolment, or a ranking's choice) is
from who should be selected. Pure Polars, one group-by, no loop per unit.

Per unit: ``dipilih`` (selected: enrolled, or chosen), ``miskin`` (within the
programme's desil cut-off: true, false, or null when the desil is unknown) and
``sasaran`` (should be selected: eligible under the rules). Then

- **inclusion error**: the share of selected units above the desil cut-off
  (``di_atas_batas / (terpilih - desil_tidak_diketahui)``): aid reaching families
  the ranking says are not poor enough;
- **exclusion error**: the share of units that should be selected and are not
  (``sasaran_tidak_terpilih / sasaran``): eligible families left without aid.

Selected units that miss another rule (no PKH component left, an aid received
too recently) are counted apart (``terpilih_tidak_layak``): they are not a
targeting error of the ranking but candidates for review or graduation.
"""

from __future__ import annotations

from typing import Any

import polars as pl

UNITS_SCHEMA = {
    "kode_kabkota": pl.String,
    "dipilih": pl.Boolean,
    "miskin": pl.Boolean,
    "sasaran": pl.Boolean,
}
PROVINCE = "63"


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then((numerator / denominator).round(4)).otherwise(None)


def _counts() -> list[pl.Expr]:
    chosen = pl.col("dipilih").fill_null(False)
    target = pl.col("sasaran").fill_null(False)
    return [
        chosen.sum().cast(pl.Int64).alias("terpilih"),
        (chosen & (pl.col("miskin") == False)).sum().cast(pl.Int64).alias("di_atas_batas"),  # noqa: E712
        (chosen & pl.col("miskin").is_null()).sum().cast(pl.Int64).alias("desil_tidak_diketahui"),
        (chosen & ~target).sum().cast(pl.Int64).alias("terpilih_tidak_layak"),
        target.sum().cast(pl.Int64).alias("sasaran"),
        (target & ~chosen).sum().cast(pl.Int64).alias("sasaran_tidak_terpilih"),
    ]


def _with_rates(frame: pl.DataFrame) -> pl.DataFrame:
    known = pl.col("terpilih") - pl.col("desil_tidak_diketahui")
    return frame.with_columns(
        galat_inklusi=_ratio(pl.col("di_atas_batas"), known),
        galat_eksklusi=_ratio(pl.col("sasaran_tidak_terpilih"), pl.col("sasaran")),
    )


def errors(units: pl.DataFrame) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Counts and error rates for the province and per kab/kota of ``units``."""
    province = _with_rates(units.select(_counts())).row(0, named=True)
    per_kabkota = _with_rates(
        units.group_by("kode_kabkota").agg(_counts()).sort("kode_kabkota")
    )  # fmt: skip
    table = {row.pop("kode_kabkota") or "": row for row in per_kabkota.iter_rows(named=True)}
    return province, table
