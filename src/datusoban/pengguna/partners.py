"""Partner systems (Sistem mitra): the API tokens other systems call Datu Soban with, and
the public keys they sign their SPDCI messages with; managed by administrators for the
users of their region, each change one transaction with its audit row.

A token is issued for a user an administrator manages and stands for that user (role,
region), as ``datusoban token create`` does; it is shown once, to the administrator who
issued it, and stored only as a hash (``accounts.ApiToken``). The audit trail names the
token by its row and its system's name, never by its text. A key is the public half only
(``accounts.sender_keys``), tied to the user (``accounts.SenderKey`` says why).

An administrator issues no token and registers no key for their own account: a token is a
credential that skips the login and its second factor, so it is granted by another
administrator, as every other change of one's own account is.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from datusoban.accounts import sender_keys
from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.models import ApiToken, SenderKey
from datusoban.pengguna.access import managed_user, managed_users, manager_scope
from datusoban.refusal import RefusedError

TOKEN = "token_api"
KEY = "kunci_pengirim"
# What the page offers: the command's 90 days by default; no token without an end.
DAYS = (30, 90, 180, 365)
DEFAULT_DAYS = 90
TOKEN_NOT_FOUND = "Token tidak ditemukan."


def tokens(user) -> QuerySet[ApiToken]:
    """The tokens of the users ``user`` manages, newest first."""
    return (
        ApiToken.objects.filter(user__in=managed_users(user))
        .select_related("user__kunci_pengirim")
        .order_by("-dibuat", "-pk")
    )


def token(user, pk: int) -> ApiToken:
    """One token of a user ``user`` manages; refused as not found (404) otherwise."""
    found = tokens(user).filter(pk=pk).first()
    if found is None:
        raise RefusedError("tidak_ditemukan", TOKEN_NOT_FOUND, 404)
    return found


def holders(user) -> QuerySet[User]:
    """The users a token may be issued for: active, with a role and region, managed by
    ``user``, and not ``user`` themselves."""
    return (
        managed_users(user)
        .filter(is_active=True, account__isnull=False)
        .exclude(pk=user.pk)
        .order_by("username")
    )


def _not_self(request, target: User, what: str) -> None:
    if target.pk == request.user.pk:
        raise RefusedError(
            "akun_sendiri",
            f"{what} akun Anda sendiri tidak dapat Anda atur di sini: mintalah administrator lain.",
            field="pengguna",
        )


def _audit(request, objek: str, pk: int, langkah: str, target: User, **rincian) -> None:
    record(
        request, Aksi.UBAH, objek, [(str(pk), None)],
        rincian={"langkah": langkah, "nama_pengguna": target.get_username(), **rincian},
    )  # fmt: skip


def _day(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def issue(request, pk: int, nama: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the managed user ``pk``, valid ``days`` days; returns the row and
    the token text, to be shown once."""
    manager_scope(request.user)
    target = managed_user(request.user, pk)
    _not_self(request, target, "Token")
    if not target.is_active or getattr(target, "account", None) is None:
        raise RefusedError(
            "pengguna_tidak_dapat_token",
            f"Pengguna {target.get_username()} nonaktif atau belum diberi peran dan wilayah: "
            "token atas namanya tidak akan dapat dipakai.",
            field="pengguna",
        )
    nama = nama.strip()
    if not nama:
        raise RefusedError("nama_wajib", "Nama sistem mitra wajib diisi.", field="nama")
    if days not in DAYS:
        raise RefusedError(
            "masa_berlaku", "Pilih masa berlaku 30, 90, 180 atau 365 hari.", field="hari"
        )
    with transaction.atomic():
        row, text = ApiToken.issue(target, nama, days=days)
        _audit(request, TOKEN, row.pk, "terbit", target, nama=nama,
               kedaluwarsa=_day(row.kedaluwarsa))  # fmt: skip
    return row, text


def revoke(request, row: ApiToken) -> bool:
    """Revoke ``row`` (a token of a managed user); returns whether it was still active."""
    manager_scope(request.user)
    if row.dicabut is not None:
        return False
    with transaction.atomic():
        row.revoke()
        _audit(request, TOKEN, row.pk, "cabut", row.user, nama=row.nama)
    return True


def register_key(request, target: User, sender_id: str, text: str) -> bool:
    """Register (or replace) the signing key of ``target`` (a managed user) and the
    ``sender_id`` it signs as; returns whether a key was replaced."""
    manager_scope(request.user)
    _not_self(request, target, "Kunci tanda tangan")
    sender_id = sender_id.strip()
    if not sender_id:
        raise RefusedError(
            "sender_id_wajib", "sender_id sistem mitra wajib diisi.", field="sender_id"
        )
    key = sender_keys.read(text)
    if SenderKey.objects.filter(sender_id=sender_id).exclude(user=target).exists():
        raise RefusedError(
            "sender_id_dipakai",
            f"sender_id '{sender_id}' sudah terdaftar untuk pengguna lain: setiap sistem "
            "mitra memakai sender_id-nya sendiri.",
            field="sender_id",
        )
    with transaction.atomic():
        before = SenderKey.objects.select_for_update().filter(user=target).first()
        SenderKey.objects.update_or_create(
            user=target,
            defaults={"sender_id": sender_id, "jwk": key.jwk, "sidik": key.sidik,
                      "didaftarkan_oleh": request.user},
        )  # fmt: skip
        _audit(
            request, KEY, target.pk, "ganti_kunci" if before else "daftar_kunci", target,
            sender_id=sender_id, sidik=key.sidik, jenis=key.jwk["kty"],
            algoritma=list(key.algorithms),
            **({"sidik_sebelumnya": before.sidik} if before else {}),
        )  # fmt: skip
    return before is not None


def remove_key(request, target: User) -> bool:
    """Remove the signing key of ``target``; their messages need no signature again.
    Returns whether there was one."""
    manager_scope(request.user)
    _not_self(request, target, "Kunci tanda tangan")
    with transaction.atomic():
        key = SenderKey.objects.select_for_update().filter(user=target).first()
        if key is None:
            return False
        key.delete()
        _audit(request, KEY, target.pk, "hapus_kunci", target,
               sender_id=key.sender_id, sidik=key.sidik)  # fmt: skip
    return True
