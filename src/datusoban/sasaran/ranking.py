"""Welfare ranking: a proxy-means score per household and its desil 1-10, within
the province and within each kab/kota, set-based over all households at once."""

from __future__ import annotations

import numpy as np
import polars as pl

from datusoban.sasaran.design import design, feature_names
from datusoban.sasaran.model import PMTModel


def desil(score: pl.Expr) -> pl.Expr:
    """Decile 1 (poorest tenth) .. 10 of ``score`` among the rows it runs over
    (use ``.over(group)`` for a desil within each group). Ties share a desil."""
    rank = score.rank(method="min")
    return ((rank - 1) * 10 // score.count()).cast(pl.Int8) + 1


def rank_households(households: pl.DataFrame, model: PMTModel) -> pl.DataFrame:
    """``households`` (attributes, make-up, ``kode_kabkota``) with ``skor``,
    ``desil`` (province) and ``desil_kabkota``."""
    scored = households.with_columns(skor=model.score(design(households)))
    return scored.with_columns(
        desil=desil(pl.col("skor")),
        desil_kabkota=desil(pl.col("skor")).over("kode_kabkota"),
    )


def fit(households: pl.DataFrame, welfare: pl.Series, *, versi: str, keterangan: str) -> PMTModel:
    """Weights by least squares of ``welfare`` (log expenditure per capita, e.g. from a
    household survey linked to the registry) on the design of ``households``."""
    x = design(households).to_numpy()
    x = np.column_stack([np.ones(len(x)), x])
    coef, *_ = np.linalg.lstsq(x, welfare.to_numpy(), rcond=None)
    weights = dict(zip(feature_names(), map(float, coef[1:]), strict=True))
    return PMTModel(versi, keterangan, float(coef[0]), weights)
