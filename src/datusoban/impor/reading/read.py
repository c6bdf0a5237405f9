"""The entry points: read a file as a RawTable, list its sheets, fingerprint it."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

from datusoban.impor.reading.csv_reader import read_csv
from datusoban.impor.reading.detect import BINARY_PROBE_BYTES, file_kind, refuse_binary
from datusoban.impor.reading.errors import ReadError, number
from datusoban.impor.reading.limits import MAX_FILE_BYTES
from datusoban.impor.reading.table import RawTable
from datusoban.impor.reading.xlsx_reader import list_sheets, read_xlsx

_HASH_BLOCK = 1 << 20  # 1 MiB


def read_table(
    path: Path, *, sheet: str | None = None, header_hint: Collection[str] = ()
) -> RawTable:
    """Read a CSV (.csv .txt .tsv) or XLSX file as a table of text, or raise ReadError.

    `sheet` picks an XLSX sheet by name (ignored for CSV, which has none);
    by default the first visible sheet with a header and a data row is read.
    `header_hint` names columns the caller expects, to find the header row
    among title rows.
    """
    path = Path(path)
    kind = file_kind(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(
            "berkas_terlalu_besar",
            f"Berkas {path.name} berukuran {number(size / 2**30, 1)} GiB, melebihi batas "
            f"{MAX_FILE_BYTES // 2**30} GiB; pecah menjadi beberapa berkas lalu unggah "
            "satu per satu.",
        )
    if size == 0:
        raise ReadError(
            "berkas_kosong",
            f"Berkas {path.name} kosong (0 byte); periksa apakah berkas yang benar sudah dipilih.",
        )
    if kind == "xlsx":
        return read_xlsx(path, sheet, header_hint)
    with path.open("rb") as handle:
        # A picture or an archive named .csv is refused before the whole file is read.
        refuse_binary(path.name, handle.read(BINARY_PROBE_BYTES))
    return read_csv(path, path.read_bytes(), header_hint)


def sheet_names(path: Path) -> list[str]:
    """The sheet names of an XLSX file, in workbook order; [] for a CSV."""
    path = Path(path)
    return list_sheets(path) if file_kind(path) == "xlsx" else []


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, read 1 MiB at a time."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()
