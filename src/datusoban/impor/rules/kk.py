"""No KK rules, vectorised; they agree with identity.parse_kk (tests/unit/impor/rules).

Every way identity finds a number malformed (scientific notation, not 16
digits, an issue date that does not exist or lies after as_of, serial 0000)
is one code here, kk_format; an unknown region is a separate warning.
"""

from __future__ import annotations

import polars as pl

from datusoban.impor.rules import numbers
from datusoban.impor.rules.columns import is_one_of
from datusoban.impor.rules.context import RuleContext

NORM = "no_kk_norm"
ISSUED = "kk_tanggal_terbit"  # the issue date the number encodes (internal; for the tests)


def check(no_kk: pl.Series, context: RuleContext) -> pl.DataFrame:
    """One row per No KK: no_kk_norm, the encoded issue date, and a boolean per rule code."""
    frame = numbers.with_parts(numbers.clean(no_kk.cast(pl.Utf8)))
    number, issued = pl.col("number"), pl.col("issued")
    ok = number.is_not_null() & issued.is_not_null() & (pl.col("serial") != "0000")
    return (
        frame.lazy()
        .with_columns(
            issued=numbers.resolve_two_digit_year(
                pl.col("dd"), pl.col("mm"), pl.col("yy"), context.as_of
            )
        )
        .select(
            pl.when(ok).then(number).alias(NORM),
            pl.when(ok).then(issued).alias(ISSUED),
            kk_kosong=pl.col("kosong"),
            kk_format=pl.col("notasi") | pl.col("format") | (number.is_not_null() & ~ok),
            kk_wilayah=(~is_one_of(pl.col("region"), context.nik_regions)).fill_null(False),
        )
        .collect()
    )
