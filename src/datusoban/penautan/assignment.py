"""Assigning a review pair to a named reviewer: who may assign, who may be chosen, the change.

The reviewer is an active user of a role that may decide pairs (``linkage.add_decision``
in the role's ``izin``) whose region covers the places of both records' persons (a
record placed nowhere: province users only), a role that sees children when either
person is a child, and who reaches the pair through ``review_access.visible_pair``.
Those who may decide the pair may assign it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from datusoban.accounts import assignees
from datusoban.accounts.roles import roles
from datusoban.accounts.scope import PROVINCE, children_born_after
from datusoban.penautan import review_access
from datusoban.penautan.models import ReviewPair
from datusoban.refusal import RefusedError
from datusoban.registri.models import SourceRecord


def _deciders() -> list[str]:
    return [r.kode for r in roles().values() if review_access.DECIDE_PERMISSION in r.izin]


def candidates(pair: ReviewPair) -> QuerySet:
    """The users ``pair`` may be assigned to: none once it is decided."""
    if pair.status != ReviewPair.Status.MENUNGGU:
        return assignees.candidates([PROVINCE], [])
    people = SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id]).values_list(
        "person__household__wilayah_id", "person__tanggal_lahir"
    )
    places = [wilayah or PROVINCE for wilayah, _ in people]
    child = any(born is not None and born > children_born_after() for _, born in people)
    return assignees.candidates(places, _deciders(), data_anak=child)


def assign(user, pk: int, assignee: int | None) -> tuple[ReviewPair, str]:
    """Assign pair ``pk`` to user ``assignee`` (None: to no one); the pair and the user name
    it was assigned to before ("" for no one). The caller has checked that ``user`` may
    decide pairs (review_http.decider_required)."""
    with transaction.atomic():
        if review_access.visible_pair(user, pk) is None:
            raise RefusedError("tidak_ditemukan", "Pasangan tidak ditemukan.", 404)
        pair = ReviewPair.objects.select_for_update().get(pk=pk)
        before = assignees.reassign(
            pair,
            assignee,
            candidates(pair),
            lambda chosen: review_access.visible_pair(chosen, pk) is not None,
            "pasangan",
        )
    return pair, before
