"""Recording a P2K2 session: its group (one of the pendamping's own), date, module and topic,
and for every family of the group whether it came; in one transaction, or refused whole."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from datusoban.layanan.models import Pilar
from datusoban.p2k2 import policy
from datusoban.p2k2.models import KehadiranP2K2, KelompokP2K2, PertemuanP2K2
from datusoban.refusal import RefusedError


def _refuse(field: str, message: str) -> RefusedError:
    return RefusedError("p2k2_tidak_valid", message, 422, field=field)


def record(
    user, pilar: Pilar, *, kelompok: int, tanggal: date, modul: str, topik: str = "",
    hadir: Iterable[int] = (),
) -> PertemuanP2K2:  # fmt: skip
    """One session of group ``kelompok`` held by ``pilar``; ``hadir``: the household ids
    that came (every other family of the group is recorded as absent)."""
    group = KelompokP2K2.objects.filter(pk=kelompok, pendamping=pilar).first()
    if group is None:
        raise _refuse("kelompok", "Kelompok P2K2 ini bukan kelompok Anda; unduh ulang pekerjaan.")
    if modul not in dict(policy.module_choices()):
        raise _refuse("modul", f"Modul P2K2 '{modul}' tidak dikenal.")
    if tanggal > timezone.localdate():
        raise _refuse(
            "tanggal", "Tanggal pertemuan belum tiba; catat pertemuan yang sudah terjadi."
        )
    members = set(group.keluarga.values_list("pk", flat=True))
    came = set(hadir)
    if came - members:
        raise _refuse(
            "hadir", "Ada keluarga yang ditandai hadir tetapi bukan anggota kelompok ini."
        )
    try:
        with transaction.atomic():
            session = PertemuanP2K2.objects.create(
                kelompok=group, tanggal=tanggal, modul=modul, topik=topik.strip()[:200],
                dicatat_oleh=user,
            )  # fmt: skip
            KehadiranP2K2.objects.bulk_create(
                KehadiranP2K2(pertemuan=session, household_id=pk, hadir=pk in came)
                for pk in sorted(members)
            )
    except IntegrityError:
        raise _refuse(
            "tanggal", f"Kelompok {group.nama} sudah punya pertemuan pada {tanggal:%d-%m-%Y}."
        ) from None
    return session
