"""Small, pure helpers for Polars frames shared by every layer."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def map_unique(column: pl.Series, fn: Callable, dtype: pl.DataType) -> pl.Series:
    """Apply a pure Python function to the distinct values of a column only.

    Names, dates and codes repeat a lot, so this keeps per-value Python work to
    the number of distinct values, and the per-row step is a vectorised lookup.
    Nulls stay null.
    """
    distinct = column.drop_nulls().unique().to_list()
    mapping = dict(zip(distinct, [fn(v) for v in distinct], strict=True))
    return column.replace_strict(mapping, default=None, return_dtype=dtype)
