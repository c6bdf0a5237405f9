"""Who sees which proposal of the civil registry: through the registry's one scoping
function, as the person or family it points to.

A death proposal is seen where its person is (``scoped``: the region, and a child's
record only by roles with ``data_anak``); one that points to nobody has no region of
ours and is seen province-wide only, by roles that may see children's records (its
person is unknown, and may be a child). A birth is a child's record: roles with
``data_anak`` only, where the family it joins is; one without a family province-wide.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from datusoban.accounts.scope import PROVINCE, scope_of, scoped
from datusoban.crvs.models import UsulanKelahiran, UsulanKematian
from datusoban.registri.models import Household, Person

KEMATIAN, KELAHIRAN = "kematian", "kelahiran"
MODELS = {KEMATIAN: UsulanKematian, KELAHIRAN: UsulanKelahiran}


def may_view(user) -> bool:
    return scope_of(user) is not None


def may_decide(user) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role.tulis


def deaths_for(user) -> QuerySet[UsulanKematian]:
    scope = scope_of(user)
    if scope is None:
        return UsulanKematian.objects.none()
    people = Q(person__in=scoped(user, Person.objects.all()).values("pk"))
    if scope.wilayah == PROVINCE and scope.role.data_anak:
        people |= Q(person__isnull=True)
    return UsulanKematian.objects.filter(people)


def births_for(user) -> QuerySet[UsulanKelahiran]:
    scope = scope_of(user)
    if scope is None or not scope.role.data_anak:
        return UsulanKelahiran.objects.none()
    families = Q(household__in=scoped(user, Household.objects.all()).values("pk"))
    if scope.wilayah == PROVINCE:
        families |= Q(household__isnull=True)
    return UsulanKelahiran.objects.filter(families)


def proposals_for(user, jenis: str) -> QuerySet:
    return deaths_for(user) if jenis == KEMATIAN else births_for(user)


def kabkota_path(jenis: str) -> str:
    """Where a proposal's kab/kota is read (an indexed column the database keeps)."""
    return "person__kode_kabkota" if jenis == KEMATIAN else "household__kode_kabkota"
