"""Which case reports a user may see and act on, and the regional filter grievances and
disaster events share.

The same regions as the registry's scope (``accounts.scope.scope_of``): province,
kab/kota or kecamatan, by the record's own place. A role listed under
``hanya_milik_sendiri`` in data/kasus.toml sees only the reports it filed. Case
categories holding specific personal data (children, health: UU 27/2022) are seen
only by roles that may see both children's and health data.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from datusoban.accounts.scope import PROVINCE, Scope, scope_of
from datusoban.kasus import policy
from datusoban.kasus.models import LaporanKasus


def region_q(wilayah: str, region_field: str) -> Q:
    """Records whose ``region_field`` (a desa or kab/kota code) lies in ``wilayah``."""
    if wilayah == PROVINCE:
        return Q()
    if wilayah.count(".") == 1:
        return Q(kode_kabkota=wilayah)
    return Q(**{f"{region_field}__kode__startswith": wilayah + "."})


def in_region(scope: Scope, kode: str) -> bool:
    """Whether a region code (desa, kecamatan or kab/kota) lies in the user's scope."""
    return (
        scope.wilayah == PROVINCE or kode == scope.wilayah or kode.startswith(scope.wilayah + ".")
    )


def may(user, roles: frozenset[str] | list[str]) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role.kode in roles


def cases_for(user) -> QuerySet[LaporanKasus]:
    scope = scope_of(user)
    if scope is None:
        return LaporanKasus.objects.none()
    queryset = LaporanKasus.objects.filter(region_q(scope.wilayah, "desa"))
    if scope.role.kode in policy.roles_for("hanya_milik_sendiri"):
        queryset = queryset.filter(pelapor=user)
    if not (scope.role.data_anak and scope.role.data_kesehatan):
        queryset = queryset.filter(kategori__data_spesifik=False)
    return queryset
