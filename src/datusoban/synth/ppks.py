"""PPKS categories (Permensos 8/2012) per person, from the rules in data/ppks.toml.

Kept as an (n, 26) boolean matrix while programmes adjust it (a panti resident
gains the category the panti serves), then joined to "8,24"-style text. The
rules of docs/DOMAIN.md "Consistency rules" hold by construction: child
categories only under 18 (balita 0–5), lansia 60+, Perempuan Rawan Sosial
Ekonomi only women, and the disability categories (5, 9) only for people with a
recorded disability.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

from datusoban.synth.config import load_toml

N_KATEGORI = 26
KORBAN_BENCANA = 21


@cache
def kategori() -> dict[int, dict]:
    return {k["no"]: k for k in load_toml("ppks.toml")["kategori"]}


def names() -> dict[int, str]:
    return {no: k["nama"] for no, k in kategori().items()}


@dataclass
class Inputs:
    age: np.ndarray
    female: np.ndarray
    desil: np.ndarray
    disabled: np.ndarray
    urban: np.ndarray
    hh: np.ndarray  # household index within the chunk (0..h-1)
    n_households: int
    hh_desil: np.ndarray
    hh_urban: np.ndarray
    alone: np.ndarray  # lives alone
    female_head_alone: np.ndarray  # woman heading a household without a husband
    no_mother: np.ndarray  # child without the mother in the household
    victim: np.ndarray  # disaster victim
    kabkota: str


def _rate(k: dict, desil: np.ndarray) -> np.ndarray:
    by = np.asarray(k.get("rate_by_desil", []), dtype=float)
    other = float(k.get("rate_other", 0.0))
    table = np.concatenate([by, np.full(11 - len(by), other)])
    return table[np.clip(desil - 1, 0, 10)]


def assign(rng: np.random.Generator, x: Inputs) -> np.ndarray:
    n = len(x.age)
    out = np.zeros((n, N_KATEGORI), dtype=bool)
    for no, k in kategori().items():
        col = no - 1
        if k.get("from_event"):
            out[:, col] = x.victim
            continue
        if k.get("kabkota") and x.kabkota not in k["kabkota"]:
            continue
        if k.get("unit") == "household":
            p = _rate(k, x.hh_desil)
            if k.get("urban_only"):
                p = p * x.hh_urban
            if k.get("rural_only"):
                p = p * ~x.hh_urban
            hit = rng.random(x.n_households) < p
            out[:, col] = hit[x.hh]
            continue
        lo, hi = k["usia"]
        ok = (x.age >= lo) & (x.age <= hi)
        if k.get("sex") == "P":
            ok &= x.female
        elif k.get("sex") == "L":
            ok &= ~x.female
        if k.get("needs") == "disabilitas":
            ok &= x.disabled
        if k.get("urban_only"):
            ok &= x.urban
        if k.get("rural_only"):
            ok &= ~x.urban
        p = _rate(k, x.desil)
        p = p * np.where(x.alone, k.get("boost_alone", 1.0), 1.0)
        p = p * np.where(x.female_head_alone, k.get("boost_female_head", 1.0), 1.0)
        p = p * np.where(x.no_mother, k.get("boost_no_parent", 1.0), 1.0)
        out[:, col] = ok & (rng.random(n) < np.minimum(p, 1.0))
    return out


def to_text(matrix: np.ndarray, separator: str = ",") -> pl.Series:
    """ "8,24"-style text per row (None when the person has no PPKS category)."""
    cols = {str(i + 1): pl.Series(matrix[:, i]) for i in range(N_KATEGORI) if matrix[:, i].any()}
    if not cols:
        return pl.Series("ppks", [None] * len(matrix), dtype=pl.Utf8)
    df = pl.DataFrame(cols)
    parts = [pl.when(pl.col(c)).then(pl.lit(c)) for c in cols]
    joined = df.select(pl.concat_str(parts, separator=separator, ignore_nulls=True).alias("ppks"))
    return joined.select(
        pl.when(pl.col("ppks") == "").then(None).otherwise(pl.col("ppks")).alias("ppks")
    )["ppks"]
