"""tanggal_lahir rules, vectorised; what parses agrees with identity.parse_date.

identity reads YYYY-MM-DD, YYYY/MM/DD, DD-MM-YYYY, DD/MM/YYYY and DD.MM.YYYY
(the same separator twice; any Unicode decimal digits, as Python's re and
int() read them). One more layout is accepted here: "YYYY-MM-DD HH:MM:SS"
(or with a T), the form a spreadsheet's date-time cell is exported in; the
time is dropped. Work is done once per distinct cell text.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from datusoban.identity.dates import PLACEHOLDER_DAY_MONTHS
from datusoban.impor.rules import charsets, numbers
from datusoban.impor.rules.columns import NON_ASCII, VALUE, per_distinct, strip

NORM = "tanggal_lahir_norm"
ESTIMATED = "tanggal_lahir_perkiraan"
EARLIEST = date(1900, 1, 1)
# Older than this at the reference date is possible but implausible: accepted, flagged.
OLDEST_PLAUSIBLE_AGE = 110

_YEAR_FIRST = r"^([0-9]{4})([-/])([0-9]{1,2})([-/])([0-9]{1,2})$"
_DAY_FIRST = r"^([0-9]{1,2})([-/.])([0-9]{1,2})([-/.])([0-9]{4})$"
_TIMED = r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ T](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"


def is_placeholder(d: pl.Expr) -> pl.Expr:
    """identity.is_placeholder_birth_date: 01-01, 01-07 or 31-12 (null for a null date)."""
    key = d.dt.day().cast(pl.Int32) * 100 + d.dt.month().cast(pl.Int32)
    return key.is_in([day * 100 + month for day, month in sorted(PLACEHOLDER_DAY_MONTHS)])


def _parse_distinct(frame: pl.DataFrame) -> pl.DataFrame:
    text = strip(pl.col(VALUE))
    folded = (
        pl.when(text.str.contains(NON_ASCII))
        .then(text.str.replace_many(charsets.digit_folding()))
        .otherwise(text)
    )
    frame = frame.with_columns(
        kosong=text.fill_null("") == "",
        ymd=folded.str.extract_groups(_YEAR_FIRST),
        dmy=folded.str.extract_groups(_DAY_FIRST),
        timed=folded.str.extract_groups(_TIMED),
    )
    ymd, dmy, timed = pl.col("ymd").struct, pl.col("dmy").struct, pl.col("timed").struct
    ymd_ok = ymd.field("2") == ymd.field("4")
    dmy_ok = dmy.field("2") == dmy.field("4")

    def pick(from_ymd: str, from_dmy: str, from_timed: str) -> pl.Expr:
        return (
            pl.when(ymd_ok)
            .then(ymd.field(from_ymd))
            .when(dmy_ok)
            .then(dmy.field(from_dmy))
            .otherwise(timed.field(from_timed))
            .cast(pl.Int32)
        )

    parsed = numbers.make_date(pick("1", "5", "1"), pick("3", "3", "2"), pick("5", "1", "3"))
    return frame.select(
        VALUE,
        date=parsed,
        kosong="kosong",
        format=~pl.col("kosong") & parsed.is_null(),
    )


def parse(values: pl.Series) -> pl.DataFrame:
    """Per cell: ``date`` (what identity.parse_date returns, or null), ``kosong``, ``format``."""
    return per_distinct(values.cast(pl.Utf8), _parse_distinct)


def check(values: pl.Series, context_as_of: date) -> pl.DataFrame:
    """tanggal_lahir_norm (a date in [1900-01-01, as_of], else null), the placeholder flag,
    and a boolean per rule code."""
    parsed = parse(values)
    born = pl.col("date")
    future = born > pl.lit(context_as_of)
    too_old = born < pl.lit(EARLIEST)
    norm = pl.when(~future & ~too_old).then(born)
    return parsed.select(
        norm.alias(NORM),
        is_placeholder(norm).alias(ESTIMATED),
        tanggal_lahir_kosong="kosong",
        tanggal_format="format",
        tanggal_masa_depan=future.fill_null(False),
        tanggal_terlalu_lama=too_old.fill_null(False),
        tanggal_perkiraan=is_placeholder(norm).fill_null(False),
        tanggal_usia_tidak_wajar=(norm < pl.lit(_years_before(context_as_of))).fill_null(False),
    )


def _years_before(as_of: date, years: int = OLDEST_PLAUSIBLE_AGE) -> date:
    """The date `years` before `as_of` (29 February falls back to the 28th)."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)
