"""The purposes an export of personal data may state (data/tujuan_ekspor.toml).

The chosen purpose, with the user's own words where the list asks for them, is what
the audit trail records for every person exported (``audit.record(..., tujuan=...)``).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

# The key of the purpose "other": the user must describe it.
OTHER = "lainnya"


@cache
def purposes(kind: str) -> dict[str, str]:
    """The purposes (key → label) for one kind of export: ``pencarian``, ``subjek``,
    ``karantina``."""
    path = resources.files("datusoban.accounts").joinpath("data/tujuan_ekspor.toml")
    return tomllib.loads(path.read_text("utf-8"))[kind]


def purpose_text(kind: str, key: str, note: str = "") -> str:
    """What the audit trail keeps: the purpose's label, and the user's note after it."""
    label = purposes(kind)[key]
    note = " ".join(note.split())
    return f"{label}: {note}" if note else label
