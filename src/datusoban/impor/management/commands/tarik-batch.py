"""`datusoban tarik-batch BATCH --alasan TEXT [--user NAME] [--json]`: withdraw one batch."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from datusoban.impor.withdrawal import WithdrawalRefusedError, withdraw_batch
from datusoban.registri.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Tarik satu batch impor (mis. diimpor dengan profil atau sumber yang salah): semua "
        "barisnya dihapus sekaligus atau tidak sama sekali; dicatat di jejak audit."
    )

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="nomor batch impor")
        parser.add_argument("--alasan", required=True, help="mengapa batch ditarik")
        parser.add_argument("--user", default="cli", help="siapa yang menarik (jejak audit)")
        parser.add_argument("--json", action="store_true", help="cetak satu objek JSON saja")

    def handle(self, *args, **opts):
        # Like `datusoban import`, run with shell access to the server: not asked for a role.
        batch = ImportBatch.objects.select_related("source").filter(pk=opts["batch"]).first()
        if batch is None:
            raise CommandError(f"Batch {opts['batch']} tidak ada.")
        try:
            done = withdraw_batch(batch, by=opts["user"], reason=opts["alasan"])
        except WithdrawalRefusedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(done.as_json()) if opts["json"] else done.message())
