"""Deaths from the civil registry, over real HTTP, into the registry: each death becomes a
proposal matched by NIK (one person, several, none), kept once however often the period
is polled; applying one marks the person deceased from the date of death and ends their
own open enrolments with the reason ``meninggal``, in one transaction, audited and counted
— or changes nothing when any part is refused."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.crvs.actions import terapkan, tolak
from datusoban.crvs.intake import terima_kematian
from datusoban.crvs.models import UsulanKematian
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
from datusoban.refusal import RefusedError
from datusoban.registri.models import KabKotaSummary, Person
from datusoban.registri.stats import live_counts, refresh_counts

pytestmark = pytest.mark.django_db
SITI, RUSMINI, FAUZI = "6371011203800001", "6372024506600003", "6371011505700004"
DIED = date(2026, 2, 20)
TODAY = date(2026, 3, 2)


@pytest.fixture
def operator(user_of):
    return user_of("operator_kabkota", "63.71")


@pytest.fixture
def siti(make_person):
    person = make_person(SITI)
    person.tanggal_lahir = date(1950, 5, 1)
    person.save()
    refresh_counts()  # as a load leaves the registry: its headline counts made
    return person


@pytest.fixture
def enrolled(siti):
    """Siti's own PERMAKANAN enrolment and her family's PKH."""
    own = Kepesertaan.objects.create(program_id="PERMAKANAN", person=siti, status="terdaftar",
                                     mulai=date(2025, 1, 1), kode_kabkota="63.71")  # fmt: skip
    family = Kepesertaan.objects.create(program_id="PKH", household=siti.household,
                                        status="terdaftar", mulai=date(2025, 1, 1),
                                        kode_kabkota="63.71")  # fmt: skip
    return own, family


def _polled(client) -> dict[str, UsulanKematian]:
    terima_kematian(client.kematian_sejak(date(2025, 10, 1), "63"), oleh="pytest")
    return {u.nik: u for u in UsulanKematian.objects.all()}


def _summary() -> dict:
    return {s.kode: (s.keluarga, s.orang, s.ppks) for s in KabKotaSummary.objects.all()}


def test_each_death_proposed_once_and_matched_by_nik(client, siti, make_person):
    make_person(FAUZI, nama="Ahmad Fauzi")
    make_person(FAUZI, nama="Ahmad Fauzi")  # two records linkage has not merged
    proposals = _polled(client)
    assert {nik: (u.padanan, u.person_id) for nik, u in proposals.items()} == {
        SITI: ("nik", siti.pk),
        FAUZI: ("ganda", None),
        RUSMINI: ("tidak_ada", None),
    }
    siti_death = proposals[SITI]
    assert (siti_death.status, siti_death.tanggal_kematian) == ("menunggu", DIED)
    assert siti_death.nomor_peristiwa == "DRN:6371-KM-20260220-0001"
    assert siti_death.bukti["death_place"] == "RSUD Ulin Banjarmasin"  # the evidence, whole
    assert siti_death.nama == "Siti Aminah"
    # Each proposal is in the audit trail under its NIK; nothing in the registry changed.
    audited = AuditEvent.objects.filter(objek="usulan_kematian")
    assert sorted(audited.values_list("nik", flat=True)) == sorted([SITI, FAUZI, RUSMINI])
    assert Person.objects.get(pk=siti.pk).status == "hidup"
    # Polled again: nothing new.
    again = terima_kematian(client.kematian_sejak(date(2025, 10, 1), "63"), oleh="pytest")
    assert (again.baru, again.sudah_ada) == ([], 3)
    assert UsulanKematian.objects.count() == 3
    # A search by NIK of a living person proposes nothing.
    living = terima_kematian(client.cari_nik("6371014107550002"), oleh="pytest")
    assert (living.baru, living.bukan_kematian) == ([], 1)


def test_applied_the_person_is_deceased_and_their_enrolments_ended(client, operator, enrolled):
    own, family = enrolled
    before = _summary()
    usulan = terapkan(operator, _polled(client)[SITI].pk, today=TODAY)
    person = Person.objects.get(pk=usulan.person_id)
    assert (person.status, person.tanggal_status) == ("meninggal", DIED)
    own.refresh_from_db()
    family.refresh_from_db()
    assert (own.status, own.alasan_keluar, own.selesai) == ("keluar", "meninggal", DIED)
    assert family.status == "terdaftar"  # the family goes on
    history = RiwayatKepesertaan.objects.get(kepesertaan=own)
    assert (history.dari, history.ke, history.oleh) == ("terdaftar", "keluar", operator.username)
    assert "DRN:6371-KM-20260220-0001" in history.keterangan
    usulan.refresh_from_db()
    assert (usulan.status, usulan.diputuskan_oleh) == ("diterapkan", operator.username)
    assert usulan.perubahan == {
        "orang": person.pk,
        "sebelum": {"status": "hidup", "tanggal_status": None},
        "sesudah": {"status": "meninggal", "tanggal_status": "2026-02-20"},
        "kepesertaan_diakhiri": [own.pk],
    }
    audit = AuditEvent.objects.get(objek="orang", objek_id=str(person.pk))
    assert (audit.aksi, audit.nik, audit.nama_pengguna) == ("ubah", SITI, operator.username)
    assert audit.rincian["usulan_kematian"] == usulan.pk
    assert _summary()["63.71"][1] == before["63.71"][1] - 1
    assert _summary() == live_counts()
    with pytest.raises(RefusedError) as refused:
        terapkan(operator, usulan.pk, today=TODAY)
    assert refused.value.kode == "sudah_diputuskan"


def test_a_refused_enrolment_change_leaves_everything_as_it_was(client, operator, siti):
    # Enrolled from a date after the death: the programme refuses to end it earlier.
    late = Kepesertaan.objects.create(program_id="PERMAKANAN", person=siti, status="terdaftar",
                                      mulai=date(2026, 3, 1), kode_kabkota="63.71")  # fmt: skip
    pk = _polled(client)[SITI].pk
    with pytest.raises(RefusedError) as refused:
        terapkan(operator, pk, today=TODAY)
    assert refused.value.kode == "kepesertaan_ditolak"
    assert "sebelum tanggal mulai" in refused.value.pesan
    assert Person.objects.get(pk=siti.pk).status == "hidup"
    assert Kepesertaan.objects.get(pk=late.pk).status == "terdaftar"
    assert UsulanKematian.objects.get(pk=pk).status == "menunggu"
    assert not AuditEvent.objects.filter(objek="orang").exists()


def test_refusals_before_anything_changes(client, operator, user_of, siti, make_person):
    make_person(FAUZI)
    make_person(FAUZI)
    proposals = _polled(client)

    def refused(user, pk, today=TODAY) -> RefusedError:
        with pytest.raises(RefusedError) as caught:
            terapkan(user, pk, today=today)
        return caught.value

    # Without a person a proposal has no region of ours: only the province decides it.
    admin = user_of("admin_provinsi", "63")
    assert refused(admin, proposals[FAUZI].pk).kode == "tanpa_padanan"
    assert refused(admin, proposals[RUSMINI].pk).kode == "tanpa_padanan"
    assert refused(operator, proposals[RUSMINI].pk).kode == "usulan_tidak_ditemukan"
    with pytest.raises(RefusedError) as caught:
        tolak(operator, proposals[RUSMINI].pk, "Bukan warga kami")
    assert caught.value.status == 404
    assert tolak(admin, proposals[RUSMINI].pk, "Tidak ada di registri").status == "ditolak"
    outside = refused(user_of("operator_kabkota", "63.72"), proposals[SITI].pk)
    assert (outside.kode, outside.status) == ("usulan_tidak_ditemukan", 404)
    reader = refused(user_of("analis_provinsi", "63"), proposals[SITI].pk)
    assert (reader.kode, reader.status) == ("peran_ditolak", 403)
    assert refused(operator, proposals[SITI].pk, today=date(2026, 2, 1)).kode == "tanggal_kematian"
    assert Person.objects.get(pk=siti.pk).status == "hidup"


def test_a_proposal_refused_with_its_reason(client, operator, siti):
    pk = _polled(client)[SITI].pk
    with pytest.raises(RefusedError) as refused:
        tolak(operator, pk, "  ")
    assert (refused.value.kode, refused.value.field) == ("perlu_alasan", "alasan")
    usulan = tolak(operator, pk, "Akta kematian atas nama orang lain dengan NIK keliru")
    assert (usulan.status, usulan.diputuskan_oleh) == ("ditolak", operator.username)
    assert Person.objects.get(pk=siti.pk).status == "hidup"
    with pytest.raises(RefusedError) as again:
        terapkan(operator, pk, today=TODAY)
    assert again.value.kode == "sudah_diputuskan"


def test_the_command_polls_deaths(client, crvs, siti, tmp_path):
    from django.core.management import CommandError, call_command

    from .crvs_server import TOKEN

    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    out = io.StringIO()
    call_command("crvs-kematian", url=crvs.url, token_file=str(token), sejak="2026-01-01",
                 stdout=out)  # fmt: skip
    assert out.getvalue().strip() == (
        "2 usulan kematian baru (1 tanpa padanan tepat satu orang di registri, 0 diterapkan "
        "otomatis), 0 sudah diusulkan sebelumnya."
    )
    out = io.StringIO()
    call_command("crvs-kematian", url=crvs.url, token_file=str(token), nik=SITI, json=True,
                 stdout=out)  # fmt: skip
    assert json.loads(out.getvalue()) == {
        "baru": 0, "tanpa_padanan": 0, "sudah_ada": 1, "bukan_kematian": 0,
        "diterapkan_otomatis": 0,
    }  # fmt: skip
    crvs.rusak = "bukan_json"
    with pytest.raises(CommandError, match="bukan JSON"):
        call_command("crvs-kematian", url=crvs.url, token_file=str(token), sejak="2026-01-01")
    with pytest.raises(CommandError, match="bukan tanggal"):
        call_command("crvs-kematian", url=crvs.url, token_file=str(token), sejak="1/1/2026")


def test_matched_through_a_linked_source_row(client, operator, make_person):
    """Rusmini's golden record carries another NIK (survivorship chose it); a DTSEN row
    with the NIK the civil registry knows was linked to her: the death is hers."""
    from datusoban.registri.models import ImportBatch, Source, SourceRecord

    rusmini = make_person("6372024506600099", nama="Hj Rusmini")
    dtsen = ImportBatch.objects.create(
        source=Source.objects.create(kode="dtsen", nama="DTSEN Kemensos", jenis="kemensos"),
        nama_berkas="dtsen.csv", sha256="y", profil="dtsen", diimpor_oleh="uji",
        status="selesai",
    )  # fmt: skip
    SourceRecord.objects.create(batch=dtsen, nomor_baris=2, record_id="d2", person=rusmini,
                                nik=RUSMINI, nama="HJ RUSMINI", data={"nik": RUSMINI})  # fmt: skip
    refresh_counts()
    usulan = _polled(client)[RUSMINI]
    assert (usulan.padanan, usulan.person_id) == ("tautan", rusmini.pk)
    terapkan(operator, usulan.pk, today=TODAY)
    rusmini.refresh_from_db()
    assert (rusmini.status, rusmini.tanggal_status) == ("meninggal", date(2026, 1, 11))
