"""The suite's own teardown on SQLite: a test in a transaction ends with the foreign keys
checked (Django's TestCase does it before rolling back, as the database would at a
commit); tests/conftest.py leaves out only the kept tables that cannot have broken."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from tests.conftest import _unchanged_kept, _watch_kept

from datusoban.reference.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def watched():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's check; PostgreSQL checks deferred keys itself at SET CONSTRAINTS")
    _watch_kept(connection)  # inside this test's transaction: rolled back with it


def test_an_untouched_kept_table_is_left_out_of_the_check(watched):
    unchanged = _unchanged_kept(connection)
    assert {"reference_region", "auth_permission", "django_content_type"} <= unchanged


def test_a_written_kept_table_is_checked(watched):
    Region.objects.filter(kode="63.71").update(nama="Kota Banjarmasin (diubah)")
    assert "reference_region" not in _unchanged_kept(connection)


def test_a_kept_table_is_checked_when_a_table_it_refers_to_is_written(watched):
    ContentType.objects.filter(app_label="auth", model="user").update(model="pengguna")
    unchanged = _unchanged_kept(connection)
    assert "django_content_type" not in unchanged
    assert "auth_permission" not in unchanged  # its rows point at the content types


def test_a_broken_reference_in_a_kept_table_is_found(watched):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA defer_foreign_keys = ON")
        cursor.execute("UPDATE reference_region SET parent_id = 'tidak-ada' WHERE kode = '63.71'")
    checked = [
        t for t in connection.introspection.table_names() if t not in _unchanged_kept(connection)
    ]
    with pytest.raises(IntegrityError, match="reference_region"):
        connection.check_constraints(checked)
    with connection.cursor() as cursor:  # put back, or the test's own teardown refuses it
        cursor.execute("UPDATE reference_region SET parent_id = '63' WHERE kode = '63.71'")


def test_a_connection_without_the_triggers_checks_every_table():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's check")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER temp."{name}"')
    assert _unchanged_kept(connection) is None
