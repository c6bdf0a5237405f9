"""Households linked across sources when the No. KK changed; memberships follow people."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.registri.models import Household, Membership, Person, SourceRecord

pytestmark = pytest.mark.django_db


def _persons_with_truth(truth: pl.DataFrame) -> pl.DataFrame:
    rows = SourceRecord.objects.values_list("record_id", "person_id", "person__household_id")
    frame = pl.DataFrame(
        list(rows), schema=["record_id", "person", "home"], orient="row", infer_schema_length=None
    )
    return frame.join(truth.select("record_id", "person_key"), on="record_id").unique("person")


def test_families_are_one_household_across_sources_and_kk_numbers(linked_ab, truth, synth_dir):
    households = pl.read_csv(synth_dir / "truth" / "truth.csv", infer_schema=False).select(
        "record_id", "hh_key"
    )
    persons = _persons_with_truth(truth).join(households, on="record_id")
    housed = persons.filter(pl.col("home").is_not_null())
    assert housed.height >= 0.95 * persons.height
    # A true family is one registry household, and a registry household one family.
    split = housed.group_by("hh_key").agg(pl.col("home").n_unique().alias("n"))
    assert (split["n"] == 1).mean() >= 0.95
    pure = housed.group_by("home").agg(pl.col("hh_key").n_unique().alias("n"))
    assert (pure["n"] == 1).mean() >= 0.98
    # Families whose card number changed between the sources keep every number.
    changed = [h for h in Household.objects.values_list("riwayat_no_kk", flat=True) if h]
    assert sum(len(h) >= 2 for h in changed) > 5
    for household in Household.objects.filter(riwayat_no_kk__isnull=False)[:50]:
        assert household.no_kk in household.riwayat_no_kk


def test_every_housed_person_has_one_open_membership_there(linked_ab):
    for person in Person.objects.exclude(household=None):
        open_ = Membership.objects.filter(person=person, selesai__isnull=True)
        assert [m.household_id for m in open_] == [person.household_id]
    closed = Membership.objects.exclude(selesai=None)
    assert all(m.selesai >= m.mulai for m in closed)
