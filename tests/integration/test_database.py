"""The embedded default runs SQLite in WAL mode; both engines take bulk writes."""

from __future__ import annotations

import sqlite3

import polars as pl
import pytest
from django.db import connection

from datusoban import db
from datusoban.registri.models import Source

pytestmark = pytest.mark.django_db


def test_sqlite_runs_in_wal_mode_with_foreign_keys():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only setting; this run is on " + connection.vendor)
    with connection.cursor() as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_bulk_insert_keeps_nulls_empty_text_and_unicode_apart():
    start = db.reserve_ids(Source._meta.db_table, 3)
    frame = pl.DataFrame(
        {
            "id": [start, start + 1, start + 2],
            "kode": ["a", "b", "c"],
            "nama": ['Panti "Budi" Luhur, Banjarbaru', "", "Dinsos Hulu Sungai Tengah — Barabai"],
            "jenis": ["uptd", "lks", "dinsos_kabkota"],
            "wilayah_id": [None, "63.71", None],
        },
        schema_overrides={"wilayah_id": pl.Utf8},
    )
    assert db.insert_frame(Source._meta.db_table, frame) == 3
    rows = {s.kode: s for s in Source.objects.all()}
    assert rows["a"].nama == 'Panti "Budi" Luhur, Banjarbaru' and rows["a"].wilayah_id is None
    assert rows["b"].nama == "" and rows["b"].wilayah_id == "63.71"
    assert rows["c"].nama.endswith("— Barabai")
    assert db.reserve_ids(Source._meta.db_table, 1) == start + 3


def test_bulk_insert_keeps_backslashes_tabs_and_line_breaks():
    # PostgreSQL's COPY text format gives these characters meanings of their own;
    # a value that merely looks like its NULL marker must stay text.
    awkward = ["C:\\data\\lks.xlsx", "kolom\tkolom", "baris\nbaris\r\nlagi", "\\N", '{"a":"\\""}']
    start = db.reserve_ids(Source._meta.db_table, len(awkward))
    frame = pl.DataFrame(
        {
            "id": list(range(start, start + len(awkward))),
            "kode": [f"k{i}" for i in range(len(awkward))],
            "nama": awkward,
            "jenis": ["lks"] * len(awkward),
        }
    )
    db.insert_frame(Source._meta.db_table, frame)
    stored = dict(Source.objects.filter(kode__startswith="k").values_list("kode", "nama"))
    assert [stored[f"k{i}"] for i in range(len(awkward))] == awkward


def test_an_empty_frame_writes_nothing():
    assert db.insert_frame(Source._meta.db_table, pl.DataFrame({"kode": []})) == 0


@pytest.mark.parametrize("variable_limit", [None, 20])
def test_bulk_insert_of_many_statements_and_a_remainder_keeps_every_row_in_order(
    variable_limit,
):
    # SQLite writes several rows per INSERT, as many as its parameter limit allows:
    # 1,234 rows are full statements and a shorter last one; with a limit of 20
    # parameters (4 columns) each statement holds 5 rows.
    rows = 1_234
    start = db.reserve_ids(Source._meta.db_table, rows)
    frame = pl.DataFrame(
        {
            "id": list(range(start, start + rows)),
            "kode": [f"m{i:05d}" for i in range(rows)],
            "nama": ["" if i % 7 == 0 else f"Sumber {i}" for i in range(rows)],
            "jenis": ["lks"] * rows,
        }
    )
    connection.ensure_connection()
    raw = connection.connection
    if variable_limit is not None:
        if connection.vendor != "sqlite":
            pytest.skip("a SQLite limit; this run is on " + connection.vendor)
        old = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variable_limit)
    try:
        assert db.insert_frame(Source._meta.db_table, frame) == rows
    finally:
        if variable_limit is not None:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, old)
    stored = list(
        Source.objects.filter(kode__startswith="m").order_by("id").values_list("id", "kode", "nama")
    )
    assert stored == list(frame.select("id", "kode", "nama").iter_rows())
    assert db.reserve_ids(Source._meta.db_table, 1) == start + rows


def test_bulk_update_sets_dates_times_flags_and_nulls_on_the_rows_of_its_keys():
    from datetime import UTC, date, datetime

    from django.db import transaction

    from datusoban.registri.models import Person

    people = [
        Person.objects.create(nama=f"Orang {i}", nama_kunci=f"ORANG {i}", hamil=bool(i % 2))
        for i in range(5)
    ]
    untouched = people.pop()
    stamp = datetime(2025, 6, 30, 8, 15, 0, 250_000, tzinfo=UTC)
    # Keys out of order, and every kind of value: text, a date, a null date, a flag.
    frame = pl.DataFrame(
        {
            "id": [p.pk for p in reversed(people)],
            "nama": ["Satu", "Dua", "", "Empat — É"],
            "tanggal_lahir": [date(1990, 1, 2), None, date(2001, 12, 31), None],
            "hamil": [True, False, True, False],
            "diubah_pada": [stamp] * 4,
        },
        schema_overrides={"tanggal_lahir": pl.Date},
    )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        version = _schema_versions()
    with transaction.atomic():
        assert db.update_frame(Person._meta.db_table, frame) == 4
        if connection.vendor == "sqlite":
            # No DDL (a staging table) in the caller's transaction: see db/sqlite.py.
            assert _schema_versions() == version
    stored = {
        p.pk: (p.nama, p.tanggal_lahir, p.hamil, p.diubah_pada)
        for p in Person.objects.filter(pk__in=[p.pk for p in people])
    }
    assert stored == {
        row["id"]: (row["nama"], row["tanggal_lahir"], row["hamil"], stamp)
        for row in frame.iter_rows(named=True)
    }
    untouched.refresh_from_db()
    assert (untouched.nama, untouched.hamil) == ("Orang 4", False)


def _schema_versions() -> tuple[int, int]:
    """SQLite's schema counters, of the database and of the connection's temporary one."""
    raw = connection.connection
    return tuple(
        raw.execute(f"PRAGMA {db}.schema_version").fetchone()[0] for db in ("main", "temp")
    )
