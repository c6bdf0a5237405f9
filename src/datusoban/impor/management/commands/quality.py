"""`datusoban quality`: data-quality reports per batch, per source or per kab/kota; XLSX export."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from datusoban.accounts.roles import ADMIN, role
from datusoban.impor import quality, quarantine
from datusoban.registri.models import ImportBatch, Source


class Command(BaseCommand):
    help = "Laporan mutu data: per batch impor, per sumber, atau per kab/kota; ekspor XLSX."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--batch", type=int, help="nomor batch impor")
        which.add_argument("--source", help="kode sumber (lihat daftar dengan --source ?)")
        which.add_argument("--kabkota", action="store_true", help="kelengkapan per kab/kota")
        parser.add_argument("--xlsx", type=Path, help="simpan juga sebagai berkas XLSX")

    def handle(self, *args, **opts):
        console = Console(file=self.stdout._out, width=110)
        if opts["batch"] is not None:
            batch = ImportBatch.objects.filter(pk=opts["batch"]).first()
            if batch is None:
                raise CommandError(f"Batch {opts['batch']} tidak ada.")
            # The command line is run with shell access to the server: every open row, in full.
            rows = quarantine.values(quarantine.open_rows(batch))
            sheets = quality.batch_frames(batch, quarantine.shown_frame(role(ADMIN), batch, rows))
        elif opts["source"]:
            source = Source.objects.filter(kode=opts["source"]).first()
            if source is None:
                known = ", ".join(Source.objects.values_list("kode", flat=True)[:50])
                raise CommandError(f"Sumber '{opts['source']}' tidak ada. Sumber: {known}")
            report = quality.source_report(source)
            sheets = {
                "Sumber": pl.DataFrame(
                    {"ukuran": list(report["jumlah"]), "nilai": list(report["jumlah"].values())}
                ),
                "Kelengkapan": pl.DataFrame([report["kelengkapan"]]),
            }
        else:
            sheets = {"Per kab-kota": pl.DataFrame(quality.kabkota_report())}
        for name, frame in sheets.items():
            table = Table(title=name)
            for column in frame.columns:
                table.add_column(column)
            for row in frame.iter_rows():
                table.add_row(*["" if v is None else str(v) for v in row])
            console.print(table)
        if opts["xlsx"]:
            quality.write_xlsx(sheets, opts["xlsx"])
            console.print(f"Disimpan: {opts['xlsx']}")
