"""Enrolments counted per kab/kota, programme and status by the database itself.

Triggers move ``programs_enrolmentcount`` in the transaction of every change to
``programs_kepesertaan``, so the counts are exact whoever writes. On PostgreSQL one
trigger per statement reads the statement's changed rows (transition tables) and
applies their sum grouped, so a COPY or a set-based UPDATE of 100,000 enrolments is
one grouped upsert, not 100,000; a change that moves nobody between groups (the
pendamping, a date) writes nothing. SQLite has row triggers only: one upsert per row.
"""

import django.db.models.deletion
from django.db import migrations, models

# PostgreSQL: one function and trigger per statement kind; the statement's rows are
# the transition tables baru (inserted or new values) and lama (deleted or old).
_POSTGRESQL = {
    "insert": ("NEW TABLE AS baru", "SELECT kode_kabkota, program_id, status, 1 AS d FROM baru"),
    "delete": ("OLD TABLE AS lama", "SELECT kode_kabkota, program_id, status, -1 AS d FROM lama"),
    "update": (
        "OLD TABLE AS lama NEW TABLE AS baru",
        "SELECT kode_kabkota, program_id, status, 1 AS d FROM baru "
        "UNION ALL SELECT kode_kabkota, program_id, status, -1 FROM lama",
    ),
}
_PG_FUNCTION = """
CREATE FUNCTION programs_hitung_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO programs_enrolmentcount AS t (kode_kabkota, program_id, status, jumlah)
    SELECT kode_kabkota, program_id, status, sum(d) FROM ({changes}) c
    GROUP BY kode_kabkota, program_id, status HAVING sum(d) <> 0
    ON CONFLICT (kode_kabkota, program_id, status)
    DO UPDATE SET jumlah = t.jumlah + excluded.jumlah;
    RETURN NULL;
END $$
"""
_PG_TRIGGER = """
CREATE TRIGGER programs_hitung_{event} AFTER {event} ON programs_kepesertaan
REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION programs_hitung_{event}()
"""

# SQLite has row triggers only. A decrement never inserts: a table emptied in any
# order (test set-up) stays empty.
_SQLITE_ADD = """
INSERT INTO programs_enrolmentcount (kode_kabkota, program_id, status, jumlah)
VALUES (NEW.kode_kabkota, NEW.program_id, NEW.status, 1)
ON CONFLICT (kode_kabkota, program_id, status) DO UPDATE SET jumlah = jumlah + 1;
"""
_SQLITE_REMOVE = """
UPDATE programs_enrolmentcount SET jumlah = jumlah - 1
WHERE kode_kabkota = OLD.kode_kabkota AND program_id = OLD.program_id AND status = OLD.status;
"""
_SQLITE = {
    "insert": f"AFTER INSERT ON programs_kepesertaan BEGIN {_SQLITE_ADD} END",
    "delete": f"AFTER DELETE ON programs_kepesertaan BEGIN {_SQLITE_REMOVE} END",
    "update": (
        "AFTER UPDATE ON programs_kepesertaan WHEN OLD.kode_kabkota IS NOT NEW.kode_kabkota "
        "OR OLD.program_id IS NOT NEW.program_id OR OLD.status IS NOT NEW.status "
        f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END"
    ),
}
_COUNT_EXISTING = """
INSERT INTO programs_enrolmentcount (kode_kabkota, program_id, status, jumlah)
SELECT kode_kabkota, program_id, status, count(*) FROM programs_kepesertaan
GROUP BY kode_kabkota, program_id, status
"""


def _forwards(apps, schema_editor) -> None:
    for event, (tables, changes) in _POSTGRESQL.items():
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_PG_FUNCTION.format(event=event, changes=changes))
            schema_editor.execute(_PG_TRIGGER.format(event=event, tables=tables))
        else:
            schema_editor.execute(f"CREATE TRIGGER programs_hitung_{event} {_SQLITE[event]}")
    # The enrolments already held; on PostgreSQL creating the triggers locked the
    # table, so none can slip in between.
    schema_editor.execute(_COUNT_EXISTING)


def _backwards(apps, schema_editor) -> None:
    for event in _POSTGRESQL:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER programs_hitung_{event} ON programs_kepesertaan")
            schema_editor.execute(f"DROP FUNCTION programs_hitung_{event}()")
        else:
            schema_editor.execute(f"DROP TRIGGER programs_hitung_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_enrolment_recipients_protected"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnrolmentCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kode_kabkota", models.CharField(max_length=5)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("diusulkan", "Diusulkan"),
                            ("diverifikasi", "Diverifikasi"),
                            ("terdaftar", "Terdaftar"),
                            ("ditangguhkan", "Ditangguhkan"),
                            ("keluar", "Keluar"),
                        ],
                        max_length=12,
                    ),
                ),
                ("jumlah", models.BigIntegerField(default=0)),
                (
                    "program",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reference.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "jumlah kepesertaan",
                "verbose_name_plural": "jumlah kepesertaan",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kode_kabkota", "program", "status"), name="enrolment_count_key"
                    )
                ],
            },
        ),
        migrations.RunPython(_forwards, _backwards),
    ]
