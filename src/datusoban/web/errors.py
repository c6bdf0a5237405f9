"""The error pages (403, 404, 500 and a refused CSRF token): in Bahasa Indonesia, inside
the site's own layout with its menu, never Django's English defaults.

What went wrong is said in words. A 403 says the reason it was raised with: every
PermissionDenied here carries one written for the user (the views' own, and the
refusal middleware's from a ``RefusedError``'s ``pesan``); Django's raise none. A 404
says a refusal's ``pesan`` too, but never any other 404's text: one raised by
``get_object_or_404`` speaks English and may name a model. The 500 page falls back to
a page of its own when the layout itself cannot be drawn (the database may be the fault).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader

from datusoban.refusal import RefusedError

logger = logging.getLogger("datusoban.web")

_PAGES = {
    403: (
        "Akses ditolak",
        "Peran atau wilayah akun Anda tidak memberi akses ke halaman ini. Bila Anda memerlukannya "
        "untuk pekerjaan Anda, mintalah admin provinsi atau admin kab/kota Anda.",
    ),
    404: (
        "Halaman tidak ditemukan",
        "Halaman atau data yang dicari tidak ada, sudah dihapus, atau berada di luar wilayah "
        "akun Anda.",
    ),
    500: (
        "Terjadi kesalahan pada server",
        "Permintaan Anda tidak dapat diselesaikan. Kesalahan ini sudah dicatat; coba lagi "
        "sebentar lagi, atau hubungi admin provinsi bila terus terjadi.",
    ),
}
_CSRF = (
    "Formulir kedaluwarsa",
    "Formulir ini dibuka terlalu lama atau sesi Anda sudah berganti. Muat ulang halaman, lalu "
    "kirim formulirnya sekali lagi.",
)


def _refusal_said(exception: Exception | None, default: str) -> str:
    cause = getattr(exception, "__cause__", None)
    return cause.pesan if isinstance(cause, RefusedError) else default


def _page(request: HttpRequest, status: int, judul: str, pesan: str) -> HttpResponse:
    context = {"judul": judul, "pesan": pesan, "alamat": request.path if status == 404 else ""}
    html = loader.render_to_string("web/galat/halaman.html", context, request)
    return HttpResponse(html, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    judul, pesan = _PAGES[403]
    return _page(request, 403, judul, str(exception or "") or pesan)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    judul, pesan = _PAGES[404]
    return _page(request, 404, judul, _refusal_said(exception, pesan))


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _page(request, 500, *_PAGES[500])
    except Exception:  # the layout needs the database: a page that needs nothing
        logger.exception("halaman galat 500 tidak dapat digambar dengan menu")
        return HttpResponse(loader.render_to_string("web/galat/darurat.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, 403, *_CSRF)
