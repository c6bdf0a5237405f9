"""Rank every household of the registry, set-based, and store the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import transaction
from django.db.models.fields.json import KT
from django.utils import timezone

from datusoban import db
from datusoban.registry.models import Household, Membership, SourceRecord
from datusoban.targeting.design import ASSETS, CATEGORICAL, make_up
from datusoban.targeting.model import PMTModel, load_model
from datusoban.targeting.models import PeringkatKeluarga
from datusoban.targeting.ranking import rank_households

ATTRIBUTES = ("luas_lantai", *CATEGORICAL, *ASSETS)


@dataclass
class RankSummary:
    versi: str
    keluarga: int
    dengan_desil_dtsen: int
    beda_desil_dtsen: int  # households whose DTSEN desil differs from ours by 2 or more


def _frame(queryset, columns: list[str], types: dict | None = None) -> pl.DataFrame:
    rows = list(queryset.values_list(*columns))
    schema = {c: (types or {}).get(c) for c in columns}
    return pl.DataFrame(rows, schema=schema, orient="row", infer_schema_length=None)


def _households() -> pl.DataFrame:
    columns = ["id", "kode_kabkota", *ATTRIBUTES]
    frame = _frame(Household.objects.order_by("pk"), columns)
    return frame.with_columns(
        [pl.col(c).cast(pl.Boolean) for c in ASSETS]
        + [pl.col(c).cast(pl.Utf8) for c in CATEGORICAL]
    )


def _members() -> pl.DataFrame:
    current = Membership.objects.filter(selesai__isnull=True)
    frame = _frame(
        current,
        ["household_id", "person__tanggal_lahir", "person__disabilitas"],
        {
            "household_id": pl.Int64,
            "person__tanggal_lahir": pl.Date,
            "person__disabilitas": pl.Utf8,
        },
    )
    return frame.rename(
        {"household_id": "household", "person__tanggal_lahir": "tanggal_lahir",
         "person__disabilitas": "disabilitas"}
    )  # fmt: skip


def _dtsen_desil() -> pl.DataFrame:
    """Per household, the desil the national DTSEN export gave its members (most common)."""
    records = (
        SourceRecord.objects.filter(batch__profil="dtsen", person__household__isnull=False)
        .annotate(desil_teks=KT("data__desil"))
        .exclude(desil_teks__isnull=True)
    )
    frame = _frame(
        records,
        ["person__household_id", "desil_teks"],
        {"person__household_id": pl.Int64, "desil_teks": pl.Utf8},
    )
    return (
        frame.select(
            household=pl.col("person__household_id"),
            desil_dtsen=pl.col("desil_teks").str.strip_chars().cast(pl.Int8, strict=False),
        )
        .drop_nulls()
        .filter(pl.col("desil_dtsen").is_between(1, 10))
        .group_by("household")
        .agg(pl.col("desil_dtsen").mode().min())
    )


def rank_registry(model: PMTModel | None = None, as_of: date | None = None) -> RankSummary:
    """Rank all households under ``model`` (default: the newest shipped) and replace
    that version's stored ranking, in one transaction."""
    model = model or load_model()
    households = _households()
    made_up = make_up(_members(), as_of or timezone.localdate())
    frame = households.join(made_up, left_on="id", right_on="household", how="left")
    ranked = rank_households(frame, model).join(
        _dtsen_desil(), left_on="id", right_on="household", how="left"
    )
    now = timezone.now()
    rows = ranked.select(
        household_id="id",
        versi=pl.lit(model.versi),
        skor="skor",
        desil="desil",
        desil_kabkota="desil_kabkota",
        desil_dtsen="desil_dtsen",
        dihitung_pada=pl.lit(now),
    )
    table = PeringkatKeluarga._meta.db_table
    with transaction.atomic(), db.bulk_load([table], rows.height):
        PeringkatKeluarga.objects.filter(versi=model.versi).delete()
        db.insert_frame(table, rows)
    compared = ranked.filter(pl.col("desil_dtsen").is_not_null())
    apart = compared.filter((pl.col("desil").cast(pl.Int16) - pl.col("desil_dtsen")).abs() >= 2)
    return RankSummary(model.versi, ranked.height, compared.height, apart.height)
