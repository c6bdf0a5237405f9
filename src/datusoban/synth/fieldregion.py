"""Where a person is listed, in ``--realism field``: moved to another desa or kab/kota,
and foreign-style layouts (a postcode-like ``kode_pos``, or no region at all)."""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from datusoban.reference import wilayah
from datusoban.synth import addresses
from datusoban.synth.realism import FieldRealism


@cache
def _desa(province: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Desa codes sorted, and for each of them the kab/kota's index, start and count."""
    codes = np.array(sorted(w.kode for w in wilayah.within(province, wilayah.DESA)))
    kab = np.array([c[:5] for c in codes])
    _, start, count = np.unique(kab, return_index=True, return_counts=True)
    kab_idx = np.searchsorted(start, np.arange(len(codes)), side="right") - 1
    return codes, kab_idx, start, count


def moves(
    rng: np.random.Generator, out: pl.DataFrame, p: FieldRealism, province: str
) -> tuple[pl.DataFrame, dict[str, np.ndarray]]:
    """A person listed in another desa of the kab/kota, or in another kab/kota, with an
    address there (rows with a full desa code only)."""
    n = out.height
    codes, kab_idx, start, count = _desa(province)
    code = out["kode_wilayah"].fill_null("").to_numpy().astype(str)
    pos = np.searchsorted(codes, code).clip(0, max(len(codes) - 1, 0))
    known = len(codes) > 0
    is_desa = (codes[pos] == code) if known else np.zeros(n, bool)
    u = rng.random(n)
    v = rng.random(n)
    k = kab_idx[pos] if known else np.zeros(n, np.int64)
    desa = is_desa & (u < p.moved_desa) & (count[k] > 1)
    kab = is_desa & ~desa & (u >= p.moved_desa) & (u < p.moved_desa + p.moved_kabkota)
    kab &= len(start) > 1
    # Another desa of the same kab/kota: a step of 1..count-1 around the kab/kota's list.
    step = 1 + np.floor(v * (count[k] - 1)).astype(np.int64)
    same_kab = start[k] + (pos - start[k] + step) % count[k]
    k2 = (k + 1 + np.floor(v * (len(start) - 1)).astype(np.int64)) % len(start)
    other_kab = start[k2] + np.floor(rng.random(n) * count[k2]).astype(np.int64)
    new_pos = np.where(desa, same_kab, np.where(kab, other_kab, pos))
    moved = np.flatnonzero(desa | kab)
    if len(moved):
        dest = pl.Series(codes[new_pos[moved]])
        urban = dest.str.slice(9, 1).eq("1").to_numpy()
        addr = addresses.addresses(rng, dest, urban, province)
        cols = {"kode_wilayah": dest, "alamat": addr["alamat"], "rt": addr["rt"], "rw": addr["rw"]}
        out = out.with_columns([out[c].scatter(moved, v).alias(c) for c, v in cols.items()])
    return out, {"moved_desa": desa, "moved_kabkota": kab}


def kode_pos(kode_wilayah: pl.Series, kecamatan_codes: np.ndarray) -> pl.Series:
    """A postcode-like 5-digit number for each kecamatan: 70111 + 10 × its rank.

    Not the real postal codes (the project has none): what matters for linkage is
    that it is shared by a kecamatan and is not a Kemendagri code.
    """
    kec = kode_wilayah.str.slice(0, 8).str.replace_all(".", "", literal=True)
    num = kec.cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    rank = np.searchsorted(kecamatan_codes, num)
    found = (rank < len(kecamatan_codes)) & (
        kecamatan_codes[rank.clip(0, max(len(kecamatan_codes) - 1, 0))] == num
    )
    value = pl.Series((70111 + 10 * rank).astype(np.int64)).cast(pl.Utf8)
    return pl.select(pl.when(pl.Series(found)).then(value)).to_series().alias("kode_pos")


def region_style(out: pl.DataFrame, style: str, kecamatan_codes: np.ndarray) -> pl.DataFrame:
    """A foreign-style layout: ``kode_pos`` instead of ``kode_wilayah``, or no region."""
    if style == "kode_wilayah":
        return out
    has = out["kode_wilayah"].is_not_null()
    label = "region_postcode" if style == "kode_pos" else "region_missing"
    out = out.with_columns(
        noise=pl.when(has)
        .then(pl.concat_str([pl.col("noise"), pl.lit(label)], separator=";", ignore_nulls=True))
        .otherwise(pl.col("noise"))
    )
    if style == "kode_pos":
        out = out.with_columns(kode_pos(out["kode_wilayah"], kecamatan_codes))
    return out.with_columns(kode_wilayah=pl.lit(None, dtype=pl.Utf8))
