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


def person_facts(base: pl.DataFrame) -> pl.DataFrame:
    """What the field processes need to know of each person (person_key), once per chunk:

    ``_other``: another member's NIK (members in turn, so never one's own; none for
    people who live alone); ``_old_graduate``: a graduate born before 1970, who may
    write the degree before the name; ``_female``.
    """
    nik = pl.col("nik")
    other = nik.shift(-1).over("hh_key").fill_null(nik.first().over("hh_key"))
    return base.select(
        "person_key",
        _other=pl.when(other != nik).then(other),
        _old_graduate=((pl.col("pendidikan") == "pt") & (pl.col("birth_year") < 1970)).fill_null(
            False
        ),
        _female=pl.col("jenis_kelamin") == "P",
    )


def family_nik(
    rng: np.random.Generator, nik: pl.Series, other: pl.Series, rate: float
) -> tuple[pl.Series, np.ndarray]:
    """Another member's NIK (``other``) on a row that has a NIK."""
    has = nik.is_not_null().to_numpy() & other.is_not_null().to_numpy()
    mask = has & (rng.random(len(nik)) < rate)
    return _where(mask, other, nik), mask


def apply(
    rng: np.random.Generator,
    out: pl.DataFrame,
    facts: pl.DataFrame,
    p: FieldRealism,
    as_of: date,
    province: str,
) -> pl.DataFrame:
    """``out`` (from noise.apply) with the field processes; labels appended to ``noise``.

    ``facts`` is ``person_facts`` of the chunk's people.
    """
    f = out.select("person_key").join(facts, on="person_key", how="left", maintain_order="left")
    labels: dict[str, np.ndarray] = {}
    nik, labels["nik_family"] = family_nik(rng, out["nik"], f["_other"], p.nik_family)
    tgl, lab = birth_dates(rng, out["tanggal_lahir"], p, as_of)
    labels |= lab
    old_graduate = f["_old_graduate"].fill_null(False).to_numpy()
    female = f["_female"].fill_null(False).to_numpy()
    nama, lab = names(rng, out["nama"], p, old_graduate, female)
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
