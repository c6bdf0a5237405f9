"""nik_berulang: one NIK on rows of different people within a file.

A NIK is one person's. The same NIK on rows that differ in both name (compared
in upper case, letters only) and birth date (as read, whatever its layout) is a borrowed or
mistyped NIK on at least one of them, and the file cannot say which: every such
row is flagged. The same person listed twice, with a name spelt two ways or a
birth date written two ways, is not. Compares rows, so it needs the whole table.
"""

from __future__ import annotations

import polars as pl

from datusoban.ingest.rules import dates, numbers


def check(frame: pl.DataFrame) -> pl.DataFrame:
    """nik_berulang per row of `frame` (its `nik`, `nama` and `tanggal_lahir` as received)."""
    keys = pl.DataFrame(
        {
            "nik": numbers.clean(frame["nik"].cast(pl.Utf8))["number"],
            "nama": frame["nama"].cast(pl.Utf8).str.to_uppercase(),
            "lahir": dates.parse(frame["tanggal_lahir"])["date"],
        }
    )
    name = pl.col("nama").str.replace_all(r"[^\p{L}]", "")
    born = pl.col("lahir")
    return keys.select(
        nik_berulang=(
            pl.col("nik").is_not_null()
            & (name.n_unique().over("nik") > 1)
            & (born.n_unique().over("nik") > 1)
        ).fill_null(False)
    )
