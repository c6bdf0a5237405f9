"""Assigning a grievance to a named verifier: who may assign, who may be chosen, the change.

The verifier is an active user of a role that verifies grievances (data/sanggahan.toml
``[peran] memverifikasi``) whose region covers the grievance's place, and who finds it
through ``access.grievances_for``. The roles that may assign are ``[peran] menugaskan``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from datusoban.accounts import assignees
from datusoban.accounts.scope import scope_of
from datusoban.kasus import policy
from datusoban.refusal import RefusedError
from datusoban.sanggahan.access import grievances_for
from datusoban.sanggahan.actions import visible_grievance
from datusoban.sanggahan.models import Sanggahan


def _roles(what: str) -> list[str]:
    return policy.grievance_rules()["peran"][what]


def may_assign(user) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role.kode in _roles("menugaskan")


def candidates(grievance: Sanggahan) -> QuerySet:
    """The users ``grievance`` may be assigned to: none once it is verified."""
    if grievance.status != "diterima":
        return assignees.candidates([grievance.wilayah_id], [])
    return assignees.candidates([grievance.wilayah_id], _roles("memverifikasi"))


def assign(user, pk: int, assignee: int | None) -> tuple[Sanggahan, str]:
    """Assign grievance ``pk`` to user ``assignee`` (None: to no one); the grievance and the
    user name it was assigned to before ("" for no one)."""
    with transaction.atomic():
        grievance = visible_grievance(user, pk, for_update=True)
        if not may_assign(user):
            raise RefusedError("peran_ditolak", "Peran Anda tidak dapat menugaskan sanggahan.", 403)
        before = assignees.reassign(
            grievance,
            assignee,
            candidates(grievance),
            lambda chosen: grievances_for(chosen).filter(pk=grievance.pk).exists(),
            "sanggahan",
        )
    return grievance, before
