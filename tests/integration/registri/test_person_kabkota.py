"""Each person's kab/kota is their household's, kept by the database whoever writes."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from django.db import transaction

from datusoban import db
from datusoban.registri.models import Household, ImportBatch, Person, Source
from datusoban.registri.population import load_population

BANJARMASIN, TANAH_LAUT = "63.71.01.1001", "63.01.01.2001"


def kabkota_of_each() -> dict[str, tuple[str | None, str | None]]:
    """Name -> (the person's kode_kabkota, their household's)."""
    return {
        p.nama: (p.kode_kabkota, p.household.kode_kabkota if p.household else None)
        for p in Person.objects.select_related("household")
    }


def assert_kept() -> None:
    for name, (own, households) in kabkota_of_each().items():
        assert own == households, name


@pytest.fixture
def family() -> Household:
    household = Household.objects.create(wilayah_id=BANJARMASIN)
    Person.objects.create(nama="Siti", nama_kunci="SITI", household=household)
    return household


@pytest.mark.django_db
def test_a_person_written_by_the_orm_takes_the_household_kabkota(family):
    Person.objects.create(nama="Tanpa KK", nama_kunci="TANPA KK")
    assert kabkota_of_each() == {"Siti": ("63.71", "63.71"), "Tanpa KK": (None, None)}


@pytest.mark.django_db
def test_moving_to_another_household_moves_the_kabkota(family):
    elsewhere = Household.objects.create(wilayah_id=TANAH_LAUT)
    siti = Person.objects.get(nama="Siti")
    siti.household = elsewhere
    siti.save()
    assert kabkota_of_each()["Siti"] == ("63.01", "63.01")
    Person.objects.filter(pk=siti.pk).update(household=family)  # one set-based UPDATE
    assert kabkota_of_each()["Siti"] == ("63.71", "63.71")
    with transaction.atomic():  # the linkage path: a frame of moves, set-based
        db.update_frame(
            Person._meta.db_table,
            pl.DataFrame(
                {"id": [siti.pk], "household_id": [None]},
                schema_overrides={"household_id": pl.Int64},
            ),
        )
    assert kabkota_of_each()["Siti"] == (None, None)


@pytest.mark.django_db
def test_a_household_moving_to_another_kabkota_takes_its_people(family):
    Person.objects.create(nama="Anak", nama_kunci="ANAK", household=family)
    family.wilayah_id = TANAH_LAUT
    family.save()
    assert {own for own, _ in kabkota_of_each().values()} == {"63.01"}
    assert_kept()
    # A move within the kab/kota changes nothing of theirs.
    Household.objects.filter(pk=family.pk).update(wilayah_id="63.01.02.2001")
    assert_kept()


@pytest.mark.django_db
def test_a_deleted_household_leaves_its_people_without_kabkota(family):
    family.delete()
    assert kabkota_of_each() == {"Siti": (None, None)}


@pytest.mark.django_db
def test_code_cannot_write_a_wrong_kabkota(family):
    siti = Person.objects.get(nama="Siti")
    Person.objects.filter(pk=siti.pk).update(kode_kabkota="63.01")
    assert kabkota_of_each()["Siti"] == ("63.71", "63.71")
    # An instance read before its household moved, saved afterwards, writes its stale
    # value: corrected as it is written.
    Household.objects.filter(pk=family.pk).update(wilayah_id=TANAH_LAUT)
    siti.nama = "Siti Aminah"
    siti.save()
    assert kabkota_of_each()["Siti Aminah"] == ("63.01", "63.01")


@pytest.mark.django_db
def test_bulk_inserts_are_checked_whatever_they_pass(family):
    # The bulk path with wrong and missing values: each corrected.
    rows = pl.DataFrame(
        {
            "id": [900_001, 900_002, 900_003],
            "nama": ["Salah", "Kosong", "Tanpa KK"],
            "nama_kunci": ["SALAH", "KOSONG", "TANPA KK"],
            "household_id": [family.pk, family.pk, None],
            "kode_kabkota": ["63.01", None, "63.71"],
            "status": ["hidup"] * 3,
            "tanggal_lahir_perkiraan": [False] * 3,
            "disabilitas_berat": [False] * 3,
            "hamil": [False] * 3,
        }
    ).with_columns(dibuat_pada=pl.lit(date(2025, 1, 1)), diubah_pada=pl.lit(date(2025, 1, 1)))
    for name in ("jenis_kelamin", "tempat_lahir", "nama_ibu_kandung", "hubungan_keluarga"):
        rows = rows.with_columns(pl.lit("").alias(name))
    db.insert_frame(Person._meta.db_table, rows)
    assert_kept()
    assert kabkota_of_each()["Tanpa KK"] == (None, None)


@pytest.mark.django_db
def test_the_population_load_passes_the_right_kabkota():
    source = Source.objects.create(kode="uji", nama="Uji", jenis="lainnya")
    batch = ImportBatch.objects.create(
        source=source, nama_berkas="uji.csv", sha256="0" * 64, profil="uji", diimpor_oleh="pytest"
    )
    households = pl.DataFrame({"key": [1, 2], "kode_wilayah": [BANJARMASIN, TANAH_LAUT]})
    persons = pl.DataFrame(
        {
            "key": [1, 2, 3],
            "household_key": [1, 2, None],
            "record_id": ["a", "b", "c"],
            "data": [json.dumps({}) for _ in range(3)],
            "ppks": [None, None, None],
            "nama": ["Di Banjarmasin", "Di Tanah Laut", "Tanpa KK"],
            "tanggal_lahir": [date(1980, 1, 2)] * 3,
        },
        schema_overrides={"household_key": pl.Int64, "ppks": pl.Utf8},
    )
    load_population(batch, households, persons, as_of=date(2025, 6, 30))
    assert kabkota_of_each() == {
        "Di Banjarmasin": ("63.71", "63.71"),
        "Di Tanah Laut": ("63.01", "63.01"),
        "Tanpa KK": (None, None),
    }


@pytest.mark.django_db
def test_imports_and_link_runs_keep_every_kabkota(linked_ab):
    """Two sources imported and linked: people created, given households, moved."""
    own = dict(Person.objects.values_list("pk", "kode_kabkota"))
    households = dict(Person.objects.values_list("pk", "household__kode_kabkota"))
    assert own == households
    assert sum(v is not None for v in own.values()) > 100
