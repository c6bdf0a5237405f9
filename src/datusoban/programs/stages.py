"""A year's payment stages for every enrolled family of a programme, in one bulk write.

``create_stages`` reads the enrolments receiving the programme in the year and
(for PKH) their members in one query each, computes what each stage is due with
``benefit`` and writes the stages not yet there: running it again adds only what
is missing (a family enrolled or reinstated since).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.db import transaction

from datusoban.programs import benefit, bulk, rules
from datusoban.programs.models import Kepesertaan, TahapBayar
from datusoban.registry.models import Person


@dataclass
class StageResult:
    """What ``create_stages`` did."""

    program: str
    tahun: int
    dibuat: int = 0
    keluarga: int = 0
    sudah_ada: int = 0
    jumlah_jatuh_tempo: int = 0
    # PKH families with no component left in some stage: candidates for graduasi alamiah.
    tanpa_komponen: list[int] = field(default_factory=list)


def _paid(program: str, tahun: int):
    """Enrolments being paid (status terdaftar) that were open at some time in ``tahun``."""
    return Kepesertaan.objects.filter(
        program_id=program,
        status=rules.TERDAFTAR,
        mulai__lte=date(tahun, 12, 31),
    ).exclude(selesai__lt=date(tahun, 1, 1))


def _enrolments(program: str, tahun: int) -> pl.DataFrame:
    return pl.DataFrame(
        list(
            _paid(program, tahun).values_list("pk", "household_id", "person_id", "mulai", "selesai")
        ),
        schema={
            "id": pl.Int64,
            "household_id": pl.Int64,
            "person_id": pl.Int64,
            "mulai": pl.Date,
            "selesai": pl.Date,
        },
        orient="row",
    )


def _members(program: str, tahun: int) -> pl.DataFrame:
    """The current members of the families paid, as ``benefit.pkh_amounts`` reads them."""
    columns = ["household_id", *benefit.MEMBER_COLUMNS]
    families = _paid(program, tahun).filter(household__isnull=False).values("household_id")
    rows = Person.objects.filter(household_id__in=families).values_list(*columns)
    frame = pl.DataFrame(
        list(rows),
        schema={
            "household_id": pl.Int64,
            "tanggal_lahir": pl.Date,
            "hamil": pl.Boolean,
            "sekolah": pl.Utf8,
            "disabilitas_berat": pl.Boolean,
            "status": pl.Utf8,
        },
        orient="row",
    )
    return frame.rename({"household_id": "key"})


def stage_rows(
    program: str, tahun: int, enrolments: pl.DataFrame, members: pl.DataFrame | None
) -> pl.DataFrame:
    """The stages due to ``enrolments`` (``id``, ``key``, ``mulai``, ``selesai``) in ``tahun``.

    A stage is due when the enrolment is open at some time in its period. PKH
    amounts come from ``members`` (``key`` and ``benefit.MEMBER_COLUMNS``).
    Returns ``kepesertaan_id``, ``tahap``, ``jumlah_jatuh_tempo``, ``rincian``;
    PKH families with no component in a stage get ``jumlah_jatuh_tempo`` 0.
    """
    periods = benefit.stage_periods(program, tahun)
    open_in = enrolments.join(periods, how="cross").filter(
        (pl.col("mulai") <= pl.col("akhir"))
        & (pl.col("selesai").is_null() | (pl.col("selesai") >= pl.col("awal")))
    )
    if program == "PKH":
        paid = members.join(open_in.select("key").unique(), on="key", how="semi")
        amounts = benefit.pkh_amounts(paid, periods, tahun)
    else:
        amounts = benefit.flat_amounts(program, enrolments, periods)
    return (
        open_in.join(amounts, on=["key", "tahap"], how="left")
        .select(
            kepesertaan_id="id",
            tahap="tahap",
            jumlah_jatuh_tempo=pl.col("jumlah").fill_null(0),
            rincian=pl.col("rincian").fill_null("[]"),
        )
        .sort("kepesertaan_id", "tahap")
    )


def create_stages(program: str, tahun: int) -> StageResult:
    """Write the stages of ``tahun`` for every family receiving ``program``; see the module."""
    benefit.stage_periods(program, tahun)  # refuses a programme without stages first
    result = StageResult(program, tahun)
    with transaction.atomic():
        enrolments = _enrolments(program, tahun)
        # Household programmes pay the family; personal ones the person.
        enrolments = enrolments.with_columns(key=pl.coalesce("household_id", -pl.col("person_id")))
        members = _members(program, tahun) if program == "PKH" else None
        rows = stage_rows(program, tahun, enrolments, members)
        existing = pl.DataFrame(
            list(
                TahapBayar.objects.filter(tahun=tahun, kepesertaan__program_id=program).values_list(
                    "kepesertaan_id", "tahap"
                )
            ),
            schema={"kepesertaan_id": pl.Int64, "tahap": pl.Int64},
            orient="row",
        )
        result.sudah_ada = rows.join(existing, on=["kepesertaan_id", "tahap"]).height
        fresh = rows.join(existing, on=["kepesertaan_id", "tahap"], how="anti")
        empty = fresh.filter(pl.col("jumlah_jatuh_tempo") == 0)
        result.tanpa_komponen = sorted(set(empty["kepesertaan_id"].to_list()))
        fresh = fresh.filter(pl.col("jumlah_jatuh_tempo") > 0).with_columns(tahun=pl.lit(tahun))
        with bulk.bulk_loading(fresh.height, (TahapBayar,)):
            result.dibuat = bulk.insert_stages(fresh)
        result.keluarga = fresh["kepesertaan_id"].n_unique()
        result.jumlah_jatuh_tempo = int(fresh["jumlah_jatuh_tempo"].sum() or 0)
    return result
