"""A refusal a page lets through becomes what the page shows (``web/refusals.py``): its
message on the page it said, by a redirect; 403 for the role; 404 for what the address
names; a form shows it again, next to the input the refusal is about."""

from __future__ import annotations

from typing import ClassVar

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from datusoban.refusal import RefusedError
from datusoban.web.refusals import attempt, refusals_shown_on


def _case_page(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(f"kasus {pk}")


def _step(request: HttpRequest, pk: int) -> HttpResponse:
    if pk == 404:  # what the address names is looked up first
        raise RefusedError("tidak_ditemukan", "Laporan kasus tidak ditemukan.", 404)
    refusals_shown_on(request, "kasus", pk=pk, status=303, prefix="Kasus: ")
    status = int(request.POST["status"])
    raise RefusedError("contoh", "Langkah ini ditolak.", status)


def _unsaid(request: HttpRequest) -> HttpResponse:
    raise RefusedError("contoh", "Tidak ada halaman yang disebut.")


class _Urls:
    """The URLconf of these tests (a class: Django caches resolvers by it)."""

    urlpatterns: ClassVar = [
        path("kasus/<int:pk>/", _case_page, name="kasus"),
        path("kasus/<int:pk>/langkah/", _step),
        path("tanpa-halaman/", _unsaid),
    ]


_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "datusoban.web.refusals.RefusalMiddleware",
]


@pytest.fixture
def client():
    with override_settings(ROOT_URLCONF=_Urls, MIDDLEWARE=_MIDDLEWARE):
        yield Client()


def test_a_refusal_is_its_message_on_the_page_it_returns_to(client):
    response = client.post("/kasus/7/langkah/", {"status": "400"})
    assert response.status_code == 303 and response["Location"] == "/kasus/7/"
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Kasus: Langkah ini ditolak."]


def test_a_refusal_for_the_role_is_forbidden(client):
    assert client.post("/kasus/7/langkah/", {"status": "403"}).status_code == 403


def test_what_the_address_names_not_found_is_not_found(client):
    assert client.post("/kasus/404/langkah/", {"status": "400"}).status_code == 404


def test_a_refusal_with_no_page_to_show_it_stays_a_server_error(client):
    with pytest.raises(RefusedError):
        client.get("/tanpa-halaman/")


def test_the_site_shows_refusals_so():
    assert "datusoban.web.refusals.RefusalMiddleware" in settings.MIDDLEWARE


class _Form(forms.Form):
    selesai = forms.DateField()


def _refuse(field: str | None):
    raise RefusedError("ditolak", "Tanggal selesai sebelum tanggal mulai.", field=field)


@pytest.mark.parametrize(("field", "shown_at"), [("selesai", "selesai"), ("lain", "__all__")])
def test_a_form_shows_the_refusal_next_to_its_input_or_above(field, shown_at):
    form = _Form({"selesai": "2024-01-01"})
    assert form.is_valid()
    assert attempt(form, _refuse, field) is None
    assert form.errors == {shown_at: ["Tanggal selesai sebelum tanggal mulai."]}


def test_a_form_step_not_refused_gives_its_result():
    form = _Form({"selesai": "2024-01-01"})
    assert form.is_valid()
    assert attempt(form, lambda a, b=0: a + b, 1, b=2) == 3 and not form.errors
