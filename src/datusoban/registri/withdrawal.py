"""What the apps built on a batch's source records hear when the batch is withdrawn.

Withdrawing a batch (ingest.withdrawal) removes its source records; the apps that built
on them (linkage: persons, golden values, households, the review queue) undo their part
first. They are told by :data:`batch_withdrawing`, sent inside the withdrawal's one
transaction with ``batch``; a receiver returns a dict of what it undid (for the audit
row) or raises WithdrawalRefusedError to refuse the whole withdrawal. The signal keeps
ingest and linkage, two apps of one layer, from importing each other.
"""

from __future__ import annotations

from django.dispatch import Signal

batch_withdrawing = Signal()


class WithdrawalRefusedError(Exception):
    """The batch cannot be withdrawn safely; the message (Bahasa Indonesia) says why."""

    code = "tarik_ditolak"
