"""What of a person's source rows and PPKS history a role may see on a page.

The golden fields are masked by ``accounts.masking``; the same policy (roles.toml)
applies to the two things that module does not know: a source row as received (any
column, any header: ``ingest.received``, shared with the exports and the data subject's
report) and a PPKS category (some are specific data).
"""

from __future__ import annotations

from datusoban.accounts.roles import Role
from datusoban.ingest.received import received_values
from datusoban.reference.models import PPKSCategory

__all__ = ["ppks_visible", "received_values"]


def ppks_visible(role: Role, category: PPKSCategory) -> bool:
    """A category that is specific personal data (disability, illness, a child's
    situation) only for roles that may see health data, or children's data when the
    category is about children."""
    if not category.data_spesifik or role.data_kesehatan:
        return True
    is_child_category = category.usia_maks is not None and category.usia_maks < 18
    return is_child_category and role.data_anak
