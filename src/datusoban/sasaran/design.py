"""The proxy-means design: a household's housing, assets and make-up as numbers.

Pure Polars, one pass over all households (no Python per household). Every
categorical attribute becomes one indicator per category except the best one
(the reference, first in `reference.vocab`); an unknown value (null) counts as
the reference, so missing data never makes a family look poorer than it is —
the quality report shows how complete each attribute is instead.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from datusoban.reference import vocab

CATEGORICAL: dict[str, vocab.Choices] = {
    "status_bangunan": vocab.STATUS_BANGUNAN,
    "status_lahan": vocab.STATUS_LAHAN,
    "lantai": vocab.LANTAI,
    "dinding": vocab.DINDING,
    "atap": vocab.ATAP,
    "sumber_air": vocab.SUMBER_AIR,
    "penerangan": vocab.PENERANGAN,
    "bahan_bakar_masak": vocab.BAHAN_BAKAR,
    "fasilitas_bab": vocab.FASILITAS_BAB,
}
ASSETS = (
    "aset_lpg", "aset_kulkas", "aset_ac", "aset_motor", "aset_mobil", "aset_emas",
    "aset_smartphone", "aset_komputer", "aset_perahu", "aset_ternak", "aset_lahan",
)  # fmt: skip
MAKE_UP = ("log_anggota", "log_luas_per_kapita", "porsi_anak", "porsi_lansia", "ada_disabilitas")
CHILD_AGE, ELDERLY_AGE = 15, 60


def feature_names() -> list[str]:
    """Every column of the design, in a fixed order (the model file uses these names)."""
    names = [
        f"{attr}={code}"
        for attr, choices in CATEGORICAL.items()
        for code in vocab.codes(choices)[1:]
    ]
    return [*names, *ASSETS, *MAKE_UP]


def make_up(members: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Per household (``household``): members, children, elderly, anyone with a disability.

    ``members``: one row per current member with ``household``, ``tanggal_lahir``
    (null: unknown age, counted as an adult) and ``disabilitas`` (null: none).
    """
    age = (pl.lit(as_of) - pl.col("tanggal_lahir")).dt.total_days() / 365.25
    return members.group_by("household").agg(
        anggota=pl.len(),
        anak=(age < CHILD_AGE).sum(),
        lansia=(age >= ELDERLY_AGE).sum(),
        disabilitas=pl.col("disabilitas").is_not_null().sum(),
    )


def design(households: pl.DataFrame) -> pl.DataFrame:
    """The design matrix, one row per row of ``households`` (same order): the columns of
    feature_names(). ``households`` holds the attribute columns of registry.Household
    plus ``anggota``, ``anak``, ``lansia``, ``disabilitas`` from make_up()."""
    size = pl.col("anggota").fill_null(1).clip(lower_bound=1).cast(pl.Float64)
    indicators = [
        (pl.col(attr) == code).fill_null(False).cast(pl.Float64).alias(f"{attr}={code}")
        for attr, choices in CATEGORICAL.items()
        for code in vocab.codes(choices)[1:]
    ]
    assets = [pl.col(a).fill_null(False).cast(pl.Float64).alias(a) for a in ASSETS]
    area = pl.col("luas_lantai").cast(pl.Float64)
    per_head = (area / size).clip(lower_bound=1.0)
    make_up_columns = [
        size.log().alias("log_anggota"),
        # An unknown floor area counts as the median home's, not as none.
        per_head.log().fill_null(pl.lit(45.0).truediv(size).log()).alias("log_luas_per_kapita"),
        (pl.col("anak").fill_null(0) / size).alias("porsi_anak"),
        (pl.col("lansia").fill_null(0) / size).alias("porsi_lansia"),
        (pl.col("disabilitas").fill_null(0) > 0).cast(pl.Float64).alias("ada_disabilitas"),
    ]
    return households.select([*indicators, *assets, *make_up_columns]).select(feature_names())
