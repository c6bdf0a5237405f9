"""Which persons and families a user may see — decided here, and only here.

Every page, API route and export that touches personal data narrows its
queryset with :func:`scoped`. A user sees the households of their region
(province, kab/kota or kecamatan: ``Account.wilayah``) and the people in them;
a role without ``data_anak`` does not see children. A user without an account
sees nothing, except a superuser, who is the province administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from datusoban.accounts.roles import ADMIN, Role, role
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person, SourceRecord

PROVINCE = "63"  # Kalimantan Selatan
ADULT_AGE = 18

M = TypeVar("M", bound=Model)

# How each scoped model reaches the household that places it in a region.
_HOUSEHOLD_PATH: dict[type[Model], str] = {
    Household: "",
    Person: "household__",
    SourceRecord: "person__household__",
}
# ... and the kab/kota of that household: a person keeps it beside them (kept by the
# database, see Person.kode_kabkota), so a kab/kota user's queries need no join.
_KABKOTA_PATH: dict[type[Model], str] = {
    Household: "kode_kabkota",
    Person: "kode_kabkota",
    SourceRecord: "person__kode_kabkota",
}
_PERSON_PATH: dict[type[Model], str | None] = {
    Household: None,
    Person: "",
    SourceRecord: "person__",
}


@dataclass(frozen=True)
class Scope:
    role: Role
    wilayah: str  # "63", "63.71" or "63.71.01"


def scope_of(user) -> Scope | None:
    """The role and region of ``user``; None when they may see no personal data."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    account = getattr(user, "account", None)
    if account is None:
        return Scope(role(ADMIN), PROVINCE) if user.is_superuser else None
    return Scope(role(account.peran), account.wilayah_id)


def required_scope(user) -> Scope:
    """``scope_of(user)``, refused (403) for a user who may see no personal data: the API's
    routes and the pages answer the refusal in one place each (``datusoban.refusal``)."""
    scope = scope_of(user)
    if scope is None:
        raise RefusedError("tanpa_izin", "Anda tidak berhak melihat data ini.", 403)
    return scope


def _region_filter(model: type[Model], wilayah: str) -> Q:
    if wilayah.count(".") == 1:  # kab/kota: an indexed column the database keeps
        return Q(**{_KABKOTA_PATH[model]: wilayah})
    return Q(**{f"{_HOUSEHOLD_PATH[model]}wilayah__kode__startswith": wilayah + "."})


def scoped(user, queryset: QuerySet[M], *, as_of: date | None = None) -> QuerySet[M]:
    """``queryset`` (of Person, Household or SourceRecord) narrowed to what ``user``
    may see. A person without a household is seen only province-wide."""
    model = queryset.model
    if model not in _HOUSEHOLD_PATH:
        raise TypeError(f"no regional scope is defined for {model.__name__}")
    scope = scope_of(user)
    if scope is None:
        return queryset.none()
    if scope.wilayah != PROVINCE:
        queryset = queryset.filter(_region_filter(model, scope.wilayah))
    person = _PERSON_PATH[model]
    if person is not None and not scope.role.data_anak:
        # Unknown birth dates stay visible: hiding them would hide most adults
        # of some sources, and a child's record normally carries a birth date.
        queryset = queryset.exclude(**{f"{person}tanggal_lahir__gt": children_born_after(as_of)})
    return queryset


def public(queryset: QuerySet[Person], desa: str, *, as_of: date | None = None) -> QuerySet[Person]:
    """``queryset`` narrowed to what anyone may see without a login (the public status
    check): the living adults whose current household is in the one desa/kelurahan
    ``desa``. The dead and those who moved away are no longer the desa's; a child's data
    is never public, whatever a role may see."""
    if queryset.model is not Person:
        raise TypeError("the public sees people only")
    return queryset.filter(
        household__wilayah_id=desa, kode_kabkota=desa[:5], status="hidup"
    ).exclude(tanggal_lahir__gt=children_born_after(as_of))


def children_born_after(as_of: date | None = None) -> date:
    """Whoever was born after this date is a child on ``as_of`` (default: today); rows
    outside the registry that carry a birth date (quarantined rows) follow it too."""
    today = as_of or date.today()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)
