"""An accepted visit enters the registry as a source ("Kunjungan lapangan"): one batch per
visit imported by the worker, a record per member linked to the person, the members found
dead or moved marked so through the registry's one place for it (announced), the
household's values written with the batch as their origin; a refusal changes nothing; a
later link run keeps all of it; the batch cannot be withdrawn."""

from __future__ import annotations

import csv
import json
import uuid
from datetime import date

import pytest
from django.test import Client

from datusoban.accounts.models import AuditEvent
from datusoban.lapangan.models import KunjunganLapangan
from datusoban.lapangan.source import SOURCE
from datusoban.registri.events import registry_changed
from datusoban.registri.models import (
    Household,
    ImportBatch,
    KabKotaSummary,
    Person,
    Source,
    SourceRecord,
)
from datusoban.registri.stats import live_counts, refresh_counts

pytestmark = pytest.mark.django_db

WHEN = "2026-12-01T09:30:00+08:00"


def _send(client: Client, data: dict, index: int = 0, members: dict | None = None, **changes):
    family = data["keluarga"][index]
    entry = {
        "kunci": str(uuid.uuid4()), "unduhan": data["unduhan"], "keluarga": family["id"],
        "waktu": WHEN, "status": "ditemukan", "sebelum": family["nilai"],
        "sesudah": family["nilai"] | changes,
        "anggota": {str(m["id"]): "ditemukan" for m in family["anggota"]} | (members or {}),
    }  # fmt: skip
    response = client.post("/lapangan/kirim/", json.dumps(entry), content_type="application/json")
    assert response.status_code == 201, response.content
    return KunjunganLapangan.objects.get(pk=response.json()["id"])


@pytest.fixture
def field(make_worker, make_family, make_user):
    """A pendamping's caseload of two families, downloaded; the kab/kota operator's client."""
    worker = make_worker("pendamping.p1", kode="P1")
    families = [make_family(pendamping="P1") for _ in range(2)]
    refresh_counts()
    phone = Client()
    phone.force_login(worker)
    data = phone.get("/lapangan/unduh/").json()
    office = Client()
    office.force_login(make_user("operator", "operator_kabkota", "63.71"))
    return worker, phone, data, families, office


@pytest.fixture
def heard():
    """The registry's announcements, as subscribers receive them."""
    told: list[tuple[str, list[int]]] = []

    def listen(sender, kind, persons, **kwargs):
        told.append((kind, persons))

    registry_changed.connect(listen, dispatch_uid="test.lapangan.heard")
    yield told
    registry_changed.disconnect(dispatch_uid="test.lapangan.heard")


def test_accepting_enters_the_visit_as_a_source(field, heard, django_capture_on_commit_callbacks):
    _, phone, data, families, office = field
    household, adult, child = families[0]
    visit = _send(
        phone, data, members={str(adult.pk): "meninggal", str(child.pk): "pindah"},
        lantai="keramik", aset_motor=True,
    )  # fmt: skip

    living = live_counts()["63.71"][1]

    with django_capture_on_commit_callbacks(execute=True):
        assert office.post(f"/lapangan/kunjungan/{visit.pk}/terima/").status_code == 302

    visit.refresh_from_db()
    source = Source.objects.get(kode=SOURCE)
    assert (source.nama, source.jenis) == ("Kunjungan lapangan", "lapangan")
    batch = visit.batch
    assert batch.source == source and batch.status == "selesai"
    assert batch.diimpor_oleh == "pendamping.p1" and (batch.jumlah_baris, batch.diterima) == (2, 2)
    assert batch.nama_berkas == f"Kunjungan {visit.pk}, 1 Des 2026"
    records = {r.person_id: r for r in SourceRecord.objects.filter(batch=batch)}
    assert set(records) == {adult.pk, child.pk}
    for record in records.values():
        assert record.household_id == household.pk and record.kode_wilayah == household.wilayah_id
        assert record.data["lantai"] == "keramik" and record.data["aset_motor"] == "ya"
        assert record.data["tanggal_kunjungan"] == "2026-12-01"
        # No identity value: the worker confirmed none, survivorship takes none from here.
        assert (record.nik, record.nama, record.tanggal_lahir) == (None, "", None)
    assert records[adult.pk].data["status_anggota"] == "meninggal"
    assert records[child.pk].data["status_anggota"] == "pindah"
    adult.refresh_from_db()
    child.refresh_from_db()
    assert (adult.status, adult.tanggal_status) == ("meninggal", date(2026, 12, 1))
    assert (child.status, child.tanggal_status) == ("pindah", date(2026, 12, 1))
    assert ("death", [adult.pk]) in heard and ("update", [child.pk]) in heard
    # The headline counts (the living) moved with them.
    after = live_counts()
    assert after["63.71"][1] == living - 2
    assert {s.kode: (s.keluarga, s.orang, s.ppks) for s in KabKotaSummary.objects.all()} == after
    household.refresh_from_db()
    assert (household.lantai, household.aset_motor) == ("keramik", True)
    # Audited: the household with the values before and after, each person changed under
    # their NIK (the data subject's report finds it).
    row = AuditEvent.objects.get(objek="keluarga", objek_id=str(household.pk), aksi="ubah")
    assert row.rincian["batch"] == batch.pk
    assert row.rincian["nilai"]["lantai"] == ["semen", "keramik"]
    death = AuditEvent.objects.get(objek="orang", nik=adult.nik, aksi="ubah")
    assert death.rincian["kunjungan"] == visit.pk
    assert death.rincian["sesudah"] == {"status": "meninggal", "tanggal_status": "2026-12-01"}

    # The person page lists the source with the worker; the family page the visit.
    page = office.get(f"/orang/{child.pk}/").content.decode()
    assert f"Kunjungan lapangan · Kunjungan {visit.pk}, 1 Des 2026" in page
    assert "oleh pendamping.p1" in page
    family = office.get(f"/keluarga/{household.pk}/").content.decode()
    assert f'id="kunjungan-{visit.pk}"' in family and "mengubah Lantai" in family

    # Decided once: a second acceptance changes nothing.
    office.post(f"/lapangan/kunjungan/{visit.pk}/terima/")
    assert ImportBatch.objects.filter(source=source).count() == 1
    assert SourceRecord.objects.filter(batch__source=source).count() == 2


def test_refusing_changes_nothing(field):
    _, phone, data, families, office = field
    household, adult, _ = families[0]
    visit = _send(phone, data, members={str(adult.pk): "meninggal"}, lantai="keramik")
    before = AuditEvent.objects.filter(objek="orang", aksi="ubah").count()

    assert office.post(f"/lapangan/kunjungan/{visit.pk}/tolak/").status_code == 302

    visit.refresh_from_db()
    assert visit.verifikasi == "ditolak" and visit.batch is None
    assert not ImportBatch.objects.filter(source__kode=SOURCE).exists()
    assert not SourceRecord.objects.filter(person=adult).exists()
    adult.refresh_from_db()
    assert adult.status == "hidup" and adult.tanggal_status is None
    assert Household.objects.get(pk=household.pk).lantai == "semen"
    assert AuditEvent.objects.filter(objek="orang", aksi="ubah").count() == before


def test_a_death_the_registry_holds_is_not_undone_by_a_visit(field):
    _, phone, data, families, office = field
    _, adult, child = families[0]
    Person.objects.filter(pk=adult.pk).update(status="meninggal", tanggal_status=date(2026, 3, 1))
    visit = _send(phone, data, members={str(adult.pk): "pindah", str(child.pk): "ditemukan"})

    office.post(f"/lapangan/kunjungan/{visit.pk}/terima/")

    adult.refresh_from_db()
    assert (adult.status, adult.tanggal_status) == ("meninggal", date(2026, 3, 1))
    child.refresh_from_db()
    assert child.status == "hidup"
    # What the worker found is kept all the same.
    assert SourceRecord.objects.get(person=adult).data["status_anggota"] == "pindah"


def test_the_visit_batch_cannot_be_withdrawn(field):
    from datusoban.impor.withdrawal import WithdrawalRefusedError, withdraw_batch

    _, phone, data, families, office = field
    _, adult, _ = families[0]
    visit = _send(phone, data, members={str(adult.pk): "pindah"})
    office.post(f"/lapangan/kunjungan/{visit.pk}/terima/")
    batch = KunjunganLapangan.objects.get(pk=visit.pk).batch

    with pytest.raises(WithdrawalRefusedError, match="kunjungan lapangan"):
        withdraw_batch(batch, by="pytest", reason="salah")

    batch.refresh_from_db()
    assert batch.status == "selesai" and SourceRecord.objects.filter(batch=batch).count() == 2


# A family imported from the DTSEN export and linked: its people's golden values come from
# source records, as the registry's people do.
SITI = {
    "record_id": "S-1", "nik": "6371014507850003", "no_kk": "6371010101100001",
    "nama": "SITI AMINAH", "jenis_kelamin": "P", "tempat_lahir": "BANJARMASIN",
    "tanggal_lahir": "1985-07-05", "nama_ibu_kandung": "FATIMAH", "hubungan_keluarga": "Kepala",
    "alamat": "JL. A. YANI KM 2 NO. 5", "rt": "001", "rw": "002", "kode_wilayah": "63.71.01.1001",
    "desil": "2",
}  # fmt: skip


def _import(path, profile: str, source: str, rows: list[dict]) -> int:
    from datusoban.impor.services import import_file

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return import_file(path, profile=profile, user="pytest", source=source).batch_id


def test_a_link_run_after_acceptance_keeps_the_visit(tmp_path, make_worker, make_user):
    from datusoban.penautan.registry_link import link_registry

    link_registry(user="pytest", batches=[_import(tmp_path / "a.csv", "dtsen", "DTSEN", [SITI])])
    siti = Person.objects.get(nik=SITI["nik"])
    household = siti.household
    worker = make_worker("tksk.a", "tksk")  # a TKSK: their kecamatan's households
    phone = Client()
    phone.force_login(worker)
    data = phone.get("/lapangan/unduh/").json()
    assert [h["id"] for h in data["keluarga"]] == [household.pk]
    visit = _send(phone, data, members={str(siti.pk): "pindah"}, lantai="keramik", luas_lantai=45)
    office = Client()
    office.force_login(make_user("operator", "operator_kabkota", "63.71"))
    office.post(f"/lapangan/kunjungan/{visit.pk}/terima/")
    golden = Person.objects.values("nama", "nik", "tanggal_lahir").get(pk=siti.pk)

    # The PKH list names Siti too: its record joins her at the next link run, which chooses
    # her golden values again from all her records, the visit's among them.
    pkh = {k: v for k, v in SITI.items() if k != "desil"} | {"record_id": "P-1"}
    run = link_registry(user="pytest", batches=[_import(tmp_path / "b.csv", "pkh", "PKH", [pkh])])

    assert run.rekaman_ke_orang_lama == 1
    records = SourceRecord.objects.filter(person=siti)
    assert sorted(r.batch.source.kode for r in records) == sorted(
        [*Source.objects.exclude(kode=SOURCE).values_list("kode", flat=True), SOURCE]
    )
    visit.refresh_from_db()
    assert records.filter(batch=visit.batch).count() == 1
    siti.refresh_from_db()
    assert Person.objects.values("nama", "nik", "tanggal_lahir").get(pk=siti.pk) == golden
    # No golden value comes from the visit's record (it holds none).
    visit_records = set(SourceRecord.objects.filter(batch=visit.batch).values_list("pk", flat=True))
    assert siti.asal_data and not {e["rekaman"] for e in siti.asal_data.values()} & visit_records
    assert (siti.status, siti.tanggal_status, siti.household_id) == (
        "pindah", date(2026, 12, 1), household.pk,
    )  # fmt: skip
    household.refresh_from_db()
    assert (household.lantai, household.luas_lantai) == ("keramik", 45)
    page = office.get(f"/keluarga/{household.pk}/").content.decode()
    assert f'id="kunjungan-{visit.pk}"' in page


def test_no_file_claims_the_field_visit_source_kind():
    """The source kind "lapangan" ranks high in survivorship: only an accepted visit
    enters under it, never a file through a saved profile or the profile form."""
    from datusoban.impor.forms import SaveProfileForm
    from datusoban.impor.models import SavedProfile
    from datusoban.impor.saved_profiles import ProfileSaveError, save_profile

    with pytest.raises(ProfileSaveError, match="kunjungan lapangan"):
        save_profile("daftar-x", {"nama": "Nama"}, label="X", jenis="lapangan", user="pytest")
    assert not SavedProfile.objects.exists()
    form = SaveProfileForm(["Nama"])
    assert "lapangan" not in dict(form.fields["jenis"].choices)
    assert "lainnya" in dict(form.fields["jenis"].choices)
