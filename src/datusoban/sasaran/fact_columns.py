"""Registry rows → the facts rules read (``rules/vocabulary.py``), pure Polars.

The same functions serve the whole registry and one family (``facts.py`` reads
either), so the explanation of one family is computed exactly as the bulk run.
Unknown stays unknown (null): an unknown birth date gives an unknown age, an
unknown occupation an unknown "pensiunan". Disability, severe disability,
pregnancy and chronic illness are recorded only when present in the registry,
so their absence reads as "no".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl

from datusoban.sasaran.rules.vocabulary import AID_FUNCTIONS

PERSON_RAW = {
    "orang": pl.Int64, "keluarga": pl.Int64, "jenis_kelamin": pl.String,
    "tanggal_lahir": pl.Date, "hubungan": pl.String, "sekolah": pl.String,
    "pendidikan": pl.String, "pekerjaan": pl.String, "jenis_disabilitas": pl.String,
    "disabilitas_berat": pl.Boolean, "hamil": pl.Boolean, "penyakit_kronis": pl.String,
    "nik_16": pl.Int64,  # 1: a NIK of 16 digits is recorded (computed by the SELECT)
}  # fmt: skip
FAMILY_RAW = {
    "keluarga": pl.Int64, "kode_wilayah": pl.String, "no_kk": pl.String,
    "luas_lantai": pl.Int64, "status_bangunan": pl.String, "status_lahan": pl.String,
    "lantai": pl.String, "dinding": pl.String, "atap": pl.String, "sumber_air": pl.String,
    "penerangan": pl.String, "bahan_bakar_masak": pl.String, "fasilitas_bab": pl.String,
}  # fmt: skip
PPKS_RAW = {"orang": pl.Int64, "kategori": pl.Int64}
RANK_RAW = {"keluarga": pl.Int64, "desil_pmt": pl.Int64, "desil_kabkota": pl.Int64,
            "desil_dtsen": pl.Int64}  # fmt: skip
AID_RAW = {"orang": pl.Int64, "keluarga": pl.Int64, "program": pl.String, "mulai": pl.Date,
           "sedang": pl.Boolean}  # fmt: skip


@dataclass(frozen=True)
class Facts:
    """Person facts (with the key of their family) and family facts."""

    orang: pl.DataFrame
    keluarga: pl.DataFrame
    as_of: date
    versi_peringkat: str | None

    def persons_with(self, columns: Iterable[str]) -> pl.DataFrame:
        """The person facts with those of ``columns`` that are family facts beside them
        (a person's rules see their family's facts). Only what is asked for is joined:
        copying every family column onto millions of people costs seconds."""
        wanted = [
            c
            for c in dict.fromkeys(columns)
            if c in self.keluarga.columns and c not in self.orang.columns
        ]
        if not wanted:
            return self.orang
        return self.orang.join(self.keluarga.select("keluarga", *wanted), on="keluarga", how="left")


def assemble(
    persons: pl.DataFrame,
    households: pl.DataFrame,
    ppks: pl.DataFrame,
    ranks: pl.DataFrame,
    aid: pl.DataFrame,
    *,
    programmes: Iterable[str],
    as_of: date,
    versi_peringkat: str | None = None,
) -> Facts:
    """The facts frames from the raw rows (``*_RAW`` schemas), for the whole registry
    or one family alike."""
    wanted = sorted(set(programmes))
    people = person_facts(persons, ppks, as_of)
    families = family_facts(households, people, ranks)
    families = with_aid(families, aid, "keluarga", wanted, as_of)
    people = with_aid(people, person_aid(aid, people), "orang", wanted, as_of)
    return Facts(people, families, as_of, versi_peringkat)


def completed_years(born: pl.Expr, as_of: date) -> pl.Expr:
    """Age in whole years on ``as_of`` (a birthday on ``as_of`` counts; 29 February
    birthdays fall on 1 March in other years)."""
    before_birthday = (born.dt.month().cast(pl.Int32) * 100 + born.dt.day()) > (
        as_of.month * 100 + as_of.day
    )
    return (pl.lit(as_of.year) - born.dt.year() - before_birthday.cast(pl.Int32)).cast(pl.Int16)


def person_facts(persons: pl.DataFrame, ppks: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """One row per living current member (``PERSON_RAW``) with the person facts."""
    held = ppks.group_by("orang").agg(ppks=pl.col("kategori").unique().sort())
    return (
        persons.join(held, on="orang", how="left")
        .with_columns(
            umur=completed_years(pl.col("tanggal_lahir"), as_of),
            pensiunan=pl.col("pekerjaan") == "pensiunan",
            disabilitas=pl.col("jenis_disabilitas").is_not_null(),
            disabilitas_berat=pl.col("disabilitas_berat").fill_null(False),
            hamil=pl.col("hamil").fill_null(False),
            penyakit_kronis=pl.col("penyakit_kronis").is_not_null(),
            nik_ada=(pl.col("nik_16") == 1).fill_null(False),
            ppks=pl.col("ppks").fill_null(pl.lit([], dtype=pl.List(pl.Int64))),
        )
        .drop("tanggal_lahir", "nik_16")
    )


def family_facts(
    households: pl.DataFrame, persons: pl.DataFrame, ranks: pl.DataFrame
) -> pl.DataFrame:
    """One row per household (``FAMILY_RAW``) with the family facts; ``persons`` from
    person_facts(), ``ranks`` one row per ranked household (``RANK_RAW``)."""
    sizes = persons.group_by("keluarga").agg(anggota=pl.len().cast(pl.Int64))
    return (
        households.join(sizes, on="keluarga", how="left")
        .join(ranks, on="keluarga", how="left")
        .with_columns(
            anggota=pl.col("anggota").fill_null(0),
            kode_kabkota=pl.col("kode_wilayah").str.slice(0, 5),
            kode_kecamatan=pl.col("kode_wilayah").str.slice(0, 8),
            no_kk_ada=pl.col("no_kk").str.contains(r"^\d{16}$").fill_null(False),
            desil=pl.coalesce("desil_dtsen", "desil_pmt"),
        )
        .with_columns(tinggal_sendiri=pl.col("anggota") == 1)
        .drop("no_kk")
    )


def _aid_columns(aid: pl.DataFrame, key: str, programmes: Iterable[str], as_of: date):
    """Per ``key`` and programme: pernah/sedang/tahun_sejak columns."""
    wanted = sorted(set(programmes))
    if not wanted:
        return None
    grouped = (
        aid.filter(pl.col("program").is_in(wanted) & pl.col(key).is_not_null())
        .group_by(key, "program")
        .agg(mulai=pl.col("mulai").max(), sedang=pl.col("sedang").any())
    )
    columns = []
    for code in wanted:
        this = pl.col("program") == code
        columns += [
            this.any().alias(f"pernah_menerima:{code}"),
            (this & pl.col("sedang")).any().alias(f"sedang_menerima:{code}"),
            completed_years(pl.col("mulai").filter(this).max(), as_of)
            .alias(f"tahun_sejak_menerima:{code}"),
        ]  # fmt: skip
    return grouped.group_by(key).agg(columns)


def aid_names(programmes: Iterable[str]) -> list[str]:
    return [f"{fn}:{code}" for code in sorted(set(programmes)) for fn in AID_FUNCTIONS]


def with_aid(
    frame: pl.DataFrame, aid: pl.DataFrame, key: str, programmes: Iterable[str], as_of: date
) -> pl.DataFrame:
    """``frame`` with the previous-aid columns of ``programmes`` per ``key`` (never
    received: pernah/sedang false, tahun_sejak unknown)."""
    columns = _aid_columns(aid, key, programmes, as_of)
    if columns is None:
        return frame
    joined = frame.join(columns, on=key, how="left")
    flags = [c for c in columns.columns if c.startswith(("pernah_", "sedang_"))]
    return joined.with_columns(pl.col(flags).fill_null(False))


def person_aid(aid: pl.DataFrame, persons: pl.DataFrame) -> pl.DataFrame:
    """Aid rows as a person's: their own enrolments, and their family's (family programmes)."""
    own = aid.filter(pl.col("orang").is_not_null()).select("orang", "program", "mulai", "sedang")
    family = (
        aid.filter(pl.col("orang").is_null())
        .join(persons.select("orang", "keluarga"), on="keluarga")
        .select("orang", "program", "mulai", "sedang")
    )
    return pl.concat([own, family])
