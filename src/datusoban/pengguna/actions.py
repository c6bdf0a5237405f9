"""Changing users: each step one transaction, checked against the administrator's region,
with its audit row (``accounts.audit``, objek "pengguna") saying what changed.

A step an administrator may not take is refused (``RefusedError``) with the field it is
about, so that the form shows the reason next to the input. A user is never deleted:
the audit trail names users, so one who leaves is made nonaktif. A password an
administrator sets (a new account, a reset) is known to two people: the user must
replace it at their next login (``Account.harus_ganti_sandi``). Passwords never reach
the audit trail.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from datusoban.accounts import login_throttle
from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.models import Account
from datusoban.accounts.roles import roles
from datusoban.accounts.scope import Scope
from datusoban.layanan.models import Lembaga, StafLembaga
from datusoban.pengguna.access import institutions, manager_scope, regions, within
from datusoban.refusal import RefusedError

OBJEK = "pengguna"
# Letters and digits that cannot be mistaken for one another when read aloud or copied
# from a screen: no 0/O, 1/l/I.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class Details:
    """What an administrator sets of a user: name, e-mail, role, region, institutions."""

    nama: str
    email: str
    peran: str
    wilayah: str
    lembaga: tuple[int, ...] = ()


def generated_password() -> str:
    """A temporary password of 15 letters and digits in three groups, e.g. ``k7mq-x2rd-p9wa``."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def _audit(request, target: User, langkah: str, **rincian) -> None:
    record(
        request, Aksi.UBAH, OBJEK, [(str(target.pk), None)],
        rincian={"langkah": langkah, "nama_pengguna": target.get_username(), **rincian},
    )  # fmt: skip


def _not_self(request, target: User) -> None:
    if target.pk == request.user.pk:
        raise RefusedError(
            "akun_sendiri",
            "Akun Anda sendiri tidak dapat Anda ubah di sini: mintalah administrator lain.",
        )


def _checked(scope: Scope, details: Details, linked_elsewhere: set[int]) -> None:
    """Refuse a role, region or institution the administrator may not give."""
    if details.peran not in roles():
        raise RefusedError("peran_tidak_dikenal", "Peran tidak dikenal.", field="peran")
    if not within(details.wilayah, scope.wilayah):
        raise RefusedError(
            "di_luar_cakupan",
            f"Wilayah {details.wilayah} di luar cakupan Anda ({scope.wilayah}): pengguna hanya "
            "dapat ditempatkan di wilayah Anda sendiri atau di dalamnya.",
            field="wilayah",
        )
    if not regions(scope.wilayah).filter(kode=details.wilayah).exists():
        raise RefusedError(
            "wilayah_tidak_dikenal",
            f"Wilayah {details.wilayah} bukan provinsi, kab/kota atau kecamatan yang dikenal.",
            field="wilayah",
        )
    offered = set(institutions(scope).values_list("pk", flat=True)) | linked_elsewhere
    if not set(details.lembaga) <= offered:
        raise RefusedError(
            "lembaga_di_luar_cakupan",
            "Lembaga yang dipilih tidak ada atau di luar wilayah Anda.",
            field="lembaga",
        )


def _password(password: str, user: User) -> str:
    try:
        validate_password(password, user)
    except ValidationError as invalid:
        raise RefusedError("sandi_lemah", " ".join(invalid.messages), field="sandi") from None
    return password


def _institutions(user: User) -> list[int]:
    return sorted(StafLembaga.objects.filter(user=user).values_list("lembaga_id", flat=True))


def _link(user: User, scope: Scope, wanted: tuple[int, ...]) -> None:
    """Link ``user`` to the institutions ``wanted`` among those of the administrator's
    region; links to institutions outside it are not the administrator's to change."""
    own = set(institutions(scope).values_list("pk", flat=True))
    StafLembaga.objects.filter(user=user, lembaga_id__in=own - set(wanted)).delete()
    have = set(StafLembaga.objects.filter(user=user).values_list("lembaga_id", flat=True))
    StafLembaga.objects.bulk_create(
        StafLembaga(user=user, lembaga_id=pk) for pk in sorted(set(wanted) - have)
    )


def _codes(pks: list[int]) -> list[str]:
    return sorted(Lembaga.objects.filter(pk__in=pks).values_list("kode", flat=True))


def create(request, username: str, details: Details, password: str = "") -> tuple[User, str]:
    """A new user with ``details``; the password given, or a generated one (returned, to be
    shown once). The user must change it at their first login."""
    scope = manager_scope(request.user)
    username = username.strip()
    _checked(scope, details, set())
    taken = RefusedError(
        "nama_pengguna_dipakai",
        f"Nama pengguna {username} sudah dipakai; pilih nama lain.",
        field="username",
    )
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    user = User(username=username, first_name=details.nama.strip(), email=details.email.strip())
    password = _password(password, user) if password else generated_password()
    with transaction.atomic():
        user.set_password(password)
        try:
            with transaction.atomic():  # the same name, taken by a request at the same time
                user.save()
        except IntegrityError:
            raise taken from None
        Account.objects.create(
            user=user, peran=details.peran, wilayah_id=details.wilayah, harus_ganti_sandi=True
        )
        _link(user, scope, details.lembaga)
        _audit(
            request, user, "baru",
            perubahan={
                "nama": details.nama.strip(), "email": details.email.strip(),
                "peran": details.peran, "wilayah": details.wilayah,
                "lembaga": _codes(list(details.lembaga)),
            },
        )  # fmt: skip
    return user, password


def current(user: User) -> Details:
    """What is set of ``user`` now, as the edit form starts from."""
    account = getattr(user, "account", None)
    return Details(
        nama=user.get_full_name(),
        email=user.email,
        peran=account.peran if account else "",
        wilayah=account.wilayah_id if account else "",
        lembaga=tuple(_institutions(user)),
    )


def update(request, target: User, details: Details) -> dict[str, list]:
    """Set ``details`` of ``target``; returns what changed (field: [before, after])."""
    scope = manager_scope(request.user)
    _not_self(request, target)
    before = current(target)
    own = set(institutions(scope).values_list("pk", flat=True))
    _checked(scope, details, set(before.lembaga) - own)
    with transaction.atomic():
        target.first_name, target.last_name = details.nama.strip(), ""
        target.email = details.email.strip()
        target.save(update_fields=["first_name", "last_name", "email"])
        account = getattr(target, "account", None)
        if account is None:
            account = Account(user=target)
        account.peran, account.wilayah_id = details.peran, details.wilayah
        account.save()
        target.account = account
        _link(target, scope, details.lembaga)
        after = current(target)
        changes = {
            name: [getattr(before, name), getattr(after, name)]
            for name in ("nama", "email", "peran", "wilayah")
            if getattr(before, name) != getattr(after, name)
        }
        if before.lembaga != after.lembaga:
            changes["lembaga"] = [_codes(list(before.lembaga)), _codes(list(after.lembaga))]
        if changes:
            _audit(request, target, "ubah", perubahan=changes)
    return changes


def set_active(request, target: User, aktif: bool, alasan: str = "") -> bool:
    """Make ``target`` active or nonaktif (never deleted); returns whether anything changed.
    A nonaktif user cannot log in, and their open sessions and API tokens stop working."""
    manager_scope(request.user)
    _not_self(request, target)
    if target.is_active == aktif:
        return False
    with transaction.atomic():
        target.is_active = aktif
        target.save(update_fields=["is_active"])
        _audit(
            request, target, "aktifkan" if aktif else "nonaktifkan",
            perubahan={"aktif": [not aktif, aktif]}, alasan=alasan.strip(),
        )  # fmt: skip
    return True


def reset_password(request, target: User, password: str = "") -> str:
    """Give ``target`` the password given, or a generated one (returned, to be shown once);
    they must change it at their next login. Their other sessions end (Django ties a
    session to the password it was opened with)."""
    manager_scope(request.user)
    _not_self(request, target)
    account = getattr(target, "account", None)
    if account is None:
        raise RefusedError(
            "tanpa_peran",
            "Beri pengguna ini peran dan wilayah dahulu, lalu atur ulang kata sandinya.",
        )
    generated = not password
    password = generated_password() if generated else _password(password, target)
    with transaction.atomic():
        target.set_password(password)
        target.save(update_fields=["password"])
        account.harus_ganti_sandi = True
        account.save(update_fields=["harus_ganti_sandi"])
        _audit(request, target, "atur_ulang_sandi", sandi_dibuat_sistem=generated)
    return password


def unlock(request, target: User) -> int:
    """Lift the lockout of ``target`` at every address; returns the records removed."""
    manager_scope(request.user)
    with transaction.atomic():
        held = login_throttle.held_back([target.get_username()]).get(target.get_username(), "")
        removed = login_throttle.lift(target.get_username())
        _audit(request, target, "buka_kunci", sebelumnya=held or "tidak_terkunci")
    return removed


def own_password_changed(request, user: User) -> None:
    """After ``user`` chose their own password: no longer bound to change it; audited."""
    with transaction.atomic():
        Account.objects.filter(user=user).update(harus_ganti_sandi=False)
        account = getattr(user, "account", None)
        if account is not None:
            account.harus_ganti_sandi = False
        _audit(request, user, "ganti_sandi_sendiri")
