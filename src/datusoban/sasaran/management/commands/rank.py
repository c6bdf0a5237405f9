"""datusoban rank: welfare ranking of every household (proxy-means score, desil)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from datusoban.formatting import angka
from datusoban.sasaran.model import load_model
from datusoban.sasaran.services import rank_registry


class Command(BaseCommand):
    help = "Peringkat kesejahteraan semua keluarga di registri (skor proxy-means, desil)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--versi", help="versi model (bawaan: yang terbaru)")
        parser.add_argument("--model", type=Path, help="berkas model TOML lain")

    def handle(self, *args, **opts) -> None:
        model = load_model(opts["versi"], path=opts["model"])
        summary = rank_registry(model)
        self.stdout.write(
            f"Model {summary.versi}: {angka(summary.keluarga)} keluarga diberi peringkat. "
            f"Desil DTSEN tersedia untuk {angka(summary.dengan_desil_dtsen)} keluarga; "
            f"{angka(summary.beda_desil_dtsen)} berbeda 2 desil atau lebih dari peringkat kita."
        )
