"""Which grievances a user may see: those about a place in the user's region."""

from __future__ import annotations

from django.db.models import QuerySet

from datusoban.accounts.scope import scope_of
from datusoban.kasus.access import region_q
from datusoban.sanggahan.models import Sanggahan


def grievances_for(user) -> QuerySet[Sanggahan]:
    scope = scope_of(user)
    if scope is None:
        return Sanggahan.objects.none()
    return Sanggahan.objects.filter(region_q(scope.wilayah, "wilayah"))
