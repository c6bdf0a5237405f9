"""datusoban allocate: a programme's budget allocated by need (lowest welfare first), who
is left out, what the next rupiah buys, other budgets side by side; the run stored
and, with --usulkan, the chosen units proposed as enrolments."""

from __future__ import annotations

import getpass
import json
import re
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from datusoban.formatting import angka, rupiah
from datusoban.reference.models import Region
from datusoban.sasaran.allocation import POLICIES, AllocationError
from datusoban.sasaran.allocation_services import (
    RUPIAH,
    compute_allocation,
    read_quota,
    store_allocation,
    summary,
)

_SCALE = {"": 1, "rb": 10**3, "ribu": 10**3, "jt": 10**6, "juta": 10**6,
          "m": 10**9, "miliar": 10**9, "milyar": 10**9, "t": 10**12, "triliun": 10**12}  # fmt: skip
_AMOUNT = re.compile(r"^(?:rp\.?\s*)?([\d.,_]+)\s*([a-z]*)$")


def rupiah_amount(text: str) -> int:
    """``15000000000``, ``15.000.000.000``, ``Rp15 miliar``, ``1,5m``, ``500jt`` → rupiah.
    As written in Indonesia: ``.`` separates thousands, ``,`` starts the decimals."""
    match = _AMOUNT.match(text.strip().lower())
    if not match or match.group(2) not in _SCALE:
        raise ValueError(text)
    digits, scale = match.group(1).replace("_", "").replace(".", ""), _SCALE[match.group(2)]
    whole, _, fraction = digits.partition(",")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or "," in fraction:
        raise ValueError(text)
    exact = int(whole) * scale + int(fraction or "0") * scale // 10 ** len(fraction)
    if fraction and int(fraction) * scale % 10 ** len(fraction):
        raise ValueError(text)  # less than a rupiah
    return exact


def _amount(text: str) -> int:
    try:
        return rupiah_amount(text)
    except ValueError:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"bukan jumlah rupiah: {text!r}") from None


def _rp(value: int | None, satuan: str = RUPIAH) -> str:
    if value is None:
        return "-"
    return rupiah(value) if satuan == RUPIAH else angka(value)


def _n(value: int | None) -> str:
    return "-" if value is None else angka(value)


class Command(BaseCommand):
    help = (
        "Alokasi anggaran program menurut kebutuhan (kesejahteraan terendah dulu): siapa "
        "terpilih, siapa tersisih, apa yang dibeli rupiah berikutnya; disimpan sebagai alokasi, "
        "dan dengan --usulkan penerima baru diusulkan sebagai kepesertaan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="kode program (PKH, BPNT, ...)")
        amount = parser.add_mutually_exclusive_group(required=True)
        amount.add_argument("--budget", type=_amount, help="anggaran rupiah (mis. 15000000000)")
        amount.add_argument(
            "--jumlah", type=int, help="jumlah penerima (program tanpa nominal: ATENSI, alat bantu)"
        )
        parser.add_argument("--kuota", type=Path, help="kuota per kab/kota (TOML atau CSV)")
        parser.add_argument(
            "--redistribusi", choices=["ya", "tidak"],
            help="kuota tak terpakai dialihkan ke kab/kota lain (bawaan: kebijakan/berkas)",
        )  # fmt: skip
        parser.add_argument(
            "--banding", type=_amount, action="append", default=[],
            help="anggaran lain untuk dibandingkan; boleh diulang",
        )  # fmt: skip
        parser.add_argument("--peserta", choices=POLICIES, help="kebijakan peserta yang sudah ada")
        parser.add_argument("--tambahan", type=_amount, help="apa yang dibeli tambahan sebesar ini")
        parser.add_argument("--kabkota", help="hanya unit kab/kota ini (mis. 63.71)")
        parser.add_argument("--usulkan", action="store_true", help="usulkan penerima baru")
        parser.add_argument("--json", action="store_true", help="keluaran JSON")
        parser.add_argument(
            "--tanggal", type=date.fromisoformat, help="tanggal acuan (bawaan: hari ini)"
        )
        parser.add_argument("--versi", help="versi aturan (bawaan: yang terbaru)")
        parser.add_argument("--user", default=getpass.getuser(), help="siapa yang menjalankan")

    def handle(self, *args, **opts) -> None:
        self.console = Console(file=self.stdout._out, width=160)
        if opts["jumlah"] is not None and opts["jumlah"] < 0:
            raise CommandError("--jumlah tidak boleh negatif.")
        spread = None if opts["redistribusi"] is None else opts["redistribusi"] == "ya"
        try:
            quota = read_quota(opts["kuota"], redistribusi=spread) if opts["kuota"] else None
            result = compute_allocation(
                opts["program"],
                as_of=opts["tanggal"] or timezone.localdate(),
                anggaran=opts["budget"],
                jumlah=opts["jumlah"],
                kuota=quota,
                banding=opts["banding"],
                peserta=opts["peserta"],
                tambahan=opts["tambahan"],
                kabkota=opts["kabkota"],
                versi=opts["versi"],
            )
            run = store_allocation(result, user=opts["user"], usulkan=opts["usulkan"])
        except AllocationError as error:
            raise CommandError(error.pesan) from None
        out = summary(result, run)
        if opts["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self._print(out)

    def _print(self, out: dict) -> None:
        s = out["satuan"]
        unit = "keluarga" if out["sasaran"] == "keluarga" else "orang"
        print_ = self.console.print
        print_(
            f"[bold]{out['program']}[/bold] — alokasi #{out['alokasi']}, anggaran "
            f"{_rp(out['anggaran'], s)}{'' if s == RUPIAH else ' penerima'} "
            f"(aturan {out['versi_aturan']}, desil {out['versi_peringkat'] or 'belum ada'}, "
            f"per {out['tanggal_acuan']}, peserta: {out['peserta']})"
        )
        print_(
            f"Layak {_n(out['layak'])} {unit}; dipilih {_n(out['dipilih'])} "
            f"({_n(out['dipilih_lanjut'])} peserta lanjutan, {_n(out['dipilih_baru'])} baru), "
            f"{_n(out['orang'])} orang; biaya {_rp(out['biaya'], s)}, sisa {_rp(out['sisa'], s)}; "
            f"tersisih {_n(out['tersisih'])}."
        )
        if out["dikecualikan"]:
            print_(f"Dikecualikan karena sudah terdaftar: {_n(out['dikecualikan'])}.")
        nxt = out["berikutnya"]
        if nxt is None:
            print_("Semua unit layak terdanai.")
        else:
            print_(
                f"Berikutnya: {unit} {nxt['unit']} ({nxt['kode_kabkota']}, desil "
                f"{nxt['desil'] or '-'}, urutan {_n(nxt['urutan'])}), "
                f"biaya {_rp(nxt['biaya'], s)}; tersedia {_rp(nxt['tersedia'], s)}, "
                f"kurang {_rp(nxt['kurang'], s)}."
            )
        if out["tambahan"]:
            extra = out["tambahan"]
            print_(
                f"Tambahan {_rp(extra['tambahan'])} membiayai {_n(extra['dipilih'])} {unit} lagi "
                f"({_n(extra['orang'])} orang, {_rp(extra['biaya'])})."
            )
        print_(self._kabkota_table(out))
        if out["banding"]:
            print_(self._comparison(out))
        if out["diusulkan"]:
            print_(f"Diusulkan: {_n(out['diusulkan'])} kepesertaan baru (status diusulkan).")

    def _kabkota_table(self, out: dict) -> Table:
        s = out["satuan"]
        names = {
            kode: nama.removeprefix("Kabupaten ")
            for kode, nama in Region.objects.filter(level=2).values_list("kode", "nama")
        }
        table = Table(title="Per kab/kota" + (" (rupiah)" if s == RUPIAH else ""))
        quota = out["kuota"] is not None
        columns = ["kab/kota", "layak", "peserta", "dipilih", "baru", "orang", "biaya"]
        columns += ["tersisih"]
        columns += ["kuota", "sisa kuota", "tak terpakai"] if quota else []
        for i, name in enumerate(columns):
            table.add_column(name, justify="left" if i == 0 else "right", no_wrap=i == 0)
        for kode, row in out["per_kabkota"].items():
            cells = [
                f"{kode} {names.get(kode, '')}".strip(), _n(row["layak"]),
                _n(row["sudah_terdaftar"]), _n(row["dipilih"]), _n(row["dipilih_baru"]),
                _n(row["orang"]), _n(row["biaya"]), _n(row["tersisih"]),
            ]  # fmt: skip
            if quota:
                cells += [_n(row["kuota"]), _n(row["sisa_kuota"]), _n(row["kuota_tak_terpakai"])]
            table.add_row(*cells)
        return table

    def _comparison(self, out: dict) -> Table:
        s = out["satuan"]
        table = Table(title="Perbandingan anggaran" + (" (rupiah)" if s == RUPIAH else ""))
        for name in ("anggaran", "dipilih", "baru", "orang", "biaya", "sisa", "tersisih"):
            table.add_column(name, justify="right")
        for row in [{k: out[k] for k in out["banding"][0]}, *out["banding"]]:
            table.add_row(
                _n(row["anggaran"]), _n(row["dipilih"]), _n(row["dipilih_baru"]),
                _n(row["orang"]), _n(row["biaya"]), _n(row["sisa"]), _n(row["tersisih"]),
            )  # fmt: skip
        return table
