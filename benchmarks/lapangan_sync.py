"""Benchmark: one field device sends 1,000 verification visits to the field app's server.

    .venv/bin/python benchmarks/lapangan_sync.py [--db NAME] [--visits 1000] [--conflicts 50]
        [--workers 2] [--keep]

A fresh PostgreSQL database --db (127.0.0.1:5432, user postgres; dropped afterwards unless
--keep): migrated, the reference data loaded, and one pendamping PKH with --visits
families in their caseload, each of two members. Served as production does (gunicorn,
DATUSOBAN_MODE=production, X-Forwarded-Proto https as the TLS proxy sends it).

The device logs in, downloads its work (timed: the families, their members, one audit row
a person), then sends one visit per family, one request after another as the app does
(a changed floor area, --conflicts of them on families whose floor the office changed
after the download), and sends all of them a second time (the idempotent repeat a lost
answer causes: nothing stored twice). Prints one JSON object: the machine, the download's
time and size, per pass the total seconds, visits a second and p50/p95/max ms, the rows
stored and the conflicts. Target: the 1,000 visits stored in at most 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import web_prepare
from web_client import Client, _percentile, wait_until_up
from web_load import _free_port, machine

TARGET_S = 30
PASSWORD = "rahasia-panjang-123"
SEED = """
from datetime import date
from django.contrib.auth.models import User
from datusoban.accounts.models import Account
from datusoban.layanan.models import Pilar
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person

user = User.objects.create_user("pendamping.bench", password="{password}")
Account.objects.create(user=user, peran="pendamping", wilayah_id="63.71.01")
Pilar.objects.create(peran="pendamping_pkh", nama="Pendamping Bench", wilayah_id="63.71.01",
                     kode_kabkota="63.71", kode_kecamatan="63.71.01", kode_pendamping="PB1",
                     akun=user)
homes = Household.objects.bulk_create(
    Household(wilayah_id="63.71.01.1001", no_kk=f"637101010{{n:07d}}", lantai="semen",
              luas_lantai=30 + n % 50, alamat=f"Jl. Uji {{n}}")
    for n in range({families}))
Person.objects.bulk_create(
    Person(nama=f"Warga {{h.pk}} {{k}}", nama_kunci=f"warga {{h.pk}} {{k}}",
           nik=f"6371014{{h.pk:07d}}{{k:02d}}", household=h, tanggal_lahir=date(1980 + k, 1, 1),
           hubungan_keluarga="kepala" if k == 0 else "istri", kode_kabkota="63.71")
    for h in homes for k in range(2))
Kepesertaan.objects.bulk_create(
    Kepesertaan(program_id="PKH", household=h, status="terdaftar", kode_kabkota="63.71",
                pendamping="PB1") for h in homes)
"""
OFFICE = """
from datusoban.registri.models import Household
ids = list(Household.objects.order_by("pk").values_list("pk", flat=True)[:{n}])
Household.objects.filter(pk__in=ids).update(lantai="ubin")
"""
COUNT = """
from datusoban.lapangan.models import KunjunganLapangan as K
print(K.objects.count(), K.objects.filter(verifikasi="konflik").count())
"""


def _shell(env: dict, code: str) -> str:
    done = subprocess.run([web_prepare.datusoban_bin(), "shell", "-c", code], env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _send_all(client: Client, entries: list[dict], want: int) -> dict:
    latencies, errors = [], []
    start = time.perf_counter()
    for entry in entries:
        t = time.perf_counter()
        status, body, _ = client.request(
            "POST", "/lapangan/kirim/", json.dumps(entry),
            {"Content-Type": "application/json"},
        )  # fmt: skip
        latencies.append((time.perf_counter() - t) * 1000)
        if status != want:
            errors.append(f"{status}: {body[:200]!r}")
    wall = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "visits": len(entries), "seconds": round(wall, 2),
        "visits_per_s": round(len(entries) / wall, 1),
        "p50_ms": round(_percentile(ordered, 50), 1), "p95_ms": round(_percentile(ordered, 95), 1),
        "max_ms": round(ordered[-1], 1), "errors": len(errors), "error_samples": errors[:5],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="datusoban_bench_lapangan")
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--conflicts", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    import psycopg

    home = Path(tempfile.mkdtemp(prefix="datusoban-bench-lapangan-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "datusoban.settings",
           "DATUSOBAN_HOME": str(home), "DATUSOBAN_DATABASE_URL": web_prepare.database_url(args.db),
           "DATUSOBAN_LAPANGAN_BATAS_KELUARGA": str(args.visits)}  # fmt: skip
    env.pop("DATUSOBAN_DEBUG", None)
    with psycopg.connect(web_prepare.PG_SERVER + "/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{args.db}"')
    server = None
    try:
        bin_ = web_prepare.datusoban_bin()
        subprocess.run([bin_, "migrate", "-v0"], env=env, check=True)
        subprocess.run([bin_, "reference", "load"], env=env, check=True, capture_output=True)
        _shell(env, SEED.format(password=PASSWORD, families=args.visits))
        serve = {**env, "DATUSOBAN_MODE": "production", "DATUSOBAN_SECRET_KEY":
                 secrets.token_urlsafe(48), "DATUSOBAN_ALLOWED_HOSTS": "127.0.0.1"}  # fmt: skip
        subprocess.run([bin_, "collectstatic", "--noinput", "-v0"], env=serve, check=True)
        port = _free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        server = subprocess.Popen(
            [gunicorn, "datusoban.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
             "--timeout", "120", "--keep-alive", "30", "--log-level", "warning"],
            env=serve, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until_up(port, server)
        client = Client(port)
        client.log_in("pendamping.bench", PASSWORD)
        t = time.perf_counter()
        status, body, _ = client.request("GET", "/lapangan/unduh/")
        download_s = time.perf_counter() - t
        if status != 200:
            raise RuntimeError(f"download: {status} {body[:200]!r}")
        work = json.loads(body)
        _shell(env, OFFICE.format(n=args.conflicts))
        entries = []
        for n, family in enumerate(work["keluarga"]):
            after = dict(family["nilai"], luas_lantai=family["nilai"]["luas_lantai"] + 1)
            if n < args.conflicts:
                after["lantai"] = "keramik"
            entries.append({
                "kunci": str(uuid.uuid4()), "unduhan": work["unduhan"], "keluarga": family["id"],
                "waktu": "2026-12-01T09:30:00+08:00", "status": "ditemukan",
                "sebelum": family["nilai"], "sesudah": after, "lintang": "-3.316694",
                "bujur": "114.590111",
                "anggota": {str(m["id"]): "ditemukan" for m in family["anggota"]},
            })  # fmt: skip
        first = _send_all(client, entries, 201)
        repeat = _send_all(client, entries, 200)
        stored, conflicts = (int(x) for x in _shell(env, COUNT).split())
        print(json.dumps({
            "machine": machine(), "database": "postgresql", "gunicorn_workers": args.workers,
            "download": {"families": len(work["keluarga"]), "seconds": round(download_s, 2),
                         "bytes": len(body)},
            "first_pass": first, "repeat_pass": repeat,
            "stored": stored, "conflicts": conflicts,
            "target_s": TARGET_S, "met": first["seconds"] <= TARGET_S and stored == len(entries),
        }, indent=2))  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not args.keep:
            with psycopg.connect(web_prepare.PG_SERVER + "/postgres", autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
