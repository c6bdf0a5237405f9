"""Migration 0009 on a database that already holds source records: each record's quality
flags per field are filled from the warning codes it was stored with."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("latest_migrations_after"),
]

BEFORE = ("registry", "0008_batch_identity_withdrawal")
AFTER = ("registry", "0009_source_record_quality_flags")


def _migrate(target: tuple[str, str]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def test_stored_records_get_their_flags_from_their_warnings():
    old = _migrate(BEFORE)
    source = old.get_model("registry", "Source").objects.create(
        kode="dtsen", nama="DTSEN", jenis="kemensos"
    )
    batch = old.get_model("registry", "ImportBatch").objects.create(
        source=source, nama_berkas="dtsen.csv", sha256="x", profil="dtsen", diimpor_oleh="uji"
    )
    records = old.get_model("registry", "SourceRecord").objects
    warnings = {
        1: ["tanggal_perkiraan"],
        2: ["kk_kosong", "nik_jk_beda"],
        3: [],
        4: ["kk_kosong"],
    }
    for row, codes in warnings.items():
        records.create(batch=batch, nomor_baris=row, record_id=f"r{row}", data={}, peringatan=codes)

    new = _migrate(AFTER)
    flags = dict(
        new.get_model("registry", "SourceRecord").objects.values_list("nomor_baris", "tanda_mutu")
    )
    assert flags == {
        1: {"tanggal_lahir": ["tanggal_perkiraan"]},
        2: {"jenis_kelamin": ["nik_jk_beda"], "nik": ["nik_jk_beda"]},
        3: {},
        4: {},
    }
