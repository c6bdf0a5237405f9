"""Referring a case: to a programme (a proposal through ``program.services.propose``), an
LKS, a UPTD or another agency; the receiver accepts or refuses with a reason.

An outside organisation receives a person's case only after their consent is recorded
(``Persetujuan``; which receivers are outside is data/kasus.toml ``[rujukan]``).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from datusoban.accounts.scope import scope_of
from datusoban.kasus import policy
from datusoban.kasus.access import cases_for
from datusoban.kasus.models import LaporanKasus, Persetujuan, Rujukan
from datusoban.kasus.services import move, visible_case
from datusoban.layanan.models import Lembaga
from datusoban.program import services as programs
from datusoban.reference.models import Program
from datusoban.refusal import RefusedError

_FAMILY_TARGETS = {"keluarga", "rumah", "kelompok"}


def record_consent(
    user, pk: int, *, nama_pemberi: str, hubungan: str, cara: str,
    diberikan_pada: datetime | None = None,
) -> Persetujuan:  # fmt: skip
    """Record who consented to the case being shared, when and how."""
    if not nama_pemberi.strip() or not hubungan.strip():
        raise RefusedError("persetujuan", "Nama pemberi persetujuan dan hubungannya wajib diisi.")
    if cara not in Persetujuan.Cara.values:
        raise RefusedError("persetujuan", f"Cara persetujuan '{cara}' tidak dikenal.")
    with transaction.atomic():
        case = visible_case(user, pk, for_update=True)
        return Persetujuan.objects.create(
            kasus=case, nama_pemberi=nama_pemberi.strip(), hubungan=hubungan.strip(), cara=cara,
            diberikan_pada=diberikan_pada or timezone.now(), dicatat_oleh=user.get_username(),
        )  # fmt: skip


def _propose(case: LaporanKasus, kode: str, who: str, now: datetime):
    programme = Program.objects.filter(pk=kode).first()
    if programme is None:
        raise RefusedError("program_tidak_dikenal", f"Program {kode} tidak dikenal.")
    if case.person is None:
        raise RefusedError(
            "perlu_orang", "Rujukan ke program memerlukan orang yang tercatat di registri."
        )
    if programme.sasaran in _FAMILY_TARGETS:
        if case.person.household is None:
            raise RefusedError("perlu_keluarga", "Orang ini belum tercatat dalam keluarga.")
        return programs.propose(
            kode, household=case.person.household, oleh=who,
            keterangan=f"Rujukan kasus {case.pk}", tanggal=now.date(),
        )  # fmt: skip
    return programs.propose(
        kode, person=case.person, oleh=who, keterangan=f"Rujukan kasus {case.pk}",
        tanggal=now.date(),
    )  # fmt: skip


def _institution(jenis: str, pk: int | None) -> Lembaga | None:
    """The registered LKS or UPTD a referral names, of the kind it says."""
    if pk is None:
        return None
    kinds = {"lks": Lembaga.Jenis.LKS, "uptd": Lembaga.Jenis.UPTD}
    found = Lembaga.objects.filter(pk=pk, jenis=kinds.get(jenis, "")).first()
    if found is None:
        raise RefusedError(
            "lembaga_tidak_dikenal", f"Lembaga {pk} tidak terdaftar sebagai {jenis.upper()}."
        )
    return found


def refer(
    user, pk: int, *, jenis: str, program: str = "", nama_penerima: str = "", catatan: str = "",
    lembaga: int | None = None, now: datetime | None = None,
) -> Rujukan:  # fmt: skip
    """Refer case ``pk``: the case moves to ``dirujuk`` with the referral, in one transaction.
    An LKS or a UPTD is named by its register entry (``lembaga``) or, until it is
    registered, by name."""
    scope = scope_of(user)
    if jenis not in policy.receiver_kinds():
        raise RefusedError("jenis_rujukan", f"Jenis penerima rujukan '{jenis}' tidak dikenal.")
    institution = _institution(jenis, lembaga)
    if institution is not None:
        nama_penerima = institution.nama
    if jenis != "program" and not nama_penerima.strip():
        raise RefusedError("perlu_penerima", "Nama lembaga atau instansi penerima wajib diisi.")
    now = now or timezone.now()
    who = user.get_username()
    with transaction.atomic():
        case = visible_case(user, pk, for_update=True)
        t = policy.check_step("rujuk", case.status, scope.role.kode if scope else "", catatan)
        consent = case.persetujuan.order_by("-diberikan_pada").first()
        if policy.needs_consent(jenis) and consent is None:
            raise RefusedError(
                "perlu_persetujuan",
                "Rujukan ke lembaga di luar Dinas Sosial memerlukan persetujuan orang yang "
                "bersangkutan (atau walinya); catat persetujuan terlebih dahulu.",
            )
        enrolment = _propose(case, program, who, now) if jenis == "program" else None
        referral = Rujukan.objects.create(
            kasus=case, jenis=jenis, program_id=program or None, kepesertaan=enrolment,
            lembaga=institution, nama_penerima=nama_penerima.strip()[:160],
            persetujuan=consent if policy.needs_consent(jenis) else None, catatan=catatan.strip(),
            dirujuk_oleh=who, dirujuk_pada=now,
        )  # fmt: skip
        move(case, t, who, catatan or f"Dirujuk ke {referral.nama_penerima or program}", now)
    return referral


def decide(
    user, pk: int, *, terima: bool, alasan: str = "", now: datetime | None = None
) -> Rujukan:
    """The receiver accepts or refuses referral ``pk``; a refusal sends the case back to be
    assessed again."""
    scope = scope_of(user)
    if scope is None or scope.role.kode not in policy.roles_for("memutus_rujukan"):
        raise RefusedError("peran_ditolak", "Peran Anda tidak dapat memutus rujukan.", 403)
    if not terima and not alasan.strip():
        raise RefusedError("perlu_alasan", "Alasan penolakan rujukan wajib diisi.")
    now = now or timezone.now()
    with transaction.atomic():
        referral = (
            Rujukan.objects.select_for_update()
            .filter(pk=pk, kasus__in=cases_for(user).values("pk"))
            .first()
        )
        if referral is None:
            raise RefusedError("tidak_ditemukan", "Rujukan tidak ditemukan.", 404)
        if referral.status != Rujukan.Status.MENUNGGU:
            raise RefusedError("sudah_diputus", "Rujukan ini sudah diputus.")
        referral.status = Rujukan.Status.DITERIMA if terima else Rujukan.Status.DITOLAK
        referral.alasan = alasan.strip()
        referral.diputus_oleh = user.get_username()
        referral.diputus_pada = now
        referral.save()
        if not terima:
            case = LaporanKasus.objects.select_for_update().get(pk=referral.kasus_id)
            if case.status == "dirujuk":
                t = policy.transitions()["rujukan_ditolak"]
                move(case, t, user.get_username(), f"Rujukan ditolak: {alasan.strip()}", now)
    return referral
