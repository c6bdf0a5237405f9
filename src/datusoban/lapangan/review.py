"""The office's side of the visits: which visits a user sees (by the household's region, as
the user's scope reaches), whose photos, and the decision on each visit.

Accepting enters the visit as a source of the registry (``source``: its batch, a record
per member, the members found dead or moved marked so) and writes the values the worker
found into the registry's household (over the office's own change, for a conflict: the
officer has read both); refusing keeps the registry as it is. Only roles that may change
registry data (``tulis``) decide; each decision is one transaction with its audit rows,
and is made once (the visit is locked and must still be open).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, required_scope
from datusoban.kasus import policy as case_policy
from datusoban.lapangan import source
from datusoban.lapangan.models import KunjunganLapangan
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person

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


def photo_of(user, pk: int) -> KunjunganLapangan:
    """The visit ``pk`` whose photo ``user`` may see, by the rule of a case's photos
    (``kasus.access.cases_for``): within the user's region, and for a role that sees only
    the reports it filed itself, only the visits it made itself. RefusedError (404)
    otherwise, or when the visit has no photo."""
    rows = visits_for(user).exclude(foto="")
    if _own_only(user):
        rows = rows.filter(petugas=user)
    visit = rows.filter(pk=pk).first()
    if visit is None:
        raise RefusedError("tidak_ditemukan", "Foto kunjungan tidak ditemukan.", 404)
    return visit


def may_see_photo(user, visit: KunjunganLapangan) -> bool:
    """Whether to link ``visit``'s photo for ``user`` (one of the visits the user sees):
    as ``photo_of`` decides."""
    return bool(visit.foto) and (not _own_only(user) or visit.petugas_id == user.pk)


def _own_only(user) -> bool:
    return required_scope(user).role.kode in case_policy.roles_for("hanya_milik_sendiri")


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
        batch, values, statuses = None, {}, []
        if accept:
            household = Household.objects.select_for_update().get(pk=visit.household_id)
            changed = [f for f in visit.berubah if getattr(household, f) != visit.sesudah[f]]
            values = {f: [getattr(household, f), visit.sesudah[f]] for f in changed}
            for field in changed:
                setattr(household, field, visit.sesudah[field])
            if changed:
                household.save(update_fields=[*changed, "diubah_pada"])
            batch, statuses = source.enter(visit, household)
            visit.batch = batch
        visit.verifikasi = Verifikasi.DITERIMA if accept else Verifikasi.DITOLAK
        visit.diputus_oleh = user.get_username()
        visit.diputus_pada = timezone.now()
        visit.save(update_fields=["verifikasi", "diputus_oleh", "diputus_pada", "batch"])
        done = {"kunjungan": visit.pk, "diterima": accept}
        if accept:
            done |= {"batch": batch.pk, "nilai": values}
        record(request, Aksi.UBAH, "keluarga", [(str(visit.household_id), None)], rincian=done)
        # A status changed is a change of that person: a row under their NIK, as a proven
        # grievance writes one (sanggahan.registry_effect).
        niks = dict(
            Person.objects.filter(pk__in=[c["orang"] for c in statuses]).values_list("pk", "nik")
        )
        for change in statuses:
            record(request, Aksi.UBAH, "orang", [(str(change["orang"]), niks.get(change["orang"]))],
                   rincian={"kunjungan": visit.pk, "batch": batch.pk, **change})  # fmt: skip
    return visit
