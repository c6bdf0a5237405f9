"""`datusoban rank` over the registry: every household ranked once per model version,
desil as tenths, and DTSEN's own desil kept beside ours."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command

from datusoban.registri.models import Household, ImportBatch, Person, Source, SourceRecord
from datusoban.registri.records import store_source_records
from datusoban.sasaran.models import PeringkatKeluarga
from datusoban.sasaran.services import rank_registry

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)


@pytest.fixture
def population(tmp_path):
    call_command(
        "synth", people=3_000, seed=9, out=tmp_path / "sumber", load=True, no_files=True,
        stdout=io.StringIO(),
    )  # fmt: skip


def test_every_household_gets_a_score_and_desil_in_tenths(population):
    summary = rank_registry(as_of=AS_OF)
    households = Household.objects.count()
    assert summary.keluarga == households == PeringkatKeluarga.objects.count()
    ranks = pl.DataFrame(
        list(PeringkatKeluarga.objects.values("desil", "desil_kabkota", "household__kode_kabkota"))
    )
    shares = ranks["desil"].value_counts(normalize=True)["proportion"]
    assert shares.len() == 10 and shares.is_between(0.08, 0.12).all()
    assert ranks["desil_kabkota"].min() == 1 and ranks["desil_kabkota"].max() == 10


def test_a_second_run_replaces_the_version_instead_of_adding_to_it(population):
    rank_registry(as_of=AS_OF)
    first = dict(PeringkatKeluarga.objects.values_list("household_id", "desil"))
    rank_registry(as_of=AS_OF)
    assert dict(PeringkatKeluarga.objects.values_list("household_id", "desil")) == first


def test_dtsen_desil_is_kept_beside_ours_and_disagreements_counted(population):
    household = Household.objects.filter(members__isnull=False).first()
    members = list(Person.objects.filter(household=household)[:2])
    source = Source.objects.create(kode="kemensos-dtsen", nama="DTSEN", jenis="kemensos")
    batch = ImportBatch.objects.create(
        source=source, nama_berkas="dtsen.csv", sha256="d", profil="dtsen", diimpor_oleh="uji"
    )
    store_source_records(
        batch,
        pl.DataFrame(
            {
                "nomor_baris": [2, 3],
                "record_id": ["D1", "D2"],
                "data": ['{"desil":"10"}', '{"desil": " 10 "}'],
                "nik": [m.nik for m in members],
                "no_kk": [None, None],
                "nama": [m.nama for m in members],
                "jenis_kelamin": ["", ""],
                "tanggal_lahir": [None, None],
                "kode_wilayah": ["", ""],
                "peringatan": ["[]", "[]"],
                "person_id": [m.pk for m in members],
            },
            schema_overrides={"no_kk": pl.Utf8, "tanggal_lahir": pl.Date},
        ),
    )
    summary = rank_registry(as_of=AS_OF)
    row = PeringkatKeluarga.objects.get(household=household)
    assert row.desil_dtsen == 10
    assert summary.dengan_desil_dtsen == 1
    assert summary.beda_desil_dtsen == (1 if row.desil <= 8 else 0)


def test_the_command_reports_what_it_did(population):
    out = io.StringIO()
    call_command("rank", stdout=out)
    assert "keluarga diberi peringkat" in out.getvalue()
    assert SourceRecord.objects.exists()
