"""`datusoban summary [--refresh]`: the registry's counts per kab/kota."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from datusoban.formatting import angka
from datusoban.registri.stats import counts_per_kabkota, refresh_counts


class Command(BaseCommand):
    help = "Cetak ringkasan registri per kabupaten/kota."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="hitung ulang dari baris registri (setelah data diubah di luar perintah dan "
            "halaman Datu Soban)",
        )

    def handle(self, *args, **options):
        if options["refresh"]:
            # The counts are kept by the loads, link runs and decisions that change them;
            # a change made beside them (SQL by hand) needs this recount.
            refresh_counts()
        rows = counts_per_kabkota()
        table = Table(title="Registri Datu Soban — Kalimantan Selatan")
        for heading in ("Kode", "Kabupaten/Kota"):
            table.add_column(heading)
        for heading in ("Keluarga", "Orang", "PPKS", "Penduduk (Dukcapil)"):
            table.add_column(heading, justify="right")
        for r in rows:
            table.add_row(
                r.kode, r.nama, angka(r.keluarga), angka(r.orang), angka(r.ppks), angka(r.penduduk)
            )
        table.add_section()
        table.add_row(
            "63",
            "Jumlah",
            angka(sum(r.keluarga for r in rows)),
            angka(sum(r.orang for r in rows)),
            angka(sum(r.ppks for r in rows)),
            angka(sum(r.penduduk for r in rows)),
        )
        Console(file=self.stdout._out, width=120).print(table)
