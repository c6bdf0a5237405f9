"""A domain refusal a route lets through is answered by the API's one handler
(``api/errors.py``): ``{kode, pesan}`` with the status the refusal carries."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.testing import TestClient

from datusoban.api.errors import install
from datusoban.api.main import api as datu_soban_api
from datusoban.refusal import RefusedError


@pytest.fixture(scope="module")
def client() -> TestClient:
    api = NinjaAPI(urls_namespace="refusal-answer-test")
    install(api)

    @api.post("/default")
    def by_default(request: HttpRequest):
        raise RefusedError("transisi_ditolak", "Langkah ini tidak dapat diambil sekarang.")

    @api.post("/role")
    def for_the_role(request: HttpRequest):
        raise RefusedError("peran_ditolak", "Peran Anda tidak dapat melakukan ini.", 403)

    @api.get("/missing")
    def not_found(request: HttpRequest):
        raise RefusedError("tidak_ditemukan", "Laporan kasus tidak ditemukan.", 404)

    return TestClient(api)


@pytest.mark.parametrize(
    ("method", "path", "status", "kode", "pesan"),
    [
        ("post", "/default", 400, "transisi_ditolak", "Langkah ini tidak dapat diambil sekarang."),
        ("post", "/role", 403, "peran_ditolak", "Peran Anda tidak dapat melakukan ini."),
        ("get", "/missing", 404, "tidak_ditemukan", "Laporan kasus tidak ditemukan."),
    ],
)
def test_a_refusal_is_answered_with_its_status(client, method, path, status, kode, pesan):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"kode": kode, "pesan": pesan}


def test_the_api_answers_refusals_with_that_handler():
    # Found by the refusal's own class, before the catch-all that answers 500.
    handler = datu_soban_api._lookup_exception_handler(RefusedError("x", "y"))
    assert handler is not None and handler.__name__ == "refused"
