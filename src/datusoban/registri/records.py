"""Bulk write of source rows as received with their normalised values: the import, registry side."""

from __future__ import annotations

import polars as pl

from datusoban import db
from datusoban.registri.models import ImportBatch, SourceRecord

# Columns a caller supplies (besides nomor_baris, record_id and data).
NORMALISED = (
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "kode_wilayah",
    "peringatan",
)


def store_source_records(batch: ImportBatch, rows: pl.DataFrame) -> pl.Series:
    """Write ``rows`` as SourceRecords of ``batch``; returns their new ids in row order.

    ``rows``: ``nomor_baris``, ``record_id``, ``data`` (JSON text of the row as
    received) and the NORMALISED columns (``peringatan``: JSON text of a list);
    optionally ``tanda_mutu`` (JSON text {field: [codes]}; "{}", no flag, without it);
    optionally ``person_id`` and ``household_id`` when the caller already knows
    whom the row describes (otherwise linkage fills them). Run it inside the
    caller's transaction.
    """
    start = db.reserve_ids(SourceRecord._meta.db_table, rows.height)
    frame = source_record_frame(batch.pk, rows, start)
    db.insert_frame(SourceRecord._meta.db_table, frame)
    return frame["id"]


def source_record_frame(batch_id: int, rows: pl.DataFrame, first_id: int) -> pl.DataFrame:
    """``rows`` (as for store_source_records) as SourceRecord table rows with ids
    from ``first_id`` on, which the caller has reserved (db.reserve_ids)."""
    return rows.select(
        id=pl.int_range(first_id, first_id + rows.height, dtype=pl.Int64),
        batch_id=pl.lit(batch_id, dtype=pl.Int64),
        nomor_baris="nomor_baris",
        record_id=pl.col("record_id").fill_null(""),
        data="data",
        nik="nik",
        no_kk="no_kk",
        nama=pl.col("nama").fill_null(""),
        jenis_kelamin=pl.col("jenis_kelamin").fill_null(""),
        tanggal_lahir="tanggal_lahir",
        kode_wilayah=pl.col("kode_wilayah").fill_null(""),
        peringatan="peringatan",
        tanda_mutu=pl.col("tanda_mutu") if "tanda_mutu" in rows.columns else pl.lit("{}"),
        **{c: c for c in ("person_id", "household_id") if c in rows.columns},
    )
