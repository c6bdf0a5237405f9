"""The audit trail is append-only in the database itself: UPDATE and DELETE are refused.

Row-level triggers, so that emptying an already empty table (as test set-up
does) passes; PostgreSQL's TRUNCATE, which needs the table owner's rights,
is left to the operator's retention procedure.
"""

from django.db import migrations

MESSAGE = "jejak audit hanya boleh ditambah, tidak diubah atau dihapus"


def _forwards(apps, schema_editor):
    table = "accounts_jejakaudit"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION accounts_jejak_audit_tolak() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER jejak_audit_tetap BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION accounts_jejak_audit_tolak()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER jejak_audit_tanpa_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def _backwards(apps, schema_editor):
    table = "accounts_jejakaudit"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER jejak_audit_tetap ON {table}")
        schema_editor.execute("DROP FUNCTION accounts_jejak_audit_tolak()")
    else:
        for event in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER jejak_audit_tanpa_{event}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(_forwards, _backwards)]
