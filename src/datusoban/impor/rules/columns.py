"""Small helpers shared by the rule modules: blank cells, per-distinct evaluation, patching."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import polars as pl

from datusoban.impor.rules import charsets

VALUE = "value"
NON_ASCII = r"[^\x00-\x7F]"


@lru_cache(maxsize=8)
def code_list(codes: frozenset[str]) -> pl.Series:
    """A context's code set as a Series for is_in, built once per set.

    In the set's own order: is_in does not depend on it, and sorting the 91,599
    region codes took 0.03 s of every import.
    """
    return pl.Series(list(codes), dtype=pl.Utf8)


def is_one_of(expr: pl.Expr, codes: frozenset[str]) -> pl.Expr:
    """expr.is_in(codes), null for null."""
    return expr.is_in(code_list(codes).implode())


def strip(expr: pl.Expr) -> pl.Expr:
    """Strip Python whitespace from both ends (str.strip())."""
    return expr.str.strip_chars(charsets.whitespace())


def is_blank(expr: pl.Expr) -> pl.Expr:
    """True for null, empty and whitespace-only cells (never null itself)."""
    return strip(expr).fill_null("").eq("")


def per_distinct(
    values: pl.Series, compute: Callable[[pl.DataFrame], pl.DataFrame]
) -> pl.DataFrame:
    """Run `compute` once per distinct value and line the results up with `values`.

    `compute` receives a frame with one column, ``value`` (the distinct values,
    null included), and returns it with result columns added; the result has
    those columns, one row per element of `values`, in the same order.
    """
    distinct = compute(values.unique().to_frame(VALUE))
    aligned = values.to_frame(VALUE).join(
        distinct, on=VALUE, how="left", nulls_equal=True, maintain_order="left"
    )
    return aligned.drop(VALUE)


def patch(base: pl.Series, mask: pl.Series, compute: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """`base`, with the elements where `mask` is true replaced by `compute` of those elements.

    For the slow path of a column whose common case needs no work: `compute`
    only ever sees the rows that need it.
    """
    where = mask.fill_null(False)
    if not where.any():
        return base
    positions = where.arg_true()
    replaced = compute(base.gather(positions))
    return base.clone().scatter(positions, replaced)
