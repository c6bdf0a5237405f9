"""datusoban migrate: Django's migrate, run as the owner of the audit trail when there is one.

With ``DATUSOBAN_DATABASE_OWNER_URL`` set, the migrations run on a connection
as that role (same database), and end by handing what they created to the
application's role and keeping the trail the owner's (accounts/database_roles.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from datusoban.accounts.database_roles import RoleSetupError, secure_trail


class Command(migrate.Command):
    help = (
        "Buat atau perbarui tabel basis data (migrasi); dengan DATUSOBAN_DATABASE_OWNER_URL, "
        "sebagai peran pemilik jejak audit."
    )

    def handle(self, *args, **options):
        owner = settings.DATABASE_OWNER
        if owner is None or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        connection = connections[DEFAULT_DB_ALIAS]
        app_role = connection.settings_dict["USER"]
        saved = {key: connection.settings_dict.get(key) for key in owner}
        # The same database (in tests, the throwaway one), as the owner.
        connection.close()
        connection.settings_dict.update(owner)
        try:
            try:
                connection.ensure_connection()
            except OperationalError as error:
                raise CommandError(
                    f"Tidak dapat tersambung ke basis data sebagai {owner['USER']} "
                    f"(DATUSOBAN_DATABASE_OWNER_URL): {error}"
                ) from None
            super().handle(*args, **options)
            try:
                handed = secure_trail(connection, app_role)
            except RoleSetupError as error:
                raise CommandError(str(error)) from None
        finally:
            connection.close()
            connection.settings_dict.update(saved)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Jejak audit milik {owner['USER']}; peran aplikasi {app_role} hanya boleh "
                f"menambah dan membacanya ({len(handed)} tabel baru diserahkan ke {app_role})."
            )
        return None
