"""How the review pages answer: the shared access rules (linkage.review_access) as view
decorators, and refusals as an Indonesian page, or as a fragment when HTMX asked.

A refusal keeps its status (403, 404, 409) whichever way it is shown; the review
pages' script (static web/penautan.js) lets HTMX put such a fragment in place of
the result, which HTMX would otherwise drop.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.penautan import review_access
from datusoban.penautan.decisions import DecisionError
from datusoban.penautan.review_access import Refusal
from datusoban.web.permissions import viewer_required


def is_htmx(request: HttpRequest) -> bool:
    """A request HTMX made for a part of a page (not a history restore, which needs it all)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def refused(request: HttpRequest, refusal: Refusal, **extra: object) -> HttpResponse:
    """The refusal in Bahasa Indonesia, with its status; ``extra`` goes to the template."""
    template = "penautan/_penolakan.html" if is_htmx(request) else "penautan/ditolak.html"
    return render(request, template, {"refusal": refusal, **extra}, status=refusal.status)


def decision_refused(request: HttpRequest, error: DecisionError, **extra: object) -> HttpResponse:
    """The service's own refusal (already decided, changed since, ...): nothing was changed."""
    return refused(request, Refusal(409, error.code, str(error)), **extra)


def _guarded(check: Callable[[object], Refusal | None]) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            refusal = check(request.user)
            if refusal is not None:
                return refused(request, refusal)
            return view(request, *args, **kwargs)

        # Anonymous visitors go to the login page first, as on every other page.
        return viewer_required(guarded)

    return decorator


# Reading the queue, pairs and the decision log.
reader_required = _guarded(lambda user: review_access.refusal(user, review_access.VIEW_PERMISSION))
# Accepting, rejecting, merging, splitting.
decider_required = _guarded(
    lambda user: review_access.refusal(user, review_access.DECIDE_PERMISSION)
)
# Undoing: deciding, province-wide.
undoer_required = _guarded(review_access.undo_refusal)
