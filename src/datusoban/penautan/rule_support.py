"""What a set of records supports: which columns carry information, how many pairs a rule makes.

Training and the reports ask this before they use a rule: a rule on a column
that is empty (no NIK in the file) or constant (one region code for every
record) either makes no pair or pairs everything, and neither teaches the
model anything. Counts come from group sizes, never from listing pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

Rule = tuple[str, ...]


def informative(features: pl.DataFrame, column: str) -> bool:
    """True when `column` holds at least two different values (nulls aside)."""
    return features[column].drop_nulls().n_unique() >= 2


def unusable_columns(features: pl.DataFrame, rule: Sequence[str]) -> list[str]:
    """The columns of `rule` that are empty or constant in `features`."""
    return [c for c in rule if not informative(features, c)]


def pair_count(features: pl.DataFrame, rule: Sequence[str]) -> int:
    """Record pairs whose `rule` columns are all equal and not null."""
    sizes = features.select(rule).drop_nulls().group_by(rule).len()["len"]
    return int((sizes * (sizes - 1) // 2).sum())


def union_pair_count(features: pl.DataFrame, rules: Sequence[Sequence[str]]) -> int:
    """Distinct record pairs that at least one rule makes.

    The pairs are listed, so only for tight rules (few records per key).
    """
    indexed = features.with_row_index("__row")
    found = []
    for rule in rules:
        keys = indexed.select("__row", *rule).drop_nulls()
        found.append(
            keys.join(keys, on=list(rule), suffix="_r")
            .filter(pl.col("__row") < pl.col("__row_r"))
            .select("__row", "__row_r")
        )
    if not found:
        return 0
    return pl.concat(found).unique().height


def comparable(features: pl.DataFrame, rules: Sequence[Sequence[str]]) -> pl.Series:
    """Per record: True when at least one rule puts it with another record."""
    paired = pl.lit(False)
    for rule in rules:
        key_present = pl.all_horizontal(pl.col(c).is_not_null() for c in rule)
        group = pl.len().over(list(rule))
        paired = paired | (key_present & (group >= 2))
    return features.select(paired.alias("comparable"))["comparable"]
