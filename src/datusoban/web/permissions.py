"""Who may do what in the web app, in one place.

For now: every import page needs a logged-in user, and changing data (uploading,
saving a profile) needs the permission to add import batches; otherwise 403.
Roles and regional scope (issue: accounts) will replace these two decorators.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required

# Importing writes personal data: only users allowed to add import batches may.
IMPORT_PERMISSION = "registry.add_importbatch"


def can_import(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION)


def viewer_required(view: Callable) -> Callable:
    """Logged-in users only; anonymous ones are sent to the login page."""
    return login_required(view)


def importer_required(view: Callable) -> Callable:
    """Logged-in users with the import permission; 403 for the others."""
    return login_required(permission_required(IMPORT_PERMISSION, raise_exception=True)(view))
