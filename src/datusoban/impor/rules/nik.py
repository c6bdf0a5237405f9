"""NIK rules, vectorised; they agree with identity.parse_nik (tests/unit/impor/rules).

identity raises its first failing check; here every check is a column, so a
NIK with an unknown region and serial 0000 carries both codes. identity's
nik_masa_depan (a 29 February that only exists after as_of) is nik_tanggal
here: the encoded date is impossible either way.
"""

from __future__ import annotations

import polars as pl

from datusoban.identity.nik import FEMALE_DAY_OFFSET
from datusoban.impor.rules import numbers
from datusoban.impor.rules.columns import is_one_of
from datusoban.impor.rules.context import RuleContext
from datusoban.impor.rules.dates import is_placeholder

NORM = "nik_norm"
BIRTH = "nik_tanggal_lahir"  # the birth date the NIK encodes (internal; for the agreement tests)
SEX = "nik_jenis_kelamin"


def check(
    nik: pl.Series,
    context: RuleContext,
    stated_birth: pl.Series | None = None,
    stated_sex: pl.Series | None = None,
) -> pl.DataFrame:
    """One row per NIK: nik_norm, the encoded birth date and sex, and a boolean per rule code.

    `stated_birth` (Date) and `stated_sex` ("L"/"P") are the row's own values,
    for nik_tanggal_beda and nik_jk_beda. The NIK's two-digit year cannot say
    the century, so the stated date is compared by year modulo 100, month and
    day; a placeholder stated date (01-07, 31-12, 01-01) by its year only.
    """
    n = len(nik)
    frame = numbers.with_parts(numbers.clean(nik.cast(pl.Utf8))).with_columns(
        stated=stated_birth if stated_birth is not None else pl.Series([None] * n, dtype=pl.Date),
        stated_sex=stated_sex if stated_sex is not None else pl.Series([None] * n, dtype=pl.Utf8),
        female=pl.col("dd") > FEMALE_DAY_OFFSET,
    )
    number, stated, born = pl.col("number"), pl.col("stated"), pl.col("born")
    day = pl.when("female").then(pl.col("dd") - FEMALE_DAY_OFFSET).otherwise("dd")
    sex = pl.when("female").then(pl.lit("P")).otherwise(pl.lit("L"))
    ok = number.is_not_null() & born.is_not_null() & (pl.col("serial") != "0000")
    differs = (stated.dt.year().cast(pl.Int32) % 100 != pl.col("yy")) | (
        ~is_placeholder(stated)
        & ((stated.dt.month() != born.dt.month()) | (stated.dt.day() != born.dt.day()))
    )
    return (
        frame.lazy()
        .with_columns(
            born=numbers.resolve_two_digit_year(day, pl.col("mm"), pl.col("yy"), context.as_of)
        )
        .select(
            pl.when(ok).then(number).alias(NORM),
            pl.when(ok).then(born).alias(BIRTH),
            pl.when(ok).then(sex).alias(SEX),
            nik_kosong=pl.col("kosong"),
            nik_notasi_ilmiah=pl.col("notasi"),
            nik_format=pl.col("format"),
            nik_tanggal=number.is_not_null() & born.is_null(),
            nik_serial=(pl.col("serial") == "0000").fill_null(False),
            nik_wilayah=(~is_one_of(pl.col("region"), context.nik_regions)).fill_null(False),
            nik_tanggal_beda=(ok & differs).fill_null(False),
            nik_jk_beda=(ok & (pl.col("stated_sex") != sex)).fill_null(False),
        )
        .collect()
    )
