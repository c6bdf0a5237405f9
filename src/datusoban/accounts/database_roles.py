"""PostgreSQL roles that keep the audit trail out of the application's reach.

The triggers refuse UPDATE and DELETE, but the owner of a table may also
TRUNCATE it, disable its triggers or drop it, and a role that owned the trail
could empty it. So, with ``DATUSOBAN_DATABASE_OWNER_URL`` set, two roles:

- the owner, which runs the migrations and owns the database (and with it the
  schema), the trail and the trail's trigger function;
- the application (``DATUSOBAN_DATABASE_URL``), which owns every other table,
  so that bulk loads can still drop and re-create indexes and constraints and
  TRUNCATE their own tables, and which may only INSERT and SELECT the trail.

The owner is a member of the application's role (so that its migrations may
alter the application's tables and hand new ones over); the application is no
member of the owner's, nor superuser. ``datusoban migrate`` ends with
``secure_trail``: whatever the migrations created passes to the application,
the trail and its function to the owner, and the trail's grants are set anew.
"""

from __future__ import annotations

from django.db import transaction
from psycopg import sql

from datusoban.accounts.models import AuditEvent

TRAIL = AuditEvent._meta.db_table
# Created by migration 0002; its owner could replace its body.
TRAIL_FUNCTION = "accounts_jejak_audit_tolak()"
_KINDS = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}


class RoleSetupError(Exception):
    """Roles that cannot keep the trail safe; the message says what to change."""


def secure_trail(connection, app_role: str) -> list[str]:
    """Run as the owner: hand every relation the owner made (but the trail) to
    ``app_role``, make the trail and its function the owner's, and let
    ``app_role`` only insert into and read the trail; all or nothing. Returns
    the names of the relations handed over."""
    with transaction.atomic(using=connection.alias), connection.connection.cursor() as cursor:
        return _secure(cursor, app_role)


def _secure(cursor, app_role: str) -> list[str]:
    cursor.execute("SELECT current_user, current_schema(), current_database()")
    owner, schema, database = cursor.fetchone()
    _check(cursor, owner, app_role, schema, database)
    app, me, trail = sql.Identifier(app_role), sql.Identifier(owner), sql.Identifier(TRAIL)
    cursor.execute(
        sql.SQL("GRANT USAGE, CREATE ON SCHEMA {} TO {}").format(sql.Identifier(schema), app)
    )
    # Sequences that belong to a column (serial, identity) follow their table.
    cursor.execute(
        "SELECT c.relname, c.relkind FROM pg_class c "
        "WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = %s) "
        "AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = %s) "
        "AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname <> %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
        "AND d.objid = c.oid AND d.deptype IN ('a', 'i')) ORDER BY c.relname",
        [schema, owner, TRAIL],
    )
    handed = cursor.fetchall()
    for name, kind in handed:
        cursor.execute(
            sql.SQL("ALTER {} {} OWNER TO {}").format(
                sql.SQL(_KINDS[kind]), sql.Identifier(name), app
            )
        )
    cursor.execute(sql.SQL("ALTER TABLE {} OWNER TO {}").format(trail, me))
    cursor.execute(sql.SQL(f"ALTER FUNCTION {TRAIL_FUNCTION} OWNER TO {{}}").format(me))
    cursor.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM PUBLIC, {}").format(trail, app))
    cursor.execute(sql.SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(trail, app))
    # An identity column needs no grant for its sequence; a serial one (in a
    # database made by an older Django) does.
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TRAIL])
    (sequence,) = cursor.fetchone()
    cursor.execute(sql.SQL(f"GRANT USAGE ON SEQUENCE {sequence} TO {{}}").format(app))
    return [name for name, _ in handed]


def _check(cursor, owner: str, app_role: str, schema: str, database: str) -> None:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
    found = cursor.fetchone()
    if found is None:
        raise RoleSetupError(f"Peran aplikasi {app_role!r} tidak ada di PostgreSQL.")
    if found[0]:
        raise RoleSetupError(
            f"Peran aplikasi {app_role!r} adalah superuser: jejak audit tidak dapat "
            f"dilindungi darinya. Pakai peran biasa (ALTER ROLE {app_role} NOSUPERUSER)."
        )
    cursor.execute(
        "SELECT pg_has_role(%s, %s, 'MEMBER'), pg_has_role(%s, %s, 'MEMBER'), "
        "pg_has_role(%s, nspowner, 'MEMBER') FROM pg_namespace WHERE nspname = %s",
        [owner, app_role, app_role, owner, app_role, schema],
    )
    owner_in_app, app_in_owner, app_owns_schema = cursor.fetchone()
    if app_in_owner:
        raise RoleSetupError(
            f"Peran aplikasi {app_role!r} adalah anggota peran pemilik {owner!r}, sehingga "
            f"dapat mengosongkan jejak audit: REVOKE {owner} FROM {app_role}."
        )
    if app_owns_schema:
        raise RoleSetupError(
            f"Peran aplikasi {app_role!r} memiliki skema {schema!r} (atau basis datanya) dan "
            f"dapat menghapus jejak audit bersama skemanya: ALTER DATABASE {database} OWNER "
            f"TO {owner} (dan ALTER SCHEMA {schema} OWNER TO pg_database_owner)."
        )
    if not owner_in_app:
        raise RoleSetupError(
            f"Peran pemilik {owner!r} harus anggota peran aplikasi {app_role!r} agar migrasi "
            f"dapat mengubah tabel aplikasi: GRANT {app_role} TO {owner}."
        )
