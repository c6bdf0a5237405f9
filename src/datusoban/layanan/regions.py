"""Where the network's rows sit, and which of them a user may see.

Workers and institutions are not personal data of the registry, but a
kab/kota user answers for their own region only: they see its workers,
institutions and sessions, as ``accounts.scope`` decides for persons. Rows
about people (clients, residents) are narrowed through ``accounts.scope.scoped``
as well (``people_in_scope``), so the children rule applies to them too.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from datusoban.accounts.roles import Role
from datusoban.accounts.scope import PROVINCE, Scope, scope_of, scoped
from datusoban.registri.models import Person

M = TypeVar("M", bound=Model)


def placed(kode_wilayah: str) -> tuple[str, str]:
    """(kode_kabkota, kode_kecamatan) of a region code of any level below the province."""
    parts = kode_wilayah.split(".")
    kabkota = ".".join(parts[:2])
    kecamatan = ".".join(parts[:3]) if len(parts) >= 3 else ""
    return kabkota, kecamatan


def in_region(scope: Scope, prefix: str = "") -> Q:
    """Rows (with ``kode_kabkota``/``kode_kecamatan`` at ``prefix``) in the scope's region."""
    if scope.wilayah == PROVINCE:
        return Q()
    if scope.wilayah.count(".") == 1:
        return Q(**{f"{prefix}kode_kabkota": scope.wilayah})
    return Q(**{f"{prefix}kode_kecamatan": scope.wilayah})


def regional(user, queryset: QuerySet[M], prefix: str = "") -> QuerySet[M]:
    """``queryset`` of Pilar, Lembaga (or rows reaching one at ``prefix``) that ``user`` may see."""
    scope = scope_of(user)
    if scope is None:
        return queryset.none()
    return queryset.filter(in_region(scope, prefix))


def people_in_scope(user) -> QuerySet[Person]:
    return scoped(user, Person.objects.all())


def role_of(user) -> Role | None:
    scope = scope_of(user)
    return scope.role if scope else None


def may_change(user) -> bool:
    """Whether ``user`` may change the network's data (the role's ``tulis``)."""
    scope = scope_of(user)
    return scope is not None and scope.role.tulis
