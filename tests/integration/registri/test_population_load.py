"""The bulk population load: ids, memberships, provenance and PPKS, all or nothing."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from django.db import IntegrityError, transaction

from datusoban.registri.models import (
    Household,
    ImportBatch,
    Membership,
    Person,
    PersonPPKS,
    Source,
    SourceRecord,
)
from datusoban.registri.population import load_population

AS_OF = date(2025, 6, 30)


def make_batch() -> ImportBatch:
    source, _ = Source.objects.get_or_create(
        kode="uji", defaults={"nama": "Uji", "jenis": "lainnya"}
    )
    return ImportBatch.objects.create(
        source=source, nama_berkas="uji.csv", sha256="0" * 64, profil="uji", diimpor_oleh="pytest"
    )


def frames(ppks_of_child: str | None = "5"):
    households = pl.DataFrame(
        {
            "key": [10, 20],
            "no_kk": ["6371010101200001", None],
            "kode_wilayah": ["63.71.01.1001", "63.03.01.2001"],
            "alamat": ["Jl. Pramuka No. 1", ""],
            "rt": ["001", "002"],
            "rw": ["001", ""],
            "lantai": ["keramik", "tanah"],
            "aset_motor": [True, None],
        }
    )
    persons = pl.DataFrame(
        {
            "key": [1, 2, 3, 4],
            "household_key": [10, 10, 10, 20],
            "record_id": ["A1", "A2", "A3", "B1"],
            "data": [json.dumps({"nama": n}) for n in ["a", "b", "c", "d"]],
            "ppks": [None, None, ppks_of_child, "8, 24"],
            "nik": ["6371011203800001", "6371015506850002", None, "6303010107450001"],
            "nama": ["H. Muhammad Rizki", "Siti Noorhayati", "Nur Aini", "Gusti Abdul Rahman"],
            "jenis_kelamin": ["L", "P", "P", "L"],
            "tanggal_lahir": [
                date(1980, 3, 12),
                date(1985, 6, 15),
                date(2015, 1, 2),
                date(1945, 7, 1),
            ],
            "hubungan_keluarga": ["kepala", "istri", "anak", "kepala"],
            "disabilitas": [None, None, "berjalan", None],
        }
    )
    return households, persons


@pytest.mark.django_db
def test_households_people_memberships_records_and_ppks_are_written():
    batch = make_batch()
    households, persons = frames()
    counts = load_population(batch, households, persons, as_of=AS_OF)
    c = counts
    assert (c.households, c.persons, c.memberships, c.source_records, c.ppks) == (
        2, 4, 4, 4, 3,
    )  # fmt: skip

    head = Person.objects.get(nik="6371011203800001")
    assert head.nama == "H. Muhammad Rizki"
    assert head.nama_kunci == "MUHAMMAD RIZKI"
    assert head.household.no_kk == "6371010101200001"
    assert head.household.kode_kabkota == "63.71"  # derived by the database
    assert head.household.wilayah.nama  # a real desa
    assert head.household.aset_motor is True and head.household.lantai == "keramik"
    assert head.tanggal_lahir_perkiraan is False and head.status == "hidup"

    elder = Person.objects.get(nik="6303010107450001")
    assert elder.tanggal_lahir_perkiraan is True  # 01-07: the unknown-date convention
    assert elder.household.kode_kabkota == "63.03" and elder.household.no_kk is None
    assert sorted(elder.ppks.values_list("kategori_id", flat=True)) == [8, 24]

    membership = Membership.objects.get(person=head)
    assert (membership.household_id, membership.hubungan, membership.mulai) == (
        head.household_id,
        "kepala",
        AS_OF,
    )
    record = SourceRecord.objects.get(person=head)
    assert (record.batch_id, record.record_id, record.nomor_baris) == (batch.pk, "A1", 1)
    assert record.household_id == head.household_id
    assert record.data == {"nama": "a"}
    child_ppks = PersonPPKS.objects.get(person__nama="Nur Aini")
    assert child_ppks.source_record.record_id == "A3"


@pytest.mark.django_db
def test_a_second_load_continues_ids_and_row_numbers():
    batch = make_batch()
    households, persons = frames()
    load_population(batch, households, persons, as_of=AS_OF)
    load_population(batch, households, persons, as_of=AS_OF, first_row=5)
    assert Person.objects.count() == 8
    assert Household.objects.count() == 4
    assert sorted(SourceRecord.objects.values_list("nomor_baris", flat=True)) == list(range(1, 9))
    # Ids assigned by the loader and by the ORM never collide afterwards.
    extra = Household.objects.create(wilayah_id="63.72.02.1003")
    assert extra.pk > max(Household.objects.exclude(pk=extra.pk).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_failing_load_leaves_nothing_behind():
    batch = make_batch()
    households, persons = frames(ppks_of_child="99")  # no such PPKS category
    with pytest.raises(IntegrityError), transaction.atomic():
        load_population(batch, households, persons, as_of=AS_OF)
    assert Person.objects.count() == 0
    assert Household.objects.count() == 0
    assert SourceRecord.objects.count() == 0
    assert Membership.objects.count() == 0


def foreign_key_count() -> int:
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
            return c.fetchone()[0]
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return sum(len(c.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()) for t in tables)


def index_names() -> set[str]:
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        else:
            c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in c.fetchall()}


@pytest.fixture
def large_load_path(monkeypatch):
    """Take the large-load path (indexes and foreign keys rebuilt at the end) for small frames."""
    from datusoban import db

    monkeypatch.setattr(db, "LARGE_LOAD_MIN_ROWS", 0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("large_load_path")
def test_large_load_path_still_refuses_a_broken_reference_and_keeps_every_constraint():
    from datusoban.registri.population import bulk_loading

    before, indexes = foreign_key_count(), index_names()
    assert any("nik" in name for name in indexes)
    households, persons = frames(ppks_of_child="99")
    with pytest.raises(IntegrityError), transaction.atomic():
        batch = make_batch()
        with bulk_loading(persons.height):
            load_population(batch, households, persons, as_of=AS_OF)
    assert Person.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert (foreign_key_count(), index_names()) == (before, indexes)

    households, persons = frames()
    with transaction.atomic():
        batch = make_batch()
        with bulk_loading(persons.height):
            load_population(batch, households, persons, as_of=AS_OF)
        batch.status = ImportBatch.Status.SELESAI  # ORM writes after the load still work
        batch.save()
    assert Person.objects.count() == 4
    assert (foreign_key_count(), index_names()) == (before, indexes)
    # The constraints are back in force: a dangling reference is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person_id=10**9, household=Household.objects.first(), hubungan="anak"
        )
