"""`datusoban crvs-langganan --url URL --token-file FILE --alamat NOTIFY_URL [--wilayah KODE]
[--peristiwa kematian,kelahiran]`: subscribe to the civil registry's deaths and births of a
region, to be posted to this server's ``/crvs/registry/notify``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datusoban.crvs.client import CrvsClient
from datusoban.refusal import RefusedError

EVENTS = ("kematian", "kelahiran")


class Command(BaseCommand):
    help = (
        "Berlangganan peristiwa kematian dan kelahiran dari registri sipil (API DCI CRVS): "
        "registri sipil mengirim tiap peristiwa ke alamat /crvs/registry/notify server ini."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="alamat API registri sipil")
        parser.add_argument("--token-file", required=True, help="berkas berisi token akses")
        parser.add_argument(
            "--alamat", required=True,
            help="alamat penerima pemberitahuan, mis. https://datusoban.example/crvs/registry/notify",
        )  # fmt: skip
        parser.add_argument("--wilayah", default="63", help="kode wilayah (bawaan: 63, Kalsel)")
        parser.add_argument("--peristiwa", default="kematian,kelahiran",
                            help="kematian, kelahiran, atau keduanya (dipisah koma)")  # fmt: skip

    def handle(self, *args, **opts):
        wanted = [e.strip() for e in opts["peristiwa"].split(",") if e.strip()]
        unknown = [e for e in wanted if e not in EVENTS]
        if unknown or not wanted:
            raise CommandError(f"--peristiwa {unknown or '(kosong)'}: pilih kematian, kelahiran.")
        try:
            token = Path(opts["token_file"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"Berkas token {opts['token_file']} tidak terbaca: {exc}") from None
        client = CrvsClient(opts["url"], token)
        subscribe = {"kematian": client.berlangganan_kematian,
                     "kelahiran": client.berlangganan_kelahiran}  # fmt: skip
        for event in wanted:
            try:
                code = subscribe[event](opts["alamat"], opts["wilayah"])
            except RefusedError as refused:
                raise CommandError(refused.pesan) from None
            self.stdout.write(f"Berlangganan {event} wilayah {opts['wilayah']}: {code}")
