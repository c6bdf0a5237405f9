"""`datusoban crvs-kematian --url URL --token-file FILE (--sejak DATE [--wilayah KODE] |
--nik NIK) [--user NAME] [--json]`: ask the civil registry for deaths and propose each one
not proposed before (``UsulanKematian``), for an officer to apply or refuse."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datusoban.crvs.client import CrvsClient
from datusoban.crvs.intake import terima_kematian
from datusoban.refusal import RefusedError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--sejak '{text}' bukan tanggal (TTTT-BB-HH).") from None


class Command(BaseCommand):
    help = (
        "Tarik data kematian dari registri sipil (API DCI CRVS) dan jadikan usulan kematian "
        "yang menunggu tinjauan; kematian yang sudah diusulkan tidak diusulkan lagi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="alamat API registri sipil")
        # From a file, not the command line: a token there would be in the shell history.
        parser.add_argument("--token-file", required=True, help="berkas berisi token akses")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--sejak", help="kematian sejak tanggal ini (TTTT-BB-HH)")
        which.add_argument("--nik", help="periksa satu NIK saja")
        parser.add_argument("--wilayah", default="63", help="kode wilayah (bawaan: 63, Kalsel)")
        parser.add_argument("--user", default="cli", help="siapa yang menarik (jejak audit)")
        parser.add_argument("--json", action="store_true", help="cetak satu objek JSON saja")

    def handle(self, *args, **opts):
        try:
            token = Path(opts["token_file"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"Berkas token {opts['token_file']} tidak terbaca: {exc}") from None
        client = CrvsClient(opts["url"], token)
        try:
            if opts["nik"]:
                records = client.cari_nik(opts["nik"])
            else:
                records = client.kematian_sejak(_date(opts["sejak"]), opts["wilayah"])
            result = terima_kematian(records, oleh=opts["user"])
        except RefusedError as refused:
            raise CommandError(refused.pesan) from None
        counts = {
            "baru": len(result.baru),
            "tanpa_padanan": sum(1 for u in result.baru if u.person_id is None),
            "sudah_ada": result.sudah_ada,
            "bukan_kematian": result.bukan_kematian,
            "diterapkan_otomatis": result.otomatis,
        }
        if opts["json"]:
            self.stdout.write(json.dumps(counts))
            return
        self.stdout.write(
            f"{counts['baru']} usulan kematian baru ({counts['tanpa_padanan']} tanpa padanan "
            f"tepat satu orang di registri, {counts['diterapkan_otomatis']} diterapkan otomatis), "
            f"{counts['sudah_ada']} sudah diusulkan sebelumnya."
        )
