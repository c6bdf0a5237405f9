"""NIK columns for matching: the cleaned number and what it encodes, vectorised.

A clean 16-digit cell (nearly all of them) is decoded with Polars string
operations; any other cell goes through `identity.nik.clean_number` once per
distinct value, so spreadsheet damage is undone by the same rules as at
import. The decoding follows `identity.nik.parse_nik` (women's day + 40, the
century that does not put the birth date after `as_of`); a test holds the
two to the same answers.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from datusoban.frames import map_unique
from datusoban.identity.errors import IdentityError
from datusoban.identity.nik import FEMALE_DAY_OFFSET, clean_number

_SIXTEEN = r"^[0-9]{16}$"


def _clean_or_none(value: str) -> str | None:
    try:
        return clean_number(value)
    except IdentityError:
        return None


def clean_nik(raw: pl.Series) -> pl.Series:
    """The NIK as digits, or null when nothing usable is left (Excel's 6,37101E+15).

    A number of the wrong length is kept: a NIK with one digit dropped still
    matches its full form within one typo. Only a 16-digit NIK is decoded.
    """
    text = raw.cast(pl.Utf8).str.strip_chars()
    fast = text.str.contains(_SIXTEEN).fill_null(False)
    frame = pl.DataFrame({"text": text, "fast": fast})
    slow = frame.select(pl.when(~pl.col("fast")).then(pl.col("text")))["text"]
    repaired = map_unique(slow, _clean_or_none, pl.Utf8)
    return (
        frame.with_columns(repaired=repaired)
        .select(
            pl.when(pl.col("fast"))
            .then(pl.col("text"))
            .when(pl.col("repaired").str.contains(r"^[0-9]{6,20}$"))
            .then(pl.col("repaired"))
            .alias("nik")
        )
        .to_series()
    )


def decoded(nik: pl.Expr, as_of: date) -> dict[str, pl.Expr]:
    """Birth date and sex encoded in a clean NIK (null where the digits make no date)."""
    nik = pl.when(nik.str.len_chars() == 16).then(nik)
    coded_day = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    female = coded_day > FEMALE_DAY_OFFSET
    day = pl.when(female).then(coded_day - FEMALE_DAY_OFFSET).otherwise(coded_day)
    month = nik.str.slice(8, 2).cast(pl.Int32, strict=False)
    yy = nik.str.slice(10, 2).cast(pl.Int32, strict=False)
    year = as_of.year - (as_of.year - yy) % 100
    this_century = _make_date(year, month, day)
    # The latest date with this day and month not after as_of, as identity resolves it.
    born = (
        pl.when(this_century.is_not_null() & (this_century <= pl.lit(as_of)))
        .then(this_century)
        .otherwise(_make_date(year - 100, month, day))
    )
    return {
        "nik_tgl": born,
        "nik_jk": pl.when(born.is_null())
        .then(None)
        .when(female)
        .then(pl.lit("P"))
        .otherwise(pl.lit("L")),
    }


def _make_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    text = pl.format(
        "{}-{}-{}",
        year.cast(pl.Utf8).str.zfill(4),
        month.cast(pl.Utf8).str.zfill(2),
        day.cast(pl.Utf8).str.zfill(2),
    )
    return text.str.to_date("%Y-%m-%d", strict=False)
