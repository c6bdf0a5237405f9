"""Exact duplicates, and a record_id reused for a different row.

Rows are identical when every canonical column holds the same text (nulls
equal, nothing normalised); `_row` and extra columns do not count. Every
copy after the first points at the first by its `_row`.
"""

from __future__ import annotations

import polars as pl

from datusoban.impor.rules.person import record_key

DUPLICATE_OF = "duplicate_of"


def check(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """duplicate_of (`_row` of the first identical row, else null) and record_id_ganda
    (the row differs from the first row with its record_id)."""
    positions = frame.select(columns).with_row_index("position")
    first = positions.select(
        "position",
        first=pl.col("position").first().over(columns),
        row=frame["_row"].cast(pl.Int64),
        key=record_key(frame["record_id"].cast(pl.Utf8)),
    )
    return first.select(
        pl.when(pl.col("first") != pl.col("position"))
        .then(pl.col("row").gather(pl.col("first")))
        .alias(DUPLICATE_OF),
        record_id_ganda=(
            pl.col("key").is_not_null() & (pl.col("first").first().over("key") != pl.col("first"))
        ).fill_null(False),
    )
