"""`datusoban link-registry [--batch ID ...]`: link imported records into the registry."""

from __future__ import annotations

import getpass
import json

from django.core.management.base import BaseCommand, CommandError

from datusoban.formatting import angka
from datusoban.penautan.engines import ENGINES
from datusoban.penautan.errors import LinkInputError
from datusoban.penautan.registry_link import link_registry


class Command(BaseCommand):
    help = (
        "Tautkan rekaman sumber yang belum tertaut (hasil impor) ke orang di registri: "
        "orang baru, rekaman ke orang lama, pasangan ragu ke antrean tinjauan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, action="append", metavar="ID",
            help="batch impor yang ditautkan (boleh berulang; bawaan: semua yang belum tertaut)",
        )  # fmt: skip
        parser.add_argument("--engine", choices=ENGINES, default="duckdb")
        parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")

    def handle(self, *args, **options):
        try:
            run = link_registry(
                user=getpass.getuser(), batches=options["batch"], engine=options["engine"]
            )
        except LinkInputError as exc:
            raise CommandError(str(exc)) from None
        counts = {
            "link_run": run.pk,
            "batch": run.batch,
            "rekaman_baru": run.rekaman_baru,
            "rekaman_pembanding": run.rekaman_pembanding,
            "orang_baru": run.orang_baru,
            "rekaman_ke_orang_lama": run.rekaman_ke_orang_lama,
            "rekaman_ke_orang_baru": run.rekaman_ke_orang_baru,
            "rekaman_ditahan": run.rekaman_ditahan,
            "pasangan_tinjauan": run.pasangan_tinjauan,
            "keluarga_baru": run.keluarga_baru,
        }
        if options["json"]:
            self.stdout.write(json.dumps(counts))
            return
        self.stdout.write(
            f"Penautan {run.pk}: {angka(run.rekaman_baru)} rekaman baru dari batch {run.batch} "
            f"(dibandingkan dengan {angka(run.rekaman_pembanding)} rekaman tertaut) -> "
            f"{angka(run.orang_baru)} orang baru, {angka(run.rekaman_ke_orang_lama)} rekaman ke "
            f"orang lama, {angka(run.rekaman_ditahan)} ditahan, {angka(run.pasangan_tinjauan)} "
            f"pasangan ke antrean tinjauan, {angka(run.keluarga_baru)} keluarga baru."
        )
