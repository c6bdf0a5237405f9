"""`datusoban import PATH --profile NAME [--source LABEL] [--json]`: bring one file in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.management.base import BaseCommand, CommandError

from datusoban.formatting import angka, persen
from datusoban.impor.mapping import MissingColumnsError
from datusoban.impor.profiles import UnknownProfileError
from datusoban.impor.reading import ReadError
from datusoban.impor.rules import RULES
from datusoban.impor.services import import_file
from datusoban.impor.sources import SourceError
from datusoban.impor.tasks import error_code
from datusoban.reference.loader import ensure_reference

if TYPE_CHECKING:
    # Rich is imported when something is printed with it (about 0.03 s of every
    # import otherwise): not with --json, its progress bar only for a large file.
    from rich.console import Console
    from rich.progress import Progress

# Files above this many rows get a progress bar (smaller ones finish at once).
PROGRESS_FROM_ROWS = 10_000
_STAGES = {"baca": "Membaca", "simpan": "Memeriksa dan menyimpan"}


class Command(BaseCommand):
    # The system checks load every URL, view and API module (about 50 MB and a
    # second) and say nothing about a file: the checks run with `migrate`.
    requires_system_checks = ()
    help = (
        "Impor satu berkas sumber (CSV/XLSX) dengan profil pemetaan; tidak ada baris yang hilang."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--profile", required=True, help="nama profil, mis. siks-ng, pkh")
        parser.add_argument(
            "--source",
            help="nama sumber, mis. 'Dinsos Kota Banjarmasin'; wajib untuk ekspor nasional "
            "(dtsen, siks-ng)",
        )
        parser.add_argument("--user", default="cli", help="siapa yang mengimpor (jejak audit)")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, help="tanggal acuan usia (bawaan: hari ini)"
        )
        parser.add_argument("--json", action="store_true", help="cetak satu objek JSON saja")

    def handle(self, *args, **opts):
        path: Path = opts["path"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        ensure_reference()
        console = None if opts["json"] else _console(self.stdout._out)
        with _Bar(console) as bar:
            try:
                # No importer to authorise (ingest.authority): the command line is run by
                # someone with shell access to the server, who could reach the database itself.
                result = import_file(
                    path,
                    profile=opts["profile"],
                    user=opts["user"],
                    source=opts["source"],
                    as_of=opts["as_of"],
                    progress=bar.update,
                )
            except (ReadError, MissingColumnsError, SourceError, UnknownProfileError) as exc:
                # Refused before anything was stored: exit status 1, the reason on
                # stderr with its code, and with --json the same as JSON on stdout.
                code = error_code(exc)
                if opts["json"]:
                    self.stdout.write(json.dumps({"ditolak": {"kode": code, "pesan": str(exc)}}))
                raise CommandError(f"{path.name}: {exc} [{code}]") from None
        if console is None:
            self.stdout.write(json.dumps(result.as_json()))
            return
        if result.already_imported:
            console.print(
                f"Berkas ini sudah diimpor (batch {result.batch_id}); tidak ada yang ditambahkan."
            )
        else:
            console.print(
                f"Batch {result.batch_id}: {angka(result.rows)} baris = {angka(result.accepted)} "
                f"diterima ({angka(result.warnings)} dengan peringatan) + "
                f"{angka(result.quarantined)} karantina + {angka(result.duplicates)} duplikat."
            )
            if result.resubmitted:
                console.print(f"{angka(result.resubmitted)} baris karantina lama kini diperbaiki.")
            _print_reasons(console, result.batch_id)


def _console(out) -> Console:
    from rich.console import Console

    return Console(file=out, width=110)


def _print_reasons(console: Console, batch_id: int) -> None:
    from datusoban.registri.models import ImportBatch

    report = ImportBatch.objects.get(pk=batch_id).laporan
    for title, key in (("Alasan karantina", "alasan_karantina"), ("Peringatan", "peringatan")):
        counted = report.get(key, {})
        if counted:
            console.print(f"{title}:")
            for code, n in list(counted.items())[:10]:
                # markup=False: "[nama_kosong]" is the code, not a Rich style to swallow.
                console.print(
                    f"  {angka(n):>8}  {RULES[code].message if code in RULES else code} [{code}]",
                    markup=False,
                )
    padan = report.get("padan", {})
    if padan.get("tingkat_padan") is not None:
        console.print(
            f"Padan dengan ekspor nasional (batch {padan['ekspor_nasional']}): "
            f"{angka(padan['padan'])} dari {angka(padan['nik'])} NIK "
            f"({persen(padan['tingkat_padan'])})."
        )


class _Bar:
    """A Rich progress bar that appears only once a file proves large (none without a console)."""

    def __init__(self, console: Console | None):
        self.console = console
        self.progress: Progress | None = None
        self.task = None

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        if self.console is None:
            return
        if stage == "simpan" and done == 0:
            # A plain line too: logs and pipes show no progress bar.
            self.console.print(f"Menyimpan {angka(total)} baris ke basis data…")
        if total < PROGRESS_FROM_ROWS:
            return
        if self.progress is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=self.console,
            )  # fmt: skip
            self.progress.start()
            self.task = self.progress.add_task(_STAGES.get(stage, stage), total=total)
        self.progress.update(self.task, description=_STAGES.get(stage, stage), completed=done)
