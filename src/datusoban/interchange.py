"""The person-record interchange format (docs/INTERCHANGE.md): its columns, in order.

One definition for everything that reads or writes it: the import profiles,
the synthetic source files and `datusoban link`.
"""

from __future__ import annotations

RECORD_ID = "record_id"
# The columns after record_id: who the person is and where they live.
FIELDS = (
    "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan_keluarga", "alamat", "rt", "rw", "kode_wilayah",
)  # fmt: skip
COLUMNS = (RECORD_ID, *FIELDS)
REQUIRED = (RECORD_ID, "nama")
