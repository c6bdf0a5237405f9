"""Reading interchange CSV files for linking, with refusals a person can act on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from datusoban.penautan.columns import RECORD_ID, REQUIRED, SOURCE
from datusoban.penautan.errors import LinkInputError


def read_source(path: Path) -> pl.DataFrame:
    """One file as text columns plus `source` (the file name without .csv)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LinkInputError(f"{path}: berkas tidak dapat dibaca ({exc.strerror})") from None
    if b"\x00" in raw[:65536]:
        raise LinkInputError(f"{path}: bukan berkas CSV UTF-8 yang terbaca (isinya tampak biner)")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LinkInputError(
            f"{path}: bukan berkas CSV UTF-8 yang terbaca (bita ke-{exc.start + 1} bukan UTF-8; "
            'simpan sebagai "CSV UTF-8")'
        ) from None
    try:
        # Every column as text: NIKs and record ids must keep their leading zeros.
        frame = pl.read_csv(raw, infer_schema=False, encoding="utf8")
    except pl.exceptions.NoDataError:
        raise LinkInputError(f"{path}: berkas kosong (perlu baris judul kolom)") from None
    except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise LinkInputError(f"{path}: bukan berkas CSV UTF-8 yang terbaca ({first})") from None
    # A UTF-8 BOM, and stray spaces or case in the header, are tolerated.
    frame = frame.rename({c: c.lstrip("\ufeff").strip().lower() for c in frame.columns})
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise LinkInputError(
            f"{path}: kolom wajib tidak ada: {', '.join(missing)} "
            f"(yang ada: {', '.join(frame.columns)[:200] or 'tidak ada'})"
        )
    if frame[RECORD_ID].null_count():
        row = int(frame[RECORD_ID].is_null().arg_true()[0]) + 2
        raise LinkInputError(f"{path}: baris {row} tidak punya record_id")
    dup = frame[RECORD_ID].is_duplicated()
    if dup.any():
        value = frame[RECORD_ID].filter(dup)[0]
        rows = (dup & (frame[RECORD_ID] == value)).arg_true().to_list()
        raise LinkInputError(
            f"{path}: record_id {value!r} muncul lebih dari sekali (baris "
            f"{', '.join(str(r + 2) for r in rows[:5])}); record_id harus unik dalam satu berkas"
        )
    return frame.with_columns(pl.lit(path.stem, dtype=pl.Utf8).alias(SOURCE))


def read_sources(paths: Sequence[Path]) -> pl.DataFrame:
    """All files stacked (columns missing from a file are null in its rows)."""
    stems = [p.stem for p in paths]
    repeated = sorted({s for s in stems if stems.count(s) > 1})
    if repeated:
        raise LinkInputError(
            f"dua berkas masukan bernama sama ({', '.join(repeated)}): nama berkas adalah "
            "nama sumber, jadi harus berbeda"
        )
    frames = [read_source(p) for p in paths]
    return pl.concat(frames, how="diagonal_relaxed")
