"""The error processes of ``--realism field`` on rows a source has already written.

``apply`` takes the output of ``noise.apply`` (interchange columns as text, plus
person_key, hh_key and the noise labels) and adds, per row and independently of
the person's other rows: a family member's NIK, birth-date errors
(``fielddates``), nicknames and initials (``fieldnames``), and moves to another
desa or kab/kota (``fieldregion``). Row order and person_key are never changed,
so the ground truth stays exact; each change adds its label to the row's
``noise``. Masks come from numpy, strings and dates from polars.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from datusoban.synth.fielddates import birth_dates
from datusoban.synth.fieldnames import names
from datusoban.synth.fieldregion import moves
from datusoban.synth.namenoise import _where
from datusoban.synth.realism import FieldRealism


def other_members(base: pl.DataFrame) -> pl.DataFrame:
    """For each person (person_key), another member's NIK (``_other``): members in turn,
    so never one's own; people who live alone have none. Once per chunk."""
    nik = pl.col("nik")
    return (
        base.select(
            "person_key",
            "nik",
            _other=nik.shift(-1).over("hh_key").fill_null(nik.first().over("hh_key")),
        )
        .filter(pl.col("_other") != nik)
        .drop("nik")
    )


def family_nik(
    rng: np.random.Generator, out: pl.DataFrame, others: pl.DataFrame, rate: float
) -> tuple[pl.Series, np.ndarray]:
    """Another member's NIK (from ``other_members``) on a row that has a NIK."""
    keys = out.select("person_key")
    joined = keys.join(others, on="person_key", how="left", maintain_order="left")
    has = out["nik"].is_not_null().to_numpy() & joined["_other"].is_not_null().to_numpy()
    mask = has & (rng.random(out.height) < rate)
    return _where(mask, joined["_other"], out["nik"]), mask


def apply(
    rng: np.random.Generator,
    out: pl.DataFrame,
    others: pl.DataFrame,
    p: FieldRealism,
    as_of: date,
    province: str,
) -> pl.DataFrame:
    """``out`` (from noise.apply) with the field processes; labels appended to ``noise``.

    ``others`` is ``other_members`` of the chunk's people.
    """
    labels: dict[str, np.ndarray] = {}
    nik, labels["nik_family"] = family_nik(rng, out, others, p.nik_family)
    tgl, lab = birth_dates(rng, out["tanggal_lahir"], p, as_of)
    labels |= lab
    nama, lab = names(rng, out["nama"], p)
    labels |= lab
    out = out.with_columns(nik=nik, tanggal_lahir=tgl, nama=nama)
    out, lab = moves(rng, out, p, province)
    labels |= lab
    extra = [pl.when(pl.Series(v)).then(pl.lit(k)) for k, v in labels.items() if v.any()]
    if not extra:
        return out
    added = pl.select(pl.concat_str(extra, separator=";", ignore_nulls=True)).to_series()
    return out.with_columns(
        noise=pl.concat_str(
            [pl.col("noise"), pl.Series(added).replace("", None)], separator=";", ignore_nulls=True
        ).replace("", None)
    )
