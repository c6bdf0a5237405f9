"""A year's payment stages for every enrolled family of a programme, in one bulk write.

``create_stages`` reads the enrolments receiving the programme in the year and
which stages each is open in, and writes the stages not yet there: running it
again adds only what is missing (a family enrolled or reinstated since).

What a stage is worth: a flat amount from the catalogue (BPNT, per month;
``benefit.flat_amounts``), or — for a programme paid per member, PKH — what the
caller's ``AmountFn`` computes from the families' members. That function is
``sasaran.stage_amounts.pkh_stage_amounts``, the rule file's component count
that eligibility uses too; ``programs`` sits below ``targeting`` and cannot
import it, so it is passed in (the ``program tahap`` command does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import polars as pl
from django.db import transaction

from datusoban.program import benefit, bulk, rules
from datusoban.program.models import Kepesertaan, TahapBayar
from datusoban.registri.models import Person

# A family's living members as the registry holds them (Person's own column names;
# ``key`` the family, ``orang`` the person), what an AmountFn reads.
MEMBER_SCHEMA = {
    "orang": pl.Int64, "key": pl.Int64, "jenis_kelamin": pl.Utf8, "tanggal_lahir": pl.Date,
    "hubungan_keluarga": pl.Utf8, "sekolah": pl.Utf8, "pendidikan": pl.Utf8,
    "pekerjaan": pl.Utf8, "disabilitas": pl.Utf8, "disabilitas_berat": pl.Boolean,
    "hamil": pl.Boolean, "penyakit_kronis": pl.Utf8, "nik": pl.Utf8,
}  # fmt: skip


class AmountFn(Protocol):
    """Amounts due per family and stage from the members (``MEMBER_SCHEMA``) and the
    periods (``tahap``, ``awal``, ``akhir``): a frame of ``key``, ``tahap``, ``jumlah``
    and ``rincian`` (JSON text ``[{"komponen", "orang", "jumlah"}, ...]``). A family
    due nothing in a stage is absent from it."""

    def __call__(self, members: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame: ...


@dataclass
class StageResult:
    """What ``create_stages`` did."""

    program: str
    tahun: int
    dibuat: int = 0
    keluarga: int = 0
    sudah_ada: int = 0
    jumlah_jatuh_tempo: int = 0
    # Families due nothing in some stage (PKH: no component left): candidates for
    # graduasi alamiah.
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


def members(enrolments) -> pl.DataFrame:
    """The living members of the households of ``enrolments`` (a queryset), in
    ``MEMBER_SCHEMA``: one query."""
    columns = [c if c not in ("orang", "key") else {"orang": "id", "key": "household_id"}[c]
               for c in MEMBER_SCHEMA]  # fmt: skip
    families = enrolments.filter(household__isnull=False).values("household_id")
    rows = Person.objects.filter(household_id__in=families, status="hidup").values_list(*columns)
    return pl.DataFrame(list(rows), schema=MEMBER_SCHEMA, orient="row")


def stage_rows(
    program: str,
    tahun: int,
    enrolments: pl.DataFrame,
    members: pl.DataFrame | None = None,
    amounts: AmountFn | None = None,
) -> pl.DataFrame:
    """The stages due to ``enrolments`` (``id``, ``key``, ``mulai``, ``selesai``) in ``tahun``.

    A stage is due when the enrolment is open at some time in its period. With
    ``amounts``, what each is worth comes from it over ``members`` (``MEMBER_SCHEMA``);
    without, the catalogue's flat amount. Returns ``kepesertaan_id``, ``tahap``,
    ``jumlah_jatuh_tempo``, ``rincian``; a family due nothing in a stage (PKH: no
    component) gets ``jumlah_jatuh_tempo`` 0.
    """
    periods = benefit.stage_periods(program, tahun)
    open_in = enrolments.join(periods, how="cross").filter(
        (pl.col("mulai") <= pl.col("akhir"))
        & (pl.col("selesai").is_null() | (pl.col("selesai") >= pl.col("awal")))
    )
    if amounts is not None:
        paid = members.join(open_in.select("key").unique(), on="key", how="semi")
        due = amounts(paid, periods)
    else:
        due = benefit.flat_amounts(program, enrolments, periods)
    return (
        open_in.join(due, on=["key", "tahap"], how="left")
        .select(
            kepesertaan_id="id",
            tahap="tahap",
            jumlah_jatuh_tempo=pl.col("jumlah").fill_null(0),
            rincian=pl.col("rincian").fill_null("[]"),
        )
        .sort("kepesertaan_id", "tahap")
    )


def create_stages(program: str, tahun: int, amounts: AmountFn | None = None) -> StageResult:
    """Write the stages of ``tahun`` for every family receiving ``program``; see the module.
    ``amounts``: what a stage is worth per family, for a programme without a flat amount."""
    periods = benefit.stage_periods(program, tahun)  # refuses a programme without stages first
    if amounts is None:  # refuses a programme paid per member before anything is read
        benefit.flat_amounts(program, pl.DataFrame({"key": []}, schema={"key": pl.Int64}), periods)
    result = StageResult(program, tahun)
    with transaction.atomic():
        enrolments = _enrolments(program, tahun)
        # Household programmes pay the family; personal ones the person.
        enrolments = enrolments.with_columns(key=pl.coalesce("household_id", -pl.col("person_id")))
        people = members(_paid(program, tahun)) if amounts is not None else None
        rows = stage_rows(program, tahun, enrolments, people, amounts)
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
