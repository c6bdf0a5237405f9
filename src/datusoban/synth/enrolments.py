"""Synthetic enrolments: the generator's PKH and BPNT families as the programmes' records.

Written with the population (``synth --load``), one chunk at a time and
set-based: the current families (status terdaftar, with a start date and, for
PKH, their pendamping), families that received a programme before and left
(status keluar, with a reason from the catalogue), and the history row of each.
Parameters: ``data/kepesertaan.toml``.

The PKH payment stages are not written here: what a stage is worth is the rule
file's component count (``sasaran.stage_amounts``), which ``synth`` may not
import. ``datusoban program tahap`` creates them after the load, as for any
registry; ``simulate_payments`` then marks the synthetic ones that ended by the
as-of date paid, a small share failed (``datusoban quickstart`` runs all three,
``datusoban synth --bayar`` the last).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from datusoban import db
from datusoban.program import benefit, bulk
from datusoban.program.models import Kepesertaan, TahapBayar
from datusoban.synth.config import EPOCH, load_toml

USER = "datusoban synth"
# The generator's household columns this module reads, and the member columns.
COLUMNS = ("hh_key", "kode_wilayah", "pkh", "bpnt", "pendamping_id", "true_desil")


@dataclass
class EnrolmentCounts:
    kepesertaan: int = 0
    riwayat: int = 0


@cache
def _params() -> dict[str, Any]:
    return load_toml("kepesertaan.toml")


def _days(d: date) -> int:
    return (d - EPOCH).days


def _starts(rng: np.random.Generator, n: int, years: dict[str, float], latest: date) -> np.ndarray:
    """Start dates (days since EPOCH) on the first day of a quarter, none after ``latest``."""
    choices = np.array([int(y) for y in years if int(y) <= latest.year])
    weight = np.array([w for y, w in years.items() if int(y) <= latest.year], dtype=float)
    year = rng.choice(choices, size=n, p=weight / weight.sum())
    quarter = rng.integers(0, 4, n)
    months = (year - EPOCH.year) * 12 + 3 * quarter  # months since EPOCH (1 January)
    start = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    latest_start = _days(date(latest.year, 1 + 3 * ((latest.month - 1) // 3), 1))
    return np.minimum(start, latest_start)


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    codes = list(weights)
    p = np.array(list(weights.values()), dtype=float)
    return np.asarray(codes, dtype=object)[rng.choice(len(codes), size=n, p=p / p.sum())]


def _as_dates(days: np.ndarray) -> pl.Series:
    return pl.Series(days, dtype=pl.Int32).cast(pl.Date)


def enrolment_frame(
    rng: np.random.Generator, households: pl.DataFrame, as_of: date
) -> pl.DataFrame:
    """PKH and BPNT enrolments of one chunk's households (``COLUMNS``), keyed by ``hh_key``."""
    parts = []
    for program, flag in (("PKH", "pkh"), ("BPNT", "bpnt")):
        p = _params()[program]
        current = households.filter(pl.col(flag))
        mulai = _starts(rng, current.height, p["mulai_tahun"], as_of)
        parts.append(
            current.select(
                key="hh_key",
                kode_wilayah="kode_wilayah",
                status=pl.lit("terdaftar"),
                mulai=_as_dates(mulai),
                selesai=pl.lit(None, dtype=pl.Date),
                alasan_keluar=pl.lit(None, dtype=pl.Utf8),
                pendamping=pl.col("pendamping_id").cast(pl.Utf8)
                if program == "PKH"
                else pl.lit(None, dtype=pl.Utf8),
            ).with_columns(program_id=pl.lit(program))
        )
        pool = households.filter(~pl.col(flag) & (pl.col("true_desil") <= p["keluar_desil_maks"]))
        k = min(pool.height, round(current.height * p["keluar_per_penerima"]))
        former = pool[np.sort(rng.choice(pool.height, size=k, replace=False))] if k else pool[:0]
        earlier = date(as_of.year - 1, 12, 31)
        start = np.minimum(_starts(rng, k, p["mulai_tahun"], earlier), _days(as_of) - 366)
        # Left some time between half a year after the start and the as-of date.
        span = np.maximum(_days(as_of) - 1 - (start + 180), 0)
        end = start + 180 + (rng.random(k) * span).astype(np.int64)
        parts.append(
            former.select(
                key="hh_key",
                kode_wilayah="kode_wilayah",
                status=pl.lit("keluar"),
                mulai=_as_dates(start),
                selesai=_as_dates(end),
                alasan_keluar=pl.Series(_pick(rng, p["alasan_keluar"], k), dtype=pl.Utf8),
                pendamping=pl.lit(None, dtype=pl.Utf8),
            ).with_columns(program_id=pl.lit(program))
        )
    return pl.concat(parts).with_columns(
        kode_kabkota=pl.col("kode_wilayah").str.slice(0, 5), asal=pl.lit("sintetis")
    )


def _history(enrolled: pl.DataFrame) -> pl.DataFrame:
    """Each enrolment's start (as loaded) and, for the former ones, its exit."""
    start = enrolled.select(
        kepesertaan_id="id",
        ke=pl.lit("terdaftar"),
        keterangan=pl.lit("dimuat dari data sintetis"),
        tanggal="mulai",
    )
    end = enrolled.filter(pl.col("status") == "keluar").select(
        kepesertaan_id="id",
        dari=pl.lit("terdaftar"),
        ke=pl.lit("keluar"),
        alasan="alasan_keluar",
        tanggal="selesai",
    )
    return pl.concat([start, end], how="diagonal").with_columns(oleh=pl.lit(USER))


def _paid(rng: np.random.Generator, rows: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Stages that ended by ``as_of`` are paid, a small share failed; later ones stay due."""
    p = _params()["PKH"]
    ended = (rows["akhir"] <= as_of).to_numpy()
    failed = ended & (rng.random(rows.height) < p["tahap_gagal"])
    reason = _pick(rng, dict.fromkeys(p["tahap_gagal_keterangan"], 1.0), rows.height)
    status = np.where(failed, "gagal", np.where(ended, "dibayar", "jatuh_tempo"))
    return rows.with_columns(
        status=pl.Series(status, dtype=pl.Utf8),
        jumlah_dibayar=pl.when(pl.Series(ended & ~failed)).then("jumlah_jatuh_tempo").otherwise(0),
        keterangan=pl.when(pl.Series(failed))
        .then(pl.Series(reason, dtype=pl.Utf8))
        .otherwise(pl.lit("")),
        dicatat_oleh=pl.when(pl.Series(ended)).then(pl.lit(USER)).otherwise(pl.lit("")),
    )


def write_enrolments(
    rng: np.random.Generator, households: pl.DataFrame, as_of: date
) -> EnrolmentCounts:
    """Write one chunk's enrolments and their history.

    ``households``: COLUMNS plus ``household_id`` (the registry id of each ``hh_key``).
    """
    enrolled = enrolment_frame(rng, households, as_of).join(
        households.select(key="hh_key", household_id="household_id"), on="key", how="left"
    )
    enrolled = enrolled.with_columns(id=bulk.insert_enrolments(enrolled))
    counts = EnrolmentCounts(kepesertaan=enrolled.height)
    counts.riwayat = bulk.insert_history(_history(enrolled))
    return counts


def simulate_payments(seed: int, as_of: date) -> int:
    """Mark the due PKH stages of ``as_of.year`` of synthetic enrolments that ended by
    ``as_of`` paid (a share failed, ``data/kepesertaan.toml``), as a payment file would;
    returns how many were marked. Stages already recorded are left alone, so running
    it again changes nothing. Run inside ``transaction.atomic()``."""
    rows = pl.DataFrame(
        list(
            TahapBayar.objects.filter(
                tahun=as_of.year,
                status=TahapBayar.Status.JATUH_TEMPO,
                kepesertaan__program_id="PKH",
                kepesertaan__asal=Kepesertaan.Asal.SINTETIS,
            )
            .order_by("kepesertaan_id", "tahap")
            .values_list("id", "tahap", "jumlah_jatuh_tempo")
        ),
        schema={"id": pl.Int64, "tahap": pl.Int64, "jumlah_jatuh_tempo": pl.Int64},
        orient="row",
    )
    periods = benefit.stage_periods("PKH", as_of.year).select("tahap", "akhir")
    rows = rows.join(periods, on="tahap", how="left", maintain_order="left")
    marked = _paid(np.random.default_rng([seed, 10]), rows, as_of)
    marked = marked.filter(pl.col("status") != TahapBayar.Status.JATUH_TEMPO)
    return db.update_frame(
        TahapBayar._meta.db_table,
        marked.select("id", "status", "jumlah_dibayar", "keterangan", "dicatat_oleh"),
    )
