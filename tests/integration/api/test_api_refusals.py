"""Every refusal of the API is ``{kode, pesan}`` in Bahasa Indonesia, whoever makes it:
a missing login, a request that does not match the document (422, each part in
``rincian``), an unreadable body, a method or address the API does not have, a
``get_object_or_404``, a browser session without its CSRF token, and an unexpected
error (500, logged with its traceback, which the caller never sees)."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client

from datusoban.accounts.models import Account, ApiToken

pytestmark = pytest.mark.django_db
API = "/api/v1"
ENGLISH = ("detail", "Input should", "Field required", "Unauthorized", "Not Found", "Traceback")


@pytest.fixture
def bearer() -> dict[str, str]:
    user = User.objects.create_superuser("admin.uji", password="tidak-dipakai-123")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    _, token = ApiToken.issue(user, "uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def refusal(response, status: int, kode: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert {"kode", "pesan"} <= set(body), body
    assert not any(word in response.content.decode() for word in ENGLISH), body
    if kode is not None:
        assert body["kode"] == kode
    return body


def test_no_login_or_a_wrong_token_is_401_with_how_to_log_in(client):
    body = refusal(client.get(f"{API}/kasus/"), 401, "belum_masuk")
    assert "Bearer" in body["pesan"]
    wrong = client.get(f"{API}/kasus/", HTTP_AUTHORIZATION="Bearer dsb_salah")
    refusal(wrong, 401, "belum_masuk")
    assert wrong["WWW-Authenticate"].startswith("Bearer")


def test_a_query_that_does_not_match_the_document_is_422_naming_each_part(client, bearer):
    query = {"umur_min": "abc", "jenis_kelamin": "X"}
    response = client.get(f"{API}/registri/orang", query, **bearer)
    body = refusal(response, 422, "masukan_tidak_sah")
    parts = {tuple(detail["lokasi"]): detail for detail in body["rincian"]}
    assert parts[("query", "umur_min")]["pesan"] == "harus bilangan bulat"
    assert parts[("query", "jenis_kelamin")]["jenis"] == "string_pattern_mismatch"
    assert "parameter" in body["pesan"] and "1 kesalahan lain" in body["pesan"]


def test_a_field_given_twice_is_422_and_a_body_that_is_no_object_400(client, bearer):
    # django-ninja would take the last value, or read an all-optional schema's fields
    # from anything: neither is taken.
    twice = client.get(f"{API}/alokasi/?program=PKH&program=BPNT", **bearer)
    body = refusal(twice, 422, "masukan_tidak_sah")
    assert body["rincian"][0]["lokasi"] == ["query", "program"]
    assert body["rincian"][0]["pesan"] == "hanya boleh diberikan sekali"
    for wrong in ("[null, null]", "7", '"teks"'):
        answer = client.post(
            f"{API}/registri/orang/cari", wrong, content_type="application/json", **bearer
        )
        refusal(answer, 400, "isi_tidak_terbaca")
    truth = client.post(
        f"{API}/registri/orang/cari", {"nama": "Muhammad", "umur_min": True},
        content_type="application/json", **bearer,
    )  # fmt: skip
    assert refusal(truth, 422)["rincian"][0]["pesan"] == "harus bilangan bulat"


def test_a_body_that_does_not_match_the_document_is_422(client, bearer):
    response = client.post(
        f"{API}/bencana/1/korban/1/koreksi", {"alasan": ""}, content_type="application/json",
        **bearer,
    )  # fmt: skip
    body = refusal(response, 422, "masukan_tidak_sah")
    assert body["rincian"] == [
        {
            "lokasi": ["body", "body", "alasan"],
            "pesan": "paling sedikit 1 karakter",
            "jenis": "string_too_short",
        }
    ]
    missing = client.post(f"{API}/kasus/", {}, content_type="application/json", **bearer)
    assert {d["pesan"] for d in refusal(missing, 422)["rincian"]} == {"wajib diisi"}


def test_a_day_is_iso_text_only(client, bearer):
    # pydantic alone would read 0 as 1 January 1970.
    for day in ("0", "1700000000", "30-06-2025"):
        response = client.get(f"{API}/layanan/pelatihan/perlu", {"tanggal": day}, **bearer)
        assert refusal(response, 422)["rincian"][0]["jenis"] == "date_parsing"
    iso = client.get(f"{API}/layanan/pelatihan/perlu", {"tanggal": "2025-06-30"}, **bearer)
    assert iso.status_code == 200


def test_an_unreadable_body_is_400(client, bearer):
    response = client.post(
        f"{API}/kasus/", "{bukan json", content_type="application/json", **bearer
    )
    refusal(response, 400, "isi_tidak_terbaca")


def test_a_method_the_address_lacks_is_405_with_allow(client, bearer):
    response = client.delete(f"{API}/kasus/", **bearer)
    body = refusal(response, 405, "metode_tidak_didukung")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert "DELETE" in body["pesan"]


def test_an_address_no_route_has_is_404(client, bearer):
    refusal(client.get(f"{API}/tidak-ada/sama-sekali", **bearer), 404, "alamat_tidak_dikenal")
    refusal(client.post(f"{API}/kasus/1/tidak-ada", **bearer), 404, "alamat_tidak_dikenal")
    refusal(client.get(f"{API}/", **bearer), 404)
    # Django's APPEND_SLASH does not redirect here (a POST would lose its body): a hint.
    hint = refusal(client.post(f"{API}/kasus", {}, **bearer), 404, "alamat_tidak_dikenal")
    assert "/api/v1/kasus/" in hint["pesan"]


def test_get_object_or_404_is_404(client, bearer):
    refusal(client.get(f"{API}/impor/mutu/sumber/tidak-ada", **bearer), 404)


def test_a_session_without_its_csrf_token_is_403():
    user = User.objects.create_user("operator.uji", password="tidak-dipakai-123")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id="63.71")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post(f"{API}/kasus/", {}, content_type="application/json")
    refusal(response, 403, "csrf_tidak_sah")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_is_500_logged_and_never_shown(
    client, bearer, monkeypatch, settings, caplog, debug
):
    settings.DEBUG = debug

    def broken(*args, **kwargs):
        raise RuntimeError("rahasia-dalam-pesan-pengecualian")

    monkeypatch.setattr("datusoban.kasus.sla.case_summary", broken)
    with caplog.at_level(logging.ERROR, logger="datusoban.api"):
        response = client.get(f"{API}/kasus/ringkasan", **bearer)
    refusal(response, 500, "kesalahan_server")
    assert b"rahasia" not in response.content
    [logged] = [r for r in caplog.records if r.name == "datusoban.api"]
    assert logged.exc_info[0] is RuntimeError
    assert "/api/v1/kasus/ringkasan" in logged.getMessage()
