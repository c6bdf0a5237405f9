"""The registry's counts per kab/kota (KabKotaSummary, what the dashboard and the home
page show) equal the rows after every change that moves them: a synthetic load, a link
run, and each linkage decision (merge, split, accepting a pair) and its undo."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from datusoban.penautan.decisions import merge_persons, split_records, undo
from datusoban.registri.models import KabKotaSummary, Person, PersonPPKS, SourceRecord
from datusoban.registri.stats import counts_per_kabkota, live_counts, refresh_counts

pytestmark = pytest.mark.django_db


def summary() -> dict[str, tuple[int, int, int]]:
    """kode → (households, living people, people with an open PPKS), rows of zeros left out."""
    rows = KabKotaSummary.objects.values_list("kode", "keluarga", "orang", "ppks")
    return {kode: (h, p, s) for kode, h, p, s in rows if h or p or s}


def assert_exact() -> None:
    live = {k: v for k, v in live_counts().items() if any(v)}
    assert live and summary() == live


def test_a_synthetic_load_counts_what_it_loaded():
    call_command("synth", people=2_000, seed=5, no_files=True, load=True, stdout=io.StringIO())
    assert_exact()
    shown = counts_per_kabkota()
    assert len(shown) == 13
    assert sum(r.orang for r in shown) == Person.objects.filter(status="hidup").count()
    assert sum(r.ppks for r in shown) == (
        PersonPPKS.objects.filter(selesai__isnull=True, person__status="hidup")
        .values("person")
        .distinct()
        .count()
    )


def _two_people_in_two_kabkota() -> tuple[Person, Person]:
    """A living person with an open PPKS category, and a living person of another
    kab/kota without one; each with a household."""
    living = Person.objects.filter(status="hidup", household__isnull=False)
    first = living.order_by("pk").first()
    second = living.exclude(household__kode_kabkota=first.household.kode_kabkota).order_by("pk")[0]
    PersonPPKS.objects.filter(person=second).delete()
    PersonPPKS.objects.create(person=first, kategori_id=9, mulai=date(2024, 1, 1))
    refresh_counts()  # the PPKS rows above were written directly
    return first, second


def test_link_runs_and_decisions_keep_the_counts_exact(linked_ab, import_batch, link):
    assert_exact()  # after two link runs
    first, second = _two_people_in_two_kabkota()
    before = summary()

    merged = merge_persons(second.pk, first.pk, user="pytest", alasan="orang yang sama")
    assert_exact()
    # The merged person leaves their kab/kota; their PPKS moves with the one kept.
    kab_first, kab_second = first.household.kode_kabkota, second.household.kode_kabkota
    assert summary()[kab_first][1:] == (before[kab_first][1] - 1, before[kab_first][2] - 1)
    assert summary()[kab_second][1:] == (before[kab_second][1], before[kab_second][2] + 1)

    records = list(SourceRecord.objects.filter(person=second).values_list("pk", flat=True))
    split = split_records(second.pk, records[-1:], user="pytest", alasan="dua orang")
    assert_exact()
    undo(split.pk, user="pytest", alasan="keliru")
    assert_exact()
    undo(merged.pk, user="pytest", alasan="keliru")
    assert_exact()
    assert summary() == before

    link(import_batch("pkh", "PKH"))  # a third batch, linked incrementally
    assert_exact()


def test_a_recount_counts_a_change_made_beside_the_services():
    call_command("synth", people=1_000, seed=3, no_files=True, load=True, stdout=io.StringIO())
    person = Person.objects.filter(status="hidup", household__isnull=False).first()
    kode = person.household.kode_kabkota
    before = summary()[kode]
    Person.objects.filter(pk=person.pk).update(status="meninggal")
    assert summary()[kode] == before  # a direct write is not counted until a recount...
    call_command("summary", refresh=True, stdout=io.StringIO())
    assert summary()[kode][1] == before[1] - 1  # ...which any load or link run also does
    assert_exact()
