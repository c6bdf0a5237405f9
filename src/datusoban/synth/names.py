"""Name pools (data/names.csv, data/names.toml) and vectorised sampling of clean names.

A clean name is ``[Gusti] core`` where the core has one to three tokens, the first
often a prefix (Muhammad, Ahmad, Abdul …; Siti, Nur, Aluh …) and Abdul always
followed by one of the Asmaul Husna. Popularity depends on the birth cohort and on
whether the household is of Banjar or Javanese (transmigrant) origin.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

from datusoban.synth.config import data_file, load_toml

ERAS = ("w_old", "w_mid", "w_new")
ORIGINS = ("banjar", "jawa")
KINDS = ("prefix", "abdul", "given")


def era(birth_year: np.ndarray) -> np.ndarray:
    """Cohort index: 0 born before 1970, 1 in 1970–1999, 2 from 2000."""
    return (birth_year >= 1970).astype(np.int8) + (birth_year >= 2000).astype(np.int8)


@dataclass(frozen=True, eq=False)
class Pools:
    names: pl.Series  # every token of every pool, one Series to gather from
    # cum[(sex, kind)] is (n_groups, n) cumulative probabilities; offset[(sex, kind)]
    # is where that pool starts in ``names``. Group = era * 2 + origin.
    cum: dict[tuple[str, str], np.ndarray]
    offset: dict[tuple[str, str], int]
    abdul_index: int  # position of "Abdul" in the male prefix pool


@cache
def pools() -> Pools:
    with data_file("names.csv").open("r", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    factors = load_toml("names.toml")["origin"]
    names: list[str] = []
    cum, offset = {}, {}
    for sex in ("L", "P"):
        for kind in KINDS:
            pool = [r for r in rows if r["sex"] == sex and r["kind"] == kind]
            if not pool:
                pool = [r for r in rows if r["sex"] == sex and r["kind"] == "given"]
            offset[(sex, kind)] = len(names)
            names += [r["name"] for r in pool]
            mat = np.array(
                [
                    [float(r[e]) * factors[o][r["origin"]] for r in pool]
                    for e in ERAS
                    for o in ORIGINS
                ]
            )
            mat = mat + 1e-12  # no all-zero group
            cum[(sex, kind)] = np.cumsum(mat / mat.sum(axis=1, keepdims=True), axis=1)
    male_prefix = [r["name"] for r in rows if r["sex"] == "L" and r["kind"] == "prefix"]
    return Pools(pl.Series("name", names), cum, offset, male_prefix.index("Abdul"))


def _draw(rng: np.random.Generator, p: Pools, sex: str, kind: str, group: np.ndarray) -> np.ndarray:
    """Indices into ``p.names`` for each row, by the row's group."""
    cum = p.cum[(sex, kind)]
    u = rng.random(len(group))
    out = np.empty(len(group), dtype=np.int64)
    for g in range(cum.shape[0]):
        m = group == g
        if m.any():
            out[m] = np.minimum(np.searchsorted(cum[g], u[m]), cum.shape[1] - 1)
    return out + p.offset[(sex, kind)]


def sample(
    rng: np.random.Generator, female: np.ndarray, cohort: np.ndarray, jawa: np.ndarray
) -> tuple[pl.Series, pl.Series]:
    """Core names (no Gusti, no title) for each row; also the last token alone."""
    p = pools()
    n = len(female)
    comp = load_toml("names.toml")["composition"]
    group = cohort.astype(np.int64) * 2 + jawa.astype(np.int64)
    idx = np.full((3, n), -1, dtype=np.int64)
    for sex, sel in (("L", ~female), ("P", female)):
        rows = np.flatnonzero(sel)
        if len(rows) == 0:
            continue
        g = group[rows]
        k = rng.choice(3, size=len(rows), p=comp[sex]["tokens"]) + 1
        pre_share = np.asarray(comp[sex]["prefix_share"])[k - 1]
        has_pre = rng.random(len(rows)) < pre_share
        given = [_draw(rng, p, sex, "given", g) for _ in range(3)]
        prefix = _draw(rng, p, sex, "prefix", g)
        first = np.where(has_pre, prefix, given[0])
        second = given[1]
        if sex == "L":
            abdul = has_pre & (prefix == p.offset[("L", "prefix")] + p.abdul_index)
            second = np.where(abdul, _draw(rng, p, "L", "abdul", g), second)
            # "Abdul" never stands alone at the end of a name.
        idx[0, rows] = first
        idx[1, rows] = np.where(k >= 2, second, -1)
        idx[2, rows] = np.where(k >= 3, given[2], -1)
    toks = [p.names.gather(np.where(idx[i] >= 0, idx[i], 0)) for i in range(3)]
    frame = pl.DataFrame(
        {f"t{i}": toks[i] for i in range(3)} | {f"m{i}": idx[i] >= 0 for i in range(3)}
    )
    tok = [pl.when(pl.col(f"m{i}")).then(pl.col(f"t{i}")) for i in range(3)]
    out = frame.select(
        nama=pl.concat_str(tok, separator=" ", ignore_nulls=True),
        last=pl.coalesce(tok[2], tok[1], tok[0]),
    )
    return out["nama"], out["last"]


def random_given(rng: np.random.Generator, female: np.ndarray, cohort: np.ndarray) -> pl.Series:
    """A single given-name token per row (used for twins and sibling namesakes)."""
    p = pools()
    group = cohort.astype(np.int64) * 2
    idx = np.where(female, _draw(rng, p, "P", "given", group), _draw(rng, p, "L", "given", group))
    return p.names.gather(idx)


def twin_pairs() -> list[tuple[str, str, str, str]]:
    return [tuple(x) for x in load_toml("names.toml")["twins"]["pairs"]]
