"""datusoban ketepatan: targeting accuracy of current enrolment — inclusion and exclusion
error against the ranking and the rules, per programme and kab/kota; stored per programme."""

from __future__ import annotations

import getpass
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from datusoban.formatting import angka, persen
from datusoban.reference.models import Region
from datusoban.sasaran.accuracy_services import run_accuracy
from datusoban.sasaran.eligibility_services import UnknownProgrammeError
from datusoban.sasaran.models import KetepatanSasaran


def _pct(value: float | None) -> str:
    return "-" if value is None else persen(value)


def _n(value: int | None) -> str:
    return "-" if value is None else angka(value)


def as_dict(run: KetepatanSasaran) -> dict:
    return {
        "ketepatan": run.pk,
        "program": run.program_id,
        "sasaran": run.sasaran,
        "versi_aturan": run.versi_aturan,
        "versi_peringkat": run.versi_peringkat,
        "tanggal_acuan": run.tanggal_acuan.isoformat(),
        "batas_desil": run.batas_desil,
        "provinsi": run.provinsi,
        "per_kabkota": run.per_kabkota,
    }


class Command(BaseCommand):
    help = (
        "Ketepatan sasaran kepesertaan saat ini: galat inklusi (peserta di atas batas desil) dan "
        "galat eksklusi (yang layak tetapi tidak terdaftar), per program dan kab/kota."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--program", action="append",
            help="kode program (bawaan: semua); boleh diulang",
        )  # fmt: skip
        parser.add_argument("--kabkota", help="tampilkan hanya kab/kota ini (mis. 63.71)")
        parser.add_argument("--json", action="store_true", help="keluaran JSON")
        parser.add_argument(
            "--tanggal", type=date.fromisoformat, help="tanggal acuan (bawaan: hari ini)"
        )
        parser.add_argument("--versi", help="versi aturan (bawaan: yang terbaru)")
        parser.add_argument("--user", default=getpass.getuser(), help="siapa yang menjalankan")

    def handle(self, *args, **opts) -> None:
        as_of = opts["tanggal"] or timezone.localdate()
        try:
            runs = run_accuracy(
                opts["program"] or ["SEMUA"], as_of, user=opts["user"], versi=opts["versi"]
            )
        except UnknownProgrammeError as error:
            raise CommandError(str(error)) from None
        out = [as_dict(run) for run in runs]
        wanted = opts["kabkota"]
        if wanted:
            for item in out:
                item["per_kabkota"] = {k: v for k, v in item["per_kabkota"].items() if k == wanted}
        if opts["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        console = Console(file=self.stdout._out, width=130)
        names = {
            kode: nama.removeprefix("Kabupaten ")
            for kode, nama in Region.objects.filter(level=2).values_list("kode", "nama")
        }
        for item in out:
            p = item["provinsi"]
            cut = f"desil 1–{item['batas_desil']}" if item["batas_desil"] else "tanpa batas desil"
            console.print(
                f"[bold]{item['program']}[/bold] ({cut}, desil {item['versi_peringkat'] or '-'}, "
                f"per {item['tanggal_acuan']}): {_n(p['terpilih'])} peserta, galat inklusi "
                f"{_pct(p['galat_inklusi'])}, galat eksklusi {_pct(p['galat_eksklusi'])} "
                f"({_n(p['sasaran_tidak_terpilih'])} dari {_n(p['sasaran'])} layak "
                "belum terdaftar)."
            )
            if not p["terpilih"]:
                continue  # no enrolment yet: the line above says it all
            table = Table()
            headers = ["kab/kota", "peserta", "di atas batas", "desil ?", "tidak layak", "layak",
                       "layak belum terdaftar", "galat inklusi", "galat eksklusi"]  # fmt: skip
            for i, name in enumerate(headers):
                table.add_column(name, justify="left" if i == 0 else "right", no_wrap=i == 0)
            for kode, row in item["per_kabkota"].items():
                table.add_row(
                    f"{kode} {names.get(kode, '')}".strip(), _n(row["terpilih"]),
                    _n(row["di_atas_batas"]), _n(row["desil_tidak_diketahui"]),
                    _n(row["terpilih_tidak_layak"]), _n(row["sasaran"]),
                    _n(row["sasaran_tidak_terpilih"]), _pct(row["galat_inklusi"]),
                    _pct(row["galat_eksklusi"]),
                )  # fmt: skip
            console.print(table)
