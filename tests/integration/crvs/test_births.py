"""Births from the civil registry: each becomes a proposal to add the child to the family of
the mother (else the father) found by NIK, proposed once; applying it creates the person
the way the registry creates every person, from a source record of the civil registry
("catatan sipil"), in the family, counted and audited, in one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.crvs import births
from datusoban.crvs.messages import birth, notified_events
from datusoban.crvs.models import UsulanKelahiran
from datusoban.refusal import RefusedError
from datusoban.registri.models import Membership, Person, SourceRecord
from datusoban.registri.stats import live_counts, refresh_counts

from .crvs_server import CrvsServer, orang

pytestmark = pytest.mark.django_db
IBU, AYAH = "6371014107900011", "6371010101880012"  # 1990-07-01 (P), 1988-01-01 (L)
CHILD, SECOND, THIRD = "6371016011260001", "6371012011260002", "6371016111260003"
TODAY = date(2026, 12, 6)


def _birth(nik: str, nama: str, *parents: str, akta: str = "") -> dict:
    """The civil registry's record of a birth in Banjarmasin."""
    record = orang(nik, nama, "2026-11-20", region="63.71")
    record["sex"] = "female" if int(nik[6:8]) > 40 else "male"
    if akta:
        record["identifier"] = [record["identifier"],
                                {"identifier_type": "BRN", "identifier_value": akta}]  # fmt: skip
    for key, parent in zip(("parent1_identifier", "parent2_identifier"), parents, strict=False):
        record[key] = {"identifier_type": "NIK", "identifier_value": parent}
    return record


@pytest.fixture
def family(make_person):
    """A Banjarmasin family: the father heads it, the mother is his wife."""
    ayah = make_person(AYAH, nama="Ahmad Yani", jenis_kelamin="L", hubungan_keluarga="kepala")
    ibu = make_person(IBU, nama="Rahmawati", jenis_kelamin="P", hubungan_keluarga="istri",
                      household=ayah.household)  # fmt: skip
    ayah.household.no_kk = "6371010101200001"
    ayah.household.save()
    refresh_counts()
    return ibu, ayah


def _received(*records: dict):
    body = CrvsServer().notification({}, "LiveBirth")
    body["message"]["notify_event"][0]["data"]["reg_records"] = list(records)
    _, found = notified_events(body)
    return births.terima_kelahiran(found, oleh="dukcapil")


def test_each_birth_proposed_once_in_the_mothers_family(family, make_person):
    ibu, ayah = family
    make_person(THIRD, nama="Sudah Tercatat")
    result = _received(
        _birth(CHILD, "Nur Aisyah", IBU, AYAH, akta="6371-LU-20261120-0001"),
        _birth(SECOND, "Muhammad Iqbal", AYAH),  # the father alone is known
        _birth("6371016111260004", "Siti Hawa", "6371015505950009"),  # parents unknown
        _birth(THIRD, "Sudah Tercatat", IBU),  # the child is in the registry already
    )
    found = {u.nik: u for u in result.baru}
    assert {nik: (u.padanan, u.household_id) for nik, u in found.items()} == {
        CHILD: ("ibu", ibu.household_id),
        SECOND: ("ayah", ayah.household_id),
        "6371016111260004": ("tanpa_keluarga", None),
        THIRD: ("sudah_ada", None),
    }
    aisyah = found[CHILD]
    assert (aisyah.ibu_id, aisyah.ayah_id, aisyah.nik_ibu, aisyah.nik_ayah) == (
        ibu.pk, ayah.pk, IBU, AYAH
    )  # fmt: skip
    assert (aisyah.nomor_peristiwa, aisyah.jenis_kelamin) == ("BRN:6371-LU-20261120-0001", "P")
    assert found[SECOND].nomor_peristiwa == f"NIK:{SECOND}:lahir"
    audited = AuditEvent.objects.filter(objek="usulan_kelahiran")
    assert sorted(audited.values_list("nik", flat=True)) == sorted(found)
    again = _received(_birth(CHILD, "Nur Aisyah", IBU, AYAH, akta="6371-LU-20261120-0001"))
    assert (again.baru, again.sudah_ada) == ([], 1)
    assert UsulanKelahiran.objects.count() == 4


def test_applied_the_child_is_a_person_of_the_family_from_the_civil_registry(
    family, user_of, django_capture_on_commit_callbacks
):
    from datusoban.registri.events import registry_changed

    ibu, _ = family
    operator = user_of("operator_kabkota", "63.71")
    [usulan] = _received(_birth(CHILD, "Nur Aisyah", IBU, AYAH)).baru
    before = live_counts()
    told = []

    def listen(sender, kind, persons, **kwargs):
        told.append((kind, persons))

    registry_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            usulan = births.terapkan(operator, usulan.pk, today=TODAY)
    finally:
        registry_changed.disconnect(listen)
    assert told == [("register", [usulan.person_id])]  # told to subscribers as a registration
    child = Person.objects.get(pk=usulan.person_id)
    assert (child.nik, child.nama, child.tanggal_lahir, child.jenis_kelamin, child.status) == (
        CHILD, "Nur Aisyah", date(2026, 11, 20), "P", "hidup"
    )  # fmt: skip
    assert (child.household_id, child.kode_kabkota, child.hubungan_keluarga) == (
        ibu.household_id, "63.71", "anak"
    )  # fmt: skip
    assert child.nama_ibu_kandung == "Rahmawati"
    [member] = Membership.objects.filter(person=child)
    assert (member.household_id, member.hubungan, member.mulai) == (
        ibu.household_id, "anak", date(2026, 11, 20)
    )  # fmt: skip
    # Its provenance: a record of the civil registry as source, that the golden fields name.
    [row] = SourceRecord.objects.filter(person=child).select_related("batch__source")
    assert (row.batch.source.kode, row.batch.source.nama) == (
        "catatan-sipil", "Catatan sipil (Dukcapil)"
    )  # fmt: skip
    assert (row.nik, row.no_kk, row.household_id) == (CHILD, "6371010101200001", ibu.household_id)
    assert child.asal_data["nama"]["rekaman"] == row.pk
    assert usulan.perubahan == {
        "orang": child.pk, "keluarga": ibu.household_id, "hubungan": "anak", "rekaman": row.pk,
        "batch": row.batch_id,
    }  # fmt: skip
    assert (usulan.status, usulan.diputuskan_oleh) == ("diterapkan", operator.username)
    audit = AuditEvent.objects.get(objek="orang", objek_id=str(child.pk))
    assert (audit.nik, audit.nama_pengguna, audit.rincian["usulan_kelahiran"]) == (
        CHILD, operator.username, usulan.pk
    )  # fmt: skip
    after = live_counts()
    assert after["63.71"][1] == before["63.71"][1] + 1
    from datusoban.registri.models import KabKotaSummary

    assert {s.kode: (s.keluarga, s.orang, s.ppks) for s in KabKotaSummary.objects.all()} == after
    with pytest.raises(RefusedError) as again:
        births.terapkan(operator, usulan.pk, today=TODAY)
    assert again.value.kode == "sudah_diputuskan"


def test_a_grandchild_when_the_parent_is_a_child_of_the_head(make_person, user_of):
    kepala = make_person("6371010101600013", nama="Haji Darmawi", hubungan_keluarga="kepala")
    make_person(IBU, nama="Rahmawati", hubungan_keluarga="anak", household=kepala.household)
    [usulan] = _received(_birth(CHILD, "Nur Aisyah", IBU)).baru
    usulan = births.terapkan(user_of("admin_provinsi", "63"), usulan.pk, today=TODAY)
    assert usulan.perubahan["hubungan"] == "cucu"
    assert Person.objects.get(pk=usulan.person_id).hubungan_keluarga == "cucu"


def test_refusals_change_nothing(family, user_of, make_person):
    proposals = {u.nik: u for u in _received(
        _birth(CHILD, "Nur Aisyah", IBU), _birth(SECOND, "Tanpa Keluarga", "6371015505950009"),
    ).baru}  # fmt: skip
    pk = proposals[CHILD].pk

    def refused(user, pk=pk, today=TODAY) -> RefusedError:
        with pytest.raises(RefusedError) as caught:
            births.terapkan(user, pk, today=today)
        return caught.value

    assert (refused(user_of("analis_provinsi", "63")).status) == 403
    assert (refused(user_of("operator_kabkota", "63.72")).status) == 404
    admin = user_of("admin_provinsi", "63")
    assert refused(admin, today=date(2026, 11, 1)).kode == "tanggal_lahir"
    assert refused(admin, proposals[SECOND].pk).kode == "tanpa_keluarga"
    assert refused(user_of("operator_kabkota", "63.71"), proposals[SECOND].pk).status == 404
    make_person(CHILD, nama="Nur Aisyah")  # registered meanwhile by an import
    assert refused(admin).kode == "sudah_ada"
    assert UsulanKelahiran.objects.get(pk=pk).status == "menunggu"
    assert not SourceRecord.objects.filter(nik=CHILD).exists()
    with pytest.raises(RefusedError) as no_reason:
        births.tolak(admin, pk, " ")
    assert no_reason.value.field == "alasan"
    usulan = births.tolak(admin, pk, "Anak tercatat di KK lain")
    assert (usulan.status, usulan.alasan_tolak) == ("ditolak", "Anak tercatat di KK lain")


def test_a_birth_record_without_its_date_or_with_a_broken_parent_is_refused():
    record = _birth(CHILD, "Nur Aisyah", IBU)
    record["birth_date"] = ""
    with pytest.raises(RefusedError, match="peristiwa kelahiran tanpa birth_date"):
        birth(record, "reg_records[0]")
    record = _birth(CHILD, "Nur Aisyah", "12AB")
    with pytest.raises(RefusedError, match=r"parent1_identifier berisi NIK yang tidak sah"):
        birth(record, "reg_records[0]")
