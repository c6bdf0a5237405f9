"""What every printed document (PDF) answered by a page shares: the time it was made,
who made it, the footer that says so, and the download response."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from datusoban.formatting import waktu

# Printed on every page of a document that names people.
PERSONAL_DATA_NOTE = (
    "Memuat data pribadi (UU 27/2022): hanya untuk tujuan yang dinyatakan saat dicetak; "
    "pencetakan ini tercatat di jejak audit."
)


def printed_by(request: HttpRequest) -> str:
    return request.user.get_full_name() or request.user.get_username()


def footer(request: HttpRequest) -> list[str]:
    """The two footer lines of a document with personal data: when and by whom, and the
    purpose rule."""
    return [
        f"Dicetak {waktu(timezone.now())} WITA oleh {printed_by(request)} melalui Datu Soban.",
        PERSONAL_DATA_NOTE,
    ]


def pdf_response(content: bytes, name: str) -> HttpResponse:
    """The document as a download named ``name``-<time>.pdf (no identifier in the name)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.pdf"'
    return response
