"""The measured failure: a PPKS register whose rows carry placeholder birth dates (01-07,
31-12, 01-01) that the import flagged as estimates, linked to people the registry already
holds with their exact dates. No exact date may be replaced by a flagged placeholder."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command

from datusoban.impor.services import import_file
from datusoban.penautan.registry_link import link_registry
from datusoban.registri.models import Person, SourceRecord

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 30)  # synth's default reference date


def _records_of_linked_people(batch: int) -> pl.DataFrame:
    persons = SourceRecord.objects.filter(batch_id=batch, person__isnull=False).values("person")
    rows = SourceRecord.objects.filter(person__in=persons).values_list(
        "pk", "person_id", "tanggal_lahir", "tanda_mutu"
    )
    return pl.DataFrame(
        [(pk, p, born, "tanggal_perkiraan" in flags.get("tanggal_lahir", []))
         for pk, p, born, flags in rows],
        schema={"record": pl.Int64, "person": pl.Int64, "tanggal_lahir": pl.Date,
                "perkiraan": pl.Boolean},
        orient="row",
    )  # fmt: skip


def test_no_exact_birth_date_is_replaced_by_a_flagged_placeholder(tmp_path):
    call_command("synth", people=10_000, seed=7, out=tmp_path, load=True, stdout=io.StringIO())
    batch = import_file(
        tmp_path / "ppks_6371.csv", profile="ppks-kabkota", user="pytest",
        source="Dinsos Kota Banjarmasin", as_of=AS_OF,
    ).batch_id  # fmt: skip
    link_registry(user="pytest", batches=[batch], as_of=AS_OF)

    records = _records_of_linked_people(batch)
    # People with a flagged placeholder date in one record and another date, unflagged,
    # in another: the case that went wrong (the register, a kab/kota Dinsos, is trusted
    # above the population loaded before it).
    exact = records.filter(~pl.col("perkiraan") & pl.col("tanggal_lahir").is_not_null())
    placeholder = records.filter(pl.col("perkiraan"))
    rivals = exact.join(placeholder, on="person", suffix="_perkiraan").filter(
        pl.col("tanggal_lahir") != pl.col("tanggal_lahir_perkiraan")
    )
    assert rivals["person"].n_unique() >= 3  # the data still holds the case
    golden = dict(
        Person.objects.filter(pk__in=rivals["person"].unique().to_list()).values_list(
            "pk", "tanggal_lahir"
        )
    )
    replaced = rivals.filter(
        pl.col("person").replace_strict(golden, return_dtype=pl.Date)
        == pl.col("tanggal_lahir_perkiraan")
    )
    assert replaced.height == 0
    # Each of them names the flagged record passed over.
    for person in Person.objects.filter(pk__in=golden):
        entry = person.asal_data["tanggal_lahir"]
        assert "tanda" not in entry
        assert {p["rekaman"] for p in entry.get("dilewati", [])} <= set(placeholder["record"])
