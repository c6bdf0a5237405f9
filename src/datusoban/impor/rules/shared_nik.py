"""nik_berulang: one NIK on rows of different people within a file.

A NIK is one person's. The same NIK on rows that differ in both name (compared
in upper case, letters only) and birth date (as read, whatever its layout) is a borrowed or
mistyped NIK on at least one of them, and the file cannot say which: every such
row is flagged. The same person listed twice, with a name spelt two ways or a
birth date written two ways, is not. Compares rows, so it needs the whole table.
"""

from __future__ import annotations

import polars as pl

from datusoban.impor.rules import dates, numbers


def check(frame: pl.DataFrame) -> pl.DataFrame:
    """nik_berulang per row of `frame` (its `nik`, `nama` and `tanggal_lahir` as received)."""
    number = numbers.clean(frame["nik"].cast(pl.Utf8))["number"]
    # Names and dates are read only for the rows whose NIK occurs more than once.
    repeated = (number.is_not_null() & number.is_duplicated()).arg_true()
    rows = pl.DataFrame(
        {
            "position": repeated,
            "nik": number.gather(repeated),
            "nama": frame["nama"].cast(pl.Utf8).gather(repeated).str.to_uppercase(),
            "lahir": dates.parse(frame["tanggal_lahir"].cast(pl.Utf8).gather(repeated))["date"],
        }
    )
    name = pl.col("nama").str.replace_all(r"[^\p{L}]", "")
    shared = rows.filter(
        (name.n_unique().over("nik") > 1) & (pl.col("lahir").n_unique().over("nik") > 1)
    )["position"]
    flagged = pl.Series("nik_berulang", [False] * frame.height, dtype=pl.Boolean)
    return flagged.scatter(shared, True).to_frame() if shared.len() else flagged.to_frame()
