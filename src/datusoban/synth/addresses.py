"""Street addresses (alamat, RT, RW) and birthplaces (data/places.toml)."""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from datusoban.reference import wilayah
from datusoban.synth.config import load_toml

ROMAN = ["I", "II", "III", "IV", "V", "VI"]
BLOK = list("ABCDEFGH")


@cache
def desa_names(province: str) -> dict[str, str]:
    return {w.kode: w.nama for w in wilayah.within(province, wilayah.DESA)}


def _pick(rng: np.random.Generator, items: list[str], n: int) -> pl.Series:
    return pl.Series(items).gather(rng.integers(0, len(items), n))


def addresses(
    rng: np.random.Generator, desa: pl.Series, urban: np.ndarray, province: str
) -> pl.DataFrame:
    """alamat, rt, rw for each household: streets in kelurahan, dusun/desa in villages."""
    n = len(desa)
    streets = load_toml("places.toml")["streets"]
    kind = rng.random(n)
    km_whole = rng.integers(1, 37, n)
    km = pl.Series(km_whole).cast(pl.Utf8) + pl.Series(np.where(rng.random(n) < 0.5, ",5", ""))
    df = pl.DataFrame(
        {
            "urban": urban,
            "kind": kind,
            "jalan": _pick(rng, streets["jalan"], n),
            "gang": _pick(rng, streets["gang"], n),
            "has_gang": rng.random(n) < 0.6,
            "km_street": _pick(rng, streets["km"], n),
            "km": km,
            "komplek": _pick(rng, streets["komplek"], n),
            "blok": _pick(rng, BLOK, n),
            "no": pl.Series(rng.integers(1, 120, n)).cast(pl.Utf8),
            "dusun": _pick(rng, ROMAN, n),
            "desa_nama": desa.replace_strict(desa_names(province), default="").alias("d"),
            "rt": pl.Series(np.where(urban, rng.integers(1, 41, n), rng.integers(1, 13, n))),
            "rw": pl.Series(np.where(urban, rng.integers(1, 9, n), rng.integers(1, 4, n))),
        }
    )
    c = pl.col
    street = (
        pl.lit("Jl. ")
        + c("jalan")
        + pl.when(c("has_gang")).then(pl.lit(" Gg. ") + c("gang")).otherwise(pl.lit(""))
        + pl.lit(" No. ")
        + c("no")
    )
    alamat = (
        pl.when(c("urban") & (c("kind") < 0.65))
        .then(street)
        .when(c("urban") & (c("kind") < 0.82))
        .then(pl.lit("Jl. ") + c("km_street") + pl.lit(" Km ") + c("km"))
        .when(c("urban"))
        .then(
            pl.lit("Komplek ")
            + c("komplek")
            + pl.lit(" Blok ")
            + c("blok")
            + pl.lit(" No. ")
            + c("no")
        )
        .when(c("kind") < 0.5)
        .then(pl.lit("Dusun ") + c("dusun"))
        .when(c("kind") < 0.8)
        .then(pl.lit("Desa ") + c("desa_nama"))
        .otherwise(pl.lit("Jl. Poros ") + c("desa_nama"))
    )
    return df.select(
        alamat=alamat,
        rt=c("rt").cast(pl.Utf8).str.zfill(3),
        rw=c("rw").cast(pl.Utf8).str.zfill(3),
    )


@cache
def _towns() -> tuple[dict[str, str], list[str]]:
    kab = load_toml("places.toml")["kabkota"]
    town = {k: v["town"] for k, v in kab.items()}
    return town, sorted(set(town.values()))


def birthplaces(
    rng: np.random.Generator, kabkota: str, jawa: np.ndarray, adult: np.ndarray
) -> pl.Series:
    """tempat_lahir: mostly the kab/kota's main town; Java for transmigrant adults."""
    n = len(jawa)
    cfg = load_toml("places.toml")["birthplace"]
    town, towns = _towns()
    u = rng.random(n)
    home = pl.Series([town.get(kabkota, towns[0])] * n)
    other = _pick(rng, towns, n)
    luar = _pick(rng, cfg["luar"], n)
    java = _pick(rng, cfg["jawa"], n)
    df = pl.DataFrame(
        {"u": u, "jawa": jawa & adult, "home": home, "other": other, "luar": luar, "java": java}
    )
    c = pl.col
    return df.select(
        pl.when(c("jawa") & (c("u") < 0.7))
        .then(c("java"))
        .when(c("u") < cfg["home"])
        .then(c("home"))
        .when(c("u") < cfg["home"] + cfg["kalsel"])
        .then(c("other"))
        .otherwise(c("luar"))
        .alias("tempat_lahir")
    )["tempat_lahir"]
