"""`datusoban dci-uji [--token-file FILE] [--hari N]`: prepare a synthetic registry for an
outside SPDCI conformance suite (OpenSPP's spdci-compliance): its test person and a token
for it (dci/uji.py). Refused on a database with real data and in production mode."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datusoban.dci import uji
from datusoban.reference.loader import ensure_reference
from datusoban.refusal import RefusedError


class Command(BaseCommand):
    help = (
        "Siapkan basis data sintetis untuk uji kesesuaian SPDCI dari luar: satu orang uji "
        "(TEST-001) dan token API untuk penguji. Ditolak bila ada data nyata."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--token-file", help="tulis token ke berkas ini (bawaan: tampilkan sekali di layar)"
        )
        parser.add_argument("--hari", type=int, default=7, help="masa berlaku token (bawaan: 7)")

    def handle(self, *args, **opts):
        ensure_reference()  # the test person's village
        try:
            seeded = uji.seed(token_days=opts["hari"])
        except RefusedError as exc:
            raise CommandError(exc.pesan) from None
        if opts["token_file"]:
            path = Path(opts["token_file"])
            path.write_text(seeded.token + "\n", encoding="utf-8")
            path.chmod(0o600)
            where = f"token ditulis ke {path}"
        else:
            where = f"token (tampil sekali ini saja): {seeded.token}"
        self.stdout.write(
            f"Orang uji: NIK {seeded.nik} (dicari penguji sebagai UIN TEST-001); pengguna "
            f"{seeded.username}; {where}.\n"
            "Jalankan server dengan DATUSOBAN_DCI_UJI=1 (mis. DATUSOBAN_DCI_UJI=1 datusoban "
            "serve 0.0.0.0:8000), lalu penguji dengan API_BASE_URL=http://<host>:8000/dci/, "
            "DCI_AUTH_TOKEN=<token> dan CALLBACK_SERVER_ENABLED=true."
        )
