"""On SQLite, ``INSERT OR REPLACE`` (and ``REPLACE``) must not overwrite a row of the trail.

REPLACE resolves a clash of primary keys by deleting the old row, and that
delete fires the delete trigger only with ``PRAGMA recursive_triggers`` on,
which nothing obliges a connection to set. So a row that would clash is refused
before it is inserted, whatever the pragmas: BEFORE INSERT runs ahead of the
conflict resolution. The id is the trail's only unique key. An insert that does
not give an id (every insert the application makes) looks up id -1, one probe
of the primary key. PostgreSQL has no REPLACE; its ``ON CONFLICT DO UPDATE``
is an update, which the triggers of 0002 already refuse.
"""

from django.db import migrations

MESSAGE = "jejak audit hanya boleh ditambah, tidak diubah atau dihapus"
TABLE = "accounts_jejakaudit"


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER jejak_audit_tanpa_timpa BEFORE INSERT ON {TABLE} "  # noqa: S608
            f"WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER jejak_audit_tanpa_timpa")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_login_turns")]

    operations = [migrations.RunPython(_forwards, _backwards)]
