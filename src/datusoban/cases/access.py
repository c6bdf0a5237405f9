"""Which case reports, grievances and disaster events a user may see and act on.

The same regions as the registry's scope (``accounts.scope.scope_of``): province,
kab/kota or kecamatan, by the record's own place. A role listed under
``hanya_milik_sendiri`` in data/kasus.toml sees only the reports it filed. Case
categories holding specific personal data (children, health: UU 27/2022) are seen
only by roles that may see both children's and health data.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from datusoban.accounts.scope import PROVINCE, Scope, scope_of, scoped
from datusoban.cases import policy
from datusoban.cases.models import Bencana, KorbanBencana, LaporanKasus, Sanggahan
from datusoban.registry.models import Person


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


def grievances_for(user) -> QuerySet[Sanggahan]:
    scope = scope_of(user)
    if scope is None:
        return Sanggahan.objects.none()
    return Sanggahan.objects.filter(region_q(scope.wilayah, "wilayah"))


def disasters_for(user) -> QuerySet[Bencana]:
    """Events touching a desa of the user's region."""
    scope = scope_of(user)
    if scope is None:
        return Bencana.objects.none()
    if scope.wilayah == PROVINCE:
        return Bencana.objects.all()
    inside = Bencana.objects.filter(desa__kode__startswith=scope.wilayah + ".")
    return Bencana.objects.filter(pk__in=inside.values("pk"))


def victims_for(user, bencana: Bencana) -> QuerySet[KorbanBencana]:
    """The victims of ``bencana`` in the user's region; a role without ``data_anak`` does
    not see children known to the registry (as ``accounts.scope.scoped`` decides)."""
    return _victims(user, KorbanBencana.objects.filter(bencana=bencana))


def all_victims_for(user) -> QuerySet[KorbanBencana]:
    """The victims of every event the user sees, in the user's region (the dashboard's)."""
    return _victims(user, KorbanBencana.objects.filter(bencana__in=disasters_for(user)))


def _victims(user, victims: QuerySet[KorbanBencana]) -> QuerySet[KorbanBencana]:
    scope = scope_of(user)
    if scope is None:
        return KorbanBencana.objects.none()
    victims = victims.filter(region_q(scope.wilayah, "desa"))
    if not scope.role.data_anak:
        adults = scoped(user, Person.objects.filter(pk=OuterRef("person_id")))
        victims = victims.filter(Q(person__isnull=True) | Exists(adults))
    return victims
