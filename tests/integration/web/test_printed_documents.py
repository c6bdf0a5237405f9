"""Printed documents (PDF) on the pages they belong to: a family's summary, a training
certificate, a case's referral letter and an allocation's proposed recipients.

Each names people, so each is an export: roles with ``ekspor`` only, a stated purpose,
one audit row per person printed with that purpose, what lies out of scope not found
(404), identifiers masked as the role says. Every document is read back with pypdf:
its pages, the letterhead, the names and the masking."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from datusoban.accounts.masking import mask_identifier
from datusoban.accounts.models import AuditEvent
from datusoban.accounts.purposes import purposes
from datusoban.kasus.models import LaporanKasus, Persetujuan, Rujukan
from datusoban.layanan import training
from datusoban.layanan.models import Pilar
from datusoban.reference.models import KategoriPPKS, Program
from datusoban.registri.models import Household

from .enrolments import make_enrolments
from .people import CHILD_NIK, OTHER_NIK, RIZKY_KK, RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
PDF = "application/pdf"
AGENCY = "DINAS SOSIAL PROVINSI KALIMANTAN SELATAN"
WORKER_NIK = "6371014101900007"
SECOND_KK = "6371010101100099"  # a family without members in the registry yet


def read_pdf(response) -> tuple[int, str]:
    """(pages, text) of a PDF answer."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"].startswith("attachment; filename=")
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def exported(objek: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(aksi="ekspor", objek=objek))


# A family's summary ---------------------------------------------------------------


def test_a_family_summary_prints_its_members_programmes_and_ppks(client, people: People):
    make_enrolments(people)
    household = people.rizky.household
    url = f"/keluarga/{household.pk}/ringkasan.pdf"
    log_in_as(client, "admin_provinsi", "63")
    assert f'href="{url}"' in client.get(f"/keluarga/{household.pk}/").content.decode()
    page = client.get(url)
    assert page.status_code == 200 and 'name="tujuan"' in page.content.decode()
    assert "Unduh PDF" in page.content.decode()
    assert client.post(url, {}).status_code == 400  # no purpose: the form again
    assert not exported("keluarga")
    pages, text = read_pdf(client.post(url, {"tujuan": "verifikasi", "keterangan": "Surat 9"}))
    assert pages == 1 and "Halaman 1 dari 1" in text
    assert AGENCY in text and "RINGKASAN KELUARGA" in text
    for name in ("Moh. Rizky", "Siti Aminah", "Ahmad Fauzan"):
        assert name in text
    assert RIZKY_NIK in text and RIZKY_KK in text  # a role with full identifiers
    assert Program.objects.get(kode="PKH").nama in text  # the family's enrolment
    for kategori in KategoriPPKS.objects.filter(pk__in=[9, 24]):
        assert kategori.nama in text  # a role that may see health data
    assert "Muhammad Rizki" not in text  # another family
    rows = exported("keluarga")
    assert {r.nik for r in rows} == {RIZKY_NIK, CHILD_NIK, people.siti.nik}
    assert {r.tujuan for r in rows} == {f"{purposes('keluarga')['verifikasi']}: Surat 9"}


def test_a_family_summary_is_masked_and_its_health_data_left_out_as_the_role_says(
    client, people: People
):
    household = people.rizky.household
    log_in_as(client, "analis_provinsi", "63")  # masked identifiers, no health data
    _, text = read_pdf(
        client.post(f"/keluarga/{household.pk}/ringkasan.pdf", {"tujuan": "rujukan"})
    )
    assert RIZKY_NIK not in text and RIZKY_KK not in text
    assert mask_identifier(RIZKY_NIK) in text and mask_identifier(RIZKY_KK) in text
    health = KategoriPPKS.objects.get(pk=9)
    assert health.data_spesifik and health.nama not in text
    assert "catatan PPKS tidak dicetak" in text


def test_a_family_out_of_scope_is_not_found_and_a_role_without_export_is_refused(
    client, people: People
):
    url = f"/keluarga/{people.rizky.household.pk}/ringkasan.pdf"
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.get(url).status_code == 404
    assert client.post(url, {"tujuan": "verifikasi"}).status_code == 404
    client.logout()
    log_in_as(client, "pendamping", "63.71")
    assert client.get(url).status_code == 403
    assert client.post(url, {"tujuan": "verifikasi"}).status_code == 403
    assert not exported("keluarga")


# A training certificate -----------------------------------------------------------


@pytest.fixture
def certificate(people):
    pilar = Pilar.objects.create(
        peran="tksk", nama="Fitri Handayani", nik=WORKER_NIK, wilayah_id="63.71.01",
        kode_kabkota="63.71", kode_kecamatan="63.71.01",
    )  # fmt: skip
    course = training.create_course("dasar-tksk", "Pelatihan dasar TKSK", ["tksk"], 3)
    start = date(2025, 3, 3)
    sesi = training.create_session(
        course, mulai=start, selesai=start + timedelta(days=2), tempat="Aula Dinsos",
        penyelenggara="Dinas Sosial Kota Banjarmasin", kode_kabkota="63.71",
    )  # fmt: skip
    peserta = training.enrol(sesi, pilar)
    training.record_result(peserta, hadir=True, lulus=True, on=start + timedelta(days=2))
    return training.certify(peserta, on=start + timedelta(days=2))


def test_a_certificate_prints_the_worker_the_course_and_its_validity(client, certificate):
    url = f"/layanan/pelatihan/sertifikat/{certificate.pk}/cetak.pdf"
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get(f"/layanan/pilar/{certificate.pilar_id}/").content.decode()
    assert f'href="{url}"' in page
    session = client.get(f"/layanan/pelatihan/sesi/{certificate.peserta.sesi_id}/")
    assert f'href="{url}"' in session.content.decode()
    pages, text = read_pdf(client.post(url, {"tujuan": "penyerahan"}))
    assert pages == 1 and AGENCY in text and "SERTIFIKAT" in text
    assert certificate.nomor in text and "Fitri Handayani" in text and WORKER_NIK in text
    assert "Pelatihan dasar TKSK" in text and "LULUS" in text and "Aula Dinsos" in text
    assert "3 Maret 2025 sampai dengan 5 Maret 2025" in text
    assert "DICABUT" not in text
    (row,) = exported("sertifikat")
    assert row.nik == WORKER_NIK and row.objek_id == str(certificate.pilar_id)
    assert row.tujuan == purposes("sertifikat")["penyerahan"]

    training.revoke(certificate, date(2025, 6, 1))
    _, text = read_pdf(client.post(url, {"tujuan": "verifikasi"}))
    assert "SERTIFIKAT INI DICABUT sejak 1 Juni 2025" in text


def test_a_certificate_is_masked_for_the_role_and_not_found_out_of_the_region(client, certificate):
    url = f"/layanan/pelatihan/sertifikat/{certificate.pk}/cetak.pdf"
    log_in_as(client, "analis_provinsi", "63")
    _, text = read_pdf(client.post(url, {"tujuan": "pembinaan"}))
    assert WORKER_NIK not in text and mask_identifier(WORKER_NIK) in text
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.post(url, {"tujuan": "pembinaan"}).status_code == 404
    assert len(exported("sertifikat")) == 1


# A referral letter ----------------------------------------------------------------


def _case_with_referral(person, desa: str) -> tuple[LaporanKasus, Rujukan]:
    now = timezone.now()
    case = LaporanKasus.objects.create(
        kategori_id=24, person=person, desa_id=desa, kode_kabkota=desa[:5],
        uraian="Tidak makan dua hari", urgensi="tinggi", nama_pelapor="pelapor.uji",
        dilaporkan_pada=now - timedelta(days=3), batas_waktu=now - timedelta(days=1),
        status="dirujuk",
    )  # fmt: skip
    consent = Persetujuan.objects.create(
        kasus=case, nama_pemberi="Ibu Sari", hubungan="istri", cara="lisan",
        diberikan_pada=now, dicatat_oleh="uji",
    )  # fmt: skip
    referral = Rujukan.objects.create(
        kasus=case, jenis="lks", nama_penerima="LKS Harapan Bunda", persetujuan=consent,
        catatan="Perlu pendampingan gizi", dirujuk_oleh="operator.bjm", dirujuk_pada=now,
    )  # fmt: skip
    return case, referral


def test_a_referral_letter_names_the_receiver_the_person_and_the_consent(client, people):
    case, referral = _case_with_referral(people.rizky, "63.71.01.1001")
    url = f"/kasus/{case.pk}/rujukan/{referral.pk}/surat.pdf"
    log_in_as(client, "operator_kabkota", "63.71")
    assert f'href="{url}"' in client.get(f"/kasus/{case.pk}/").content.decode()
    pages, text = read_pdf(client.post(url, {"tujuan": "penyampaian"}))
    assert pages == 1 and AGENCY in text and "SURAT RUJUKAN" in text
    assert "LKS Harapan Bunda" in text and "Moh. Rizky" in text and RIZKY_NIK in text
    assert "Ibu Sari" in text and "Perlu pendampingan gizi" in text
    assert "Tidak makan dua hari" in text and "operator.bjm" in text
    (row,) = exported("rujukan")
    assert row.nik == RIZKY_NIK and row.tujuan == purposes("rujukan")["penyampaian"]
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    _, text = read_pdf(client.post(url, {"tujuan": "arsip"}))
    assert RIZKY_NIK not in text and mask_identifier(RIZKY_NIK) in text


def test_a_referral_letter_out_of_reach_is_not_found(client, people):
    case, referral = _case_with_referral(people.rizky, "63.71.01.1001")
    other_case, other_referral = _case_with_referral(people.other, "63.72.02.1003")
    log_in_as(client, "operator_kabkota", "63.71")
    # Another case's referral under this case's address: not found.
    wrong = f"/kasus/{case.pk}/rujukan/{other_referral.pk}/surat.pdf"
    assert client.post(wrong, {"tujuan": "arsip"}).status_code == 404
    outside = f"/kasus/{other_case.pk}/rujukan/{other_referral.pk}/surat.pdf"
    assert client.get(outside).status_code == 404
    assert client.post(outside, {"tujuan": "arsip"}).status_code == 404
    client.logout()
    log_in_as(client, "staf_layanan", "63.71")  # sees the case, may not export
    assert client.post(f"/kasus/{case.pk}/rujukan/{referral.pk}/surat.pdf",
                       {"tujuan": "arsip"}).status_code in (403, 404)  # fmt: skip
    assert not exported("rujukan")
    assert OTHER_NIK not in "".join(r.nik or "" for r in AuditEvent.objects.all())


# An allocation's proposed recipients ----------------------------------------------


@pytest.fixture
def proposed(people):
    """A stored PKH run over Kota Banjarmasin with two families proposed under it, as
    "simpan dan usulkan" proposes them (the note on their first history row)."""
    from datusoban.program.services import propose_many
    from datusoban.sasaran.allocation_services import compute_allocation, store_allocation
    from datusoban.sasaran.proposals import proposal_note

    result = compute_allocation("PKH", as_of=date.today(), jumlah=1, kabkota="63.71")
    run = store_allocation(result, user="uji")
    other_family = Household.objects.create(wilayah_id="63.71.01.1001", no_kk=SECOND_KK)
    propose_many(
        "PKH", households=[people.rizky.household_id, other_family.pk], oleh="uji",
        keterangan=proposal_note(run),
    )  # fmt: skip
    return run


def test_an_allocation_prints_its_proposed_families_masked_as_the_role_says(client, proposed):
    url = f"/sasaran/alokasi/{proposed.pk}/usulan.pdf"
    log_in_as(client, "operator_kabkota", "63.71")
    assert f'href="{url}"' in client.get(f"/sasaran/alokasi/{proposed.pk}/").content.decode()
    pages, text = read_pdf(client.post(url, {"tujuan": "musyawarah"}))
    assert pages >= 1 and AGENCY in text and "DAFTAR USULAN PENERIMA PKH" in text
    assert f"Alokasi anggaran #{proposed.pk}" in text
    assert RIZKY_KK in text and "Moh. Rizky" in text  # the head of the proposed family
    assert SECOND_KK in text and "2 dari 2 dalam cakupan pencetak" in text
    assert "Diusulkan" in text
    rows = exported("usulan_alokasi")
    assert {r.objek_id for r in rows} >= {f"keluarga/{proposed_family(proposed)}"}
    assert RIZKY_NIK in {r.nik for r in rows}
    assert {r.tujuan for r in rows} == {purposes("alokasi")["musyawarah"]}
    client.logout()
    log_in_as(client, "analis_provinsi", "63")
    _, text = read_pdf(client.post(url, {"tujuan": "verifikasi"}))
    assert RIZKY_KK not in text and mask_identifier(RIZKY_KK) in text


def proposed_family(run) -> int:
    from datusoban.program.models import Kepesertaan

    return (
        Kepesertaan.objects.filter(
            riwayat__keterangan=f"Usulan alokasi anggaran #{run.pk}",
            household__no_kk=RIZKY_KK,
        )
        .values_list("household_id", flat=True)
        .get()
    )


def test_an_allocation_of_another_kabkota_is_not_found(client, proposed):
    url = f"/sasaran/alokasi/{proposed.pk}/usulan.pdf"
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.get(url).status_code == 404
    assert client.post(url, {"tujuan": "verifikasi"}).status_code == 404
    client.logout()
    log_in_as(client, "pendamping", "63.71")
    assert client.post(url, {"tujuan": "verifikasi"}).status_code == 403
    assert not exported("usulan_alokasi")
