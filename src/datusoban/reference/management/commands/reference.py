"""`datusoban reference load`: load the shipped reference data (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from datusoban.formatting import angka
from datusoban.reference.loader import CatalogueChangedError, load_reference


class Command(BaseCommand):
    help = (
        "Muat data rujukan (kode wilayah, kategori PPKS, jenis PSKS, katalog program). "
        "Aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"], help="load: muat data rujukan")

    def handle(self, *args, **options):
        try:
            result = load_reference()
        except CatalogueChangedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wilayah baru: {angka(result.regions_added)}, berganti nama: "
            f"{angka(result.regions_renamed)}; kategori PPKS: {result.ppks}; jenis PSKS: "
            f"{result.psks}; versi program baru: {result.programme_versions_added}"
        )
