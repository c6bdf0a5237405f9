"""How the API refuses: every error, whoever raises it, as ``{kode, pesan}`` in Bahasa
Indonesia, and the one helper routes use to declare the refusals they may give. A domain
app's refusal (``datusoban.refusal.RefusedError``) is answered here with the status it
carries: a route lets it through.

Status codes, the same for every route:

- 400 the body cannot be read (not JSON, a broken multipart form), or the request is
  well formed but a domain rule refuses it (the route's own ``kode``);
- 401 no valid login session and no valid bearer token;
- 403 the caller's role or region may not do this (or a browser session sent an unsafe
  request without its CSRF token);
- 404 not found, or outside the caller's scope; also an address under the API that
  matches no route;
- 405 a method the address does not offer (with ``Allow``);
- 409 the change conflicts with the data's current state;
- 422 the request does not match the OpenAPI document (``InvalidInputOut``: every
  offending part in ``rincian``); a request that matches it never gets 422;
- 500 an unexpected error: logged with its traceback, never shown to the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, URLPattern, resolve
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from datusoban.api.invalid_input import described
from datusoban.api.schemas import ErrorOut, InvalidInputOut
from datusoban.refusal import RefusedError

logger = logging.getLogger("datusoban.api")

# Every route requires a login session or a bearer token, and any may fail unexpectedly.
ALWAYS = (401, 500)
NOT_FOUND = ("tidak_ditemukan", "Data yang diminta tidak ditemukan atau di luar cakupan Anda.")

# The errors django-ninja itself raises, by status (HttpError carries English text).
_HTTP_ERRORS = {
    400: (
        "isi_tidak_terbaca",
        "Isi permintaan tidak dapat dibaca: kirim JSON yang sah (atau formulir multipart "
        "untuk unggahan berkas).",
    ),
    401: (
        "belum_masuk",
        "Belum masuk: kirim token API yang sah (Authorization: Bearer …) atau masuk lewat "
        "halaman web.",
    ),
    403: (
        "csrf_tidak_sah",
        "Permintaan dari sesi browser tanpa token CSRF yang sah ditolak; sistem lain memakai "
        "token API (Authorization: Bearer …).",
    ),
    429: ("terlalu_sering", "Terlalu banyak permintaan; coba lagi sebentar lagi."),
}


def responses(success: Mapping[int, Any], *refusals: int) -> dict[int, Any]:
    """A route's ``response=``: its successes, the refusals it may give (400, 403, 404, 409,
    422), and those every route may give (401, 500), each with its error schema."""
    declared = dict(success)
    for status in (*refusals, *ALWAYS):
        declared[status] = InvalidInputOut if status == 422 else ErrorOut
    return declared


def refusal(
    api: NinjaAPI, request: HttpRequest, status: int, kode: str, pesan: str
) -> HttpResponse:
    return api.create_response(request, {"kode": kode, "pesan": pesan}, status=status)


def install(api: NinjaAPI) -> None:
    """Replace django-ninja's English ``{"detail": …}`` answers (and its traceback page
    under DEBUG) on ``api``."""

    def refused(request: HttpRequest, exc: RefusedError) -> HttpResponse:
        return refusal(api, request, exc.status, exc.kode, exc.pesan)

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, described(exc.errors), status=422)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = refusal(api, request, 401, *_HTTP_ERRORS[401])
        response["WWW-Authenticate"] = 'Bearer realm="Datu Soban"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        kode, pesan = _HTTP_ERRORS.get(
            exc.status_code, ("permintaan_ditolak", "Permintaan ditolak.")
        )
        if isinstance(exc, AuthorizationError):  # django-ninja's own 403 is the CSRF check
            kode, pesan = "tanpa_izin", "Anda tidak berhak melakukan ini."
        return refusal(api, request, exc.status_code, kode, pesan)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return refusal(api, request, 404, *NOT_FOUND)

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error(
            "Unexpected error on %s %s", request.method, request.path, exc_info=exc,
            extra={"status_code": 500, "request": request},
        )  # fmt: skip
        return refusal(
            api, request, 500, "kesalahan_server",
            "Terjadi kesalahan di server; sudah dicatat. Coba lagi nanti atau hubungi admin.",
        )  # fmt: skip

    api.add_exception_handler(RefusedError, refused)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(Exception, unexpected)


def answered_in_json(api: NinjaAPI, pattern: URLPattern) -> URLPattern:
    """``pattern`` whose refusals made outside any operation are JSON too: a method the
    address does not offer (django-ninja answers a plain-text 405) and the API root's 404."""
    view = pattern.callback

    @wraps(view)  # keeps csrf_exempt: django-ninja checks CSRF itself, per auth
    def view_answering_json(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return refusal(api, request, 404, *NOT_FOUND)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            answer = refusal(
                api, request, 405, "metode_tidak_didukung",
                f"Metode {request.method} tidak didukung di alamat ini; gunakan {allowed}.",
            )  # fmt: skip
            answer["Allow"] = allowed
            return answer
        return response

    return URLPattern(pattern.pattern, view_answering_json, pattern.default_args, pattern.name)


def unknown_address(api: NinjaAPI) -> Callable[..., HttpResponse]:
    """The view for an address under the API that matches no route."""

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        pesan = "Alamat ini tidak ada di API; lihat dokumen OpenAPI (openapi.json)."
        # This route answers every address, so Django's APPEND_SLASH never redirects
        # under the API (a redirect would lose a POST's body anyway): say it instead.
        if not request.path.endswith("/") and _is_route(request.path + "/"):
            pesan = f"Alamat ini tidak ada di API; maksud Anda {request.path}/ (garis miring)?"
        return refusal(api, request, 404, "alamat_tidak_dikenal", pesan)

    view.csrf_exempt = True  # an answer, never a change: any method gets the same 404
    return view


def _is_route(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name is not None  # the catch-all above has no name
