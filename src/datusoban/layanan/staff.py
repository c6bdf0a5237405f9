"""Staff of a UPTD or an LKS reach the people of their own institutions only.

The rule: a user whose role is one of ``[staf] peran`` in ``data/layanan.toml``
(``staf_layanan``) is linked to the institutions they work at
(``StafLembaga``). Within their scope (``accounts.scope.scoped``: region,
children) they see and act on the clients and residents of those institutions
and of no other; another institution's client or resident is out of scope for
them, as a person outside their region is (404). A staff user linked to no
institution reaches no clients or residents. Every other role is narrowed by
scope alone. Workers, institutions and sessions hold no registry persons and
follow ``layanan.regions``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from datusoban.layanan.models import KlienLembaga, Lembaga, WargaBinaan
from datusoban.layanan.policy import section
from datusoban.layanan.regions import people_in_scope, role_of


def is_staff(user) -> bool:
    role = role_of(user)
    return role is not None and role.kode in section("staf")["peran"]


def own_institutions(user, lembaga: QuerySet[Lembaga]) -> QuerySet[Lembaga]:
    """``lembaga`` narrowed, for staff, to the institutions they are linked to."""
    if is_staff(user):
        return lembaga.filter(staf__user=user)
    return lembaga


def clients(user) -> QuerySet[KlienLembaga]:
    """The LKS clients ``user`` may see: persons in scope, and for staff their own LKS."""
    rows = KlienLembaga.objects.filter(person__in=people_in_scope(user).values("pk"))
    if is_staff(user):
        rows = rows.filter(lembaga__staf__user=user)
    return rows


def residents(user) -> QuerySet[WargaBinaan]:
    """The UPTD residents ``user`` may see: persons in scope, and for staff their own UPTD."""
    rows = WargaBinaan.objects.filter(person__in=people_in_scope(user).values("pk"))
    if is_staff(user):
        rows = rows.filter(uptd__staf__user=user)
    return rows
