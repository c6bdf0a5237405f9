"""Who may do what on the pages: a user without a role and region (404), and the import
pages' rules, in one place.

Every import page needs a logged-in user. Importing (uploading, saving a profile for a
new layout) is a change of registry data: who may, and under which source, is decided
by ``impor.authority.check_import`` (the role's ``tulis`` and the user's region against
the source's); a refusal is a 403 page that says why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.accounts.scope import Scope, scope_of
from datusoban.impor.authority import ImportNotAllowedError, check_import, may_import
from datusoban.registri.models import Source


def can_import(user, source: Source | None = None) -> bool:
    """Whether to offer ``user`` the upload (under ``source``, when the page is about one)."""
    return may_import(user, source)


def refused(request: HttpRequest, message: str) -> HttpResponse:
    """The 403 page of an import the user may not make, with the reason."""
    return render(request, "impor/ditolak.html", {"message": message}, status=403)


def viewer_required(view: Callable) -> Callable:
    """Logged-in users only; anonymous ones are sent to the login page."""
    return login_required(view)


def importer_required(view: Callable) -> Callable:
    """Logged-in users who may import at all (check_import without a source); a 403
    page saying why for the others. The source is checked once it is known."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            check_import(request.user)
        except ImportNotAllowedError as exc:
            return refused(request, str(exc))
        return view(request, *args, **kwargs)

    return login_required(checked)


def scope_or_404(request: HttpRequest) -> Scope:
    """The user's role and region; a user without them sees no personal data: 404."""
    scope = scope_of(request.user)
    if scope is None:
        raise Http404("Akun Anda belum diberi peran dan wilayah.")
    return scope
