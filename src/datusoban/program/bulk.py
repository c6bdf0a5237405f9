"""Set-based writes of enrolments, their history and payment stages, through ``db``.

Many rows at once (a proposal list from the allocation, a synthetic population,
a year's payment stages) are written with the engine's fast path rather than a
``save()`` per row. Ids are reserved first, so that the history and the stages
can point to the enrolments without reading them back. Run inside
``transaction.atomic()``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from datusoban import db
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan, TahapBayar

ENROLMENT_COLUMNS = {
    "program_id": pl.Utf8,
    "household_id": pl.Int64,
    "person_id": pl.Int64,
    "status": pl.Utf8,
    "mulai": pl.Date,
    "selesai": pl.Date,
    "alasan_keluar": pl.Utf8,
    "kode_kabkota": pl.Utf8,
    "pendamping": pl.Utf8,
    "asal": pl.Utf8,
}
HISTORY_COLUMNS = {
    "kepesertaan_id": pl.Int64,
    "dari": pl.Utf8,
    "ke": pl.Utf8,
    "alasan": pl.Utf8,
    "keterangan": pl.Utf8,
    "tanggal": pl.Date,
    "oleh": pl.Utf8,
}
STAGE_COLUMNS = {
    "kepesertaan_id": pl.Int64,
    "tahun": pl.Int64,
    "tahap": pl.Int64,
    "jumlah_jatuh_tempo": pl.Int64,
    "jumlah_dibayar": pl.Int64,
    "status": pl.Utf8,
    "rincian": pl.Utf8,  # JSON text
    "keterangan": pl.Utf8,
    "dicatat_oleh": pl.Utf8,
}


# Values per IN (...) list: SQLite binds at most 32,766 parameters per statement.
IN_SLICE = 10_000


def in_slices(values: list) -> list[list]:
    """``values`` cut into lists short enough for one ``__in`` lookup on every engine."""
    return [values[i : i + IN_SLICE] for i in range(0, len(values), IN_SLICE)]


def _now() -> pl.Expr:
    return pl.lit(datetime.now(UTC).replace(tzinfo=None))


def _shaped(frame: pl.DataFrame, columns: dict[str, pl.DataType]) -> pl.DataFrame:
    """``frame`` with exactly ``columns``, in order and typed; missing ones null."""
    return frame.select(
        [
            (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in columns.items()
        ]
    )


def _with_ids(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    start = db.reserve_ids(table, frame.height) if frame.height else 1
    return frame.with_columns(id=pl.int_range(start, start + frame.height, dtype=pl.Int64))


def insert_enrolments(frame: pl.DataFrame) -> pl.Series:
    """Write enrolments (columns of ENROLMENT_COLUMNS); returns their ids, row for row."""
    rows = _shaped(frame, ENROLMENT_COLUMNS).with_columns(
        pl.col("kode_kabkota").fill_null(""),
        pl.col("asal").fill_null(Kepesertaan.Asal.USULAN),
        dibuat_pada=_now(),
        diubah_pada=_now(),
    )
    rows = _with_ids(rows, Kepesertaan._meta.db_table)
    db.insert_frame(Kepesertaan._meta.db_table, rows)
    return rows["id"]


def insert_history(frame: pl.DataFrame) -> int:
    """Write status changes (columns of HISTORY_COLUMNS); returns how many."""
    rows = _shaped(frame, HISTORY_COLUMNS).with_columns(
        pl.col("keterangan").fill_null(""), pada=_now()
    )
    return db.insert_frame(
        RiwayatKepesertaan._meta.db_table, _with_ids(rows, RiwayatKepesertaan._meta.db_table)
    )


def insert_stages(frame: pl.DataFrame) -> int:
    """Write payment stages (columns of STAGE_COLUMNS); returns how many."""
    rows = _shaped(frame, STAGE_COLUMNS).with_columns(
        pl.col("jumlah_dibayar").fill_null(0),
        pl.col("status").fill_null(TahapBayar.Status.JATUH_TEMPO),
        pl.col("rincian").fill_null("{}"),
        pl.col("keterangan").fill_null(""),
        pl.col("dicatat_oleh").fill_null(""),
        diubah_pada=_now(),
    )
    return db.insert_frame(TahapBayar._meta.db_table, _with_ids(rows, TahapBayar._meta.db_table))


def bulk_loading(rows: int, models: tuple = (Kepesertaan, RiwayatKepesertaan, TahapBayar)):
    """Wrap a write of about ``rows`` rows into the enrolment tables (see ``db.bulk_load``):
    a large one checks foreign keys and builds indexes once, at the end."""
    return db.bulk_load([m._meta.db_table for m in models], rows)
