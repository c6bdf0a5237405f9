"""Who may see and do what with proposals: the role's permissions (``izin`` in
accounts/data/roles.toml) first, then the region the proposal is about."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from datusoban.accounts.scope import PROVINCE, Scope, scope_of
from datusoban.kasus.access import region_q
from datusoban.refusal import RefusedError
from datusoban.usulan.models import JawabanNasional, MusyawarahDesa, Pengiriman, Usulan

VIEW = "usulan.view_usulan"
ADD = "usulan.add_usulan"
VERIFY = "usulan.verifikasi_usulan"
SEND = "usulan.kirim_usulan"


def may(user, permission: str) -> bool:
    return scope_of(user) is not None and user.has_perm(permission)


def may_view(user) -> bool:
    return may(user, VIEW)


def required(user, permission: str, pesan: str) -> Scope:
    """The user's scope, refused (403) when their role lacks ``permission``."""
    scope = scope_of(user)
    if scope is None or not user.has_perm(permission):
        raise RefusedError("peran_ditolak", pesan, 403)
    return scope


def proposals_for(user) -> QuerySet[Usulan]:
    """The proposals about a place in the user's region (none without the permission)."""
    scope = scope_of(user)
    if scope is None or not user.has_perm(VIEW):
        return Usulan.objects.none()
    return Usulan.objects.filter(region_q(scope.wilayah, "wilayah"))


def deliberations_for(user) -> QuerySet[MusyawarahDesa]:
    scope = scope_of(user)
    if scope is None or not user.has_perm(VIEW):
        return MusyawarahDesa.objects.none()
    return MusyawarahDesa.objects.filter(region_q(scope.wilayah, "desa"))


def _kabkota_q(scope: Scope) -> Q | None:
    """A batch or an answer belongs to a kab/kota: seen province-wide and by that kab/kota;
    a kecamatan user would see other kecamatan's people in it, so sees none."""
    if scope.wilayah == PROVINCE:
        return Q()
    if scope.wilayah.count(".") == 1:
        return Q(kode_kabkota=scope.wilayah)
    return None


def batches_for(user) -> QuerySet[Pengiriman]:
    scope = scope_of(user)
    if scope is None or not user.has_perm(VIEW) or (q := _kabkota_q(scope)) is None:
        return Pengiriman.objects.none()
    return Pengiriman.objects.filter(q)


def answers_for(user) -> QuerySet[JawabanNasional]:
    scope = scope_of(user)
    if scope is None or not user.has_perm(VIEW):
        return JawabanNasional.objects.none()
    if scope.wilayah == PROVINCE:
        return JawabanNasional.objects.all()
    return JawabanNasional.objects.filter(wilayah=scope.wilayah)
