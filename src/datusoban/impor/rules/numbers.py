"""What NIK and No KK share, vectorised: identity.digits.clean and the two-digit-year date.

`clean` follows identity.digits.clean step by step: NFKC, drop Python
whitespace, strip leading text markers, refuse scientific notation, drop a
float tail (".0", ",00"), drop typed separators. Most cells are already 16
plain digits and skip all of it; the rest go through the steps.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from datusoban.identity import digits as identity_digits
from datusoban.impor.rules import charsets
from datusoban.impor.rules.columns import NON_ASCII, VALUE, patch

LENGTH = identity_digits.LENGTH
PLAIN = rf"^[0-9]{{{LENGTH}}}$"
_TEXT_MARKERS = "'\u2018\u2019`"
_SEPARATORS = "[.\\-\u2013\u2014\u200b\ufeff]"


def _scientific() -> str:
    d = charsets.digit_class()
    return rf"^[+-]?{d}+(?:[.,]{d}*)?[eE][+-]?{d}+$"


def _float_tail() -> str:
    return rf"^({charsets.digit_class()}+)[.,]00?$"


def _clean_slow(values: pl.Series) -> pl.DataFrame:
    """The full cleaning for cells that are not already 16 plain digits."""
    text = patch(values, values.str.contains(NON_ASCII), lambda s: s.str.normalize("NFKC"))
    step = pl.col(VALUE)
    return (
        text.to_frame(VALUE)
        .select(
            step.str.replace_all(charsets.whitespace_class(), "")
            .str.strip_chars_start(_TEXT_MARKERS)
            .fill_null("")
        )
        .select(
            step,
            notasi=step.str.contains(_scientific()),
            cleaned=step.str.replace(_float_tail(), "${1}").str.replace_all(_SEPARATORS, ""),
        )
        .select(
            number=pl.when(pl.col("cleaned").str.contains(PLAIN)).then("cleaned"),
            kosong=(step == "") | (~pl.col("notasi") & (pl.col("cleaned") == "")),
            notasi="notasi",
        )
    )


def clean(values: pl.Series) -> pl.DataFrame:
    """Per cell: ``number`` (16 ASCII digits after cleaning, else null), ``kosong``
    (nothing usable), ``notasi`` (scientific notation) and ``format`` (something
    left, but not 16 digits). Exactly one of number/kosong/notasi/format holds."""
    n = len(values)
    plain = values.str.contains(PLAIN).fill_null(False)
    number = pl.select(pl.when(plain).then(values)).to_series().alias("number")
    kosong = pl.Series(n * [False], dtype=pl.Boolean)
    notasi = kosong.clone()
    if not plain.all():
        where = (~plain).arg_true()
        slow = _clean_slow(values.gather(where))
        number = number.scatter(where, slow["number"])
        kosong = kosong.scatter(where, slow["kosong"])
        notasi = notasi.scatter(where, slow["notasi"])
    return pl.DataFrame({"number": number, "kosong": kosong, "notasi": notasi}).with_columns(
        format=~pl.col("kosong") & ~pl.col("notasi") & pl.col("number").is_null()
    )


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    # 31 30 31 30 31 30 31 31 30 31 30 31 for every month but February.
    return (
        pl.when(month == 2).then(28 + leap.cast(pl.Int32)).otherwise(30 + (month + month // 8) % 2)
    )


def is_calendar_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Whether Python's date(year, month, day) exists (years 1-9999)."""
    return (
        year.is_between(1, 9999)
        & month.is_between(1, 12)
        & (day >= 1)
        & (day <= _days_in_month(year, month))
    ).fill_null(False)


def _days_since_epoch(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    # H. Hinnant's days_from_civil, for years >= 1: integer arithmetic is far
    # quicker than building dates with pl.date.
    y = year - (month <= 2).cast(pl.Int32)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + pl.when(month > 2).then(-3).otherwise(9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def make_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date, or null where Python's date() would raise."""
    year, month, day = (e.cast(pl.Int32) for e in (year, month, day))
    ok = is_calendar_date(year, month, day)
    return pl.when(ok).then(_days_since_epoch(year, month, day)).cast(pl.Date)


def resolve_two_digit_year(day: pl.Expr, month: pl.Expr, yy: pl.Expr, as_of: date) -> pl.Expr:
    """identity.dates.resolve_two_digit_year, vectorised: the latest date on or before
    `as_of` whose year ends in `yy`; null where identity raises (no such date, or
    one only after `as_of`)."""
    day, month, yy = (e.cast(pl.Int32) for e in (day, month, yy))
    recent = as_of.year - (as_of.year - yy) % 100
    ordinal = as_of.year * 10_000 + as_of.month * 100 + as_of.day
    recent_ok = is_calendar_date(recent, month, day) & (
        recent * 10_000 + month * 100 + day <= ordinal
    )
    year = (
        pl.when(recent_ok)
        .then(recent)
        .when(is_calendar_date(recent - 100, month, day))
        .then(recent - 100)
    )
    return _days_since_epoch(year, month, day).cast(pl.Date)


def with_parts(frame: pl.DataFrame, number: str = "number") -> pl.DataFrame:
    """Add region (6 digits), dd, mm, yy (Int32) and serial (4 digits) of a clean number.

    Materialised once: every later expression reads these columns instead of
    slicing the string again.
    """
    digits = pl.col(number)
    return frame.with_columns(
        region=digits.str.slice(0, 6),
        dd=digits.str.slice(6, 2).cast(pl.Int32),
        mm=digits.str.slice(8, 2).cast(pl.Int32),
        yy=digits.str.slice(10, 2).cast(pl.Int32),
        serial=digits.str.slice(12, 4),
    )
