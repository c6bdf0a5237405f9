"""Benchmark: proposals to the national registry sent to SIKS-NG and answered.

    .venv/bin/python benchmarks/usulan_export.py [--people 20000] [--proposals 10000]
        [--db sqlite|postgres|both]

Each database runs in its own process on a fresh, throwaway database: migrated, reference
data, a synthetic population loaded and ranked. Then ``--proposals`` verified proposals are
written straight to the table (70% about a person, 20% about a household, 10% someone new
with their data), spread over the kab/kota as the population is. Timed: the export of all
of them (one batch per kab/kota: the SIKS-NG rows, XLSX and CSV written, checksums, the
proposals marked sent, one audit row per person), then the import of the national answer
for every one of them as one CSV (90% padan with a desil, 10% tidak padan). Prints one JSON
object per database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import time

from fresh_database import run_on_fresh_database


def measure(people: int, proposals: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from datusoban.accounts.models import AuditEvent
    from datusoban.registri.models import Household, Person
    from datusoban.usulan import answers, sending
    from datusoban.usulan.models import Usulan

    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", **quiet)
    call_command("reference", "load", **quiet)
    call_command("synth", people=people, seed=7, no_files=True, load=True, **quiet)
    call_command("rank", **quiet)
    admin = User.objects.create_superuser("bench.usulan")
    today = timezone.localdate()
    n_person, n_household = int(proposals * 0.7), int(proposals * 0.2)
    n_new = proposals - n_person - n_household
    persons = list(
        Person.objects.filter(household__isnull=False)
        .select_related("household")
        .order_by("pk")[:n_person]
    )
    households = list(Household.objects.order_by("-pk")[:n_household])
    common = {
        "status": "diverifikasi", "diusulkan_oleh": "bench", "diusulkan_pada": today,
        "batas": today, "diverifikasi_oleh": "bench", "diverifikasi_pada": today,
        "hasil_kunjungan": "sesuai", "dikunjungi_oleh": "bench", "dikunjungi_pada": today,
    }  # fmt: skip
    rows = [
        Usulan(jenis="hapus", alasan_hapus="pindah", person=p, household=p.household, nik=p.nik,
               nama=p.nama, wilayah_id=p.household.wilayah_id,
               kode_kabkota=p.household.wilayah_id[:5], **common)
        for p in persons
    ] + [
        Usulan(jenis="desil", household=h, wilayah_id=h.wilayah_id, kode_kabkota=h.wilayah_id[:5],
               **common)
        for h in households
    ]  # fmt: skip
    desa = [h.wilayah_id for h in households[:n_new]] or ["63.71.01.1001"]
    for i in range(n_new):
        kode = desa[i % len(desa)]
        nik = f"637101{(i % 28) + 1:02d}0{(i % 12) + 1:02d}9{i % 10000:04d}"[:16]
        data = {"nama": f"Warga Baru {i}", "nik": nik, "no_kk": f"637101010120{i % 10000:04d}",
                "jenis_kelamin": "P", "tanggal_lahir": "1995-07-01", "alamat": "Jl. Baru",
                "kode_wilayah": kode}  # fmt: skip
        rows.append(Usulan(jenis="baru", data=data, nik=nik, nama=data["nama"], wilayah_id=kode,
                           kode_kabkota=kode[:5], **common))  # fmt: skip
    Usulan.objects.bulk_create(rows, batch_size=2000)
    kabkota = sorted(set(Usulan.objects.values_list("kode_kabkota", flat=True)))
    period = today.strftime("%Y-%m")
    audit_before = AuditEvent.objects.count()
    start = time.perf_counter()
    batches = [sending.send(admin, k, period, "Pengiriman usulan ke SIKS-NG") for k in kabkota]
    export_s = time.perf_counter() - start
    audit_rows = AuditEvent.objects.count() - audit_before
    answer = ["id_usulan,hasil,alasan,desil"]
    for i, pk in enumerate(Usulan.objects.order_by("pk").values_list("pk", flat=True)):
        answer.append(f"{pk},tidak padan,Nama berbeda dengan Dukcapil," if i % 10 == 9
                      else f"{pk},padan,,{i % 10 + 1}")  # fmt: skip
    from django.conf import settings

    path = settings.HOME / "jawaban.csv"
    path.write_text("\n".join(answer) + "\n", encoding="utf-8")
    start = time.perf_counter()
    outcome = answers.apply(admin, path, "jawaban.csv")
    answer_s = time.perf_counter() - start
    return {
        "database": connection.vendor,
        "people": Person.objects.count(),
        "proposals": Usulan.objects.count(),
        "batches": len(batches),
        "persons_exported": sum(b.jumlah_orang for b in batches),
        "export_audit_rows": audit_rows,
        "export_s": round(export_s, 2),
        "answer_rows": len(answer) - 1,
        "answer_padan": outcome.padan,
        "answer_desil_applied": outcome.desil,
        "answer_s": round(answer_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.people, args.proposals)))
        return
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        command = [__file__, "--measure", "--people", str(args.people)]
        print(run_on_fresh_database(db, [*command, "--proposals", str(args.proposals)]), end="")


if __name__ == "__main__":
    main()
