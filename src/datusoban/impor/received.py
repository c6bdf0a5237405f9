"""A row as received (any column, any header), as a role may see it.

Source rows, quarantined rows and in-file duplicates keep the file's own columns;
``accounts.masking`` knows the registry's fields, this module applies the same policy
(roles.toml) to the columns of a file: identifiers masked for roles without
``nik_penuh``, and for roles without ``data_kesehatan`` every column beyond the plain
interchange fields hidden (a column the profile did not map may speak of health).
"""

from __future__ import annotations

import re

from datusoban.accounts.masking import HIDDEN, mask_identifier
from datusoban.accounts.roles import Role
from datusoban.impor.profiles import CANONICAL, header_key

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


def withheld(role: Role, row: dict[str, object] | None, mapping: dict[str, str] | None) -> set[str]:
    """The headers of ``row`` that ``role`` does not see (health columns, see the module)."""
    return set() if role.data_kesehatan else _hidden_headers(row or {}, mapping)


def received_values(
    role: Role, row: dict[str, object] | None, mapping: dict[str, str] | None
) -> list[tuple[str, str]]:
    """``(header, value)`` of a source row as received, in the file's order, with
    identifiers masked and health columns hidden as ``role`` requires. ``mapping``
    is the batch's canonical field → header map (its quality report keeps it)."""
    row = row or {}
    hidden = withheld(role, row, mapping)
    shown = []
    for header, value in row.items():
        text = "" if value is None else str(value)
        if header in hidden:
            text = HIDDEN_TEXT if text else ""
        elif not role.nik_penuh:
            text = _IDENTIFIER.sub(lambda m: mask_identifier(m.group()) or HIDDEN, text)
        shown.append((header, text))
    return shown
