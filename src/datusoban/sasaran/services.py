"""Rank every household of the registry, set-based, and store the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import connection, transaction
from django.db.models.fields.json import KT
from django.utils import timezone

from datusoban import db
from datusoban.db.reading import as_flag, as_text, read_frame
from datusoban.registri.models import Household, Person, SourceRecord
from datusoban.sasaran.design import ASSETS, CATEGORICAL, make_up
from datusoban.sasaran.model import PMTModel, load_model
from datusoban.sasaran.models import PeringkatKeluarga
from datusoban.sasaran.ranking import rank_households

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


HOUSEHOLD_SCHEMA = {
    "id": pl.Int64,
    "kode_wilayah": pl.String,
    "luas_lantai": pl.Int64,
    **{c: pl.String for c in CATEGORICAL},
    **{c: pl.Boolean for c in ASSETS},
}
MEMBER_SCHEMA = {"household": pl.Int64, "tanggal_lahir": pl.Date, "disabilitas": pl.String}


def _households() -> pl.DataFrame:
    """Every household's attributes, read set-based (``db.reading``)."""
    columns = ", ".join(as_flag(f"h.{c}") if c in ASSETS else f"h.{c}" for c in HOUSEHOLD_SCHEMA)
    sql = f"SELECT {columns} FROM {Household._meta.db_table} h"  # noqa: S608 (identifiers only)
    frame = read_frame(sql, schema=HOUSEHOLD_SCHEMA)
    return frame.with_columns(kode_kabkota=pl.col("kode_wilayah").str.slice(0, 5))


def _members() -> pl.DataFrame:
    """Every living person's current household (``Person.household``, kept in step
    with the open membership), birth date and disability."""
    sql = f"""
        SELECT p.household_id, {as_text("p.tanggal_lahir")}, p.disabilitas
        FROM {Person._meta.db_table} p
        WHERE p.household_id IS NOT NULL AND p.status = 'hidup'
    """  # noqa: S608
    frame = read_frame(sql, schema=MEMBER_SCHEMA)
    # SQLite keeps "" where PostgreSQL has NULL: no disability recorded either way.
    return frame.with_columns(
        disabilitas=pl.when(pl.col("disabilitas") == "").then(None).otherwise("disabilitas")
    )


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


def rank_frames(
    households: pl.DataFrame, members: pl.DataFrame, model: PMTModel, as_of: date
) -> pl.DataFrame:
    """``households`` (HOUSEHOLD_SCHEMA with kode_kabkota) ranked from their attributes
    and their ``members`` (MEMBER_SCHEMA), with DTSEN's desil beside ours."""
    made_up = make_up(members, as_of)
    frame = households.join(made_up, left_on="id", right_on="household", how="left")
    return rank_households(frame, model).join(
        _dtsen_desil(), left_on="id", right_on="household", how="left"
    )


def store_ranking(ranked: pl.DataFrame, model: PMTModel) -> RankSummary:
    """Replace ``model``'s stored ranking with ``ranked``, in one transaction."""
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
    with transaction.atomic():
        stored = PeringkatKeluarga.objects
        if stored.exclude(versi=model.versi).exists():
            stored.filter(versi=model.versi).delete()
        else:
            # The version is all the table holds: emptying it whole is far cheaper
            # than deleting a million rows one by one (PostgreSQL TRUNCATE, and
            # SQLite's own truncate for a DELETE without WHERE), and the load
            # below then builds its indexes once instead of row by row.
            quoted = connection.ops.quote_name(table)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # Rows written earlier in this transaction may still have
                    # deferred foreign-key checks queued, which TRUNCATE refuses.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(f"TRUNCATE {quoted}")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                else:
                    cursor.execute(f"DELETE FROM {quoted}")  # noqa: S608 (the model's table)
        with db.bulk_load([table], rows.height):
            db.insert_frame(table, rows)
    compared = ranked.filter(pl.col("desil_dtsen").is_not_null())
    apart = compared.filter((pl.col("desil").cast(pl.Int16) - pl.col("desil_dtsen")).abs() >= 2)
    return RankSummary(model.versi, ranked.height, compared.height, apart.height)


def rank_registry(model: PMTModel | None = None, as_of: date | None = None) -> RankSummary:
    """Rank all households under ``model`` (default: the newest shipped) and replace
    that version's stored ranking, in one transaction."""
    model = model or load_model()
    ranked = rank_frames(_households(), _members(), model, as_of or timezone.localdate())
    return store_ranking(ranked, model)
