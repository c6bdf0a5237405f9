"""The error pages speak Bahasa Indonesia inside the site's layout, with its menu, and never
show an exception's own (English) text."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from datusoban.web import errors

from .people import log_in_as

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_an_unknown_address_gets_the_indonesian_404_page_with_the_menu(client):
    log_in_as(client, "operator_kabkota", "63.71")
    response = client.get("/tidak-ada/")
    html = _text(response)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html and "/tidak-ada/" in html
    assert 'nav class="nav"' in html and "Keluar" in html  # the layout and its menu
    assert "Not Found" not in html and "The requested resource" not in html


def test_a_record_outside_the_scope_is_the_same_404_without_the_model_name(client):
    log_in_as(client, "operator_kabkota", "63.71")
    html = _text(client.get("/orang/999999999/"))
    assert "Halaman tidak ditemukan" in html
    assert "Person" not in html and "matches the given query" not in html


def test_a_form_sent_without_its_csrf_token_gets_the_indonesian_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in _text(response)
    assert "CSRF verification failed" not in _text(response)


def test_the_500_page_is_drawn_in_the_layout_and_falls_back_when_it_cannot_be(monkeypatch):
    request = RequestFactory().get("/apa-saja/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in _text(response) and "Masuk" in _text(response)

    def broken(*args, **kwargs):
        raise RuntimeError("database hilang")

    monkeypatch.setattr(errors, "_page", broken)
    fallback = errors.server_error(request)
    assert fallback.status_code == 500
    assert "Terjadi kesalahan pada server" in _text(fallback)
    assert "database hilang" not in _text(fallback)


def test_a_page_refused_for_the_role_says_why(client):
    log_in_as(client, "auditor", "63.71")
    refused = client.get("/kasus/baru/")
    assert refused.status_code == 403
    assert "Peran Anda tidak dapat membuat laporan kasus." in _text(refused)
    assert 'nav class="nav"' in _text(refused)


def test_a_refusal_raised_in_the_domain_keeps_its_own_words_on_a_404(client, people):
    # A case outside the user's region: kasus.access refuses with its own pesan (404).
    log_in_as(client, "operator_kabkota", "63.72")
    html = _text(client.get("/kasus/999999/"))
    assert "Halaman tidak ditemukan" in html and "LaporanKasus" not in html
    assert "Laporan kasus tidak ditemukan." in html  # the refusal's own words
