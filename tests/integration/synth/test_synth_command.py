"""`datusoban synth --load`: the population lands whole, once, with provenance for every person."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from datusoban.registri.models import (
    Household,
    ImportBatch,
    Membership,
    Person,
    PersonPPKS,
    SourceRecord,
)
from datusoban.registri.stats import counts_per_kabkota


def synth(tmp_path, **options) -> str:
    out = io.StringIO()
    call_command("synth", people=2_000, seed=5, out=tmp_path / "sumber", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_load_writes_people_households_and_their_provenance(tmp_path):
    output = synth(tmp_path, load=True)
    assert "Dimuat ke registri" in output
    people = Person.objects.count()
    assert 1_980 <= people <= 2_020
    assert SourceRecord.objects.count() == people
    assert Membership.objects.filter(selesai__isnull=True).count() == people
    assert not Person.objects.filter(household__isnull=True).exists()
    assert Person.objects.values("nik").distinct().count() == people  # clean NIKs are unique
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.jumlah_baris, batch.diterima) == ("selesai", people, people)
    # Every registry field can be traced to the row it came from.
    person = Person.objects.order_by("?").first()
    record = person.source_records.get()
    assert (record.data["nik"], record.data["nama"]) == (person.nik, person.nama)
    assert record.data["kode_wilayah"] == person.household.wilayah_id
    # Households sit in real Kalsel desa and every kab/kota is populated.
    assert set(Household.objects.values_list("kode_kabkota", flat=True)) == {
        r.kode for r in counts_per_kabkota()
    }
    assert PersonPPKS.objects.exists()


@pytest.mark.django_db
def test_ppks_in_the_registry_respect_the_category_rules(tmp_path):
    synth(tmp_path, load=True, no_files=True)
    women_only = PersonPPKS.objects.filter(kategori__jenis_kelamin="P")
    assert not women_only.exclude(person__jenis_kelamin="P").exists()
    needs_disability = PersonPPKS.objects.filter(kategori__perlu_disabilitas=True)
    assert not needs_disability.filter(person__disabilitas__isnull=True).exists()
    per_person = PersonPPKS.objects.values("person", "kategori").annotate(n=Count("id"))
    assert all(row["n"] == 1 for row in per_person)


@pytest.mark.django_db
def test_the_same_population_is_loaded_only_once(tmp_path):
    synth(tmp_path, load=True, no_files=True)
    people = Person.objects.count()
    again = synth(tmp_path, load=True, no_files=True)
    assert "sudah dimuat" in again
    assert Person.objects.count() == people
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_source_files_and_ground_truth_agree(tmp_path):
    synth(tmp_path)
    folder = tmp_path / "sumber"
    sources = {p.stem: p for p in folder.glob("*.csv")}
    assert {"dtks", "dtsen", "pkh", "lks", "panti", "bencana", "ppks_6371"} <= set(sources)
    with (folder / "truth" / "truth.csv").open(encoding="utf-8") as f:
        truth = {(r["source"], r["record_id"]) for r in csv.DictReader(f)}
    rows = set()
    for stem, path in sources.items():
        with path.open(encoding="utf-8") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames[:3] == ["record_id", "nik", "no_kk"]
            rows |= {(stem, r["record_id"]) for r in reader}
    assert rows == truth
    assert not Person.objects.exists()  # without --load nothing touches the registry


@pytest.mark.django_db(transaction=True)
def test_a_failure_midway_leaves_no_partial_population(tmp_path, monkeypatch):
    from datusoban.synth import load as synth_load

    real = synth_load.load_population
    calls = {"n": 0}

    def failing_on_third_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk penuh")
        return real(*args, **kwargs)

    monkeypatch.setattr(synth_load, "load_population", failing_on_third_chunk)
    with pytest.raises(RuntimeError, match="disk penuh"):
        synth(tmp_path, load=True, no_files=True)
    assert calls["n"] == 3
    assert not Person.objects.exists()
    assert not Household.objects.exists()
    assert not ImportBatch.objects.exists()


def test_people_out_of_range_is_refused_with_a_clear_message(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"antara 1\.000 dan 4\.400\.000"):
        call_command("synth", people=10, out=tmp_path)


@pytest.mark.django_db
def test_field_realism_from_the_command_with_a_parameter(tmp_path):
    import polars as pl

    output = synth(tmp_path, realism="field", realism_param=["nik_missing=0.5"])
    assert "Berkas sumber" in output
    truth = pl.read_csv(tmp_path / "sumber" / "truth" / "truth.csv", infer_schema=False)
    missing = truth["noise"].fill_null("").str.split(";").list.contains("nik_missing").mean()
    assert 0.45 < missing < 0.55
    dtks = pl.read_csv(tmp_path / "sumber" / "dtks.csv", infer_schema=False)
    assert 0.45 < dtks["nik"].null_count() / dtks.height < 0.55


def test_bad_realism_parameters_are_refused_in_indonesian(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak dikenal"):
        synth(tmp_path, realism="field", realism_param=["nik_hilang=0.3"])
    with pytest.raises(CommandError, match="bukan angka"):
        synth(tmp_path, realism="field", realism_param=["nik_missing=banyak"])
    with pytest.raises(CommandError, match="hanya berlaku bersama --realism field"):
        synth(tmp_path, realism_param=["nik_missing=0.3"])
    assert not (tmp_path / "sumber").exists()  # refused before anything is written


def test_the_realism_does_not_change_which_population_is_loaded():
    import hashlib
    from datetime import date

    from datusoban.synth.config import SynthConfig
    from datusoban.synth.load import config_digest
    from datusoban.synth.realism import FieldRealism

    clean = SynthConfig(people=2_000, seed=5)
    # The fingerprint batches were stored under before the realism existed.
    before = {"people": 2_000, "seed": 5, "as_of": date(2025, 6, 30), "province": "63"}
    assert config_digest(clean) == hashlib.sha256(repr(sorted(before.items())).encode()).hexdigest()
    field = SynthConfig(people=2_000, seed=5, realism=FieldRealism())
    assert config_digest(field) == config_digest(clean)
