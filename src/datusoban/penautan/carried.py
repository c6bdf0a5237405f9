"""What else points at a person, carried along when two persons are merged.

Besides the registry's own rows (source records, PPKS facts, memberships) and
enrolments (programs.transfer), other apps keep a person: a client's place at an
LKS, a stay in a UPTD, a disaster victim, a case report, a grievance. They are
protected from deletion, so a merge moves them to the person kept, and the ids it
moved go into the decision, so that undoing it moves them back.

The relations are found from the models themselves (hidden ones included), not
listed: an app that adds a reference to a person is carried without a change here,
and linkage stays independent of the apps above it.
"""

from __future__ import annotations

from django.apps import apps
from django.db import IntegrityError, transaction

from datusoban.registri.models import Person

# Moved by the decision itself (records, facts, memberships) or by programs.transfer.
_HANDLED = frozenset({
    "registry.SourceRecord.person", "registry.PersonPPKS.person",
    "registry.Membership.person", "programs.Kepesertaan.person",
})  # fmt: skip


class CarryError(Exception):
    """The references cannot move (a uniqueness rule of their own); the message says why."""


def references(person: int) -> dict[str, list[int]]:
    """``"app.Model.field" -> ids`` of the rows of other apps that point at ``person``."""
    found: dict[str, list[int]] = {}
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.one_to_many or rel.one_to_one) or rel.concrete:
            continue
        key = f"{rel.related_model._meta.label}.{rel.field.name}"
        if key in _HANDLED:
            continue
        ids = list(
            rel.related_model._default_manager.filter(**{rel.field.name: person})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if ids:
            found[key] = ids
    return found


def carry(moved: dict[str, list[int]], to: int) -> None:
    """Point the rows ``moved`` (as ``references`` gives them) at person ``to``."""
    for key, ids in moved.items():
        label, field = key.rsplit(".", 1)
        model = apps.get_model(label)
        try:
            with transaction.atomic():
                model._default_manager.filter(pk__in=ids).update(**{field: to})
        except IntegrityError:
            raise CarryError(
                f"Data {model._meta.verbose_name} kedua orang bertentangan (misalnya keduanya "
                "masih tercatat aktif di lembaga atau panti yang sama); selesaikan salah satunya "
                "lebih dulu."
            ) from None
