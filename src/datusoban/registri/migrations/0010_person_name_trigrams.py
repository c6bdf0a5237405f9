"""Name search by any part of a name: a trigram index of the stored name keys.

PostgreSQL: a GIN index of ``nama_kunci``'s trigrams (pg_trgm), which answers
``LIKE '%WORD%'``, led by the kab/kota (btree_gin): a kab/kota user's search reads
only their own kab/kota's matches from the table (a name common province-wide has
seven times as many), and a province-wide search uses the trigrams alone. It is a
plain index of the person table, so a large load drops and rebuilds it with the
others (db.postgres.large_load).

SQLite: an FTS5 table with the trigram tokenizer over the same column (SQLite 3.34
or later), its content read from the person table (no second copy of the names)
and kept in step by triggers on every insert, delete and change of the key,
whichever path writes it (the ORM, bulk loads, linkage, merges).
"""

from django.db import migrations

_PG = [
    # Both trusted since PostgreSQL 13: the database owner may create them.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX person_kabkota_nama_trgm ON registry_person "
    "USING gin (kode_kabkota, nama_kunci gin_trgm_ops)",
]
_PG_DROP = ["DROP INDEX person_kabkota_nama_trgm"]

_SQLITE = [
    "CREATE VIRTUAL TABLE registry_person_nama USING fts5(nama_kunci, "
    "content='registry_person', content_rowid='id', tokenize='trigram')",
    "INSERT INTO registry_person_nama(registry_person_nama) VALUES ('rebuild')",
    "CREATE TRIGGER registry_person_nama_baru AFTER INSERT ON registry_person BEGIN "
    "INSERT INTO registry_person_nama(rowid, nama_kunci) VALUES (NEW.id, NEW.nama_kunci); END",
    "CREATE TRIGGER registry_person_nama_hapus AFTER DELETE ON registry_person BEGIN "
    "INSERT INTO registry_person_nama(registry_person_nama, rowid, nama_kunci) "
    "VALUES ('delete', OLD.id, OLD.nama_kunci); END",
    "CREATE TRIGGER registry_person_nama_ubah AFTER UPDATE OF id, nama_kunci ON registry_person "
    "WHEN OLD.nama_kunci IS NOT NEW.nama_kunci OR OLD.id IS NOT NEW.id BEGIN "
    "INSERT INTO registry_person_nama(registry_person_nama, rowid, nama_kunci) "
    "VALUES ('delete', OLD.id, OLD.nama_kunci); "
    "INSERT INTO registry_person_nama(rowid, nama_kunci) VALUES (NEW.id, NEW.nama_kunci); END",
]
_SQLITE_DROP = [
    "DROP TRIGGER registry_person_nama_ubah",
    "DROP TRIGGER registry_person_nama_hapus",
    "DROP TRIGGER registry_person_nama_baru",
    "DROP TABLE registry_person_nama",
]


def _forwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in _PG if vendor == "postgresql" else _SQLITE if vendor == "sqlite" else []:
        schema_editor.execute(statement)


def _backwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    drop = _PG_DROP if vendor == "postgresql" else _SQLITE_DROP if vendor == "sqlite" else []
    for statement in drop:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_source_record_quality_flags"),
    ]

    operations = [migrations.RunPython(_forwards, _backwards)]
