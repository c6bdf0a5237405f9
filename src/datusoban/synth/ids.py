"""NIK and No KK numbers, built as 16-digit integers and then formatted.

NIK = PPKKCC DDMMYY SSSS (kecamatan of first registration, birth date with day +40
for women, serial from 0001); No KK = PPKKCC DDMMYY SSSS with the issue date.
Serials are ranks within (region, date) groups, offset into bands (see
plan.HOME_SERIAL_MAX) so that numbers are unique across chunks as well.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from datusoban.synth.config import EPOCH


def ddmmyy(days: np.ndarray, female: np.ndarray | None = None) -> np.ndarray:
    """DDMMYY as an integer for dates given as days since 1970-01-01."""
    year, month, day = ymd(days)
    if female is not None:
        day = day + 40 * np.asarray(female, dtype=np.int64)
    return day * 10_000 + month * 100 + (year % 100)


def rank_within(key: np.ndarray) -> np.ndarray:
    """0-based rank of each element among equal keys, in input order."""
    order = np.argsort(key, kind="stable")
    sk = key[order]
    start = np.ones(len(sk), dtype=bool)
    start[1:] = sk[1:] != sk[:-1]
    first = np.maximum.accumulate(np.where(start, np.arange(len(sk)), 0))
    rank = np.empty(len(sk), dtype=np.int64)
    rank[order] = np.arange(len(sk)) - first
    return rank


def number(region: np.ndarray, date6: np.ndarray, serial: np.ndarray) -> np.ndarray:
    return region.astype(np.int64) * 10**10 + date6.astype(np.int64) * 10**4 + serial


def serials(
    region: np.ndarray, date6: np.ndarray, home: np.ndarray, foreign_start: int, band: int
) -> np.ndarray:
    """Serials unique per (region, date): home numbers from 1, others in the chunk's band."""
    key = region.astype(np.int64) * 1_000_000 + date6 + np.where(home, 0, 10**13)
    rank = rank_within(key)
    limit = np.where(home, 4999, band)
    if np.any(rank >= limit):  # would need > 9999 people born on one day in one kecamatan
        raise ValueError("NIK serial range exhausted; use more chunks")
    return np.where(home, rank + 1, foreign_start + rank)


def to_text(values: np.ndarray, name: str) -> pl.Series:
    return pl.Series(name, values, dtype=pl.Int64).cast(pl.Utf8).str.zfill(16)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of dates given as days since 1970-01-01."""
    d = np.datetime64(EPOCH, "D") + np.asarray(days, dtype="timedelta64[D]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = (d.astype("datetime64[M]").astype(np.int64) % 12) + 1
    day = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return year, month, day


def age_years(birth: np.ndarray, as_of: int) -> np.ndarray:
    """Completed years of age on ``as_of`` (both as days since 1970-01-01)."""
    by, bm, bd = ymd(birth)
    ay, am, ad = (int(x[0]) for x in ymd(np.array([as_of])))
    before = (bm > am) | ((bm == am) & (bd > ad))
    return ay - by - before.astype(np.int64)
