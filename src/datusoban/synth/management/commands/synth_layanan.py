"""`datusoban synth_layanan`: the synthetic delivery network on a loaded synthetic population."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from datusoban.formatting import angka
from datusoban.synth.network import NetworkExistsError
from datusoban.synth.network_load import load_network


class Command(BaseCommand):
    help = (
        "Muat jaringan layanan sintetis (pendamping, TKSK, PSM, Tagana, LKS, LKKS, UPTD, klien, "
        "warga binaan, pelatihan) dari populasi sintetis yang sudah dimuat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 6, 30))

    def handle(self, *args, **opts):
        try:
            counts = load_network(opts["seed"], opts["as_of"])
        except NetworkExistsError as e:
            raise CommandError(str(e)) from None
        pilar = ", ".join(f"{angka(n)} {k}" for k, n in sorted(counts.pilar.items()))
        lembaga = ", ".join(f"{angka(n)} {k}" for k, n in sorted(counts.lembaga.items()))
        self.stdout.write(f"Pilar sosial: {pilar}")
        self.stdout.write(f"Lembaga: {lembaga}")
        self.stdout.write(
            f"{angka(counts.klien)} klien LKS, {angka(counts.warga)} warga binaan UPTD, "
            f"{angka(counts.peserta)} peserta pelatihan, {angka(counts.sertifikat)} sertifikat"
        )
