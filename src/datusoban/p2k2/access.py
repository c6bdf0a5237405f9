"""Which P2K2 groups a user may see: those meeting in a desa of the user's region (the
scope of ``accounts.scope``); no person is shown with them, only counts."""

from __future__ import annotations

from django.db.models import QuerySet

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.p2k2.models import KelompokP2K2


def groups_for(user) -> QuerySet[KelompokP2K2]:
    scope = scope_of(user)
    if scope is None:
        return KelompokP2K2.objects.none()
    if scope.wilayah == PROVINCE:
        return KelompokP2K2.objects.all()
    if scope.wilayah.count(".") == 1:
        return KelompokP2K2.objects.filter(kode_kabkota=scope.wilayah)
    return KelompokP2K2.objects.filter(desa__kode__startswith=scope.wilayah + ".")
