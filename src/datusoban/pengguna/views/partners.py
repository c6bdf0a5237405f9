"""Pages of the partner systems (Sistem mitra), under /pengguna/: the API tokens of the
users an administrator manages, issuing one (shown once) and revoking one; a user's
signing key for the SPDCI messages, registered, replaced or removed.

The same access rules as the user pages (``pengguna.access``): 403 for a role that may
not manage users, 404 for a token or a user outside the administrator's region. Every
change is ``pengguna.partners`` (one transaction, audited); a refusal is shown next to
its field, or on the page the step was taken from.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from datusoban.accounts.models import SenderKey
from datusoban.accounts.sender_keys import algorithms
from datusoban.pengguna import access, partners
from datusoban.pengguna.forms import KeyForm, TokenForm
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import attempt, refusals_shown_on

PER_PAGE = 50


def _state(row, now) -> tuple[str, str]:
    """The token's state and the badge class it is shown with."""
    if row.dicabut is not None:
        return "Dicabut", "status-ditolak"
    if row.kedaluwarsa is not None and row.kedaluwarsa <= now:
        return "Kedaluwarsa", "status-gagal"
    if not row.user.is_active:
        return "Akun nonaktif", "status-gagal"
    return "Aktif", "status-selesai"


def _key_of(user) -> SenderKey | None:
    try:
        return user.kunci_pengirim
    except SenderKey.DoesNotExist:
        return None


@viewer_required
@never_cache
def partner_list(request: HttpRequest) -> HttpResponse:
    """The tokens, and the form that issues one; the answer to an issue shows the token."""
    access.manager_scope(request.user)
    form = TokenForm(
        request.POST if request.method == "POST" else None,
        holders=partners.holders(request.user),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            made = attempt(
                form, partners.issue, request, data["pengguna"], data["nama"], data["hari"]
            )
            if made is not None:
                row, text = made
                return render(request, "pengguna/token_baru.html", {"row": row, "token": text})
        status = 400
    now = timezone.now()
    page = Paginator(partners.tokens(request.user), PER_PAGE).get_page(request.GET.get("hal"))
    rows = [{"token": row, "state": _state(row, now), "key": _key_of(row.user)} for row in page]
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "pengguna/mitra.html", context, status=status)


@viewer_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    row = partners.token(request.user, pk)
    refusals_shown_on(request, "web:mitra")
    if partners.revoke(request, row):
        messages.success(
            request, f"Token {row.awalan}… ({row.nama}) dicabut: tidak dapat dipakai lagi."
        )
    else:
        messages.info(request, "Token itu sudah dicabut.")
    return redirect("web:mitra")


@viewer_required
def sender_key(request: HttpRequest, pk: int) -> HttpResponse:
    """A user's signing key: what is registered, and the form to register or replace it."""
    access.manager_scope(request.user)
    target = access.managed_user(request.user, pk)
    key = _key_of(target)
    initial = {"sender_id": key.sender_id} if key else {}
    form = KeyForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            replaced = attempt(
                form, partners.register_key, request, target, data["sender_id"], data["kunci"]
            )
            if replaced is not None:
                done = "diganti" if replaced else "didaftarkan"
                messages.success(
                    request,
                    f"Kunci tanda tangan {target.get_username()} {done}: setiap pesan SPDCI "
                    "dari tokennya kini wajib ditandatangani dengan kunci ini.",
                )
                return redirect("web:mitra_kunci", pk=target.pk)
        status = 400
    context = {
        "form": form, "target": target, "key": key, "own": target.pk == request.user.pk,
        "algorithms": algorithms(key.jwk) if key else (),
        "tokens": partners.tokens(request.user).filter(user=target),
    }  # fmt: skip
    return render(request, "pengguna/kunci.html", context, status=status)


@viewer_required
@require_POST
def sender_key_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.managed_user(request.user, pk)
    refusals_shown_on(request, "web:mitra_kunci", pk=target.pk)
    if partners.remove_key(request, target):
        messages.success(
            request,
            f"Kunci tanda tangan {target.get_username()} dihapus: pesannya tidak lagi "
            "wajib ditandatangani.",
        )
    else:
        messages.info(request, "Pengguna ini tidak punya kunci tanda tangan.")
    return redirect("web:mitra_kunci", pk=target.pk)
