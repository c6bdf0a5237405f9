"""The audit trail: a row per person touched, a purpose for exports, append-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from datusoban.accounts.audit import Aksi, PurposeRequiredError, record
from datusoban.accounts.models import JejakAudit

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_of_user():
    request = RequestFactory().get("/orang/1", REMOTE_ADDR="10.63.71.5")
    request.user = User.objects.create_user("operator", password="x")
    return request


def test_one_row_per_subject_with_who_and_where(request_of_user):
    written = record(request_of_user, Aksi.CARI, "orang", [("1", "6371011203800001"), ("2", None)])
    assert written == 2
    rows = list(JejakAudit.objects.order_by("objek_id"))
    assert [(r.objek_id, r.nik) for r in rows] == [("1", "6371011203800001"), ("2", None)]
    assert {(r.nama_pengguna, r.alamat_ip, r.aksi) for r in rows} == {
        ("operator", "10.63.71.5", "cari")
    }


def test_an_export_needs_a_purpose(request_of_user):
    with pytest.raises(PurposeRequiredError, match="Tujuan ekspor wajib"):
        record(request_of_user, Aksi.EKSPOR, "laporan", tujuan="  ")
    assert not JejakAudit.objects.exists()
    record(request_of_user, Aksi.EKSPOR, "laporan", tujuan="Verifikasi calon KPM PKH")
    assert JejakAudit.objects.get().tujuan == "Verifikasi calon KPM PKH"


def test_the_database_refuses_to_change_or_delete_the_trail(request_of_user):
    record(request_of_user, Aksi.BACA, "orang", [("7", "6371011203800001")])
    row = JejakAudit.objects.get()
    with pytest.raises(DatabaseError, match="hanya boleh ditambah"), transaction.atomic():
        JejakAudit.objects.filter(pk=row.pk).update(nama_pengguna="orang lain")
    with pytest.raises(DatabaseError, match="hanya boleh ditambah"), transaction.atomic():
        JejakAudit.objects.filter(pk=row.pk).delete()
    assert JejakAudit.objects.get().nama_pengguna == "operator"


@pytest.mark.django_db(transaction=True)
def test_a_read_commits_its_rows_without_waiting_for_the_disk_a_change_with_the_change():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in WAL mode (synchronous=NORMAL) does not wait for the disk at commit")
    request = RequestFactory().get("/orang/7", REMOTE_ADDR="10.63.71.5")
    request.user = User.objects.create_user("pembaca", password="x")
    with CaptureQueriesContext(connection) as alone:
        record(request, Aksi.BACA, "orang", [("7", None)])
    with CaptureQueriesContext(connection) as inside, transaction.atomic():
        record(request, Aksi.UBAH, "orang", [("7", None)])
    assert [q["sql"] for q in alone.captured_queries if "synchronous_commit" in q["sql"]] == [
        "SET LOCAL synchronous_commit TO OFF"
    ]
    assert not [q for q in inside.captured_queries if "synchronous_commit" in q["sql"]]
    assert list(JejakAudit.objects.order_by("pk").values_list("aksi", flat=True)) == [
        "baca",
        "ubah",
    ]
