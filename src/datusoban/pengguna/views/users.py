"""Pages of the users, under /pengguna/: the list, a new user, a user's details, making a
user nonaktif or active again, a password reset, lifting a lockout; and every user's
own page to change their password.

Who may manage whom is ``pengguna.access`` (403 for a role that may not, 404 for a user
outside the administrator's region); every change is ``pengguna.actions`` (one
transaction, audited); a refusal is shown next to its field, or on the user's page.
A password set by an administrator is shown once, on the answer to the request that set
it, and never stored where it could be shown again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from datusoban.accounts import login_throttle
from datusoban.accounts.middleware import MUST_CHANGE
from datusoban.accounts.roles import roles
from datusoban.layanan.models import StafLembaga
from datusoban.pengguna import access, actions
from datusoban.pengguna.forms import FilterForm, ResetForm, StatusForm, UserForm
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import attempt, refusals_shown_on

PER_PAGE = 50
HELD = {"terkunci": "Terkunci", "diperlambat": "Diperlambat"}


def _posted(request: HttpRequest):
    """The posted data, or None for a GET: a post of nothing (a reset that lets the system
    make the password) is still a post."""
    return request.POST if request.method == "POST" else None


def _filtered(users: QuerySet[User], form: FilterForm, held: dict[str, str]) -> QuerySet[User]:
    if not form.is_valid():
        return users
    data = form.cleaned_data
    if data["cari"]:
        text = data["cari"].strip()
        users = users.filter(
            Q(username__icontains=text) | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )  # fmt: skip
    if data["peran"]:
        users = users.filter(account__peran=data["peran"])
    if data["status"] == "aktif":
        users = users.filter(is_active=True)
    elif data["status"] == "nonaktif":
        users = users.filter(is_active=False)
    elif data["status"] == "terkunci":
        users = users.filter(username__in=list(held))
    return users


def _rows(users: list[User], held: dict[str, str]) -> list[dict]:
    """What the list shows of each user."""
    links: dict[int, list[str]] = {}
    for link in StafLembaga.objects.filter(user__in=users).select_related("lembaga"):
        links.setdefault(link.user_id, []).append(link.lembaga.nama)
    table = roles()
    rows = []
    for user in users:
        account = getattr(user, "account", None)
        rows.append({
            "user": user,
            "nama": user.get_full_name(),
            "peran": table[account.peran].label if account else "",
            "wilayah": account.wilayah if account else None,
            "lembaga": sorted(links.get(user.pk, [])),
            "tertahan": HELD.get(held.get(user.get_username(), ""), ""),
            "harus_ganti_sandi": bool(account and account.harus_ganti_sandi),
        })  # fmt: skip
    return rows


@viewer_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = access.managed_users(request.user)
    form = FilterForm(request.GET or None)
    held = login_throttle.held_back()
    users = _filtered(users, form, held).order_by("username")
    page = Paginator(users, PER_PAGE).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context = {
        "form": form, "page": page, "rows": _rows(list(page), held),
        "query": query.urlencode(),
    }  # fmt: skip
    return render(request, "pengguna/daftar.html", context)


def _password_shown(request: HttpRequest, target: User, password: str, title: str):
    """The one answer that shows a password an administrator had made: not kept anywhere,
    not cached by the browser (``never_cache`` on the views)."""
    context = {"target": target, "password": password, "title": title}
    return render(request, "pengguna/sandi_baru.html", context)


@viewer_required
@never_cache
def user_new(request: HttpRequest) -> HttpResponse:
    scope = access.manager_scope(request.user)
    form = UserForm(_posted(request), scope=scope, creating=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            typed = form.cleaned_data["sandi"]
            made = attempt(
                form, actions.create, request, form.cleaned_data["username"], form.details(),
                typed,
            )  # fmt: skip
            if made is not None:
                user, password = made
                messages.success(request, f"Pengguna {user.get_username()} dibuat.")
                if typed:
                    return redirect("web:pengguna_rinci", pk=user.pk)
                return _password_shown(request, user, password, "Pengguna baru")
        status = 400
    context = {"form": form, "title": "Pengguna baru"}
    return render(request, "pengguna/isian.html", context, status=status)


@viewer_required
def user_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope = access.manager_scope(request.user)
    target = access.managed_user(request.user, pk)
    own = target.pk == request.user.pk
    now = actions.current(target)
    initial = {
        "nama": now.nama, "email": now.email, "peran": now.peran, "wilayah": now.wilayah,
        "lembaga": list(now.lembaga),
    }  # fmt: skip
    form = UserForm(_posted(request), initial=initial, scope=scope, creating=False)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changes = attempt(form, actions.update, request, target, form.details())
            if changes is not None:
                messages.success(
                    request, "Perubahan tersimpan." if changes else "Tidak ada yang berubah."
                )
                return redirect("web:pengguna_rinci", pk=target.pk)
        status = 400
    offered = {pk for pk, _ in form.fields["lembaga"].choices}
    elsewhere = StafLembaga.objects.filter(user=target).exclude(lembaga_id__in=offered)
    held = login_throttle.held_back([target.get_username()]).get(target.get_username(), "")
    context = {
        "form": form, "target": target, "own": own, "title": target.get_username(),
        "account": getattr(target, "account", None), "tertahan": HELD.get(held, ""),
        "lembaga_lain": [link.lembaga for link in elsewhere.select_related("lembaga")],
    }  # fmt: skip
    return render(request, "pengguna/rinci.html", context, status=status)


@viewer_required
@require_POST
def user_status(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.managed_user(request.user, pk)
    refusals_shown_on(request, "web:pengguna_rinci", pk=target.pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih aktifkan atau nonaktifkan.")
        return redirect("web:pengguna_rinci", pk=target.pk)
    aktif = form.cleaned_data["aktif"]
    if actions.set_active(request, target, aktif, form.cleaned_data["alasan"]):
        done = "diaktifkan kembali" if aktif else "dinonaktifkan: tidak dapat masuk lagi"
        messages.success(request, f"Pengguna {target.get_username()} {done}.")
    else:
        messages.info(request, "Status pengguna sudah demikian.")
    return redirect("web:pengguna_rinci", pk=target.pk)


@viewer_required
@never_cache
def user_reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.managed_user(request.user, pk)
    form = ResetForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            typed = form.cleaned_data["sandi"]
            password = attempt(form, actions.reset_password, request, target, typed)
            if password is not None:
                if typed:
                    messages.success(
                        request, "Kata sandi diatur ulang; pengguna wajib menggantinya saat masuk."
                    )
                    return redirect("web:pengguna_rinci", pk=target.pk)
                return _password_shown(request, target, password, "Kata sandi diatur ulang")
        status = 400
    context = {"form": form, "target": target, "title": f"Atur ulang sandi {target.username}"}
    return render(request, "pengguna/atur_ulang.html", context, status=status)


@viewer_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.managed_user(request.user, pk)
    refusals_shown_on(request, "web:pengguna_rinci", pk=target.pk)
    actions.unlock(request, target)
    messages.success(request, f"Kunci {target.get_username()} dibuka: ia dapat masuk lagi.")
    return redirect("web:pengguna_rinci", pk=target.pk)


@viewer_required
@never_cache
def own_password(request: HttpRequest) -> HttpResponse:
    """Every user's own password; the only page a user who must change it reaches."""
    account = getattr(request.user, "account", None)
    must = bool(account and account.harus_ganti_sandi)
    form = PasswordChangeForm(request.user, _posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            update_session_auth_hash(request, user)
            actions.own_password_changed(request, user)
            messages.success(request, "Kata sandi Anda sudah diganti.")
            # A change the login demanded goes on to where the login was going: Tugas saya.
            return redirect("web:tugas" if must else "web:beranda")
        status = 400
    context = {"form": form, "must": must, "reason": MUST_CHANGE}
    return render(request, "pengguna/ganti_sandi.html", context, status=status)
