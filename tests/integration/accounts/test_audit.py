"""The audit trail: a row per person touched, a purpose for exports, append-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from datusoban.accounts.audit import Aksi, PurposeRequiredError, record
from datusoban.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_of_user():
    request = RequestFactory().get("/orang/1", REMOTE_ADDR="10.63.71.5")
    request.user = User.objects.create_user("operator", password="x")
    return request


def test_one_row_per_subject_with_who_and_where(request_of_user):
    written = record(request_of_user, Aksi.CARI, "orang", [("1", "6371011203800001"), ("2", None)])
    assert written == 2
    rows = list(AuditEvent.objects.order_by("objek_id"))
    assert [(r.objek_id, r.nik) for r in rows] == [("1", "6371011203800001"), ("2", None)]
    assert {(r.nama_pengguna, r.alamat_ip, r.aksi) for r in rows} == {
        ("operator", "10.63.71.5", "cari")
    }


def test_an_export_needs_a_purpose(request_of_user):
    with pytest.raises(PurposeRequiredError, match="Tujuan ekspor wajib"):
        record(request_of_user, Aksi.EKSPOR, "laporan", tujuan="  ")
    assert not AuditEvent.objects.exists()
    record(request_of_user, Aksi.EKSPOR, "laporan", tujuan="Verifikasi calon KPM PKH")
    assert AuditEvent.objects.get().tujuan == "Verifikasi calon KPM PKH"


def test_the_database_refuses_to_change_or_delete_the_trail(request_of_user):
    record(request_of_user, Aksi.BACA, "orang", [("7", "6371011203800001")])
    row = AuditEvent.objects.get()
    with pytest.raises(DatabaseError, match="hanya boleh ditambah"), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(nama_pengguna="orang lain")
    with pytest.raises(DatabaseError, match="hanya boleh ditambah"), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
    assert AuditEvent.objects.get().nama_pengguna == "operator"


@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_sqlite_refuses_to_replace_a_row_whatever_the_pragmas(request_of_user, verb):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL has no REPLACE; its upsert is an update (the next test)")
    record(request_of_user, Aksi.BACA, "orang", [("7", "6371011203800001")])
    row = AuditEvent.objects.get()
    with connection.cursor() as cursor:
        # Off is SQLite's default; with it off REPLACE deletes without delete triggers.
        cursor.execute("PRAGMA recursive_triggers = OFF")
        with pytest.raises(DatabaseError, match="hanya boleh ditambah"), transaction.atomic():
            cursor.execute(
                f"{verb} INTO accounts_jejakaudit (id, waktu, nama_pengguna, aksi, objek, "
                "objek_id, tujuan, rincian) VALUES (%s, %s, 'orang lain', 'baca', 'orang', "
                "'8', '', '{}')",
                [row.pk, row.waktu],
            )
    assert AuditEvent.objects.get().nama_pengguna == "operator"
    # A new row is still added, by either statement, with or without an id.
    record(request_of_user, Aksi.BACA, "orang", [("9", None)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"{verb} INTO accounts_jejakaudit (id, waktu, nama_pengguna, aksi, objek, objek_id, "
            "tujuan, rincian) VALUES (NULL, %s, 'operator', 'baca', 'orang', '10', '', '{}')",
            [row.waktu],
        )
    assert AuditEvent.objects.count() == 3


def test_an_upsert_cannot_rewrite_a_row(request_of_user):
    record(request_of_user, Aksi.BACA, "orang", [("7", "6371011203800001")])
    row = AuditEvent.objects.get()
    with (
        pytest.raises(DatabaseError, match="hanya boleh ditambah"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO accounts_jejakaudit (id, waktu, nama_pengguna, aksi, objek, "
            "objek_id, tujuan, rincian) VALUES (%s, %s, 'orang lain', 'baca', 'orang', "
            "'8', '', '{}') ON CONFLICT (id) DO UPDATE SET nama_pengguna = 'orang lain'",
            [row.pk, row.waktu],
        )
    assert AuditEvent.objects.get().nama_pengguna == "operator"


def test_flush_is_refused_in_production(request_of_user, settings):
    record(request_of_user, Aksi.BACA, "orang", [("7", "6371011203800001")])
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="flush ditolak dalam mode produksi"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 1 and User.objects.filter(username="operator").exists()


@pytest.mark.django_db(transaction=True)
def test_a_read_commits_its_rows_without_waiting_for_the_disk_a_change_with_the_change():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in WAL mode (synchronous=NORMAL) does not wait for the disk at commit")
    request = RequestFactory().get("/orang/7", REMOTE_ADDR="10.63.71.5")
    request.user = User.objects.create_user("pembaca", password="x")
    with CaptureQueriesContext(connection) as alone:
        record(request, Aksi.BACA, "orang", [("7", "6371011203800001"), ("8", None)],
               rincian={"syarat": {"nik": "6371011203800001"}})  # fmt: skip
    with CaptureQueriesContext(connection) as inside, transaction.atomic():
        record(request, Aksi.UBAH, "orang", [("7", None)])
    # The read: one statement, its own transaction, asynchronous commit for it alone.
    assert len(alone.captured_queries) == 1
    assert alone.captured_queries[0]["sql"].endswith(
        "RETURNING set_config('synchronous_commit', 'off', true)"
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
    assert not [q for q in inside.captured_queries if "synchronous_commit" in q["sql"]]
    rows = list(AuditEvent.objects.order_by("pk"))
    assert [(r.aksi, r.objek_id, r.nik) for r in rows] == [
        ("baca", "7", "6371011203800001"),
        ("baca", "8", None),
        ("ubah", "7", None),
    ]
    assert rows[0].rincian == {"syarat": {"nik": "6371011203800001"}}
    assert rows[0].alamat_ip == "10.63.71.5"
    assert rows[0].pengguna_id == request.user.pk and rows[0].waktu is not None


@pytest.mark.django_db(transaction=True)
def test_an_export_of_thousands_is_written_whole(request_of_user):
    if connection.vendor != "postgresql":
        pytest.skip("the trail refuses the DELETE that empties SQLite after a committed test")
    # More rows than one statement takes: written in one transaction of their own.
    subjects = [(str(i), None) for i in range(2_500)]
    assert record(request_of_user, Aksi.EKSPOR, "orang", subjects, tujuan="Verifikasi") == 2_500
    assert AuditEvent.objects.filter(aksi="ekspor").count() == 2_500
