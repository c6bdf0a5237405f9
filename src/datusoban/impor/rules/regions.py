"""kode_wilayah rules: a known Kemendagri code, inside the sending kab/kota when there is one."""

from __future__ import annotations

import polars as pl

from datusoban.impor.rules.columns import VALUE, is_blank, per_distinct, strip
from datusoban.impor.rules.context import RuleContext

NORM = "kode_wilayah_norm"

# Undotted forms: desa 10 digits, kecamatan 6, kab/kota 4 -> "63.71.01.1001" etc.
_UNDOTTED = r"^([0-9]{2})([0-9]{2})(?:([0-9]{2})([0-9]{4})?)?$"


def _dotted(code: pl.Expr) -> pl.Expr:
    groups = code.str.extract_groups(_UNDOTTED).struct
    parts = [groups.field(str(i)) for i in range(1, 5)]
    return (
        pl.when(code.str.contains(_UNDOTTED))
        .then(pl.concat_str(parts, separator=".", ignore_nulls=True))
        .otherwise(code)
    )


def _check_distinct(frame: pl.DataFrame, context: RuleContext) -> pl.DataFrame:
    dotted = frame.select(
        _dotted(strip(pl.col(VALUE)).str.strip_chars_start("'\u2018\u2019`"))
    ).to_series()
    # A file's few distinct codes are looked up in the set of 91,599 known ones
    # one by one: is_in would hash all the known codes again for every slice.
    frame = frame.with_columns(
        _kode=dotted,
        _dikenal=pl.Series([c in context.region_codes for c in dotted], dtype=pl.Boolean),
    )
    code, known = pl.col("_kode"), pl.col("_dikenal")
    blank = is_blank(pl.col(VALUE))
    if context.source_kabkota is None:
        outside = pl.lit(False)
    else:
        kabkota = context.source_kabkota
        outside = (code != kabkota) & ~code.str.starts_with(kabkota + ".")
    return frame.with_columns(
        pl.when(known).then(code).alias(NORM),
        wilayah_kosong=blank,
        wilayah_tidak_ada=~blank & ~known,
        wilayah_luar_kabkota=known & outside,
    ).drop("_kode", "_dikenal")


def check(kode_wilayah: pl.Series, context: RuleContext) -> pl.DataFrame:
    """kode_wilayah_norm (dotted, known codes only) and a boolean per rule code."""
    return per_distinct(kode_wilayah.cast(pl.Utf8), lambda f: _check_distinct(f, context))
