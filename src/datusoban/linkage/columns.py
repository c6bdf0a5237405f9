"""Column names: the interchange format (INTERCHANGE.md) and the derived features."""

from __future__ import annotations

RECORD_ID = "record_id"
SOURCE = "source"
UNIQUE_ID = "unique_id"  # Splink's row key: an integer, one per input row

REQUIRED = (RECORD_ID, "nama")
INTERCHANGE = (
    RECORD_ID,
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "nama_ibu_kandung",
    "hubungan_keluarga",
    "alamat",
    "rt",
    "rw",
    "kode_wilayah",
)

OUTPUT = (SOURCE, RECORD_ID, "person_id")
OUTPUT_EXTRA = ("cluster_size", "link_probability")
