"""datusoban eligible: who is eligible for a programme, counted per kab/kota, or one
person's or family's explanation."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.formatting import angka, rupiah
from datusoban.registri.models import Person
from datusoban.sasaran.eligibility_services import (
    UnknownProgrammeError,
    explain_unit,
    run_eligibility,
)
from datusoban.sasaran.explain import NotAssessedError
from datusoban.sasaran.registry_pass import rank_and_judge
from datusoban.sasaran.rules.loader import RuleFileError


def _rupiah(value: int | None) -> str:
    return "-" if value is None else rupiah(value)


class Command(BaseCommand):
    help = (
        "Kelayakan program: jumlah orang/keluarga layak per kab/kota dan total manfaat "
        "(disimpan sebagai penilaian), atau penjelasan satu orang/keluarga (--nik, --keluarga)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--program", required=True, action="append",
            help="kode program (PKH, BPNT, PERMAKANAN, RS_RTLH, UEP_KUBE, ATENSI, ALAT_BANTU) "
            "atau SEMUA; boleh diulang",
        )  # fmt: skip
        parser.add_argument("--json", action="store_true", help="keluaran JSON")
        parser.add_argument("--kabkota", help="tampilkan hanya kab/kota ini (mis. 63.71)")
        parser.add_argument("--nik", help="jelaskan hasil untuk orang dengan NIK ini")
        parser.add_argument("--keluarga", type=int, help="jelaskan hasil untuk keluarga (id)")
        parser.add_argument(
            "--tanggal", type=date.fromisoformat, help="tanggal acuan umur (bawaan: hari ini)"
        )
        parser.add_argument("--versi", help="versi aturan (bawaan: yang terbaru)")
        parser.add_argument(
            "--peringkat", action="store_true",
            help="peringkat ulang semua keluarga (seperti datusoban rank) dalam lintasan yang sama",
        )  # fmt: skip

    def handle(self, *args, **opts) -> None:
        as_of = opts["tanggal"] or timezone.localdate()
        try:
            if opts["nik"] or opts["keluarga"]:
                self._explain(opts, as_of)
            else:
                self._count(opts, as_of)
        except (UnknownProgrammeError, RuleFileError) as error:
            raise CommandError(str(error)) from None

    def _count(self, opts, as_of: date) -> None:
        user = "datusoban eligible"
        if opts["peringkat"]:
            done = rank_and_judge(opts["program"], as_of, user=user, versi=opts["versi"])
            runs = done.runs
            if not opts["json"]:
                self.stdout.write(
                    f"Model {done.ranking.versi}: {angka(done.ranking.keluarga)} keluarga diberi "
                    f"peringkat ({angka(sum(done.seconds.values()), 1)} detik untuk semuanya)."
                )
        else:
            runs = run_eligibility(opts["program"], as_of, user=user, versi=opts["versi"])
        wanted = opts["kabkota"]
        out = []
        for run, _ in runs:
            rows = {k: v for k, v in run.per_kabkota.items() if not wanted or k == wanted}
            out.append(
                {
                    "program": run.program_id,
                    "penilaian": run.pk,
                    "versi_aturan": run.versi_aturan,
                    "katalog": run.katalog,
                    "versi_peringkat": run.versi_peringkat,
                    "tanggal_acuan": run.tanggal_acuan.isoformat(),
                    "sasaran": run.sasaran,
                    "dinilai": run.dinilai,
                    "layak": run.layak,
                    "orang_layak": run.orang_layak,
                    "keluarga_layak": run.keluarga_layak,
                    "manfaat_per_tahun": run.manfaat_per_tahun,
                    "per_kabkota": rows,
                    "per_aturan": run.per_aturan,
                }
            )
        if opts["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        for item in out:
            self.stdout.write(
                f"{item['program']} (aturan {item['versi_aturan']}, katalog {item['katalog']}, "
                f"desil {item['versi_peringkat'] or 'belum ada'}, per {item['tanggal_acuan']}): "
                f"{angka(item['layak'])} dari {angka(item['dinilai'])} {item['sasaran']} layak; "
                f"{angka(item['orang_layak'])} orang dalam {angka(item['keluarga_layak'])} "
                f"keluarga; manfaat setahun {_rupiah(item['manfaat_per_tahun'])}."
            )
            for kode, row in item["per_kabkota"].items():
                self.stdout.write(
                    f"  {kode}: {angka(row['layak']):>9} layak, {angka(row['orang']):>9} orang, "
                    f"{_rupiah(row['manfaat_per_tahun'])}"
                )

    def _explain(self, opts, as_of: date) -> None:
        targets: list[tuple[int | None, int | None, str | None]] = []
        if opts["nik"]:
            people = Person.objects.filter(nik=opts["nik"]).values_list("pk", "household_id")
            targets = [(pk, household, opts["nik"]) for pk, household in people]
            if not targets:
                raise CommandError(f"Tidak ada orang dengan NIK {opts['nik']} di registri.")
        else:
            targets = [(None, opts["keluarga"], None)]
        results = []
        for program in opts["program"]:
            for person, household, nik in targets:
                try:
                    results.append(
                        explain_unit(
                            program, as_of=as_of, person=person, household=household,
                            versi=opts["versi"],
                        )
                    )  # fmt: skip
                except NotAssessedError as error:
                    results.append({"program": program, "orang": person, "pesan": str(error)})
                objek = f"orang/{person}" if person else f"keluarga/{household}"
                # Reading an explanation reads the person's data: it leaves a trail.
                record(
                    None, Aksi.BACA, "kelayakan", [(objek, nik)],
                    rincian={"program": program, "via": "datusoban eligible"},
                )  # fmt: skip
        if opts["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2, default=str))
            return
        for result in results:
            self._print_explanation(result)

    def _print_explanation(self, result: dict) -> None:
        if "anggota" in result:
            for member in result["anggota"]:
                self._print_explanation(member)
            return
        if "pesan" in result:
            self.stdout.write(f"{result['program']}: {result['pesan']}")
            return
        who = f"orang {result['orang']}" if result.get("orang") else ""
        self.stdout.write(
            f"{result['program']} — keluarga {result['keluarga']} {who} "
            f"(aturan {result['versi_aturan']}, per {result['tanggal_acuan']}): "
            f"{'LAYAK' if result['layak'] else 'TIDAK LAYAK'}"
        )
        for rule in result["aturan"]:
            values = "; ".join(f"{v['nama']} = {v['teks']}" for v in rule["nilai"])
            note = ""
            if rule["hasil"] != rule["dihitung_sebagai"]:
                note = f" → dihitung {rule['dihitung_sebagai']}"
            self.stdout.write(f"  [{rule['hasil']}{note}] {rule['uraian']}: {values}")
        for member in result.get("komponen", []):
            if member["komponen"]:
                state = "dihitung" if member["dihitung"] else member["keterangan"]
                self.stdout.write(
                    f"  komponen orang {member['orang']}: {member['komponen']} ({state}), "
                    f"{_rupiah(member['per_tahap'])} per tahap"
                )
        self.stdout.write(
            f"  manfaat: {result['manfaat']['rumus']}: "
            f"{_rupiah(result['manfaat']['per_satuan'])} per satuan, "
            f"{_rupiah(result['manfaat']['per_tahun'])} setahun"
        )
        self.stdout.write(f"  {result['ringkasan']}")
