"""What of a person's source rows and PPKS history a role may see on a page.

The golden fields are masked by ``accounts.masking``; this module applies the same
policy (roles.toml) to the two things that module does not know: a source row as
received (any column, any header) and a PPKS category (some are specific data).
"""

from __future__ import annotations

import re

from datusoban.accounts.masking import HIDDEN, mask_identifier
from datusoban.accounts.roles import Role
from datusoban.ingest.profiles import CANONICAL, header_key
from datusoban.reference.models import PPKSCategory

# Canonical fields of a row that carry nothing beyond what the golden record shows
# every role; "ppks" is left out because a category can be specific data.
_PLAIN_FIELDS = frozenset(CANONICAL) - {"ppks"}
# Headers that speak of health or disability, for rows whose mapping was not kept.
_HEALTH_HEADER = re.compile(r"disab|difabel|cacat|sakit|penyakit|kronis|hamil|sehat|pmks|ppks")
# A NIK or No KK anywhere in a value (spreadsheets add quotes, spaces, apostrophes).
_IDENTIFIER = re.compile(r"\d{12,}")
HIDDEN_TEXT = "(disembunyikan)"


def _hidden_headers(row: dict[str, object], mapping: dict[str, str] | None) -> set[str]:
    """Headers a role without health data must not see."""
    if mapping:
        plain = {header for field, header in mapping.items() if field in _PLAIN_FIELDS}
        return {h for h in row if h not in plain}
    return {h for h in row if _HEALTH_HEADER.search(header_key(h))}


def received_values(
    role: Role, row: dict[str, object] | None, mapping: dict[str, str] | None
) -> list[tuple[str, str]]:
    """``(header, value)`` of a source row as received, in the file's order, with
    identifiers masked and health columns hidden as ``role`` requires. ``mapping``
    is the batch's canonical field → header map (its quality report keeps it)."""
    row = row or {}
    hidden = set() if role.data_kesehatan else _hidden_headers(row, mapping)
    shown = []
    for header, value in row.items():
        text = "" if value is None else str(value)
        if header in hidden:
            text = HIDDEN_TEXT if text else ""
        elif not role.nik_penuh:
            text = _IDENTIFIER.sub(lambda m: mask_identifier(m.group()) or HIDDEN, text)
        shown.append((header, text))
    return shown


def ppks_visible(role: Role, category: PPKSCategory) -> bool:
    """A category that is specific personal data (disability, illness, a child's
    situation) only for roles that may see health data, or children's data when the
    category is about children."""
    if not category.data_spesifik or role.data_kesehatan:
        return True
    is_child_category = category.usia_maks is not None and category.usia_maks < 18
    return is_child_category and role.data_anak
