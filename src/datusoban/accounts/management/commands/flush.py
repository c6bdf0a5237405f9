"""datusoban flush: Django's flush, refused in production and where the trail cannot be emptied.

Flushing empties every table, the audit trail included. In production mode it
is refused outright; elsewhere it is refused, with a message rather than a
database error, on a PostgreSQL role that may not TRUNCATE the trail (the
application's role when the trail has its own owner: accounts/database_roles.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections

from datusoban.accounts.database_roles import TRAIL


class Command(flush.Command):
    help = (
        "Kosongkan semua tabel (termasuk jejak audit); hanya untuk pengembangan, ditolak "
        "dalam mode produksi."
    )

    def handle(self, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "flush ditolak dalam mode produksi: perintah ini mengosongkan semua data, "
                "termasuk jejak audit yang wajib disimpan."
            )
        connection = connections[options["database"]]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT coalesce(has_table_privilege(to_regclass(%s), 'TRUNCATE'), true)",
                    [TRAIL],
                )
                (allowed,) = cursor.fetchone()
            if not allowed:
                raise CommandError(
                    "flush ditolak: peran basis data ini tidak boleh mengosongkan jejak audit "
                    "(hanya menambah dan membaca)."
                )
        return super().handle(**options)
