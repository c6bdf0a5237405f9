"""Training: enrolling workers in sessions, attendance, certificates and who is due.

A certificate is issued only to a participant who attended and passed a session
that has ended; it is valid for the course's years (or the policy's
``masa_berlaku_tahun``). A worker of a role that must be certified is *due*
when they hold no valid certificate of a course for their role, or one that
ends within ``segera_habis_hari`` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from datusoban.layanan.models import Pelatihan, PesertaPelatihan, Pilar, Sertifikat, SesiPelatihan
from datusoban.layanan.models.network import Status
from datusoban.layanan.policy import section
from datusoban.refusal import RefusedError


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def create_course(
    kode: str, nama: str, untuk_peran: list[str], masa_berlaku_tahun: int | None
) -> Pelatihan:
    """A course; ``untuk_peran`` the worker roles it certifies (Pilar.Peran)."""
    unknown = sorted(set(untuk_peran) - set(Pilar.Peran.values))
    if unknown:
        raise RefusedError(
            "ditolak", f"Peran tidak dikenal: {', '.join(unknown)}.", field="untuk_peran"
        )
    if masa_berlaku_tahun is not None and masa_berlaku_tahun < 1:
        raise RefusedError(
            "ditolak", "Masa berlaku paling sedikit 1 tahun.", field="masa_berlaku_tahun"
        )
    try:
        with transaction.atomic():
            return Pelatihan.objects.create(
                kode=kode, nama=nama.strip(), untuk_peran=list(untuk_peran),
                masa_berlaku_tahun=masa_berlaku_tahun,
            )  # fmt: skip
    except IntegrityError:
        raise RefusedError(
            "ditolak", f"Kode pelatihan {kode} sudah dipakai.", field="kode"
        ) from None


def create_session(
    pelatihan: Pelatihan, *, mulai: date, selesai: date, tempat: str, penyelenggara: str,
    kode_kabkota: str = "",
) -> SesiPelatihan:  # fmt: skip
    """One run of a course; ``kode_kabkota`` empty: held for the whole province."""
    if selesai < mulai:
        raise RefusedError("ditolak", "Tanggal selesai sebelum tanggal mulai.", field="selesai")
    penyelenggara = penyelenggara.strip() or section("pelatihan")["penyelenggara_baku"]
    with transaction.atomic():
        return SesiPelatihan.objects.create(
            pelatihan=pelatihan, mulai=mulai, selesai=selesai, tempat=tempat.strip(),
            penyelenggara=penyelenggara, kode_kabkota=kode_kabkota,
        )  # fmt: skip


def enrol(sesi: SesiPelatihan, pilar: Pilar) -> PesertaPelatihan:
    if pilar.status != Status.AKTIF:
        raise RefusedError("ditolak", f"{pilar.nama} tidak aktif.")
    try:
        with transaction.atomic():
            return PesertaPelatihan.objects.create(sesi=sesi, pilar=pilar)
    except IntegrityError:
        raise RefusedError("ditolak", f"{pilar.nama} sudah terdaftar pada sesi ini.") from None


def record_result(peserta: PesertaPelatihan, *, hadir: bool, lulus: bool, on: date) -> None:
    """Attendance and result, once the session has ended."""
    if on < peserta.sesi.selesai:
        raise RefusedError("ditolak", "Kehadiran dicatat setelah sesi selesai.")
    if lulus and not hadir:
        raise RefusedError(
            "ditolak", "Peserta yang tidak hadir tidak dapat dinyatakan lulus.", field="lulus"
        )
    if hasattr(peserta, "sertifikat") and not lulus:
        raise RefusedError(
            "ditolak", "Peserta ini sudah bersertifikat: cabut sertifikatnya dahulu."
        )
    peserta.hadir, peserta.lulus = hadir, lulus
    peserta.save(update_fields=["hadir", "lulus"])


def certify(peserta: PesertaPelatihan, *, on: date, nomor: str | None = None) -> Sertifikat:
    """Issue the certificate of a participant who attended and passed."""
    if not (peserta.hadir and peserta.lulus):
        raise RefusedError("ditolak", "Sertifikat hanya untuk peserta yang hadir dan lulus.")
    if on < peserta.sesi.selesai:
        raise RefusedError("ditolak", "Sertifikat terbit setelah sesi selesai.")
    if hasattr(peserta, "sertifikat"):
        raise RefusedError("ditolak", "Peserta ini sudah bersertifikat.")
    course = peserta.sesi.pelatihan
    years = course.masa_berlaku_tahun or section("pelatihan")["masa_berlaku_tahun"]
    return Sertifikat.objects.create(
        peserta=peserta,
        pilar_id=peserta.pilar_id,
        pelatihan=course,
        nomor=nomor or f"{course.kode}/{peserta.sesi_id}/{peserta.pk}",
        terbit=on,
        berlaku_sampai=_add_years(on, years),
    )


def revoke(sertifikat: Sertifikat, on: date) -> None:
    if sertifikat.dicabut is not None:
        raise RefusedError("ditolak", "Sertifikat sudah dicabut.")
    if on < sertifikat.terbit:
        raise RefusedError(
            "ditolak", "Tanggal pencabutan sebelum sertifikat terbit.", field="tanggal"
        )
    sertifikat.dicabut = on
    sertifikat.save(update_fields=["dicabut"])


@dataclass(frozen=True)
class Due:
    pilar: Pilar
    # The end of their latest certificate (past when lapsed); None: never certified.
    berlaku_sampai: date | None
    on: date

    @property
    def alasan(self) -> str:
        from datusoban.formatting import tanggal

        if self.berlaku_sampai is None:
            return "Belum bersertifikat"
        if self.berlaku_sampai < self.on:
            return f"Sertifikat habis {tanggal(self.berlaku_sampai)}"
        return f"Sertifikat berakhir {tanggal(self.berlaku_sampai)}"


def due_for_training(workers: QuerySet[Pilar], on: date) -> list[Due]:
    """Active workers of the roles that must be certified whose latest certificate of
    a course for their role ends before ``segera_habis_hari`` days from ``on`` (or who
    never had one: those first, then by end date)."""
    policy = section("pelatihan")
    horizon = on + timedelta(days=policy["segera_habis_hari"])
    roles = policy["wajib"]
    courses = {
        role: [c.pk for c in Pelatihan.objects.all() if role in c.untuk_peran] for role in roles
    }
    workers = workers.filter(status=Status.AKTIF, peran__in=roles)
    held = Sertifikat.objects.filter(pilar__in=workers.values("pk"), terbit__lte=on).exclude(
        dicabut__lte=on
    )
    latest: dict[tuple[int, int], date] = {}
    for pilar_id, course, until in held.values_list("pilar_id", "pelatihan_id", "berlaku_sampai"):
        key = (pilar_id, course)
        latest[key] = max(until, latest.get(key, until))
    found: list[Due] = []
    for pilar in workers.order_by("kode_kabkota", "nama", "pk"):
        ends = [latest[pilar.pk, c] for c in courses[pilar.peran] if (pilar.pk, c) in latest]
        until = max(ends) if ends else None
        if until is None or until <= horizon:
            found.append(Due(pilar, until, on))
    return sorted(found, key=lambda d: (d.berlaku_sampai is not None, d.berlaku_sampai or on))
