"""datusoban token create|list|revoke: API tokens for other systems."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from datusoban.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Token API untuk sistem lain: buat (ditampilkan sekali), daftar, cabut."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="buat token untuk seorang pengguna")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="untuk apa / sistem mana")
        create.add_argument(
            "--days", type=int, default=90, help="masa berlaku dalam hari (0: tanpa batas)"
        )
        sub.add_parser("list", help="daftar token (tanpa isinya)")
        revoke = sub.add_parser("revoke", help="cabut token")
        revoke.add_argument("id", type=int)

    def handle(self, *args, **opts) -> None:
        if opts["action"] == "create":
            user = get_user_model().objects.filter(username=opts["username"]).first()
            if user is None:
                raise CommandError(f"Pengguna '{opts['username']}' tidak ditemukan.")
            row, text = ApiToken.issue(user, opts["name"], days=opts["days"] or None)
            self.stdout.write(text)
            self.stderr.write(
                f"Token {row.pk} untuk {user} dibuat. Simpan sekarang: isinya tidak "
                "disimpan dan tidak dapat ditampilkan lagi."
            )
        elif opts["action"] == "list":
            for row in ApiToken.objects.select_related("user").order_by("pk"):
                state = "dicabut" if row.dicabut else f"berlaku s.d. {row.kedaluwarsa or '-'}"
                self.stdout.write(f"{row.pk}\t{row.awalan}…\t{row.user}\t{row.nama}\t{state}")
        else:
            row = ApiToken.objects.filter(pk=opts["id"]).first()
            if row is None:
                raise CommandError(f"Token {opts['id']} tidak ditemukan.")
            row.revoke()
            self.stdout.write(f"Token {row.pk} ({row.nama}) dicabut.")
