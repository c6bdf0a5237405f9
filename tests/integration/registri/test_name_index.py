"""The trigram index of the name keys is kept in step with the person table, whoever
writes it: the ORM, set-based updates, bulk inserts, a large population load, imports
and link runs (golden records, merges). On SQLite it is an FTS5 table its triggers
keep; on PostgreSQL a GIN index, which large loads drop and rebuild."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from django.db import connection, transaction

from datusoban import db
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, ImportBatch, Person, Source
from datusoban.registri.population import bulk_loading, load_population
from datusoban.registri.search import name_too_short, search_people

pytestmark = pytest.mark.django_db
MANTUIL = "63.71.01.1001"


def assert_in_step() -> None:
    """SQLite: FTS5 compares its index with the person table (rank 1: the content too)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO registry_person_nama(registry_person_nama, rank) "
                "VALUES ('integrity-check', 1)"
            )


def found(nama: str) -> set[str]:
    people = search_people(Person.objects.all(), {"nama": nama}, date(2026, 1, 1))
    return set(people.values_list("nama", flat=True))


def test_the_orm_and_set_based_updates_keep_the_index():
    siti = Person.objects.create(nama="Siti Aminah", nama_kunci=name_key("Siti Aminah"))
    Person.objects.create(nama="Evi Fatimah", nama_kunci=name_key("Evi Fatimah"))
    assert found("amina") == {"Siti Aminah"}
    siti.nama, siti.nama_kunci = "Siti Rahmah", name_key("Siti Rahmah")
    siti.save()
    assert found("aminah") == set() and found("rahma") == {"Siti Rahmah"}
    Person.objects.filter(pk=siti.pk).update(nama="Nur", nama_kunci="NUR HAYATI")
    assert found("hayat") == {"Nur"}
    Person.objects.filter(pk=siti.pk).update(status="meninggal")  # not the key: untouched
    assert found("hayati") == {"Nur"}
    assert_in_step()
    Person.objects.filter(nama="Evi Fatimah").delete()
    assert found("fatimah") == set()
    assert_in_step()


def test_bulk_inserts_and_frame_updates_keep_the_index():
    rows = pl.DataFrame(
        {
            "id": [900_001, 900_002],
            "nama": ["Fatimah Zahra", "Muhammad Iqbal"],
            "nama_kunci": ["FATIMAH ZAHRA", "MUHAMMAD IQBAL"],
            "status": ["hidup"] * 2,
            "tanggal_lahir_perkiraan": [False] * 2,
            "disabilitas_berat": [False] * 2,
            "hamil": [False] * 2,
        }
    ).with_columns(dibuat_pada=pl.lit(date(2025, 1, 1)), diubah_pada=pl.lit(date(2025, 1, 1)))
    for name in ("jenis_kelamin", "tempat_lahir", "nama_ibu_kandung", "hubungan_keluarga"):
        rows = rows.with_columns(pl.lit("").alias(name))
    db.insert_frame(Person._meta.db_table, rows)
    assert found("zahra") == {"Fatimah Zahra"} and found("iqba") == {"Muhammad Iqbal"}
    with transaction.atomic():  # the linkage path: golden names as a frame, set-based
        db.update_frame(
            Person._meta.db_table,
            pl.DataFrame({"id": [900_001], "nama_kunci": ["FATIMAH AZZAHRA"]}),
        )
    assert found("azzahra") == {"Fatimah Zahra"} and found("fatimah zahra") == {"Fatimah Zahra"}
    assert found("muhammad") == {"Muhammad Iqbal"}
    assert_in_step()


def test_a_large_population_load_keeps_the_index():
    source = Source.objects.create(kode="uji", nama="Uji", jenis="lainnya")
    batch = ImportBatch.objects.create(
        source=source, nama_berkas="uji.csv", sha256="0" * 64, profil="uji", diimpor_oleh="pytest"
    )
    Person.objects.create(nama="Sudah Ada", nama_kunci="SUDAH ADA")
    names = ["Hj. Siti Noorhayati", "Moh. Rizky", "Evi Fatimah"]
    persons = pl.DataFrame(
        {
            "key": [1, 2, 3],
            "household_key": [1, 1, 1],
            "record_id": ["a", "b", "c"],
            "data": [json.dumps({}) for _ in range(3)],
            "ppks": [None, None, None],
            "nama": names,
            "tanggal_lahir": [date(1980, 1, 2)] * 3,
        },
        schema_overrides={"ppks": pl.Utf8},
    )
    households = pl.DataFrame({"key": [1], "kode_wilayah": [MANTUIL]})
    with transaction.atomic(), bulk_loading(1_000):  # indexes dropped and built again
        load_population(batch, households, persons, as_of=date(2025, 6, 30))
    assert found("nurhayati") == {"Hj. Siti Noorhayati"}
    assert found("rizki muhammad") == {"Moh. Rizky"}
    assert found("ada") == {"Sudah Ada"}
    assert_in_step()
    assert Household.objects.count() == 1


def test_imports_and_link_runs_keep_the_index(linked_ab):
    """Two sources imported and linked: people created, golden names chosen, merged."""
    assert_in_step()
    people = [
        (pk, key)
        for pk, key in Person.objects.order_by("?").values_list("pk", "nama_kunci")[:60]
        if not name_too_short(key)
    ]
    assert len(people) >= 40
    for pk, key in people:
        ranked = search_people(Person.objects.all(), {"nama": key.lower()}, date(2026, 1, 1))
        assert pk in set(ranked.values_list("pk", flat=True)), key
