"""Latent welfare of households and the housing and asset attributes drawn from it.

True welfare is a log monthly expenditure per capita (Rp): normal within a kab/kota,
higher in urban kelurahan. Its province-wide deciles are the quantiles of that
known mixture, so ``true_desil`` needs no pass over all households. Attributes are
ordered-probit draws on welfare plus noise, so a proxy-means test recovers welfare
well but not perfectly — as with the real DTSEN ranking.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import polars as pl

from datusoban.reference import vocab

_N = NormalDist()


def _mixture_cdf(x: float, means: np.ndarray, weights: np.ndarray, sigma: float) -> float:
    w = weights / weights.sum()
    return float(sum(wi * _N.cdf((x - m) / sigma) for m, wi in zip(means, w, strict=True)))


def share_below(x: float, means, weights, sigma: float) -> float:
    w = np.asarray(weights, dtype=float)
    if w.sum() <= 0:
        return 0.0
    return _mixture_cdf(x, np.asarray(means, dtype=float), w, sigma)


def mixture_quantiles(means: np.ndarray, weights: np.ndarray, sigma: float) -> np.ndarray:
    """The 10 %, 20 %, … 90 % points of a mixture of normals (bisection)."""
    cuts = []
    for q in np.arange(1, 10) / 10:
        lo, hi = means.min() - 8 * sigma, means.max() + 8 * sigma
        for _ in range(80):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _mixture_cdf(mid, means, weights, sigma) < q else (lo, mid)
        cuts.append((lo + hi) / 2)
    return np.array(cuts)


def desil(welfare: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    return (np.searchsorted(cuts, welfare, side="right") + 1).astype(np.int8)


def latent(
    rng: np.random.Generator,
    mean: np.ndarray,
    sigma: float,
    poverty_score: np.ndarray,
    noise: float,
) -> np.ndarray:
    """Welfare for each household: ``mean + sigma * z`` with z exactly standard normal.

    The z values are handed out in the order of a noisy poverty score (many
    children, lansia alone, single mothers rank poorer), which ties welfare to the
    household's make-up without changing its distribution — the deciles stay exact.
    """
    n = len(mean)
    z = np.sort(rng.standard_normal(n))[::-1]
    order = np.argsort(poverty_score + rng.normal(0.0, noise, n), kind="stable")
    out = np.empty(n)
    out[order] = z
    return mean + sigma * out


# Ordered attributes: vocab choices (better → worse), target shares, welfare loading.
_ORDERED = {
    "status_bangunan": (vocab.STATUS_BANGUNAN, [0.80, 0.10, 0.07, 0.015, 0.015], 0.25),
    "status_lahan": (vocab.STATUS_LAHAN, [0.84, 0.11, 0.03, 0.02], 0.3),
    "lantai": (vocab.LANTAI, [0.30, 0.05, 0.14, 0.20, 0.25, 0.03, 0.03], 0.7),
    "dinding": (vocab.DINDING, [0.45, 0.03, 0.47, 0.03, 0.02], 0.65),
    "atap": (vocab.ATAP, [0.02, 0.05, 0.87, 0.04, 0.02], 0.4),
    "sumber_air": (vocab.SUMBER_AIR, [0.33, 0.30, 0.15, 0.07, 0.05, 0.03, 0.07], 0.6),
    "penerangan": (vocab.PENERANGAN, [0.25, 0.40, 0.25, 0.05, 0.03, 0.02], 0.75),
    "bahan_bakar_masak": (vocab.BAHAN_BAKAR, [0.08, 0.80, 0.03, 0.07, 0.02], 0.5),
    "fasilitas_bab": (vocab.FASILITAS_BAB, [0.66, 0.15, 0.11, 0.08], 0.6),
}

# Assets: share owning it, welfare loading, extra latent shift for rural/river homes.
_ASSETS = {
    "aset_lpg": (0.15, 0.6, 0.0),
    "aset_kulkas": (0.60, 0.75, 0.0),
    "aset_ac": (0.10, 0.8, 0.0),
    "aset_motor": (0.80, 0.55, 0.0),
    "aset_mobil": (0.10, 0.8, 0.0),
    "aset_emas": (0.25, 0.65, 0.0),
    "aset_smartphone": (0.80, 0.6, 0.0),
    "aset_komputer": (0.15, 0.75, 0.0),
    "aset_perahu": (0.06, 0.1, 1.0),
    "aset_ternak": (0.20, 0.2, 0.6),
    "aset_lahan": (0.30, 0.45, 0.5),
}


def _cut(share: list[float]) -> np.ndarray:
    cum = np.cumsum(share)[:-1]
    return np.array([_N.inv_cdf(min(max(c, 1e-9), 1 - 1e-9)) for c in cum])


def attributes(
    rng: np.random.Generator, zw: np.ndarray, size: np.ndarray, rural: np.ndarray, river: np.ndarray
) -> dict[str, np.ndarray | pl.Series]:
    """Housing and assets from standardised welfare ``zw`` (≈ N(0, 1) over the province)."""
    n = len(zw)
    out: dict[str, np.ndarray | pl.Series] = {}
    for name, (choices, share, load) in _ORDERED.items():
        # Higher latent = worse category; rural homes lean to wood, wells and rivers.
        lat = -load * zw + math.sqrt(1 - load * load) * rng.standard_normal(n) + 0.25 * rural
        idx = np.searchsorted(_cut(share), lat)
        out[name] = pl.Series(name, vocab.codes(choices)).gather(idx)
    for name, (share, load, rural_shift) in _ASSETS.items():
        lat = load * zw + math.sqrt(1 - load * load) * rng.standard_normal(n)
        lat = lat + rural_shift * (river if name == "aset_perahu" else rural)
        out[name] = lat > _N.inv_cdf(1 - share)
    area = np.exp(np.log(45) + 0.25 * zw + 0.06 * (size - 3.6) + rng.normal(0, 0.3, n))
    out["luas_lantai"] = np.clip(np.round(area), 9, 500).astype(np.int32)
    return out
