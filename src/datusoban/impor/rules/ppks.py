"""PPKS rules: known category numbers, and the catalogue's age and sex constraints.

The interchange format carries no disability status, so `perlu_disabilitas`
is not checked. Categories are parsed once per distinct cell text; the age
and sex checks then run per row against the bounds of the listed categories.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from datusoban.impor.rules.columns import VALUE, is_blank, per_distinct, strip
from datusoban.reference.catalogue import ppks_categories

NORM = "ppks_norm"
_SEPARATORS = r"[,;]"


def _categories_distinct(frame: pl.DataFrame) -> pl.DataFrame:
    categories = ppks_categories()
    known = [c.kode for c in categories]
    usia_min = {c.kode: c.usia_min for c in categories if c.usia_min is not None}
    usia_maks = {c.kode: c.usia_maks for c in categories if c.usia_maks is not None}
    only = {sex: [c.kode for c in categories if c.jenis_kelamin == sex] for sex in ("L", "P")}

    item = pl.element()
    tokens = (
        pl.col(VALUE)
        .str.replace_all(_SEPARATORS, ",")
        .str.split(",")
        .list.eval(strip(item))
        .list.eval(item.filter(item != ""))
    )
    numbers = tokens.list.eval(
        pl.when(item.str.contains(r"^[0-9]{1,9}$")).then(item.cast(pl.Int64, strict=False))
    )
    valid = numbers.list.eval(item.filter(item.is_in(known))).list.unique().list.sort()

    def bound(table: dict[int, int]) -> pl.Expr:
        return item.replace_strict(table, default=None, return_dtype=pl.Int32)

    blank = is_blank(pl.col(VALUE))
    return frame.with_columns(
        pl.when(~blank).then(valid.cast(pl.List(pl.Int8))).alias(NORM),
        ppks_kode=(
            ~blank & numbers.list.eval(~item.is_in(known).fill_null(False)).list.any()
        ).fill_null(False),
        _usia_min=valid.list.eval(bound(usia_min)).list.max(),
        _usia_maks=valid.list.eval(bound(usia_maks)).list.min(),
        _hanya_l=valid.list.eval(item.is_in(only["L"])).list.any(),
        _hanya_p=valid.list.eval(item.is_in(only["P"])).list.any(),
    )


def age_at(born: pl.Expr, as_of: date) -> pl.Expr:
    """Whole years from `born` to `as_of` (null when `born` is null)."""
    before_birthday = (born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)) > (
        as_of.month * 100 + as_of.day
    )
    return as_of.year - born.dt.year().cast(pl.Int32) - before_birthday.cast(pl.Int32)


def check(ppks: pl.Series, born: pl.Series, sex: pl.Series, as_of: date) -> pl.DataFrame:
    """ppks_norm (sorted known categories, List[Int8]) and ppks_kode, ppks_usia,
    ppks_jenis_kelamin; `born` is tanggal_lahir_norm, `sex` jenis_kelamin_norm."""
    found = per_distinct(ppks.cast(pl.Utf8), _categories_distinct)
    age = age_at(pl.lit(born), as_of)
    person_sex = pl.lit(sex)
    return found.select(
        NORM,
        "ppks_kode",
        ppks_usia=(
            (age < pl.col("_usia_min")).fill_null(False)
            | (age > pl.col("_usia_maks")).fill_null(False)
        ),
        ppks_jenis_kelamin=(
            (pl.col("_hanya_l").fill_null(False) & (person_sex == "P"))
            | (pl.col("_hanya_p").fill_null(False) & (person_sex == "L"))
        ).fill_null(False),
    )
