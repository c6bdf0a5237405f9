"""`datusoban synth`: generate a synthetic Kalsel population, write its source files, load it."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from datusoban.formatting import angka, tanggal
from datusoban.program import bulk as programs_bulk
from datusoban.reference.loader import load_reference
from datusoban.registri.population import bulk_loading
from datusoban.synth import enrolments
from datusoban.synth import load as synth_load
from datusoban.synth.config import SynthConfig
from datusoban.synth.realism import FieldRealism, RealismError, with_overrides
from datusoban.synth.run import run


class Command(BaseCommand):
    help = (
        "Bangkitkan populasi sintetis Kalimantan Selatan (dengan kebenaran dasar), tulis berkas "
        "sumbernya, dan (dengan --load) muat ke registri."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=10_000, help="jumlah orang (1.000–4.300.000)"
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 6, 30))
        parser.add_argument(
            "--out", type=Path, help="folder berkas sumber (bawaan: $DATUSOBAN_HOME/synth/...)"
        )
        parser.add_argument("--no-files", action="store_true", help="jangan tulis berkas sumber")
        parser.add_argument("--load", action="store_true", help="muat populasi ke registri")
        parser.add_argument(
            "--realism",
            choices=["clean", "field"],
            default="clean",
            help="clean: derau ringan (bawaan); field: proses kesalahan register lapangan "
            "(NIK kosong ~17%%, tanggal lahir placeholder, nama panggilan, pindah, …)",
        )
        parser.add_argument(
            "--realism-param",
            action="append",
            default=[],
            metavar="NAMA=NILAI",
            help="ubah satu parameter realisme field, mis. nik_missing=0.3 atau "
            "kode_pos_sources=lks,panti (boleh diulang)",
        )
        parser.add_argument(
            "--bayar",
            action="store_true",
            help="hanya tandai tahap bayar PKH sintetis yang berakhir sebelum --as-of sebagai "
            "dibayar/gagal (setelah `datusoban program tahap`)",
        )

    def handle(self, *args, **opts):
        if opts["bayar"]:
            with transaction.atomic():
                marked = enrolments.simulate_payments(opts["seed"], opts["as_of"])
            self.stdout.write(
                f"{angka(marked)} tahap bayar PKH sintetis {opts['as_of'].year} yang berakhir "
                f"sampai {tanggal(opts['as_of'])} dicatat dibayar atau gagal."
            )
            return
        if not 1_000 <= opts["people"] <= 4_400_000:
            raise CommandError("--people harus antara 1.000 dan 4.400.000.")
        realism = _realism(opts["realism"], opts["realism_param"])
        config = SynthConfig(
            people=opts["people"], seed=opts["seed"], as_of=opts["as_of"], realism=realism
        )
        suffix = "" if realism is None else "-field"
        out = (
            None
            if opts["no_files"]
            else (
                opts["out"]
                or Path(settings.HOME)
                / "synth"
                / f"kalsel-{config.people}-seed{config.seed}{suffix}"
            )
        )
        console = Console(file=self.stdout._out, width=110)
        if opts["load"]:
            load_reference()
            if (done := synth_load.existing_batch(config)) is not None:
                console.print(
                    f"Populasi ini sudah dimuat (batch {done.pk}); tidak ada yang ditambahkan."
                )
                return
        totals = synth_load.Counts()
        batch = load_chunk = None
        # One transaction for the whole population: it lands whole or not at all.
        with _progress(console) as progress, transaction.atomic():
            task = progress.add_task("Membangkitkan", total=config.people)

            def on_chunk(chunk) -> None:
                if load_chunk is not None:
                    totals.add(load_chunk(chunk))
                progress.advance(task, chunk.persons.height)

            if opts["load"]:
                batch = synth_load.start_batch(config, user="datusoban synth")
                load_chunk = synth_load.chunk_loader(batch, config)
            # Enrolments and their history: about one row per three people.
            with (
                bulk_loading(config.people) if batch else nullcontext(),
                programs_bulk.bulk_loading(config.people // 3) if batch else nullcontext(),
            ):
                prepare = synth_load.prepare_chunk if batch else None
                summary = run(config, out, on_chunk=on_chunk, prepare=prepare)
            if batch:
                synth_load.finish_batch(batch, totals)
        console.print(
            f"{angka(summary.people)} orang dalam {angka(summary.households)} keluarga; "
            f"keluarga PKH {angka(summary.pkh_families)}, pendamping {angka(summary.pendamping)}, "
            f"LKS {angka(summary.lks)}, UPTD {summary.uptd} ({angka(summary.seconds, 1)} s)."
        )
        if out is not None:
            rows = sum(summary.source_rows.values())
            console.print(
                f"Berkas sumber ({len(summary.source_rows)} berkas, {angka(rows)} baris) di {out}"
            )
        if opts["load"]:
            console.print(
                f"Dimuat ke registri: {angka(totals.households)} keluarga, {angka(totals.persons)} "
                f"orang, {angka(totals.source_records)} rekaman sumber, {angka(totals.ppks)} "
                f"status PPKS; {angka(totals.kepesertaan)} kepesertaan PKH/BPNT "
                f"({angka(totals.riwayat_kepesertaan)} riwayat). Tahap bayar: datusoban program "
                f"tahap --tahun {config.as_of.year}, lalu datusoban synth --bayar."
            )


def _realism(name: str, params: list[str]) -> FieldRealism | None:
    if name == "clean":
        if params:
            raise CommandError("--realism-param hanya berlaku bersama --realism field.")
        return None
    try:
        return with_overrides(FieldRealism(), params)
    except RealismError as e:
        raise CommandError(str(e)) from None


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console,
    )  # fmt: skip
