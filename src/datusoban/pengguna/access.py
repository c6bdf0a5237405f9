"""Who may manage which users: an administrator, within their own region, never wider.

Managing users is a permission of the role (``accounts.change_account`` in the role's
``izin``, accounts/data/roles.toml); the region it reaches is the administrator's own
(``Account.wilayah``). A province administrator manages every user; one whose region is
a kab/kota manages the users of that kab/kota and places them only inside it, so that
nobody can give another a wider region than their own. Superusers are the system's own
administrators and are not managed here. A user outside the administrator's region is
not found (404), as a person outside a scope is.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from datusoban.accounts.scope import PROVINCE, Scope, scope_of
from datusoban.layanan.models import Lembaga
from datusoban.layanan.models.network import Status
from datusoban.layanan.regions import in_region
from datusoban.reference.models import Region
from datusoban.refusal import RefusedError

MANAGE = "accounts.change_account"
NOT_ALLOWED = "Peran Anda tidak boleh mengelola pengguna."
NOT_FOUND = "Pengguna tidak ditemukan."


def may_manage(user) -> bool:
    """Whether ``user`` may manage users at all (the menu entry, the pages)."""
    return (
        user is not None
        and user.is_authenticated
        and scope_of(user) is not None
        and user.has_perm(MANAGE)
    )


def manager_scope(user) -> Scope:
    """The role and region of a user who may manage users; refused (403) for others."""
    scope = scope_of(user)
    if scope is None or not user.has_perm(MANAGE):
        raise RefusedError("tanpa_izin", NOT_ALLOWED, 403)
    return scope


def within(kode: str, bound: str) -> bool:
    """Whether region ``kode`` lies inside region ``bound`` (or is it)."""
    return kode == bound or kode.startswith(bound + ".")


def _in_bound(bound: str, field: str = "account__wilayah__kode") -> Q:
    return Q(**{field: bound}) | Q(**{f"{field}__startswith": bound + "."})


def managed_users(user) -> QuerySet[User]:
    """The users ``user`` manages: inside their region; a province administrator also
    those not yet given a role and region."""
    scope = manager_scope(user)
    users = User.objects.filter(is_superuser=False).select_related("account__wilayah")
    if scope.wilayah == PROVINCE:
        return users.filter(_in_bound(PROVINCE) | Q(account__isnull=True))
    return users.filter(_in_bound(scope.wilayah))


def managed_user(user, pk: int) -> User:
    """One user ``user`` manages; refused as not found (404) outside their region."""
    found = managed_users(user).filter(pk=pk).first()
    if found is None:
        raise RefusedError("tidak_ditemukan", NOT_FOUND, 404)
    return found


def regions(bound: str) -> QuerySet[Region]:
    """The regions a user may be placed in by an administrator of ``bound``: the bound
    itself and the kab/kota and kecamatan inside it (a desa is no scope)."""
    return (
        Region.objects.filter(level__lte=Region.Level.KECAMATAN)
        .filter(Q(kode=bound) | Q(kode__startswith=bound + "."))
        .order_by("kode")
    )


def institutions(scope: Scope) -> QuerySet[Lembaga]:
    """The active institutions (UPTD, LKS, LKKS) of the administrator's region, whose staff
    they may link to it."""
    return Lembaga.objects.filter(in_region(scope), status=Status.AKTIF).order_by("nama")
