"""Assigning a case to a named officer: who may assign, who may be chosen, the change.

The officer must be able to open the case and take a step on it: an active user of a
role with a step from the case's status, whose region covers its desa, who passes the
case rules of ``access.cases_for`` (a field worker only for a case they filed; the
categories of specific personal data only for roles that see children's and health
data). The roles that may assign are ``[peran] menugaskan`` of data/kasus.toml.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from datusoban.accounts import assignees
from datusoban.accounts.scope import scope_of
from datusoban.kasus import policy
from datusoban.kasus.access import cases_for
from datusoban.kasus.models import LaporanKasus
from datusoban.kasus.services import visible_case
from datusoban.refusal import RefusedError


def may_assign(user) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role.kode in policy.roles_for("menugaskan")


def candidates(case: LaporanKasus) -> QuerySet:
    """The users ``case`` may be assigned to (see the module)."""
    acting = {r for t in policy.transitions().values() if t.dari == case.status for r in t.peran}
    specific = case.kategori.data_spesifik
    users = assignees.candidates(
        [case.desa_id], acting, data_anak=specific, data_kesehatan=specific
    )
    own_only = policy.roles_for("hanya_milik_sendiri")
    return users.exclude(Q(account__peran__in=own_only) & ~Q(pk=case.pelapor_id))


def assign(user, pk: int, assignee: int | None) -> tuple[LaporanKasus, str]:
    """Assign case ``pk`` to user ``assignee`` (None: to no one); the case and the user
    name it was assigned to before ("" for no one)."""
    with transaction.atomic():
        case = visible_case(user, pk, for_update=True)
        if not may_assign(user):
            raise RefusedError("peran_ditolak", "Peran Anda tidak dapat menugaskan kasus.", 403)
        before = assignees.reassign(
            case,
            assignee,
            candidates(case),
            lambda chosen: cases_for(chosen).filter(pk=case.pk).exists(),
            "kasus",
        )
    return case, before
