"""The review API: queue, evidence, accept/reject, merge, split, undo to the exact prior state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account, AuditEvent
from datusoban.penautan.models import Decision, ReviewPair
from datusoban.reference.models import Region
from datusoban.registri.models import Person, SourceRecord

URL = "/api/v1/penautan"
pytestmark = pytest.mark.django_db


def _user_with(username: str, peran: str, wilayah: str) -> User:
    user = User.objects.create_user(username, password="rahasia-panjang-123")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return user


@pytest.fixture
def reviewer(client):
    client.force_login(_user_with("petugas.data", "admin_provinsi", "63"))
    return client


def _post(client, path: str, body: dict | None = None):
    return client.post(f"{URL}{path}", body or {}, content_type="application/json")


def _two_record_person() -> tuple[int, list[int]]:
    owners: dict[int, list[int]] = {}
    for pk, owner in SourceRecord.objects.exclude(person=None).values_list("pk", "person_id"):
        owners.setdefault(owner, []).append(pk)
    owner, records = next((p, r) for p, r in sorted(owners.items()) if len(r) >= 2)
    return owner, sorted(records)


def test_without_permission_nothing_is_shown_or_decided(client, linked_ab):
    user = User.objects.create_user("tamu", password="rahasia-panjang-123")
    client.force_login(user)
    listed = client.get(f"{URL}/tinjauan")
    assert listed.status_code == 403 and listed.json()["kode"] == "tanpa_izin"
    pair = ReviewPair.objects.first()
    refused = _post(client, f"/tinjauan/{pair.pk}/terima")
    assert refused.status_code == 403 and "tidak berhak" in refused.json()["pesan"]
    assert not Decision.objects.exists()


def test_the_queue_and_one_pair_with_its_evidence(reviewer, linked_ab):
    queue = reviewer.get(f"{URL}/tinjauan").json()
    assert queue and all(p["status"] == "menunggu" for p in queue)
    probabilities = [p["match_probability"] for p in queue]
    assert probabilities == sorted(probabilities, reverse=True)
    detail = reviewer.get(f"{URL}/tinjauan/{queue[0]['id']}").json()
    assert detail["kiri"]["id"] == detail["rekaman_l"]
    assert detail["kanan"]["id"] == detail["rekaman_r"]
    assert {"nik", "nama", "tgl", "ibu"} <= set(detail["bukti"])
    assert all(set(e) == {"bobot", "tingkat"} for e in detail["bukti"].values())
    assert detail["kiri"]["data"]["nama"]  # the row as received, for the reviewer


def test_accepting_a_pair_makes_one_person_and_undo_restores_all(
    reviewer, linked_ab, registry_state
):
    pair = ReviewPair.objects.order_by("-match_probability").first()
    before = registry_state()
    decided = _post(reviewer, f"/tinjauan/{pair.pk}/terima", {"alasan": "NIK sama, cek KK"})
    assert decided.status_code == 200, decided.content
    decision = decided.json()
    assert decision["jenis"] == "terima" and decision["oleh"] == "petugas.data"
    left, right = (
        SourceRecord.objects.get(pk=pk).person_id for pk in (pair.rekaman_l_id, pair.rekaman_r_id)
    )
    assert left == right is not None
    assert ReviewPair.objects.get(pk=pair.pk).status == "diterima"
    again = _post(reviewer, f"/tinjauan/{pair.pk}/terima")
    assert again.status_code == 409 and again.json()["kode"] == "sudah_diputus"
    undone = _post(reviewer, f"/keputusan/{decision['id']}/batal")
    assert undone.status_code == 200 and undone.json()["membatalkan"] == decision["id"]
    assert registry_state() == before
    twice = _post(reviewer, f"/keputusan/{decision['id']}/batal")
    assert twice.status_code == 409 and twice.json()["kode"] == "sudah_dibatalkan"


def test_rejecting_a_pair_changes_no_person_and_is_undoable(reviewer, linked_ab, registry_state):
    pair = ReviewPair.objects.first()
    before = registry_state()
    decision = _post(reviewer, f"/tinjauan/{pair.pk}/tolak").json()
    after = registry_state()
    assert after["orang"] == before["orang"] and after["rekaman"] == before["rekaman"]
    assert ReviewPair.objects.get(pk=pair.pk).status == "ditolak"
    _post(reviewer, f"/keputusan/{decision['id']}/batal")
    assert registry_state() == before


def test_merge_then_undo_restores_the_exact_prior_state(reviewer, linked_ab, registry_state):
    keep, other = Person.objects.order_by("pk").values_list("pk", flat=True)[:2]
    moved = set(SourceRecord.objects.filter(person_id=other).values_list("pk", flat=True))
    before = registry_state()
    response = _post(reviewer, "/gabung", {"tetap": keep, "digabungkan": other, "alasan": "uji"})
    assert response.status_code == 200, response.content
    decision = response.json()
    assert decision["sebelum"]["orang"][1]["id"] == other
    assert not Person.objects.filter(pk=other).exists()
    assert set(SourceRecord.objects.filter(person_id=keep).values_list("pk", flat=True)) >= moved
    golden = reviewer.get(f"{URL}/orang/{keep}").json()
    assert {r["id"] for r in golden["rekaman"]} >= moved
    assert all(o is None or o["rekaman"] in {r["id"] for r in golden["rekaman"]}
               for o in golden["asal_data"].values())  # fmt: skip
    undone = _post(reviewer, f"/keputusan/{decision['id']}/batal")
    assert undone.status_code == 200, undone.content
    assert registry_state() == before
    log = reviewer.get(f"{URL}/keputusan").json()
    assert [d["jenis"] for d in log] == ["batal", "gabung"]
    assert log[1]["dibatalkan_oleh"] == log[0]["id"]


def test_split_then_undo_restores_the_exact_prior_state(reviewer, linked_ab, registry_state):
    person, records = _two_record_person()
    before = registry_state()
    response = _post(reviewer, "/pisah", {"orang": person, "rekaman": records[1:]})
    assert response.status_code == 200, response.content
    new = response.json()["rincian"]["orang_baru"]
    assert new != person
    assert (
        sorted(SourceRecord.objects.filter(person_id=new).values_list("pk", flat=True))
        == (records[1:])
    )
    assert (
        list(SourceRecord.objects.filter(person_id=person).values_list("pk", flat=True))
        == (records[:1])
    )
    assert Person.objects.get(pk=new).asal_data["nama"]["rekaman"] in records[1:]
    _post(reviewer, f"/keputusan/{response.json()['id']}/batal")
    assert registry_state() == before
    assert not Person.objects.filter(pk=new).exists()


def test_refusals_are_in_bahasa_and_change_nothing(reviewer, linked_ab, registry_state):
    person, records = _two_record_person()
    before = registry_state()
    everything = _post(reviewer, "/pisah", {"orang": person, "rekaman": records})
    assert everything.status_code == 409 and "sisakan" in everything.json()["pesan"]
    same = _post(reviewer, "/gabung", {"tetap": person, "digabungkan": person})
    assert same.status_code == 409 and same.json()["kode"] == "orang_sama"
    assert registry_state() == before and not Decision.objects.exists()


def test_an_undo_never_overwrites_a_later_decision(reviewer, linked_ab):
    keep, other, third = Person.objects.order_by("pk").values_list("pk", flat=True)[:3]
    first = _post(reviewer, "/gabung", {"tetap": keep, "digabungkan": other}).json()
    _post(reviewer, "/gabung", {"tetap": keep, "digabungkan": third})
    refused = _post(reviewer, f"/keputusan/{first['id']}/batal")
    assert refused.status_code == 409 and refused.json()["kode"] == "sudah_berubah"


def test_every_linkage_route_is_in_the_readme(reviewer):
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    paths = reviewer.get("/api/v1/openapi.json").json()["paths"]
    ours = [p for p in paths if p.startswith(URL)]
    assert len(ours) >= 9
    for path in ours:
        methods = {m.upper() for m in paths[path]}
        for method in methods:
            assert f"`{method} {path}" in readme, f"{method} {path} is not in the README"


def test_reads_and_decisions_are_recorded_in_the_audit_trail(reviewer, linked_ab):
    pair = ReviewPair.objects.order_by("-match_probability").first()
    reviewer.get(f"{URL}/tinjauan/{pair.pk}")
    read = AuditEvent.objects.filter(aksi="baca", objek="pasangan_tinjauan")
    assert sorted(int(r) for r in read.values_list("objek_id", flat=True)) == sorted(
        [pair.rekaman_l_id, pair.rekaman_r_id]
    )
    decided = _post(reviewer, f"/tinjauan/{pair.pk}/tolak", {"alasan": "beda ibu"})
    # One row per person the decision touched, each naming the decision and the person.
    changes = AuditEvent.objects.filter(aksi="ubah", objek="keputusan_penautan")
    persons = Person.objects.filter(source_records__in=[pair.rekaman_l_id, pair.rekaman_r_id])
    assert {c.objek_id for c in changes} == {str(decided.json()["id"])}
    assert {c.nik for c in changes} == set(persons.values_list("nik", flat=True))


def test_roles_and_regions_bound_what_is_seen_and_decided(client, linked_ab):
    pair = ReviewPair.objects.order_by("-match_probability").first()
    # An analyst sees the evidence with NIKs masked, and the rows as received with their
    # identifiers masked and the columns beyond the plain fields (health) hidden.
    client.force_login(_user_with("analis", "analis_provinsi", "63"))
    detail = client.get(f"{URL}/tinjauan/{pair.pk}").json()
    assert "•" in (detail["kiri"]["nik"] or "•")
    received = " ".join(str(v) for v in detail["kiri"]["data"].values())
    assert detail["kiri"]["data"] and not re.search(r"\d{16}", received)
    # ... and may not decide: the role changes no registry data.
    assert _post(client, f"/tinjauan/{pair.pk}/tolak").status_code == 403
    # An operator of a kab/kota holding neither record sees no such pair.
    kabkota = set(
        Region.objects.filter(level=2, kode__startswith="63.").values_list("kode", flat=True)
    )
    elsewhere = kabkota - set(
        SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id])
        .exclude(person__household=None)
        .values_list("person__household__kode_kabkota", flat=True)
    )
    client.force_login(_user_with("operator", "operator_kabkota", sorted(elsewhere)[0]))
    assert client.get(f"{URL}/tinjauan/{pair.pk}").status_code == 404
    assert _post(client, f"/tinjauan/{pair.pk}/tolak").status_code == 404
    assert all(p["id"] != pair.pk for p in client.get(f"{URL}/tinjauan").json())
    assert not Decision.objects.exists()


def test_the_decision_log_discloses_persons_only_as_the_reader_may_see_them(client, linked_ab):
    admin = _user_with("admin.data", "admin_provinsi", "63")
    client.force_login(admin)
    keep, other = Person.objects.order_by("pk")[:2]
    merged = _post(client, "/gabung", {"tetap": keep.pk, "digabungkan": other.pk, "alasan": "uji"})
    assert merged.status_code == 200, merged.content
    full = {p["id"]: p for p in client.get(f"{URL}/keputusan").json()[0]["sebelum"]["orang"]}
    assert full[other.pk]["nik"] == other.nik and full[other.pk]["nama"] == other.nama
    read = AuditEvent.objects.filter(aksi="baca", objek="keputusan_penautan")
    assert {r.nik for r in read} >= {keep.nik, other.nik}

    # A province analyst: names, but NIK masked and no health fields.
    client.force_login(_user_with("analis", "analis_provinsi", "63"))
    rows = client.get(f"{URL}/keputusan").json()[0]["sebelum"]["orang"]
    shown = {p["id"]: p for p in rows}[other.pk]
    assert shown["nama"] == other.nama and shown["nik"] != other.nik
    assert shown["nik"][:6] == other.nik[:6] and "disabilitas" not in shown

    # A kab/kota operator: the log is not narrowed to a region, so ids alone.
    client.force_login(_user_with("operator", "operator_kabkota", "63.71"))
    snapshot = client.get(f"{URL}/keputusan").json()[0]["sebelum"]
    assert all(set(row) == {"id"} for rows in snapshot.values() for row in rows)
    assert {row["id"] for row in snapshot["orang"]} == {keep.pk, other.pk}
