"""Django's model backend, with a user's permissions taken from their role.

A page view loads its user from the session, then asks for the user's scope (the
account: role and region) and, for the menu, the user's permissions. Here the account
comes with the user in one statement, and the permissions are exactly those the role
implies (``izin`` in accounts/data/roles.toml): none is granted by hand, so changing a
user's role changes what they may do, and nothing else does. A superuser holds all.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from datusoban.accounts.roles import role


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("account").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                pairs = Permission.objects.values_list("content_type__app_label", "codename")
                user_obj._perm_cache = {f"{app}.{codename}" for app, codename in pairs}
            else:
                account = getattr(user_obj, "account", None)
                user_obj._perm_cache = set(role(account.peran).izin) if account else set()
        return user_obj._perm_cache

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()
