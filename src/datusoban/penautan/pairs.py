"""Scored pairs as the registry's review queue will show them: per-field evidence."""

from __future__ import annotations

import polars as pl

from datusoban.penautan.model import PersonModel, structure
from datusoban.penautan.policy import Thresholds


def scored_pairs(raw: pl.DataFrame, model: PersonModel, thresholds: Thresholds) -> pl.DataFrame:
    """Splink's predictions turned into the pairs frame documented on LinkResult.

    A field's match weight is log2 of its Bayes factor, term-frequency
    adjustment included; a null comparison weighs 0.
    """
    names = list(structure())
    columns: list[pl.Expr] = [
        pl.col("unique_id_l"),
        pl.col("unique_id_r"),
        pl.col("source_l"),
        pl.col("record_id_l"),
        pl.col("source_r"),
        pl.col("record_id_r"),
        pl.col("match_probability"),
        pl.col("match_weight"),
    ]
    for name in names:
        weight = pl.col(f"mw_{name}").fill_null(0.0)
        if f"mw_tf_adj_{name}" in raw.columns:
            weight = weight + pl.col(f"mw_tf_adj_{name}").fill_null(0.0)
        columns.append(weight.alias(f"mw_{name}"))
        columns.append(_level_label(name, model).alias(f"level_{name}"))
    pairs = raw.select(columns)
    vetoed = _never_link_reason(thresholds)
    return (
        pairs.with_columns(vetoed.alias("never_link"))
        .with_columns(
            pl.when(
                (pl.col("match_probability") >= thresholds.match_probability)
                & pl.col("never_link").is_null()
            )
            .then(pl.lit("link"))
            .otherwise(pl.lit("review"))
            .alias("status")
        )
        .sort("unique_id_l", "unique_id_r")
    )


def _never_link_reason(thresholds: Thresholds) -> pl.Expr:
    """The reason of the first never-link rule a pair meets, else null."""
    reason: pl.Expr = pl.lit(None, dtype=pl.Utf8)
    for rule in reversed(thresholds.never_link):
        holds = pl.all_horizontal(
            pl.col(f"level_{name}").is_in(sorted(labels)) for name, labels in rule.levels.items()
        )
        reason = pl.when(holds).then(pl.lit(rule.reason)).otherwise(reason)
    return reason


def _level_label(name: str, model: PersonModel) -> pl.Expr:
    # Splink numbers levels from the bottom: else = 0, then upwards; null = -1.
    labels = list(model.levels[name])  # strongest first, else last
    mapping = {len(labels) - 1 - i: label for i, label in enumerate(labels)}
    mapping[-1] = "null"
    return pl.col(f"gamma_{name}").replace_strict(mapping, default=None, return_dtype=pl.Utf8)
