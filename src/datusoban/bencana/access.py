"""Which disaster events and victims a user may see: events touching a desa of the user's
region, victims living there, and children only for a role that may see them."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from datusoban.accounts.scope import PROVINCE, scope_of, scoped
from datusoban.bencana.models import Bencana, KorbanBencana
from datusoban.kasus.access import region_q
from datusoban.registri.models import Person


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
