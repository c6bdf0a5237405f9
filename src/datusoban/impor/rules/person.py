"""record_id, nama and jenis_kelamin: present, and a sex that can be read."""

from __future__ import annotations

import polars as pl

from datusoban.impor.rules import charsets
from datusoban.impor.rules.columns import VALUE, is_blank, per_distinct, strip

SEX = "jenis_kelamin_norm"

# How sources write sex (upper case, inner spaces collapsed) -> L / P.
SEX_WORDS: dict[str, str] = {
    **dict.fromkeys(("L", "LK", "LAKI-LAKI", "LAKI LAKI", "PRIA", "1"), "L"),
    **dict.fromkeys(("P", "PR", "PEREMPUAN", "WANITA", "2"), "P"),
}


def record_key(record_id: pl.Expr) -> pl.Expr:
    """The record id as compared for uniqueness: stripped, null when blank."""
    key = strip(record_id)
    return pl.when(key != "").then(key)


def _sex_distinct(frame: pl.DataFrame) -> pl.DataFrame:
    word = (
        strip(pl.col(VALUE))
        .str.replace_all(f"{charsets.whitespace_class()}+", " ")
        .str.to_uppercase()
    )
    sex = word.replace_strict(SEX_WORDS, default=None, return_dtype=pl.Utf8)
    blank = is_blank(pl.col(VALUE))
    return frame.with_columns(
        sex.alias(SEX), jk_kosong=blank, jk_tidak_dikenal=~blank & sex.is_null()
    )


def check(frame: pl.DataFrame) -> pl.DataFrame:
    """jenis_kelamin_norm and the booleans record_id_kosong, nama_kosong, jk_kosong,
    jk_tidak_dikenal, one row per row of `frame`."""
    blanks = frame.select(
        record_id_kosong=is_blank(pl.col("record_id")), nama_kosong=is_blank(pl.col("nama"))
    )
    sex = per_distinct(frame["jenis_kelamin"], _sex_distinct)
    return pl.concat([sex, blanks], how="horizontal")
