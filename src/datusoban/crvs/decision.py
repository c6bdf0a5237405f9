"""What deciding a civil-registry proposal asks of every kind (death, birth): a role that
may change data, and a refusal with its reason, audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scope_of
from datusoban.refusal import RefusedError

Proposal = TypeVar("Proposal")


def allowed(user, kind: str) -> None:
    """Refused (403) unless ``user``'s role may change data; ``kind``: kematian, kelahiran."""
    scope = scope_of(user)
    if scope is None or not scope.role.tulis:
        raise RefusedError(
            "peran_ditolak", f"Peran Anda tidak dapat memutuskan usulan {kind}.", 403
        )


def refuse(user, kind: str, alasan: str, locked: Callable[[], Proposal]) -> Proposal:
    """Refuse the proposal ``locked()`` finds (locked, in ``user``'s scope, waiting) with
    ``alasan``, in one transaction with its audit row."""
    allowed(user, kind)
    if not alasan.strip():
        raise RefusedError("perlu_alasan", f"Tuliskan alasan usulan {kind} ini ditolak.",
                           field="alasan")  # fmt: skip
    with transaction.atomic():
        usulan = locked()
        usulan.status, usulan.alasan_tolak = type(usulan).Status.DITOLAK, alasan.strip()
        usulan.diputuskan_oleh, usulan.diputuskan_pada = user.get_username(), timezone.now()
        usulan.save()
        record(None, Aksi.UBAH, f"usulan_{kind}", [(str(usulan.pk), usulan.nik)],
               rincian={"ditolak": usulan.alasan_tolak}, user=user)  # fmt: skip
    return usulan
