"""Which PPKS categories a role may see: some are specific personal data (UU 27/2022)."""

from __future__ import annotations

from datusoban.accounts.roles import Role
from datusoban.reference.models import KategoriPPKS


def ppks_visible(role: Role, category: KategoriPPKS) -> bool:
    """A category that is specific personal data (disability, illness, a child's
    situation) only for roles that may see health data, or children's data when the
    category is about children."""
    if not category.data_spesifik or role.data_kesehatan:
        return True
    is_child_category = category.usia_maks is not None and category.usia_maks < 18
    return is_child_category and role.data_anak
