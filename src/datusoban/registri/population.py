"""Bulk load of households and people with their provenance, set-based.

The caller hands two frames keyed by its own integer keys; this module assigns
database ids by reserving ranges, derives the dependent rows (memberships,
source records, PPKS) as frame operations and writes each table with the
engine's fast path. One call runs inside the caller's transaction: either every
row lands or none does. Used by the synthetic loader now and by imports later.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl
from django.db import models

from datusoban import db
from datusoban.frames import map_unique
from datusoban.identity import is_placeholder_birth_date, name_key
from datusoban.registri.events import REGISTER, announce
from datusoban.registri.models import (
    Household,
    ImportBatch,
    Membership,
    Person,
    PersonPPKS,
    SourceRecord,
)
from datusoban.registri.records import store_source_records

# Household columns a caller may supply (database column names), besides "key".
HOUSEHOLD_COLUMNS = (
    "no_kk", "alamat", "rt", "rw", "kode_wilayah", "luas_lantai", "status_bangunan", "status_lahan",
    "lantai", "dinding", "atap", "sumber_air", "penerangan", "bahan_bakar_masak", "fasilitas_bab",
    "aset_lpg", "aset_kulkas", "aset_ac", "aset_motor", "aset_mobil", "aset_emas",
    "aset_smartphone",
    "aset_komputer", "aset_perahu", "aset_ternak", "aset_lahan",
)  # fmt: skip
# Person columns a caller may supply, besides "key", "household_key", "record_id", "data", "ppks".
PERSON_COLUMNS = (
    "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "nama_ibu_kandung",
    "hubungan_keluarga", "disabilitas", "disabilitas_berat", "penyakit_kronis", "hamil", "sekolah",
    "pendidikan", "pekerjaan", "status",
)  # fmt: skip


def bulk_loading(rows: int) -> AbstractContextManager[None]:
    """Wrap one or more ``load_population`` calls of about ``rows`` people in total.

    Use inside ``transaction.atomic()``; lets the engine check foreign keys once
    at the end of a large load (see ``db.bulk_load``).
    """
    tables = [m._meta.db_table for m in (Household, Person, Membership, SourceRecord, PersonPPKS)]
    return db.bulk_load(tables, rows)


@dataclass
class LoadCounts:
    households: int = 0
    persons: int = 0
    memberships: int = 0
    source_records: int = 0
    ppks: int = 0

    def add(self, other: LoadCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def with_derived_columns(persons: pl.DataFrame) -> pl.DataFrame:
    """Add the columns the registry derives from a person's data: the name key and
    the unknown-birth-date flag. Pure (no database), so a caller may run it ahead,
    in another thread; ``load_population`` adds them when they are missing."""
    derived = {}
    if "nama_kunci" not in persons.columns and "nama" in persons.columns:
        derived["nama_kunci"] = map_unique(persons["nama"], name_key, pl.Utf8).fill_null("")
    if "tanggal_lahir_perkiraan" not in persons.columns and "tanggal_lahir" in persons.columns:
        derived["tanggal_lahir_perkiraan"] = map_unique(
            persons["tanggal_lahir"], is_placeholder_birth_date, pl.Boolean
        ).fill_null(False)
    return persons.with_columns(**derived) if derived else persons


def complete_defaults(
    frame: pl.DataFrame, model: type[models.Model], columns: tuple[str, ...]
) -> pl.DataFrame:
    """Fill what a source did not say the way the model would: its default, or blank text.

    Bulk writes bypass ``Model.save()``, so the model's defaults are applied here,
    read from the model itself rather than repeated by hand.
    """
    fills = {}
    by_column = {f.column: f for f in model._meta.concrete_fields}
    for name in columns:
        field = by_column[name]
        if field.null:
            continue
        if field.has_default():
            value = field.get_default()
        elif isinstance(field, models.CharField):
            value = ""
        else:
            continue
        fills[name] = pl.col(name).fill_null(value) if name in frame.columns else pl.lit(value)
    return frame.with_columns(**fills)


def _or_null(frame: pl.DataFrame, column: str) -> pl.Expr:
    return pl.col(column) if column in frame.columns else pl.lit(None)


def _with_ids(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    start = db.reserve_ids(table, frame.height)
    return frame.with_columns(id=pl.int_range(start, start + frame.height, dtype=pl.Int64))


def load_population(
    batch: ImportBatch,
    households: pl.DataFrame,
    persons: pl.DataFrame,
    *,
    as_of: date,
    first_row: int = 1,
) -> LoadCounts:
    """Write households, people, memberships, source records and PPKS categories.

    ``households``: ``key`` (and ``id`` when the caller reserved the ids) plus
    any of HOUSEHOLD_COLUMNS. ``persons``: ``key``,
    ``household_key``, ``record_id``, ``data`` (the source row as JSON text),
    ``ppks`` (comma-separated PPKS category numbers, or null) plus any of
    PERSON_COLUMNS. Memberships start at ``as_of``. A batch written in several
    chunks passes ``first_row`` so that row numbers continue across them.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    stamp = {"dibuat_pada": pl.lit(now), "diubah_pada": pl.lit(now)}

    # A caller that must point rows of its own at the households reserves their
    # ids first (db.reserve_ids) and passes them as "id".
    if "id" not in households.columns:
        households = _with_ids(households, Household._meta.db_table)
    hh = complete_defaults(households, Household, HOUSEHOLD_COLUMNS)
    db.insert_frame(
        Household._meta.db_table,
        hh.select("id", *[c for c in HOUSEHOLD_COLUMNS if c in hh.columns]).with_columns(**stamp),
    )
    # With each household's kab/kota, which the database keeps beside its people:
    # passed right, its insert check has nothing to correct.
    key_to_id = hh.select(
        household_key="key",
        household_id="id",
        kode_kabkota=pl.col("kode_wilayah").cast(pl.Utf8).str.slice(0, 5),
    )

    people = _with_ids(persons, Person._meta.db_table).join(
        key_to_id, on="household_key", how="left"
    )
    people = with_derived_columns(complete_defaults(people, Person, PERSON_COLUMNS))
    person_cols = [c for c in PERSON_COLUMNS if c in people.columns]
    db.insert_frame(
        Person._meta.db_table,
        people.select(
            "id",
            *person_cols,
            "nama_kunci",
            "tanggal_lahir_perkiraan",
            "household_id",
            "kode_kabkota",
        ).with_columns(**stamp),
    )

    members = _with_ids(
        people.filter(pl.col("household_id").is_not_null()).select(
            person_id="id",
            household_id="household_id",
            hubungan=pl.col("hubungan_keluarga").fill_null("lainnya"),
        ),
        Membership._meta.db_table,
    ).with_columns(mulai=pl.lit(as_of), selesai=pl.lit(None, dtype=pl.Date))
    db.insert_frame(Membership._meta.db_table, members)

    place = hh.select(
        household_id="id", no_kk=_or_null(hh, "no_kk").cast(pl.Utf8), kode_wilayah="kode_wilayah"
    )
    record_ids = store_source_records(
        batch,
        people.join(place, on="household_id", how="left", maintain_order="left").select(
            nomor_baris=pl.int_range(first_row, first_row + people.height, dtype=pl.Int64),
            record_id="record_id",
            data="data",
            person_id="id",
            household_id="household_id",
            **{c: _or_null(people, c) for c in ("nik", "nama", "jenis_kelamin", "tanggal_lahir")},
            no_kk="no_kk",
            kode_wilayah="kode_wilayah",
            peringatan=pl.lit("[]"),
        ),
    )

    ppks = (
        people.select(person_id="id", ppks="ppks", source_record_id=record_ids)
        .filter(pl.col("ppks").is_not_null() & (pl.col("ppks") != ""))
        .with_columns(
            kategori_id=pl.col("ppks").str.split(",").list.eval(pl.element().str.strip_chars())
        )
        .explode("kategori_id")
        .with_columns(
            pl.col("kategori_id").cast(pl.Int64),
            mulai=pl.lit(as_of),
            selesai=pl.lit(None, dtype=pl.Date),
        )
        .drop("ppks")
    )
    ppks = _with_ids(ppks, PersonPPKS._meta.db_table)
    db.insert_frame(PersonPPKS._meta.db_table, ppks)

    announce(REGISTER, people["id"].to_list())
    return LoadCounts(hh.height, people.height, members.height, record_ids.len(), ppks.height)
