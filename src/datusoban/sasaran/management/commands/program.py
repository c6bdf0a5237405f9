"""`datusoban program tahap|bayar|tumpang-tindih|indikator`: enrolments, stages, checks, IKU.

The command manages the programmes' records (``datusoban.program``) but lives in
``targeting``: a PKH stage is worth what the rule file's components count
(``sasaran.stage_amounts``), and ``programs`` sits below ``targeting`` in the
layers, so only a command above both can hand that computation to
``program.stages.create_stages``.
"""

from __future__ import annotations

import getpass
import json
from datetime import date
from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet
from rich.console import Console
from rich.table import Table

from datusoban.formatting import angka, rupiah
from datusoban.program import indicators, overlap, payments
from datusoban.program.stages import create_stages
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household
from datusoban.sasaran.stage_amounts import PROGRAM as PER_COMPONENT
from datusoban.sasaran.stage_amounts import pkh_stage_amounts


def _scope(wilayah: str | None) -> QuerySet[Household] | None:
    """Households of a kab/kota ("63.71") or kecamatan ("63.71.01"); None = the province."""
    if not wilayah or wilayah == "63":
        return None
    if wilayah.count(".") == 1:
        return Household.objects.filter(kode_kabkota=wilayah)
    return Household.objects.filter(wilayah__kode__startswith=wilayah + ".")


# Numbers that are names, not quantities: printed without thousands separators.
_PLAIN = {"tahun", "tahap", "penerima", "person_id", "kepesertaan_a", "kepesertaan_b"}


def _table(frame: pl.DataFrame, limit: int | None = None) -> Table:
    table = Table()
    for column in frame.columns:
        numeric = frame.schema[column].is_numeric()
        table.add_column(column, justify="right" if numeric else "left")
    for row in frame.head(limit).iter_rows() if limit else frame.iter_rows():
        table.add_row(*(_cell(v, c in _PLAIN) for v, c in zip(row, frame.columns, strict=True)))
    return table


def _cell(value, plain: bool = False) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) and not plain:
        return angka(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


class Command(BaseCommand):
    help = (
        "Kepesertaan program: buat tahap bayar setahun, catat berkas pembayaran, periksa "
        "tumpang tindih, hitung indikator (kemandirian PPKS, KPM per tahun/tahap, pendamping)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        tahap = sub.add_parser("tahap", help="buat tahap bayar setahun untuk semua peserta")
        tahap.add_argument("--program", default="PKH", help="kode program (PKH, BPNT)")
        tahap.add_argument("--tahun", type=int, required=True)
        bayar = sub.add_parser(
            "bayar", help="catat berkas pembayaran (CSV), semua atau tidak sama sekali"
        )
        bayar.add_argument("path", type=Path)
        bayar.add_argument("--program", default="PKH")
        bayar.add_argument("--user", default=getpass.getuser(), help="siapa yang mencatat")
        tumpang = sub.add_parser("tumpang-tindih", help="bantuan ganda, peserta ganda, LKS ganda")
        tumpang.add_argument("--contoh", type=int, default=10, help="baris contoh per temuan")
        indikator = sub.add_parser("indikator", help="kemandirian PPKS, KPM, beban pendamping")
        indikator.add_argument("--tahun", type=int, help="tahun tahap bayar (bawaan: tahun acuan)")
        indikator.add_argument(
            "--as-of", type=date.fromisoformat, help="tanggal acuan (bawaan: hari ini)"
        )
        for p in (tahap, bayar, tumpang, indikator):
            p.add_argument("--json", action="store_true", help="cetak satu objek JSON saja")
        for p in (tumpang, indikator):
            p.add_argument("--wilayah", help="kode kab/kota (63.71) atau kecamatan (63.71.01)")

    def handle(self, *args, **opts):
        self.console = Console(file=self.stdout._out, width=120)
        action = {
            "tahap": self._tahap,
            "bayar": self._bayar,
            "tumpang-tindih": self._tumpang_tindih,
            "indikator": self._indikator,
        }[opts["aksi"]]
        try:
            action(opts)
        except RefusedError as refused:
            # A command's refusal: its message on stderr and exit status 1, no traceback.
            raise CommandError(refused.pesan) from None

    def _json(self, data) -> None:
        self.stdout.write(json.dumps(data, default=str, ensure_ascii=False))

    def _tahap(self, opts) -> None:
        program = opts["program"].upper()
        amounts = pkh_stage_amounts if program == PER_COMPONENT else None
        result = create_stages(program, opts["tahun"], amounts)
        if opts["json"]:
            self._json(result.__dict__)
            return
        self.console.print(
            f"{result.program} {result.tahun}: {angka(result.dibuat)} tahap bayar baru untuk "
            f"{angka(result.keluarga)} peserta, jatuh tempo {rupiah(result.jumlah_jatuh_tempo)}; "
            f"{angka(result.sudah_ada)} tahap sudah ada."
        )
        if result.tanpa_komponen:
            self.console.print(
                f"{angka(len(result.tanpa_komponen))} keluarga tanpa komponen pada satu tahap atau "
                "lebih (calon graduasi alamiah)."
            )

    def _bayar(self, opts) -> None:
        path: Path = opts["path"]
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        rows = payments.read_payment_file(path)
        result = payments.record_payments(opts["program"], rows, oleh=opts["user"])
        if opts["json"]:
            self._json({**result.__dict__, "disimpan": result.disimpan})
        elif result.disimpan:
            self.console.print(
                f"{path.name}: {angka(result.baris)} baris dicatat — {angka(result.dibayar)} "
                f"dibayar, {angka(result.gagal)} gagal, {angka(result.sudah_tercatat)} sudah "
                "tercatat sebelumnya."
            )
        else:
            self.console.print(
                f"{path.name}: tidak ada yang disimpan; {angka(len(result.ditolak))} dari "
                f"{angka(result.baris)} baris ditolak:"
            )
            for baris, alasan in result.ditolak[:50]:
                self.console.print(f"  baris {baris}: {alasan}")
        if not result.disimpan:
            raise CommandError("Berkas pembayaran ditolak.")

    def _tumpang_tindih(self, opts) -> None:
        found = overlap.overlaps(_scope(opts["wilayah"]))
        if opts["json"]:
            self._json(
                {
                    "jumlah": found.counts(),
                    "saling_meniadakan": found.exclusive.to_dicts(),
                    "ganda_dalam_program": found.twice.to_dicts(),
                    "lks_tumpang_tindih": found.lks.to_dicts(),
                }
            )
            return
        titles = {
            "saling_meniadakan": "Program yang saling meniadakan diterima bersamaan",
            "ganda_dalam_program": "Satu orang/keluarga dua kali dalam satu program",
            "lks_tumpang_tindih": "Dua LKS melayani orang yang sama untuk kebutuhan yang sama",
        }
        frames = dict(zip(titles, (found.exclusive, found.twice, found.lks), strict=True))
        for key, title in titles.items():
            frame = frames[key]
            self.console.print(f"{title}: {angka(frame.height)}")
            if frame.height and opts["contoh"]:
                shown = frame.drop("nik", "alasan", strict=False)
                self.console.print(_table(shown, opts["contoh"]))

    def _indikator(self, opts) -> None:
        as_of = opts["as_of"] or date.today()
        tahun = opts["tahun"] or as_of.year
        scope = _scope(opts["wilayah"])
        mandiri = indicators.kemandirian(scope, as_of)
        kpm = indicators.kpm_per_year("PKH", scope, as_of=as_of)
        per_tahap = indicators.kpm_per_tahap("PKH", tahun, scope)
        per_pendamping, per_kabkota = indicators.pendamping_caseload(scope, as_of)
        norm = indicators.caseload_norm(as_of)
        exits = indicators.exits_per_year("PKH", scope)
        if opts["json"]:
            self._json(
                {
                    "tanggal_acuan": as_of,
                    "kemandirian_ppks": mandiri.to_dicts(),
                    "kpm_pkh_per_tahun": kpm.to_dicts(),
                    "kpm_pkh_per_tahap": {"tahun": tahun, "tahap": per_tahap},
                    "keluar_pkh_per_tahun": exits,
                    "pendamping": {
                        "norma_kpm": norm,
                        "per_kabkota": per_kabkota.to_dicts(),
                        "di_atas_norma": per_pendamping.filter(pl.col("di_atas_norma")).height,
                        "jumlah_pendamping": per_pendamping.height,
                    },
                }
            )
            return
        self.console.print("Kemandirian PPKS: keluar dari PPKS dan tidak kembali dalam 12 bulan")
        if mandiri.height:
            self.console.print(_table(mandiri))
        else:
            self.console.print("  belum ada PPKS yang keluar sampai tanggal acuan.")
        self.console.print("KPM PKH per tahun")
        self.console.print(_table(kpm))
        self.console.print(f"KPM PKH per tahap {tahun}")
        if per_tahap:
            self.console.print(_table(pl.DataFrame(per_tahap)))
        else:
            self.console.print(f"  belum ada tahap bayar {tahun} (datusoban program tahap).")
        if exits:
            self.console.print("KPM PKH keluar per tahun dan alasan")
            by_year = pl.DataFrame(exits).pivot(
                on="alasan", index="tahun", values="jumlah", sort_columns=True
            )
            self.console.print(_table(by_year.fill_null(0)))
        over = per_pendamping.filter(pl.col("di_atas_norma")).height
        self.console.print(
            f"Pendamping PKH: {angka(per_pendamping.height)}, {angka(over)} di atas norma {norm} "
            "KPM. Beban per kab/kota:"
        )
        self.console.print(_table(per_kabkota))
