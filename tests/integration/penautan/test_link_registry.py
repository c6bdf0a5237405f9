"""`link_registry`: batches become persons; a new batch links incrementally; provenance."""

from __future__ import annotations

import math

import polars as pl
import pytest
from django.core.management import call_command

from datusoban.penautan.model import load_model, structure
from datusoban.penautan.models import LinkRun, ReviewPair
from datusoban.penautan.survivorship import FIELDS, load_survivorship
from datusoban.registri.models import Person, Source, SourceRecord

from ..conftest import link_ab

pytestmark = pytest.mark.django_db


def _records(batch: int) -> pl.DataFrame:
    rows = SourceRecord.objects.filter(batch_id=batch).values_list("pk", "record_id", "person_id")
    return pl.DataFrame(
        list(rows), schema=["pk", "record_id", "person"], orient="row", infer_schema_length=None
    )


def _with_truth(records: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    return records.join(truth.select("record_id", "person_key"), on="record_id", how="left")


@pytest.fixture
def linked_ab(import_batch, link):
    """Built per test here: the module's other tests import the same files into an empty
    registry, which the module-wide fixture would not leave them."""
    return link_ab(import_batch, link)


def test_a_batch_becomes_persons_and_the_run_says_how(import_batch, link, truth):
    a = import_batch("dtsen", "DTSEN Kemensos")
    run = link(a)
    records = _with_truth(_records(a), truth)
    assert records["person"].null_count() == 0
    assert run.batch == [a] and run.rekaman_baru == records.height
    assert run.orang_baru == Person.objects.count() == records["person"].n_unique()
    assert run.rekaman_ke_orang_baru == records.height and run.rekaman_ke_orang_lama == 0
    assert run.mesin == "duckdb" and run.versi_model.startswith("v1")
    assert run.ambang["match_probability"] == 0.9 and run.selesai is not None
    # Accuracy against the ground truth: persons are pure and people are not split.
    per_person = records.group_by("person").agg(pl.col("person_key").n_unique().alias("n"))
    assert (per_person["n"] == 1).mean() >= 0.98
    per_key = records.group_by("person_key").agg(pl.col("person").n_unique().alias("n"))
    assert (per_key["n"] == 1).mean() >= 0.98
    # Linking again finds nothing new to link and changes nothing.
    again = link()
    assert again.rekaman_baru == 0 and again.batch == []
    assert _records(a).equals(records.select("pk", "record_id", "person"))


def test_a_new_batch_attaches_to_existing_persons_and_relinks_nothing(linked_ab, truth):
    a, b, _run_a, run_b = linked_ab
    before = _records(a)
    assert run_b.batch == [b]
    assert run_b.rekaman_baru == SourceRecord.objects.filter(batch_id=b).count()
    # Only the linked records that share a blocking key with B are compared again.
    assert 0 < run_b.rekaman_pembanding <= before.height
    assert run_b.rekaman_ke_orang_lama > 0
    # Nothing in A was relinked.
    assert _records(a).equals(before)
    in_a = _with_truth(before, truth).select("person_key", person_a="person")
    in_b = _with_truth(_records(b), truth).join(in_a, on="person_key", how="inner")
    assert in_b.height > 100  # the files overlap
    assert (in_b["person"] == in_b["person_a"]).mean() >= 0.95
    # And B's people who are not in A became persons of their own.
    alone = _with_truth(_records(b), truth).join(in_a, on="person_key", how="anti")
    assert alone["person"].null_count() <= run_b.rekaman_ditahan
    assert not alone["person"].drop_nulls().is_in(in_a["person_a"].implode()).any()


def test_every_golden_field_names_its_record_and_rule(import_batch, link):
    a = import_batch("dtsen", "DTSEN Kemensos")
    b = import_batch("dtks", "DTKS Kemensos")
    # The rules are data: make B's source the most trusted kind.
    Source.objects.filter(batches__pk=b).update(jenis=Source.Jenis.KEMENSOS)
    link(a, b)
    policy = load_survivorship()
    owner = dict(SourceRecord.objects.values_list("pk", "person_id"))
    names = dict(SourceRecord.objects.values_list("pk", "nama"))
    batch_of = dict(SourceRecord.objects.values_list("pk", "batch_id"))
    both = 0
    for person in Person.objects.all():
        assert set(person.asal_data) == set(FIELDS)
        for field, origin in person.asal_data.items():
            if origin is None:
                continue
            assert owner[origin["rekaman"]] == person.pk
            assert origin["aturan"] == policy.rules[field]
        batches = {batch_of[r] for r, p in owner.items() if p == person.pk}
        if batches == {a, b}:
            both += 1
            # The name came from the most trusted source: B.
            assert batch_of[person.asal_data["nama"]["rekaman"]] == b
            assert person.nama == names[person.asal_data["nama"]["rekaman"]]
    assert both > 100


def test_review_pairs_keep_every_fields_evidence(linked_ab):
    pairs = list(ReviewPair.objects.all())
    assert pairs, "the synthetic files always hold some uncertain pairs"
    prior = load_model().prior
    prior_weight = math.log2(prior / (1 - prior))
    for pair in pairs:
        assert pair.rekaman_l_id < pair.rekaman_r_id
        assert set(pair.bukti) == set(structure())
        for evidence in pair.bukti.values():
            assert isinstance(evidence["bobot"], float | int)
            assert evidence["tingkat"] is None or isinstance(evidence["tingkat"], str)
        # The match weight is the prior's plus every field's: the evidence is complete.
        total = prior_weight + sum(e["bobot"] for e in pair.bukti.values())
        assert total == pytest.approx(pair.match_weight, abs=0.01)
        assert pair.status == ReviewPair.Status.MENUNGGU
    assert sum(run.pasangan_tinjauan for run in LinkRun.objects.all()) == len(pairs)


def test_the_command_links_and_reports(import_batch, capsys):
    a = import_batch("dtsen", "DTSEN Kemensos")
    call_command("link-registry", "--batch", str(a), "--json")
    out = capsys.readouterr().out
    assert f'"batch": [{a}]' in out
    assert not SourceRecord.objects.filter(batch_id=a, person__isnull=True).exists()


def test_a_cluster_joining_two_existing_persons_waits_for_review(
    linked_ab, import_batch, link, truth
):
    from datusoban.penautan.decisions import decide_pair, split_records
    from datusoban.penautan.registry_link import HELD_REASON

    a, b, _, _ = linked_ab
    keys = truth.filter(pl.col("source") == "pkh")["person_key"].implode()
    both = (
        _with_truth(pl.concat([_records(a), _records(b)]), truth)
        .filter(pl.col("person_key").is_in(keys))
        .group_by("person")
        .agg(pl.col("pk").sort())
        .filter(pl.col("pk").list.len() == 2)
        .sort("person")
        .head(5)
    )
    # A reviewer decided each of these is two people: split the DTKS record out.
    for person, records in both.iter_rows():
        split_records(person, records[1:], user="pytest")
    persons_before = dict(SourceRecord.objects.values_list("pk", "person_id"))
    c = import_batch("pkh", "PKH")
    run = link(c)
    assert run.rekaman_ditahan >= 1
    held = SourceRecord.objects.filter(batch_id=c, person__isnull=True)
    assert held.count() == run.rekaman_ditahan
    # Nothing already linked moved, and the held records' links wait in the queue.
    assert {
        pk: p
        for pk, p in SourceRecord.objects.values_list("pk", "person_id")
        if pk in persons_before
    } == persons_before
    waiting = ReviewPair.objects.filter(alasan=HELD_REASON)
    held_ids = set(held.values_list("pk", flat=True))
    assert {pk for pair in waiting for pk in (pair.rekaman_l_id, pair.rekaman_r_id)} & held_ids
    # Accepting one such pair attaches the held record to the person the reviewer confirms.
    pair = next(p for p in waiting if {p.rekaman_l_id, p.rekaman_r_id} & held_ids)
    decide_pair(pair.pk, accept=True, user="pytest")
    left, right = (
        SourceRecord.objects.get(pk=pk).person_id for pk in (pair.rekaman_l_id, pair.rekaman_r_id)
    )
    assert left == right is not None


def test_a_run_that_fails_leaves_nothing_behind(import_batch, link, monkeypatch):
    from datusoban.penautan import registry_link

    a = import_batch("dtsen", "DTSEN Kemensos")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(registry_link, "link_households", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        link(a)
    assert not Person.objects.exists() and not LinkRun.objects.exists()
    assert not ReviewPair.objects.exists()
    assert not SourceRecord.objects.filter(batch_id=a, person__isnull=False).exists()
