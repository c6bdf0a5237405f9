"""The ``/dci/`` routes: plain Django views, so that every answer is the specification's
own (its envelope, its error codes), never the project API's ``{kode, pesan}``.

A caller proves who it is with a bearer token (``accounts.ApiToken``), as on the API: the
token's user, their role and region, decide what a search may disclose. When that user
has a sender's key registered, every message must name its sender and be signed with it
(dci/signature.py); a refused signature is answered 403 (400 for a body that is no
envelope), as the specification declares its HTTP errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from datusoban.accounts.models import ApiToken
from datusoban.accounts.scope import scope_of
from datusoban.dci import asynchronous, signature, subscriptions, transactions
from datusoban.dci.envelope import http_error

UNAUTHORIZED = (
    "Kirim token API yang sah: header Authorization: Bearer <token> (diterbitkan admin "
    "Datu Soban untuk sistem Anda)."
)
FORBIDDEN = "Pengguna token ini tidak berhak melihat data pribadi (tanpa peran atau wilayah)."


def _error(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse(http_error(code, message), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="Datu Soban"'
    return response


def _bearer(request: HttpRequest):
    kind, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        return None
    return ApiToken.user_for(token.strip())


def operation(handle: Callable) -> Callable[[HttpRequest], JsonResponse]:
    """A view for ``handle(request, body) -> (status, answer)``: POST only, a bearer token
    whose user may see personal data, a JSON body (said so by its Content-Type)."""

    @csrf_exempt  # a token, never a browser's cookie, authenticates these calls
    @wraps(handle)
    def view(request: HttpRequest) -> JsonResponse:
        if request.method != "POST":
            response = _error(405, "err.request.bad", f"Metode {request.method} tidak "
                              "didukung di alamat ini; gunakan POST.")  # fmt: skip
            response["Allow"] = "POST"
            return response
        user = _bearer(request)
        if user is None:
            return _error(401, "err.request.unauthorized", UNAUTHORIZED)
        request.user = user
        if scope_of(user) is None:
            return _error(403, "err.request.forbidden", FORBIDDEN)
        if request.content_type != "application/json":
            return _error(415, "err.request.bad", "Kirim isi permintaan sebagai JSON: header "
                          "Content-Type: application/json.")  # fmt: skip
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return _error(400, "err.request.bad", "Isi permintaan bukan JSON yang sah.")
        if refused := signature.refusal(user, body):
            return _error(refused.status, refused.code, refused.message)
        status, answer = handle(request, body)
        return JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})

    return view


search = operation(transactions.search)
txn_status = operation(transactions.txn_status)
search_async = operation(asynchronous.search)
txn_status_async = operation(asynchronous.txn_status)
subscribe = operation(subscriptions.subscribe)
unsubscribe = operation(subscriptions.unsubscribe)

OFFERED = (
    "registry/sync/search", "registry/sync/txn/status", "registry/search", "registry/txn/status",
    "registry/subscribe", "registry/unsubscribe",
)  # fmt: skip
# The callbacks: the client system's own endpoints, never the registry's.
CALLBACKS = {
    "registry/on-search", "registry/on-subscribe", "registry/on-unsubscribe", "registry/notify",
    "registry/txn/on-status",
}  # fmt: skip


@csrf_exempt  # an answer, never a change: any method gets the same 404
def unknown(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other address under /dci/."""
    rest = rest.strip("/")
    available = ", ".join(f"/dci/{o}" for o in OFFERED)
    if rest in CALLBACKS:
        message = (
            f"{rest} adalah alamat balasan di sistem Anda sendiri (header.sender_uri), tempat "
            f"registri ini mengirim jawaban; yang tersedia di sini: {available}."
        )
    elif rest in OFFERED:
        message = f"Alamat ini tidak ada; maksud Anda /dci/{rest} (tanpa garis miring akhir)?"
    else:
        message = f"Alamat ini tidak ada di API SPDCI; yang tersedia: {available}."
    return _error(404, "err.request.not_found", message)
