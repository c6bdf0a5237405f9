"""A role grants exactly the permissions it implies (``izin`` in roles.toml): each names a
permission that exists, and a user holds those and no other, whatever was granted by hand."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from datusoban.accounts.models import Account
from datusoban.accounts.roles import roles

pytestmark = pytest.mark.django_db


def test_every_permission_a_role_implies_exists():
    existing = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for role in roles().values():
        assert role.izin <= existing, (role.kode, sorted(role.izin - existing))


@pytest.mark.parametrize("kode", sorted(roles()))
def test_a_user_holds_the_permissions_of_the_role_and_no_other(kode):
    user = User.objects.create_user(f"uji.{kode}")
    Account.objects.create(user=user, peran=kode, wilayah_id="63")
    user.user_permissions.add(*Permission.objects.filter(codename="delete_person"))
    user = User.objects.get(pk=user.pk)
    assert user.get_all_permissions() == set(roles()[kode].izin)
    assert not user.has_perm("registry.delete_person")


def test_the_review_queue_follows_the_role():
    assert "linkage.add_decision" in roles()["operator_kabkota"].izin
    assert "linkage.view_reviewpair" in roles()["analis_provinsi"].izin
    assert roles()["pendamping"].izin == frozenset()


def test_a_user_without_an_account_holds_none_and_a_superuser_all():
    plain = User.objects.create_user("tanpa.akun")
    assert plain.get_all_permissions() == set()
    admin = User.objects.create_superuser("super", password="x-panjang-sekali")
    assert admin.has_perm("registry.delete_person") and admin.has_perm("linkage.add_decision")


def test_proposals_follow_the_role():
    # Kab/kota operators and province admins propose, verify and send to SIKS-NG; analysts and
    # auditors read; field workers and UPTD/LKS staff have no part in it.
    sends = {"usulan.add_usulan", "usulan.verifikasi_usulan", "usulan.kirim_usulan"}
    assert sends <= roles()["operator_kabkota"].izin and sends <= roles()["admin_provinsi"].izin
    for kode in ("analis_provinsi", "auditor"):
        assert "usulan.view_usulan" in roles()[kode].izin and not sends & roles()[kode].izin
    for kode in ("pendamping", "staf_layanan"):
        assert not any(p.startswith("usulan.") for p in roles()[kode].izin)
