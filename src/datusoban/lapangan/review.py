"""The office's side of the visits: which visits a user sees (by the household's region, as
the user's scope reaches), the counts per kecamatan, and the decision on each visit.

Accepting writes the values the worker found into the registry's household (over the
office's own change, for a conflict: the officer has read both); refusing keeps the
registry as it is. Only roles that may change registry data (``tulis``) decide; each
decision is one transaction with its audit row.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, required_scope
from datusoban.lapangan.models import KunjunganLapangan
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household

Verifikasi = KunjunganLapangan.Verifikasi
OPEN = (Verifikasi.MENUNGGU, Verifikasi.KONFLIK)


def visits_for(user) -> QuerySet[KunjunganLapangan]:
    """The visits of households in ``user``'s region (none without a scope)."""
    scope = required_scope(user)
    rows = KunjunganLapangan.objects.all()
    if scope.wilayah == PROVINCE:
        return rows
    if scope.wilayah.count(".") == 1:
        return rows.filter(kode_kabkota=scope.wilayah)
    return rows.filter(kode_kecamatan=scope.wilayah)


def per_kecamatan(rows: QuerySet[KunjunganLapangan]) -> list[dict]:
    """Per kecamatan: visits to verify, verified (accepted or refused), conflicts."""
    return list(
        rows.values("kode_kecamatan")
        .annotate(
            menunggu=Count("pk", filter=Q(verifikasi=Verifikasi.MENUNGGU)),
            konflik=Count("pk", filter=Q(verifikasi=Verifikasi.KONFLIK)),
            selesai=Count("pk", filter=Q(verifikasi__in=(Verifikasi.DITERIMA, Verifikasi.DITOLAK))),
        )
        .order_by("kode_kecamatan")
    )


def decide(request, pk: int, accept: bool) -> KunjunganLapangan:
    """Accept or refuse one open visit within the user's region."""
    user = request.user
    scope = required_scope(user)
    if not scope.role.tulis:
        raise RefusedError("tanpa_izin", "Peran Anda tidak dapat mengubah data registri.", 403)
    with transaction.atomic():
        visit = visits_for(user).select_for_update().filter(pk=pk).first()
        if visit is None:
            raise RefusedError("tidak_ditemukan", "Kunjungan tidak ditemukan.", 404)
        if visit.verifikasi not in OPEN:
            raise RefusedError("sudah_diputus", "Kunjungan ini sudah diputus sebelumnya.", 409)
        if accept:
            household = Household.objects.select_for_update().get(pk=visit.household_id)
            changed = [f for f in visit.berubah if getattr(household, f) != visit.sesudah[f]]
            for field in changed:
                setattr(household, field, visit.sesudah[field])
            if changed:
                household.save(update_fields=[*changed, "diubah_pada"])
        visit.verifikasi = Verifikasi.DITERIMA if accept else Verifikasi.DITOLAK
        visit.diputus_oleh = user.get_username()
        visit.diputus_pada = timezone.now()
        visit.save(update_fields=["verifikasi", "diputus_oleh", "diputus_pada"])
        record(request, Aksi.UBAH, "keluarga", [(str(visit.household_id), None)],
               rincian={"kunjungan": visit.pk, "diterima": accept})  # fmt: skip
    return visit
