"""`datusoban profile list | suggest PATH | save NAME PATH`: mapping profiles for source layouts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from datusoban.impor.models import SavedProfile
from datusoban.impor.profiles import shipped_profiles
from datusoban.impor.reading import ReadError, read_table
from datusoban.impor.saved_profiles import ProfileSaveError, save_profile
from datusoban.impor.suggest import suggest_mapping
from datusoban.registri.models import Source


class Command(BaseCommand):
    help = "Profil pemetaan: daftar, usulan untuk tata letak baru, simpan sebagai profil."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="profil yang tersedia")
        suggest = sub.add_parser("suggest", help="usulkan pemetaan dari judul kolom berkas")
        suggest.add_argument("path", type=Path)
        save = sub.add_parser("save", help="simpan usulan pemetaan sebagai profil baru")
        save.add_argument("name", help="nama profil (huruf kecil, angka, tanda hubung)")
        save.add_argument("path", type=Path)
        save.add_argument("--label", required=True)
        save.add_argument("--jenis", default="lainnya", choices=Source.Jenis.values)
        save.add_argument("--user", default="cli")

    def handle(self, *args, **opts):
        console = Console(file=self.stdout._out, width=110)
        if opts["action"] == "list":
            table = Table(title="Profil pemetaan")
            table.add_column("nama")
            table.add_column("keterangan")
            for name, profile in sorted(shipped_profiles().items()):
                table.add_row(name, profile.label)
            for saved in SavedProfile.objects.order_by("nama"):
                table.add_row(saved.nama, f"{saved.label} (disimpan {saved.dibuat_oleh})")
            console.print(table)
            return
        try:
            headers = list(read_table(opts["path"]).frame.columns)
        except ReadError as exc:
            raise CommandError(str(exc)) from exc
        mapping = suggest_mapping(headers)
        if opts["action"] == "suggest":
            table = Table(title=f"Usulan pemetaan untuk {opts['path'].name}")
            for heading in ("kolom format pertukaran", "kolom di berkas", "kemiripan"):
                table.add_column(heading)
            for field, (header, score) in mapping.items():
                table.add_row(field, header, f"{score:.0%}")
            console.print(table)
            unused = [h for h in headers if h not in {h2 for h2, _ in mapping.values()}]
            console.print(
                f"Tidak dipetakan (tetap disimpan bersama baris): {', '.join(unused) or '-'}"
            )
            return
        name = opts["name"]
        try:
            save_profile(
                name,
                {field: header for field, (header, _) in mapping.items()},
                label=opts["label"],
                jenis=opts["jenis"],
                user=opts["user"],
            )
        except ProfileSaveError as exc:
            raise CommandError(str(exc)) from exc
        console.print(
            f"Profil '{name}' disimpan; pakai dengan: datusoban import BERKAS --profile {name}"
        )
