"""How the pages show a refusal (``datusoban.refusal.RefusedError``), in one place.

A page that posts a change looks up what its address names first, then says where a
refusal returns to: ``refusals_shown_on(request, "web:kasus", pk=pk)``. From then on a
refusal the view lets through is its message on that page (``RefusalMiddleware``), or
the forbidden page (403) when the user's role may not take the step. A refusal before
that, from looking up what the address names, is the not-found page (404), or 403.
Anything else is not a page's refusal and stays a server error.

A form page shows the refusal on the form it shows again instead: ``attempt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

from datusoban.refusal import RefusedError

T = TypeVar("T")
_SHOWN_ON = "_refusals_shown_on"


@dataclass(frozen=True)
class _ShownOn:
    url: str
    prefix: str
    status: int


def refusals_shown_on(
    request: HttpRequest, to: str, *, prefix: str = "", status: int = 302, **kwargs: Any
) -> None:
    """From now on, a refusal is ``prefix`` + its message on page ``to`` (a URL name with
    its ``kwargs``, or a path), reached by a redirect with ``status``."""
    setattr(request, _SHOWN_ON, _ShownOn(resolve_url(to, **kwargs), prefix, status))


def incomplete(form: forms.Form) -> RefusedError:
    """The refusal of a posted form that is not valid: each field's label and problems."""
    problems = "; ".join(
        f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}"
        for f, e in form.errors.items()
    )
    return RefusedError("isian", f"Isian belum lengkap: {problems}")


def attempt(form: forms.Form, step: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """``step(*args, **kwargs)``; when refused, None and the refusal on ``form``: next to
    the input it names (``RefusedError.field``), otherwise above the form."""
    try:
        return step(*args, **kwargs)
    except RefusedError as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.pesan)
        return None


class RefusalMiddleware:
    """Turns a refusal a page lets through into what the page shows (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RefusedError):
            return None
        if exception.status == 403:
            raise PermissionDenied(exception.pesan) from exception
        shown_on: _ShownOn | None = getattr(request, _SHOWN_ON, None)
        if shown_on is None:
            if exception.status == 404:
                raise Http404(exception.pesan) from exception
            return None
        messages.error(request, shown_on.prefix + exception.pesan)
        return HttpResponseRedirect(shown_on.url, status=shown_on.status)
