"""SQLite's Arrow reader (ADBC) returns the frame the sqlite3 cursor does, and reads
only what is committed; the registry read of the ranking and eligibility pass is the
same frame by both paths."""

from __future__ import annotations

import io
import sqlite3
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from datusoban import db
from datusoban.db import reading
from datusoban.sasaran.eligibility import referenced_programmes
from datusoban.sasaran.eligibility_services import select
from datusoban.sasaran.facts import read_raw

# Committed rows are what the second connection reads: transactional tests.
pytestmark = pytest.mark.django_db(transaction=True)
AS_OF = date(2025, 6, 30)
TABLE = "test_reading_probe"
SCHEMA = {
    "id": pl.Int64, "nama": pl.String, "lahir": pl.Date, "hamil": pl.Boolean,
    "skor": pl.Float64, "anggota": pl.Int64,
}  # fmt: skip
SELECT = (
    f"SELECT id, nama, {reading.as_text('lahir')}, {reading.as_flag('hamil')}, skor, anggota "
    f"FROM {TABLE} WHERE (lahir IS NULL OR lahir <= %s)"
)


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the Arrow reader is SQLite's; this run is on " + connection.vendor)


@pytest.fixture
def probe():
    """A table whose first rows are NULL in every column but the key, then values:
    non-ASCII text, blank text, 29 February, booleans, reals, large integers."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, nama varchar(100) NULL, "
            "lahir date NULL, hamil bool NULL, skor real NULL, anggota integer NULL)"
        )
    rows = pl.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6, 7],
            "nama": [None, None, None, "Siti Nurḥalizah", "", "Muhammad ʿAlī — Barabai 😀", "Ñ"],
            "lahir": [None, None, None, date(1988, 2, 29), date(2025, 6, 30), date(1950, 1, 1),
                      date(2030, 1, 1)],
            "hamil": [None, None, None, True, False, None, True],
            "skor": [None, None, None, 1.5, -0.25, 3.0, 0.0],
            "anggota": [None, None, None, 2**40, 0, -7, 1],
        },
        schema=SCHEMA,
    )  # fmt: skip
    with transaction.atomic():
        db.insert_frame(TABLE, rows)
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")


def _both(sql: str, params: list, schema: dict) -> tuple[pl.DataFrame, pl.DataFrame]:
    path = str(connection.settings_dict["NAME"])
    connection.ensure_connection()
    arrow = reading.sqlite_arrow_frame(path, sql, params, schema)
    assert arrow is not None, "the Arrow reader fell back to the cursor"
    return arrow, reading.sqlite_cursor_frame(connection, sql, params, schema)


@pytest.mark.usefixtures("probe")
def test_the_arrow_reader_returns_the_cursors_frame(monkeypatch):
    # Batches of two rows: the driver would take the NULL columns of the first batch
    # for integers and refuse the text after them, but for the typed first row.
    monkeypatch.setattr(reading, "_FETCH", 2)
    arrow, cursor = _both(SELECT, [AS_OF], SCHEMA)
    assert arrow.schema == cursor.schema == pl.Schema(SCHEMA)
    assert arrow.equals(cursor)
    assert arrow.height == 6  # 2030 is after AS_OF
    assert arrow.row(3) == (4, "Siti Nurḥalizah", date(1988, 2, 29), True, 1.5, 2**40)
    assert arrow.row(4) == (5, "", date(2025, 6, 30), False, -0.25, 0)
    assert arrow.row(5) == (6, "Muhammad ʿAlī — Barabai 😀", date(1950, 1, 1), None, 3.0, -7)
    assert arrow.row(0) == (1, None, None, None, None, None)
    assert reading.read_frame(SELECT, [AS_OF], schema=SCHEMA, bulk=True).equals(cursor)


@pytest.mark.usefixtures("probe")
def test_an_empty_result_keeps_the_schema():
    arrow, cursor = _both(SELECT + " AND id < 0", [AS_OF], SCHEMA)
    assert arrow.height == 0 and arrow.schema == cursor.schema == pl.Schema(SCHEMA)


@pytest.mark.usefixtures("probe")
def test_a_value_the_driver_refuses_gives_the_read_back(monkeypatch):
    # Text in a column read as integers, in a later batch than the type row: the
    # driver refuses it mid-stream, and the Arrow reader says so instead of raising
    # (read_frame then reads with the cursor, as before).
    monkeypatch.setattr(reading, "_FETCH", 2)
    path = str(connection.settings_dict["NAME"])
    wrong = {**SCHEMA, "nama": pl.Int64}
    assert reading.sqlite_arrow_frame(path, SELECT, [AS_OF], wrong) is None


@pytest.mark.usefixtures("probe")
def test_the_bulk_read_sees_committed_rows_only():
    path = str(connection.settings_dict["NAME"])
    other = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute(f"INSERT INTO {TABLE} (id, nama) VALUES (100, 'belum')")
        before = reading.read_frame(SELECT, [AS_OF], schema=SCHEMA, bulk=True)
        other.execute("COMMIT")
        after = reading.read_frame(SELECT, [AS_OF], schema=SCHEMA, bulk=True)
    finally:
        other.close()
    assert 100 not in before["id"].to_list()
    assert after.filter(pl.col("id") == 100)["nama"].to_list() == ["belum"]


@pytest.mark.usefixtures("probe")
def test_inside_a_transaction_the_bulk_read_sees_its_own_writes():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} (id, nama) VALUES (200, 'sendiri')")
        frame = reading.read_frame(SELECT, [AS_OF], schema=SCHEMA, bulk=True)
        transaction.set_rollback(True)
    assert 200 in frame["id"].to_list()


def test_the_registry_read_is_the_same_by_both_paths(monkeypatch, tmp_path):
    call_command(
        "synth",
        people=2_000,
        seed=21,
        out=tmp_path / "sumber",
        load=True,
        no_files=True,
        stdout=io.StringIO(),
    )
    programmes = referenced_programmes(select(["SEMUA"]))
    arrow_reads = []
    real = reading.sqlite_arrow_frame

    def counted(*args):
        frame = real(*args)
        arrow_reads.append(frame is not None)
        return frame

    monkeypatch.setattr(reading, "sqlite_arrow_frame", counted)
    fast = read_raw(AS_OF, programmes=programmes, with_assets=True)
    assert arrow_reads and all(arrow_reads)  # no read fell back to the cursor
    monkeypatch.setattr(reading, "SQLITE_ARROW", False)
    slow = read_raw(AS_OF, programmes=programmes, with_assets=True)
    assert len(arrow_reads) == 4  # persons, households, PPKS, enrolments; no ranking yet
    for name in ["persons", "households", "ppks", "ranks", "aid"]:
        assert getattr(fast, name).equals(getattr(slow, name)), name
    assert fast.persons.height > 1_000 and fast.households.height > 300
    assert fast.persons["jenis_disabilitas"].null_count() > 0


@pytest.mark.usefixtures("probe")
def test_the_bulk_read_leaves_the_wal_to_this_process_connections():
    # The driver's own SQLite, were it in this process, would take itself for the last
    # connection on closing and delete the WAL under Django's: the next write would go
    # to a deleted file and a new connection would fail with "disk I/O error".
    path = str(connection.settings_dict["NAME"])
    assert reading.read_frame(SELECT, [AS_OF], schema=SCHEMA, bulk=True).height == 6
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (id, nama) VALUES (300, 'sesudah')")
    fresh = sqlite3.connect(path)
    try:
        assert fresh.execute(f"SELECT nama FROM {TABLE} WHERE id = 300").fetchall() == [
            ("sesudah",)
        ]
    finally:
        fresh.close()
