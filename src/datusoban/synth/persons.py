"""Identity of each person: name, mother's name, NIK, birthplace, relation.

Twins and namesakes are made here on purpose (docs/DOMAIN.md "Names": linkage
must cope with them): twins share birth date and mother and often get paired
names (Hasan / Husin); a grandson may carry his grandfather's name, or two
siblings share a first token.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from datusoban.synth import addresses, ids, names
from datusoban.synth.config import load_toml, section
from datusoban.synth.households import PASANGAN, Structure

# Relation codes by role (households.KEPALA …); a husband of a female head is 'suami'.
RELATION = [
    "kepala",
    "istri",
    "anak",
    "menantu",
    "cucu",
    "orang_tua",
    "mertua",
    "famili_lain",
    "lainnya",
    "suami",
]
SUAMI = 9


@dataclass
class Context:
    """Per-member values the person builders need, broadcast from the household."""

    kabkota: str
    as_of: int
    age: np.ndarray
    zw: np.ndarray  # standardised welfare of the household
    desil: np.ndarray
    urban: np.ndarray
    jawa: np.ndarray
    gusti: np.ndarray  # household is a Gusti family
    kecamatan: np.ndarray  # 6-digit int code of the household's kecamatan
    foreign_start: int  # first NIK serial of this chunk's band for people registered elsewhere


def _last_token_replaced(series: pl.Series, token: pl.Series) -> pl.Series:
    return (series.str.replace(r"\S+$", "") + token).alias(series.name)


def _first_token(series: pl.Series) -> pl.Series:
    return series.str.extract(r"^(\S+)", 1)


def identity(
    rng: np.random.Generator, s: Structure, ctx: Context, plan
) -> dict[str, pl.Series | np.ndarray]:
    n = len(s.hh)
    female = s.female.copy()
    cohort = names.era(ids.ymd(s.birth)[0])
    # Paired twin names decide the twins' sexes before names are drawn.
    twin_b = np.flatnonzero(s.twin_of >= 0)
    twin_a = s.twin_of[twin_b]
    pairs = names.twin_pairs()
    use_pair = rng.random(len(twin_b)) < load_toml("names.toml")["twins"]["pair_share"]
    pair = rng.integers(0, len(pairs), len(twin_b))
    pa = np.array([p[1] for p in pairs])[pair]
    pb = np.array([p[3] for p in pairs])[pair]
    female[twin_a[use_pair]] = np.array([p[0] == "P" for p in pairs])[pair][use_pair]
    female[twin_b[use_pair]] = np.array([p[2] == "P" for p in pairs])[pair][use_pair]

    nama, _ = names.sample(rng, female, cohort, ctx.jawa)
    # Twins: paired tokens (Hasan/Husin) or a shared first token (Nur Aini/Nur Rahma).
    a_names = nama.gather(twin_a)
    a_first = _first_token(a_names)
    multi = a_names.str.contains(" ").to_numpy()
    new_a = _last_token_replaced(a_names, pl.Series(pa))
    new_b = _last_token_replaced(a_names, pl.Series(pb))
    other = names.random_given(rng, female[twin_b], cohort[twin_b])
    shared = a_first + " " + other
    own_b = nama.gather(twin_b)
    b_final = pl.select(
        pl.when(pl.Series(use_pair))
        .then(new_b)
        .when(pl.Series(multi))
        .then(shared)
        .otherwise(own_b)
    ).to_series()
    nama = nama.scatter(twin_a[use_pair], new_a.filter(pl.Series(use_pair)))
    nama = nama.scatter(twin_b, b_final)

    # Namesakes: grandfather's full name, or the elder sibling's first token.
    gk = np.flatnonzero(s.namesake_kind == 1)
    nama = nama.scatter(gk, nama.gather(s.namesake_of[gk]))
    sk = np.flatnonzero(s.namesake_kind == 2)
    sib_first = _first_token(nama.gather(s.namesake_of[sk]))
    own_last = names.random_given(rng, female[sk], cohort[sk])
    nama = nama.scatter(sk, sib_first + " " + own_last)

    gusti = ctx.gusti & s.gusti_line
    nama = pl.select(
        pl.when(pl.Series(gusti)).then(pl.lit("Gusti ") + nama).otherwise(nama)
    ).to_series()
    # Mother's name as on the family card: the mother in the household, else drawn.
    none = np.flatnonzero(s.mother < 0)
    drawn, _ = names.sample(
        rng,
        np.ones(len(none), dtype=bool),
        names.era(ids.ymd(s.birth[none])[0] - 27),
        ctx.jawa[none],
    )
    ibu = nama.gather(np.maximum(s.mother, 0)).scatter(none, drawn)
    haji_cfg = load_toml("names.toml")["haji"]
    haji = (ctx.age >= haji_cfg["min_age"]) & (rng.random(n) < haji_cfg["share"])
    title = pl.Series(np.where(female, "Hj. ", "H. "))
    nama = pl.select(pl.when(pl.Series(haji)).then(title + nama).otherwise(nama)).to_series()

    relation = np.where((s.role == PASANGAN) & ~female, SUAMI, s.role)
    return {
        "nama": nama,
        "jenis_kelamin": pl.Series(["L", "P"]).gather(female.astype(np.int64)),
        "female": female,
        "nama_ibu_kandung": ibu,
        "hubungan_keluarga": pl.Series(RELATION).gather(relation),
        "nik": _nik(rng, s.birth, female, ctx, plan),
        "tempat_lahir": addresses.birthplaces(rng, ctx.kabkota, ctx.jawa, ctx.age >= 18),
    }


def _nik(rng, birth, female, ctx: Context, plan) -> np.ndarray:
    """NIK numbers: mostly registered in the household's kecamatan, some elsewhere."""
    cfg = section("persons")
    n = len(birth)
    p = np.where(
        ctx.age >= 18, cfg["registered_elsewhere_adult"], cfg["registered_elsewhere_child"]
    )
    home = rng.random(n) >= p
    codes = plan.kecamatan_codes
    other = codes[rng.integers(0, len(codes), n)]
    other = np.where(
        other == ctx.kecamatan, codes[(np.searchsorted(codes, other) + 1) % len(codes)], other
    )
    region = np.where(home, ctx.kecamatan, other)
    date6 = ids.ddmmyy(birth, female)
    serial = ids.serials(region, date6, home, ctx.foreign_start, plan.foreign_band)
    return ids.number(region, date6, serial)
