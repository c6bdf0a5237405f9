"""Who a case, a grievance or a review pair may be assigned to: active users whose role
may act on it and whose region covers every place it is about.

A feature narrows the candidates further where its own access rules say more (a field
worker who sees only the cases they filed, children's records) and checks the one
chosen with its own access function: a user is never asked to act on something they
could not open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from datusoban.accounts.roles import roles
from datusoban.reference.wilayah import name_of
from datusoban.refusal import RefusedError


def covering_regions(kode: str) -> set[str]:
    """The regions whose users answer for ``kode``: the code itself and every level above
    it ("63.71.01.1001" -> "63", "63.71", "63.71.01", "63.71.01.1001")."""
    parts = kode.split(".")
    return {".".join(parts[: i + 1]) for i in range(len(parts))}


def candidates(
    places: Iterable[str],
    role_codes: Iterable[str],
    *,
    data_anak: bool = False,
    data_kesehatan: bool = False,
) -> QuerySet:
    """Active users with an account of one of ``role_codes`` whose region covers each of
    ``places`` (region codes of any level), by name; ``data_anak``/``data_kesehatan``:
    only roles that may see children's or health data."""
    wanted = {
        r.kode
        for r in roles().values()
        if r.kode in set(role_codes)
        and (r.data_anak or not data_anak)
        and (r.data_kesehatan or not data_kesehatan)
    }
    covering: set[str] | None = None
    for kode in places:
        above = covering_regions(kode)
        covering = above if covering is None else covering & above
    users = get_user_model().objects.filter(
        is_active=True, account__peran__in=wanted, account__wilayah_id__in=covering or set()
    )
    return users.select_related("account").order_by("username")


def label(user) -> str:
    """How a candidate is named in a choice: name (or user name), role and region."""
    account = user.account
    name = user.get_full_name() or user.get_username()
    region = name_of(account.wilayah_id) or account.wilayah_id
    return f"{name} ({user.get_username()}; {account.get_peran_display()}, {region})"


def chosen(pk: int | None, allowed: QuerySet):
    """The user ``pk`` among ``allowed``; None for no one (the assignment taken back).
    Refused when ``pk`` is not one of them: outside the item's region, or a role that
    cannot act on it."""
    if pk is None:
        return None
    user = allowed.filter(pk=pk).first()
    if user is None:
        raise RefusedError(
            "penugasan_ditolak",
            "Pengguna itu tidak dapat ditugaskan: wilayah atau perannya tidak mencakup data ini.",
            field="ditugaskan_ke",
        )
    return user


def reassign(item, pk: int | None, allowed: QuerySet, may_open: Callable, noun: str) -> str:
    """Assign ``item`` (its row locked for update; a ``ditugaskan_ke`` field) to the user
    ``pk`` among ``allowed`` (None: to no one), refused unless that user can open it
    (``may_open(user)``, the feature's own access rule); the user name it was assigned to
    before ("" for no one)."""
    before = item.ditugaskan_ke.get_username() if item.ditugaskan_ke_id else ""
    user = chosen(pk, allowed)
    if user is not None and not may_open(user):
        raise RefusedError(
            "penugasan_ditolak", f"Pengguna itu tidak dapat membuka {noun} ini.",
            field="ditugaskan_ke",
        )  # fmt: skip
    item.ditugaskan_ke = user
    item.save(update_fields=["ditugaskan_ke"])
    return before
