"""What happens to people in the registry, told to whoever listens: a person registered,
their data updated, their death recorded, records linked into one person or split apart.

The SPDCI subscriptions (``dci/``) listen, to notify other systems. The registry does not
know them: it sends :data:`registry_changed` (``kind``, ``persons``: person ids) and the
layers above decide what to do with it, as with ``withdrawal.batch_withdrawing``.

The signal is sent once per change with all its people, after the change commits
(``transaction.on_commit``): a load of 50,000 people is one signal, never 50,000, a
change that is rolled back is never told, and the change's own transaction does no work
for its listeners. A listener's failure is logged, never the change's (``robust``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

registry_changed = Signal()

# The kinds of change, as the listeners receive them.
REGISTER = "register"
UPDATE = "update"
DEATH = "death"
LINK = "link"
UNLINK = "unlink"
KINDS = (REGISTER, UPDATE, DEATH, LINK, UNLINK)


def announce(kind: str, persons: Iterable[int]) -> None:
    """Tell the listeners, once the current transaction commits, that ``kind`` happened
    to ``persons`` (nothing when there are none)."""
    if kind not in KINDS:
        raise ValueError(f"unknown registry change: {kind}")
    ids = sorted({int(p) for p in persons})
    if not ids:
        return
    transaction.on_commit(
        lambda: registry_changed.send_robust(sender=None, kind=kind, persons=ids), robust=True
    )
