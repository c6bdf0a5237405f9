"""Source records read from the registry into Polars, in the interchange form linkage takes.

Normalised columns come from SourceRecord itself; the fields validation does
not normalise (place of birth, mother, relation, address) come from the row
as received, under the header the batch's profile mapped them from (kept in
the batch report, `kolom_dipakai`); `tanda_mutu` is the record's quality flags
per field as JSON text. One query per batch, never one per record.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
from django.db.models import F, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from datusoban.reference import vocab
from datusoban.registri.models import ImportBatch, SourceRecord

FROM_DATA = ("tempat_lahir", "nama_ibu_kandung", "hubungan_keluarga", "alamat", "rt", "rw")
NORMALISED = ("nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah")
COLUMNS = (
    "record", "batch", "person_db", "household_db", "jenis", "waktu", *NORMALISED, *FROM_DATA,
    "tanda_mutu",
)  # fmt: skip
_TYPES = {
    "record": pl.Int64, "batch": pl.Int64, "person_db": pl.Int64, "household_db": pl.Int64,
    "waktu": pl.Datetime("us"), "tanggal_lahir": pl.Date,
}  # fmt: skip
SCHEMA = {c: _TYPES.get(c, pl.Utf8) for c in COLUMNS}

# Relation to the head as written -> the registry's code (vocab.HUBUNGAN_KELUARGA).
_RELATION = {label.upper(): code for code, label in vocab.HUBUNGAN_KELUARGA} | {
    code.upper(): code for code, _ in vocab.HUBUNGAN_KELUARGA
} | {
    "KEPALA": "kepala", "KK": "kepala", "KRT": "kepala", "KEPALA RUMAH TANGGA": "kepala",
    "ISTERI": "istri", "ANAK KANDUNG": "anak", "ANAK TIRI": "anak", "ANAK ANGKAT": "anak",
    "ORANGTUA": "orang_tua", "FAMILI": "famili_lain",
}  # fmt: skip


def read_records(records: QuerySet[SourceRecord]) -> pl.DataFrame:
    """The records as a frame with COLUMNS (`person_db`: their current person or null)."""
    batches = ImportBatch.objects.filter(
        pk__in=records.order_by().values("batch_id").distinct()
    ).only("pk", "laporan")
    frames = [_read_batch(records.filter(batch_id=b.pk), _headers(b)) for b in batches]
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=SCHEMA)
    return frame.with_columns(
        hubungan_keluarga=pl.col("hubungan_keluarga")
        .str.strip_chars()
        .str.to_uppercase()
        .str.replace_all(r"\s+", " ")
        .replace_strict(_RELATION, default=None, return_dtype=pl.Utf8)
    ).sort("record")


def _headers(batch: ImportBatch) -> dict[str, str]:
    used = (batch.laporan or {}).get("kolom_dipakai") or {}
    # A batch loaded with no mapping report (the synthetic population) kept
    # the interchange names.
    return {field: used.get(field, field) for field in FROM_DATA}


def _read_batch(records: QuerySet[SourceRecord], headers: dict[str, str]) -> pl.DataFrame:
    rows = records.annotate(
        **{f"_{field}": KeyTextTransform(header, "data") for field, header in headers.items()},
        _jenis=F("batch__source__jenis"),
        _waktu=F("batch__mulai"),
        # JSON text {field: [flag codes]}, decoded by survivorship.
        _tanda_mutu=Cast("tanda_mutu", TextField()),
    ).values_list(
        "pk", "batch_id", "person_id", "household_id", "_jenis", "_waktu", *NORMALISED,
        *(f"_{field}" for field in FROM_DATA), "_tanda_mutu",
    )  # fmt: skip
    frame = pl.DataFrame(list(rows), schema=list(COLUMNS), orient="row", infer_schema_length=None)
    # A cell the file left empty is JSON null in the row; SQLite hands that
    # back as the text "null" where PostgreSQL gives NULL. Both mean unknown.
    blank = [
        pl.when(pl.col(c).cast(pl.Utf8).str.strip_chars().is_in(["", "null"]))
        .then(None)
        .otherwise(pl.col(c).cast(pl.Utf8))
        .alias(c)
        for c in FROM_DATA
    ]
    return (
        frame.with_columns(blank)
        .with_columns(
            pl.col("waktu").dt.replace_time_zone(None) if frame.schema["waktu"] != pl.Null else [],
        )
        .cast(SCHEMA)
    )


def interchange(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as link_records takes it: `source` and `record_id` (the record's id) and
    the interchange columns as text."""
    return frame.select(
        source=pl.lit("registri"),
        record_id=pl.col("record").cast(pl.Utf8),
        nik="nik",
        no_kk="no_kk",
        nama="nama",
        jenis_kelamin="jenis_kelamin",
        tempat_lahir="tempat_lahir",
        tanggal_lahir=pl.col("tanggal_lahir").dt.strftime("%Y-%m-%d"),
        nama_ibu_kandung="nama_ibu_kandung",
        # Back to words ("orang_tua" -> "orang tua"), as the model reads relations.
        hubungan_keluarga=pl.col("hubungan_keluarga").str.replace_all("_", " "),
        alamat="alamat",
        rt="rt",
        rw="rw",
        kode_wilayah="kode_wilayah",
    )


def ids_in(values: Iterable, size: int = 5000) -> list[list]:
    """`values` in chunks small enough for one IN (...) list on every engine."""
    values = list(values)
    return [values[i : i + size] for i in range(0, len(values), size)]
