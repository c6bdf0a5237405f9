"""A field worker's own work: the households one download holds.

A pendamping PKH gets the families of their caseload (``layanan.caseload.enrolments_for``:
the open PKH enrolments under their pendamping code); a TKSK, PSM or Tagana the
households of their kecamatan, up to ``LAPANGAN_BATAS_KELUARGA``. Always narrowed by the
one scoping function as well. A login that is no active pilar sosial has no field work.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from datusoban.accounts.scope import scoped
from datusoban.layanan.caseload import enrolments_for
from datusoban.layanan.models import Pilar
from datusoban.layanan.models.network import Status
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household

Peran = Pilar.Peran
# The workers whose work is their kecamatan's households.
KECAMATAN_WORKERS = (Peran.TKSK, Peran.PSM, Peran.TAGANA)


def worker_of(user) -> Pilar:
    """The active pilar sosial ``user`` logs in as; refused (403) for any other login."""
    pilar = Pilar.objects.filter(akun=user, status=Status.AKTIF).first() if user else None
    if pilar is None or (
        pilar.peran not in KECAMATAN_WORKERS and pilar.peran != Peran.PENDAMPING_PKH
    ):
        raise RefusedError(
            "bukan_petugas_lapangan",
            "Akun Anda tidak terdaftar sebagai pendamping PKH, TKSK, PSM atau Tagana yang aktif; "
            "aplikasi lapangan hanya memuat pekerjaan mereka.",
            403,
        )
    return pilar


def households_for(user) -> QuerySet[Household]:
    """The households of ``user``'s own work, in id order, at most the setting's cap."""
    pilar = worker_of(user)
    if pilar.peran == Peran.PENDAMPING_PKH:
        rows = Household.objects.filter(pk__in=enrolments_for(user).values("household_id"))
    else:
        rows = Household.objects.filter(wilayah__parent_id=pilar.kode_kecamatan)
    return scoped(user, rows).order_by("pk")[: settings.LAPANGAN_BATAS_KELUARGA]
