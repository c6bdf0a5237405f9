"""Grievances: due date 14 days after receipt, the overdue list at fixed dates, each
outcome's effect on an enrolment or a proposal applied with the outcome (or neither),
roles and scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from datusoban.kasus.models import BerkasKasus
from datusoban.program import services as programs
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
from datusoban.refusal import RefusedError
from datusoban.sanggahan import sla
from datusoban.sanggahan.access import grievances_for
from datusoban.sanggahan.actions import NewGrievance, receive, verify
from datusoban.sanggahan.models import Sanggahan

from .conftest import BJB_DESA, BJM_DESA

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 3, 2)
PDF = b"%PDF-1.4\n" + b"0" * 32


@pytest.fixture
def operator(user_of):
    return user_of("operator_kabkota", "63.71")


@pytest.fixture
def enrolled(make_person):
    """A Banjarmasin family enrolled in BPNT (terdaftar)."""
    person = make_person("6371011203800001")
    enrolment = programs.propose("BPNT", household=person.household, oleh="uji")
    programs.change_status(enrolment, "diverifikasi", oleh="uji")
    programs.change_status(enrolment, "terdaftar", oleh="uji")
    return person, enrolment


def _objection(user, person, kategori="inklusi", **extra) -> Sanggahan:
    new = NewGrievance(kategori=kategori, uraian="Keluarga ini punya mobil dan toko",
                       wilayah=BJM_DESA, person_id=person.pk, program="BPNT",
                       diterima=RECEIVED, **extra)  # fmt: skip
    return receive(user, new)


def test_due_date_and_the_enrolment_it_concerns(operator, enrolled):
    person, enrolment = enrolled
    grievance = _objection(operator, person)
    assert grievance.batas == date(2026, 3, 16)  # 14 days, data/sanggahan.toml
    assert grievance.kepesertaan_id == enrolment.pk
    assert (grievance.nama_pelapor, grievance.status) == ("", "diterima")  # anonymous


def test_overdue_after_fourteen_days_until_verified(operator, enrolled):
    grievance = _objection(operator, enrolled[0])
    everything = Sanggahan.objects.all()
    assert list(sla.overdue_grievances(everything, date(2026, 3, 16))) == []
    assert list(sla.overdue_grievances(everything, date(2026, 3, 17))) == [grievance]
    verify(operator, grievance.pk, hasil="tidak_terbukti", tanggal=date(2026, 3, 20))
    assert list(sla.overdue_grievances(everything, date(2026, 3, 21))) == []
    [row] = sla.grievance_summary(everything, date(2026, 3, 21))
    assert (row["jumlah"], row["diverifikasi"], row["tepat_waktu"]) == (1, 1, 0)


def test_proven_inclusion_error_suspends_the_enrolment(operator, enrolled):
    person, enrolment = enrolled
    grievance = _objection(operator, person)
    verify(operator, grievance.pk, hasil="terbukti", tindak_lanjut="tangguhkan",
           catatan="Dicek: punya toko", tanggal=date(2026, 3, 10))  # fmt: skip
    assert Kepesertaan.objects.get(pk=enrolment.pk).status == "ditangguhkan"
    last = RiwayatKepesertaan.objects.filter(kepesertaan=enrolment).last()
    assert (last.ke, last.oleh, last.tanggal) == ("ditangguhkan", operator.username,
                                                   date(2026, 3, 10))  # fmt: skip
    assert f"Sanggahan {grievance.pk}" in last.keterangan
    done = Sanggahan.objects.get(pk=grievance.pk)
    assert (done.status, done.hasil, done.tindak_lanjut) == ("diverifikasi", "terbukti",
                                                             "tangguhkan")  # fmt: skip


def test_proven_inclusion_error_ends_the_enrolment_with_its_reason(operator, enrolled):
    person, enrolment = enrolled
    grievance = _objection(operator, person)
    verify(operator, grievance.pk, hasil="terbukti", tindak_lanjut="keluarkan", alasan="mampu")
    ended = Kepesertaan.objects.get(pk=enrolment.pk)
    assert (ended.status, ended.alasan_keluar) == ("keluar", "mampu")


def test_a_refused_effect_saves_no_outcome(operator, enrolled):
    person, enrolment = enrolled
    grievance = _objection(operator, person)
    with pytest.raises(RefusedError):  # an exit needs its reason (programs' table)
        verify(operator, grievance.pk, hasil="terbukti", tindak_lanjut="keluarkan")
    assert Sanggahan.objects.get(pk=grievance.pk).status == "diterima"
    assert Kepesertaan.objects.get(pk=enrolment.pk).status == "terdaftar"


def test_proven_exclusion_error_proposes_the_family(operator, make_person):
    person = make_person("6371015506900002")
    grievance = _objection(operator, person, kategori="eksklusi", nama_pelapor="Pak RT")
    assert grievance.kepesertaan is None
    verify(operator, grievance.pk, hasil="terbukti", tindak_lanjut="usulkan")
    done = Sanggahan.objects.get(pk=grievance.pk)
    proposal = Kepesertaan.objects.get(pk=done.usulan_id)
    assert (proposal.status, proposal.household_id, proposal.program_id) == (
        "diusulkan",
        person.household_id,
        "BPNT",
    )


def test_effect_must_fit_the_category_and_outcome(operator, enrolled):
    person, _ = enrolled
    grievance = _objection(operator, person)
    for hasil, effect in (("terbukti", "usulkan"), ("tidak_terbukti", "tangguhkan")):
        with pytest.raises(RefusedError) as refused:
            verify(operator, grievance.pk, hasil=hasil, tindak_lanjut=effect)
        assert refused.value.kode == "tindak_lanjut"
    with pytest.raises(RefusedError) as refused:
        verify(operator, grievance.pk, hasil="terbukti", tindak_lanjut="koreksi")
    assert refused.value.kode == "perlu_catatan"
    verify(operator, grievance.pk, hasil="tidak_terbukti")
    with pytest.raises(RefusedError) as refused:
        verify(operator, grievance.pk, hasil="tidak_terbukti")
    assert refused.value.kode == "sudah_diverifikasi"


@pytest.mark.parametrize("peran", ["pendamping", "analis_provinsi", "auditor", "staf_layanan"])
def test_roles_that_may_not_verify(operator, enrolled, user_of, peran):
    grievance = _objection(operator, enrolled[0])
    with pytest.raises(RefusedError) as refused:
        verify(user_of(peran, "63.71"), grievance.pk, hasil="tidak_terbukti")
    assert refused.value.kode == "peran_ditolak"


def test_scope(operator, enrolled, user_of, make_person):
    inside = _objection(operator, enrolled[0])
    bjb = user_of("operator_kabkota", "63.72", "op.bjb")
    outsider = make_person("6372021203800004", desa=BJB_DESA)
    elsewhere = receive(bjb, NewGrievance(kategori="layanan", uraian="Antrean lama",
                                          wilayah=BJB_DESA, person_id=outsider.pk))  # fmt: skip
    assert set(grievances_for(operator)) == {inside}
    assert set(grievances_for(user_of("admin_provinsi", "63"))) == {inside, elsewhere}
    with pytest.raises(RefusedError) as refused:
        verify(bjb, inside.pk, hasil="tidak_terbukti")
    assert refused.value.kode == "tidak_ditemukan"
    with pytest.raises(RefusedError) as refused:  # naming someone out of scope
        _objection(bjb, enrolled[0])
    assert refused.value.kode in {"di_luar_cakupan", "orang_tidak_ditemukan"}


def test_evidence_kept_with_the_grievance(operator, enrolled, home):
    new = NewGrievance(kategori="inklusi", uraian="Foto toko", wilayah="63.71")
    grievance = receive(operator, new, [SimpleUploadedFile("toko.pdf", PDF)])
    stored = BerkasKasus.objects.get(sanggahan=grievance)
    assert (home / "berkas" / stored.jalur).read_bytes() == PDF
