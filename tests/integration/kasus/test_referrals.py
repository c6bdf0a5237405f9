"""Referrals: consent before an outside organisation, a programme referral proposes an
enrolment, the receiver accepts or refuses (the case goes back to be assessed)."""

from __future__ import annotations

import pytest

from datusoban.kasus.models import LangkahKasus, LaporanKasus, Rujukan
from datusoban.kasus.referrals import decide, record_consent, refer
from datusoban.program.models import Kepesertaan
from datusoban.refusal import RefusedError

pytestmark = pytest.mark.django_db


def _assessed(case) -> LaporanKasus:
    LaporanKasus.objects.filter(pk=case.pk).update(status="diasesmen")  # set-up only
    return case


@pytest.fixture
def pendamping(user_of):
    return user_of("pendamping", "63.71")


@pytest.mark.parametrize("jenis", ["lks", "instansi"])
def test_outside_organisation_needs_consent_first(file_case, pendamping, jenis):
    case = _assessed(file_case(pendamping))
    with pytest.raises(RefusedError) as refused:
        refer(pendamping, case.pk, jenis=jenis, nama_penerima="LKSA Harapan Bunda")
    assert refused.value.kode == "perlu_persetujuan"
    assert LaporanKasus.objects.get(pk=case.pk).status == "diasesmen"
    assert not Rujukan.objects.exists()

    given = record_consent(
        pendamping, case.pk, nama_pemberi="Siti Aminah", hubungan="yang bersangkutan",
        cara="tertulis",
    )  # fmt: skip
    referral = refer(pendamping, case.pk, jenis=jenis, nama_penerima="LKSA Harapan Bunda")
    assert referral.persetujuan == given
    assert LaporanKasus.objects.get(pk=case.pk).status == "dirujuk"
    assert LangkahKasus.objects.filter(kasus=case, aksi="rujuk").count() == 1


def test_uptd_inside_dinsos_needs_no_consent(file_case, pendamping):
    case = _assessed(file_case(pendamping))
    referral = refer(pendamping, case.pk, jenis="uptd", nama_penerima="Panti Budi Sejahtera")
    assert referral.persetujuan is None and referral.status == "menunggu"


def test_referral_only_from_an_assessed_case(file_case, pendamping):
    case = file_case(pendamping)
    with pytest.raises(RefusedError) as refused:
        refer(pendamping, case.pk, jenis="uptd", nama_penerima="Panti Budi Sejahtera")
    assert refused.value.kode == "transisi_ditolak"


def test_programme_referral_proposes_an_enrolment(file_case, pendamping, make_person):
    person = make_person(nik="6371011203800001")
    case = _assessed(file_case(pendamping, person_id=person.pk))
    referral = refer(pendamping, case.pk, jenis="program", program="PERMAKANAN")
    enrolment = Kepesertaan.objects.get(pk=referral.kepesertaan_id)
    assert (enrolment.status, enrolment.person_id, enrolment.program_id) == (
        "diusulkan",
        person.pk,
        "PERMAKANAN",
    )
    # Proposed twice: refused by the programme's own rule, the case unchanged.
    second = _assessed(file_case(pendamping, person_id=person.pk))
    with pytest.raises(RefusedError) as refused:
        refer(pendamping, second.pk, jenis="program", program="PERMAKANAN")
    assert refused.value.kode == "sudah_terdaftar"
    assert LaporanKasus.objects.get(pk=second.pk).status == "diasesmen"


def test_programme_referral_needs_a_registry_person(file_case, pendamping):
    case = _assessed(file_case(pendamping, nama_orang="Tanpa NIK"))
    with pytest.raises(RefusedError) as refused:
        refer(pendamping, case.pk, jenis="program", program="PERMAKANAN")
    assert refused.value.kode == "perlu_orang"


def test_receiver_accepts(file_case, pendamping, user_of):
    case = _assessed(file_case(pendamping))
    referral = refer(pendamping, case.pk, jenis="uptd", nama_penerima="Panti Budi Sejahtera")
    staff = user_of("staf_layanan", "63.71")
    decided = decide(staff, referral.pk, terima=True)
    assert (decided.status, decided.diputus_oleh) == ("diterima", staff.username)
    assert LaporanKasus.objects.get(pk=case.pk).status == "dirujuk"
    with pytest.raises(RefusedError) as refused:
        decide(staff, referral.pk, terima=False, alasan="berubah pikiran")
    assert refused.value.kode == "sudah_diputus"


def test_receiver_refuses_with_a_reason_and_the_case_returns(file_case, pendamping, user_of):
    case = _assessed(file_case(pendamping))
    referral = refer(pendamping, case.pk, jenis="uptd", nama_penerima="Panti Budi Sejahtera")
    staff = user_of("staf_layanan", "63.71")
    with pytest.raises(RefusedError) as refused:
        decide(staff, referral.pk, terima=False)
    assert refused.value.kode == "perlu_alasan"
    decide(staff, referral.pk, terima=False, alasan="Kapasitas panti penuh")
    assert Rujukan.objects.get(pk=referral.pk).alasan == "Kapasitas panti penuh"
    assert LaporanKasus.objects.get(pk=case.pk).status == "diasesmen"
    last = LangkahKasus.objects.filter(kasus=case).last()
    assert (last.aksi, last.oleh) == ("rujukan_ditolak", staff.username)


@pytest.mark.parametrize("peran", ["pendamping", "analis_provinsi", "auditor"])
def test_roles_that_may_not_decide_a_referral(file_case, pendamping, user_of, peran):
    case = _assessed(file_case(pendamping))
    referral = refer(pendamping, case.pk, jenis="uptd", nama_penerima="Panti Budi Sejahtera")
    with pytest.raises(RefusedError) as refused:
        decide(user_of(peran, "63", f"{peran}.x"), referral.pk, terima=True)
    assert refused.value.kode == "peran_ditolak"


def test_receiver_outside_the_region_does_not_find_it(file_case, pendamping, user_of):
    case = _assessed(file_case(pendamping))
    referral = refer(pendamping, case.pk, jenis="uptd", nama_penerima="Panti Budi Sejahtera")
    with pytest.raises(RefusedError) as refused:
        decide(user_of("staf_layanan", "63.72"), referral.pk, terima=True)
    assert refused.value.kode == "tidak_ditemukan"


def _institution(jenis: str, kode: str):
    from datusoban.layanan.models import Lembaga

    return Lembaga.objects.create(
        jenis=jenis, kode=kode, nama=f"{jenis.upper()} {kode}", wilayah_id="63.71.01",
        kode_kabkota="63.71", kode_kecamatan="63.71.01", kapasitas=20, layanan=["terapi"],
    )  # fmt: skip


def test_referral_to_a_registered_institution(file_case, pendamping):
    lks = _institution("lks", "LKS-1")
    case = _assessed(file_case(pendamping))
    with pytest.raises(RefusedError) as refused:  # an LKS is not a UPTD
        refer(pendamping, case.pk, jenis="uptd", lembaga=lks.pk)
    assert refused.value.kode == "lembaga_tidak_dikenal"
    record_consent(pendamping, case.pk, nama_pemberi="Siti", hubungan="ibu", cara="cap_jempol")
    referral = refer(pendamping, case.pk, jenis="lks", lembaga=lks.pk)
    assert (referral.lembaga, referral.nama_penerima) == (lks, "LKS LKS-1")
