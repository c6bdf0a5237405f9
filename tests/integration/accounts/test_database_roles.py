"""PostgreSQL: the application's role loads, links and audits, but cannot rewrite the trail.

Real roles, made for each test with names of their own (roles belong to the
whole cluster) and dropped afterwards; the throwaway test database is handed to
them as an operator's would be, and given back.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from datusoban import db
from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.database_roles import TRAIL, TRAIL_FUNCTION
from datusoban.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _execute(*statements: str) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@contextmanager
def connected_as(role: str):
    """The default connection, to the same database, as ``role``."""
    saved = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = role
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"] = saved


@pytest.fixture
def roles(transactional_db, settings):
    """An application role and an owner role; the test database as the owner
    would have migrated it (its tables, the trail's function, the database)."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    suffix = secrets.token_hex(4)
    app, owner = f"datusoban_uji_aplikasi_{suffix}", f"datusoban_uji_pemilik_{suffix}"
    name = connection.settings_dict["NAME"]
    _execute(
        f"CREATE ROLE {app} LOGIN",
        f"CREATE ROLE {owner} LOGIN",
        f"GRANT {app} TO {owner}",
        f'ALTER DATABASE "{name}" OWNER TO {owner}',
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tableowner = current_user"
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE "{table}" OWNER TO {owner}')
            cursor.execute(f"ALTER FUNCTION {TRAIL_FUNCTION} OWNER TO {owner}")
        settings.DATABASE_OWNER = {
            "USER": owner, "PASSWORD": "", "HOST": connection.settings_dict["HOST"],
            "PORT": connection.settings_dict["PORT"], "OPTIONS": {},
        }  # fmt: skip
        yield app, owner
    finally:
        connection.close()  # back as the role the tests connect as
        _execute(
            f"REASSIGN OWNED BY {app}, {owner} TO current_user",
            f"DROP OWNED BY {app}, {owner}",
            f"DROP ROLE {app}",
            f"DROP ROLE {owner}",
        )


def owners() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'")
        return dict(cursor.fetchall())


def test_the_application_role_loads_links_ranks_and_audits_but_cannot_rewrite_the_trail(
    roles, import_batch, link, monkeypatch
):
    from datusoban.sasaran.services import rank_registry

    app, owner = roles
    # The large-load path (indexes and foreign keys dropped and rebuilt) for a small file.
    monkeypatch.setattr(db, "LARGE_LOAD_MIN_ROWS", 0)
    with connected_as(app):
        out = StringIO()
        call_command("migrate", stdout=out)  # as the owner, then hands the tables over
        assert f"Jejak audit milik {owner}" in out.getvalue()
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (app,)  # back as the application
        tables = owners()
        assert tables.pop(TRAIL) == owner
        assert set(tables.values()) == {app}

        batch = import_batch("dtsen", "DTSEN Kemensos")
        run = link(batch)
        assert run.selesai is not None and run.orang_baru > 0
        assert rank_registry().keluarga > 0  # TRUNCATE of its own table

        request = RequestFactory().get("/orang/7", REMOTE_ADDR="10.63.71.5")
        request.user = None
        record(request, Aksi.BACA, "orang", [("7", "6371011203800001")])  # one statement
        with transaction.atomic():
            record(request, Aksi.UBAH, "orang", [("7", None)])
        record(request, Aksi.EKSPOR, "orang", [(str(i), None) for i in range(2_500)],
               tujuan="Verifikasi")  # fmt: skip
        assert AuditEvent.objects.count() == 2_502

        for statement in (
            f"TRUNCATE {TRAIL}",
            f"DELETE FROM {TRAIL}",
            f"UPDATE {TRAIL} SET nama_pengguna = 'orang lain'",
            f"ALTER TABLE {TRAIL} DISABLE TRIGGER ALL",
            f"DROP TABLE {TRAIL}",
            f"DROP FUNCTION {TRAIL_FUNCTION} CASCADE",
            f"CREATE TRIGGER lolos BEFORE INSERT ON {TRAIL} "
            f"FOR EACH ROW EXECUTE FUNCTION {TRAIL_FUNCTION}",
            "DROP SCHEMA public CASCADE",
            f"ALTER TABLE {TRAIL} OWNER TO {app}",
        ):
            with (
                pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
                transaction.atomic(),
            ):
                _execute(statement)
        with pytest.raises(CommandError, match="flush ditolak"):
            call_command("flush", interactive=False, verbosity=0)
        assert AuditEvent.objects.count() == 2_502
        assert AuditEvent.objects.filter(nama_pengguna="orang lain").count() == 0


def test_migrate_refuses_roles_that_cannot_keep_the_trail_safe(roles):
    app, owner = roles
    # The application made a member of the owner (the other way round, as
    # PostgreSQL allows no cycle): it could act as the owner.
    _execute(f"REVOKE {app} FROM {owner}", f"GRANT {owner} TO {app}")
    with connected_as(app), pytest.raises(CommandError, match=f"REVOKE {owner} FROM {app}"):
        call_command("migrate", stdout=StringIO())
    # Neither a member of the other: the owner's migrations could not alter the tables.
    _execute(f"REVOKE {owner} FROM {app}")
    with connected_as(app), pytest.raises(CommandError, match=f"GRANT {app} TO {owner}"):
        call_command("migrate", stdout=StringIO())
    with connected_as(app):
        assert set(owners().values()) == {owner}  # nothing was handed over
