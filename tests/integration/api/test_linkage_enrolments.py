"""Linkage decisions over enrolled persons: enrolments move (a duplicate leaves as `ganda`),
and undo gives back exactly what was there, history rows included."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account
from datusoban.program import services
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
from datusoban.registri.models import Household, Person, SourceRecord

URL = "/api/v1/penautan"
pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    user = User.objects.create_user("petugas.data", password="rahasia-panjang-123")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    client.force_login(user)
    return client


def _post(client, path: str, body: dict | None = None):
    return client.post(f"{URL}{path}", body or {}, content_type="application/json")


def _enrol(program: str, person: Person, *, receiving: bool, when: date) -> Kepesertaan:
    enrolment = services.propose(program, person=person, oleh="operator", tanggal=when)
    if receiving:
        services.change_status(enrolment, "diverifikasi", oleh="operator", tanggal=when)
        enrolment = services.change_status(enrolment, "terdaftar", oleh="operator", tanggal=when)
    return enrolment


def _two_persons() -> tuple[Person, Person]:
    keep, other = Person.objects.order_by("pk")[:2]
    return keep, other


@pytest.mark.parametrize("receiving", ["kept", "merged_away"])
def test_merging_two_persons_enrolled_in_one_programme_closes_one_as_duplicate(
    reviewer, linked_ab, registry_state, receiving
):
    keep, other = _two_persons()
    # The receiving enrolment stays open whichever person held it; the proposal leaves.
    kept_one = _enrol("ATENSI", keep, receiving=receiving == "kept", when=date(2024, 2, 1))
    moved_one = _enrol("ATENSI", other, receiving=receiving != "kept", when=date(2024, 3, 1))
    before = registry_state()

    response = _post(reviewer, "/gabung", {"tetap": keep.pk, "digabungkan": other.pk})
    assert response.status_code == 200, response.content
    decision = response.json()
    assert not Person.objects.filter(pk=other.pk).exists()
    rows = {e.pk: e for e in Kepesertaan.objects.filter(program_id="ATENSI")}
    assert {e.person_id for e in rows.values()} == {keep.pk}
    loser, winner = (moved_one, kept_one) if receiving == "kept" else (kept_one, moved_one)
    assert (rows[loser.pk].status, rows[loser.pk].alasan_keluar) == ("keluar", "ganda")
    assert rows[winner.pk].status == "terdaftar"
    exit_row = RiwayatKepesertaan.objects.filter(kepesertaan_id=loser.pk).latest("pk")
    assert (exit_row.ke, exit_row.alasan, exit_row.oleh) == ("keluar", "ganda", "petugas.data")
    assert {e["id"] for e in decision["sesudah"]["kepesertaan"]} == {loser.pk, winner.pk}

    undone = _post(reviewer, f"/keputusan/{decision['id']}/batal")
    assert undone.status_code == 200, undone.content
    assert registry_state() == before


def test_an_enrolment_of_the_merged_away_person_alone_moves_and_undo_brings_it_back(
    reviewer, linked_ab, registry_state
):
    keep, other = _two_persons()
    moved = _enrol("PERMAKANAN", other, receiving=True, when=date(2024, 5, 1))
    # The family's PKH stays with the household, which a merge never deletes.
    family = Household.objects.exclude(pk=keep.household_id).filter(kode_kabkota__gt="").first()
    pkh = services.propose("PKH", household=family, oleh="operator")
    before = registry_state()

    response = _post(reviewer, "/gabung", {"tetap": keep.pk, "digabungkan": other.pk})
    assert response.status_code == 200, response.content
    now = Kepesertaan.objects.get(pk=moved.pk)
    assert (now.person_id, now.status, now.alasan_keluar) == (keep.pk, "terdaftar", None)
    assert not RiwayatKepesertaan.objects.filter(kepesertaan_id=moved.pk, ke="keluar").exists()
    assert Kepesertaan.objects.get(pk=pkh.pk).household_id == family.pk

    undone = _post(reviewer, f"/keputusan/{response.json()['id']}/batal")
    assert undone.status_code == 200, undone.content
    assert registry_state() == before
    assert Kepesertaan.objects.get(pk=moved.pk).person_id == other.pk


def test_undoing_a_split_after_the_new_person_was_enrolled_hands_the_enrolment_back(
    reviewer, linked_ab
):
    owners: dict[int, list[int]] = {}
    for pk, owner in SourceRecord.objects.exclude(person=None).values_list("pk", "person_id"):
        owners.setdefault(owner, []).append(pk)
    person, records = next((p, sorted(r)) for p, r in sorted(owners.items()) if len(r) >= 2)
    _enrol("ATENSI", Person.objects.get(pk=person), receiving=True, when=date(2024, 1, 1))
    split = _post(reviewer, "/pisah", {"orang": person, "rekaman": records[1:]}).json()
    new = Person.objects.get(pk=split["rincian"]["orang_baru"])
    later = [
        _enrol("ATENSI", new, receiving=False, when=date(2024, 6, 1)),
        _enrol("PERMAKANAN", new, receiving=False, when=date(2024, 6, 1)),
    ]

    undone = _post(reviewer, f"/keputusan/{split['id']}/batal")
    assert undone.status_code == 200, undone.content
    assert not Person.objects.filter(pk=new.pk).exists()
    rows = Kepesertaan.objects.filter(pk__in=[e.pk for e in later]).order_by("pk")
    assert [(e.person_id, e.status, e.alasan_keluar) for e in rows] == [
        (person, "keluar", "ganda"),  # the original person's own ATENSI stays open
        (person, "diusulkan", None),
    ]
    assert Kepesertaan.objects.filter(person_id=person, status="terdaftar").count() == 1
