"""Something of every kind "Tugas saya" lists, in Kota Banjarmasin (own) and in Kota
Banjarbaru (other): case reports (one overdue, one due later), a referral waiting for
its receiver, grievances, review pairs (people.py's registry), open quarantined rows
(one of a child), and certificates of active workers about to end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from datusoban.impor.models import QuarantinedRow
from datusoban.kasus.models import LaporanKasus, Persetujuan, Rujukan
from datusoban.layanan import training
from datusoban.layanan.models import Pilar, Sertifikat
from datusoban.registri.models import ImportBatch, Source
from datusoban.sanggahan.models import Sanggahan

from .people import People, make_people
from .review_pairs import Pairs, make_pairs

OWN_DESA, OTHER_DESA = "63.71.01.1001", "63.72.02.1003"


@dataclass
class Tasks:
    people: People
    pairs: Pairs
    reporter: User
    late_case: LaporanKasus  # Banjarmasin, past its limit
    due_case: LaporanKasus  # Banjarmasin, limit in two days
    other_case: LaporanKasus  # Banjarbaru, past its limit
    referral: Rujukan  # of a Banjarmasin case, waiting, past the case's SLA
    other_referral: Rujukan
    grievance: Sanggahan  # Banjarmasin, overdue
    other_grievance: Sanggahan
    other_batch: ImportBatch
    certificate: Sertifikat  # a Banjarmasin TKSK's, ends in 30 days
    other_certificate: Sertifikat


def _case(reporter: User, person, desa: str, *, limit_in: timedelta, status="dilaporkan"):
    now = timezone.now()
    return LaporanKasus.objects.create(
        kategori_id=24, person=person, desa_id=desa, kode_kabkota=desa[:5], uraian="Uji",
        urgensi="tinggi", status=status, pelapor=reporter, nama_pelapor=reporter.username,
        dilaporkan_pada=now - timedelta(days=5), batas_waktu=now + limit_in,
    )  # fmt: skip


def _referral(case: LaporanKasus) -> Rujukan:
    consent = Persetujuan.objects.create(
        kasus=case, nama_pemberi="Ibu Sari", hubungan="istri", cara="lisan",
        diberikan_pada=timezone.now(), dicatat_oleh="uji",
    )  # fmt: skip
    # Referred four days ago: the 72 hours of a "tinggi" case have passed.
    return Rujukan.objects.create(
        kasus=case, jenis="lks", nama_penerima="LKS Harapan", persetujuan=consent,
        dirujuk_oleh="uji", dirujuk_pada=timezone.now() - timedelta(days=4),
    )  # fmt: skip


def _grievance(person, desa: str) -> Sanggahan:
    today = timezone.localdate()
    return Sanggahan.objects.create(
        kategori="inklusi", uraian="Punya toko", person=person, wilayah_id=desa,
        kode_kabkota=desa[:5], diterima=today - timedelta(days=20),
        batas=today - timedelta(days=6), dicatat_oleh="uji",
    )  # fmt: skip


def _certificate(course, nama: str, kecamatan: str) -> Sertifikat:
    pilar = Pilar.objects.create(
        peran="tksk", nama=nama, wilayah_id=kecamatan, kode_kabkota=kecamatan[:5],
        kode_kecamatan=kecamatan,
    )  # fmt: skip
    start = date.today() - timedelta(days=3 * 365 - 30)
    sesi = training.create_session(
        course, mulai=start, selesai=start, tempat="Aula", penyelenggara="Dinsos",
        kode_kabkota=kecamatan[:5],
    )  # fmt: skip
    peserta = training.enrol(sesi, pilar)
    training.record_result(peserta, hadir=True, lulus=True, on=start)
    certificate = training.certify(peserta, on=start)
    certificate.berlaku_sampai = date.today() + timedelta(days=30)
    certificate.save(update_fields=["berlaku_sampai"])
    return certificate


def make_tasks() -> Tasks:
    people = make_people()
    pairs = make_pairs(people)
    reporter = User.objects.create_user("pelapor.kasus")
    late = _case(reporter, people.rizky, OWN_DESA, limit_in=-timedelta(days=2))
    due = _case(reporter, None, OWN_DESA, limit_in=timedelta(days=2))
    other = _case(reporter, people.other, OTHER_DESA, limit_in=-timedelta(days=2))
    referred = _case(reporter, people.siti, OWN_DESA, limit_in=timedelta(days=1), status="dirujuk")
    other_referred = _case(
        reporter, people.other, OTHER_DESA, limit_in=timedelta(days=1), status="dirujuk"
    )
    # The registry batch of people.py (Banjarmasin's source) holds a child's open row.
    QuarantinedRow.objects.create(
        batch=people.batch, nomor_baris=9, record_id="q9", nik="6371016606060009",
        kode_wilayah=OWN_DESA, tanggal_lahir=date(2016, 6, 26), alasan=["nik_tidak_valid"],
        data={"NIK": "6371016606060009", "Nama": "Nabila Putri"},
    )  # fmt: skip
    QuarantinedRow.objects.create(
        batch=people.batch, nomor_baris=10, record_id="q10", kode_wilayah=OWN_DESA,
        alasan=["nik_tidak_valid"], data={"NIK": "63710", "Nama": "Dewi Lestari"},
    )  # fmt: skip
    other_source = Source.objects.create(
        kode="dinsos-bjb", nama="Dinsos Kota Banjarbaru", jenis="dinsos_kabkota",
        wilayah_id="63.72",
    )  # fmt: skip
    other_batch = ImportBatch.objects.create(
        source=other_source, nama_berkas="ppks_bjb.csv", sha256="y", profil="ppks-kabkota",
        diimpor_oleh="uji", status="selesai", jumlah_baris=1, karantina=1,
    )  # fmt: skip
    QuarantinedRow.objects.create(
        batch=other_batch, nomor_baris=2, record_id="q2", kode_wilayah=OTHER_DESA,
        alasan=["nik_tidak_valid"], data={"NIK": "63720", "Nama": "Yusuf Maulana"},
    )  # fmt: skip
    course = training.create_course("dasar-tksk", "Pelatihan dasar TKSK", ["tksk"], 3)
    return Tasks(
        people=people, pairs=pairs, reporter=reporter, late_case=late, due_case=due,
        other_case=other, referral=_referral(referred), other_referral=_referral(other_referred),
        grievance=_grievance(people.rizky, OWN_DESA),
        other_grievance=_grievance(people.other, OTHER_DESA), other_batch=other_batch,
        certificate=_certificate(course, "Fitri Handayani", "63.71.01"),
        other_certificate=_certificate(course, "Rahmat Hidayat", "63.72.02"),
    )  # fmt: skip
