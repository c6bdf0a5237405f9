"""Benchmark: the public usul, sanggah and lacak (/cek-status/usul/, /sanggah/, /lacak/),
in process, one request after another, on a fresh SQLite database.

    .venv/bin/python benchmarks/usul_publik.py [--count 200] [--people 400]

A fresh DATUSOBAN_HOME (migrated), a desa of --people living adults named from a small
list (so that a name finds several), then --count of each: a proposal with a real JPEG,
an objection chosen from a Cek status answer by its token (the Cek status query, the
form, the submission), and tracking a receipt code. Throttle limits are raised above the
count (the limits are what is refused, not what is measured); each request from its own
address. Prints one JSON object: per kind, p50/p95/max in ms and the errors (any status
but 200).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import sys
import tempfile
import time
from datetime import date


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--people", type=int, default=400)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="bench-usulpublik-")
    os.environ["DATUSOBAN_HOME"] = home
    os.environ.pop("DATUSOBAN_DATABASE_URL", None)
    os.environ["DATUSOBAN_USUL_PUBLIK_PER_ALAMAT"] = str(args.count * 2)
    os.environ["DATUSOBAN_USUL_PUBLIK_GLOBAL"] = str(args.count * 2)
    os.environ["DATUSOBAN_CEK_STATUS_PER_ALAMAT"] = str(args.count * 4)
    os.environ["DATUSOBAN_CEK_STATUS_GLOBAL"] = str(args.count * 4)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from PIL import Image

    from datusoban.identity.names import name_key
    from datusoban.registri.models import Household, Person

    call_command("migrate", verbosity=0)
    from datusoban import cli

    cli.main(["reference", "load"])
    desa = "63.71.01.1001"
    first = ["Siti", "Ahmad", "Nur", "Rahmat", "Dewi", "Budi", "Aisyah", "Yusuf"]
    last = ["Aminah", "Hidayat", "Rahman", "Sari", "Santoso", "Lestari", "Fauzan", "Putri"]
    for i in range(0, args.people, 4):
        home_ = Household.objects.create(wilayah_id=desa, no_kk=f"63710101{i:08d}")
        Person.objects.bulk_create(
            Person(
                nik=f"637101{i + j:010d}",
                nama=(n := f"{first[(i + j) % 8]} {last[(i // 8 + j) % 8]}"),
                nama_kunci=name_key(n),
                tanggal_lahir=date(1970 + (i + j) % 30, 1, 1),
                household=home_,
                hubungan_keluarga="kepala",
                jenis_kelamin="P",
            )
            for j in range(4)
        )
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG")
    photo = out.getvalue()
    region = {"kabkota": desa[:5], "kecamatan": desa[:8], "desa": desa}
    proposer = {"nama_pengusul": "Rahmat Hidayat", "telepon": "081234567890"}
    times: dict[str, list[float]] = {"usul": [], "sanggah": [], "lacak": []}
    errors = dict.fromkeys(times, 0)
    codes = []

    def timed(kind: str, call):
        start = time.perf_counter()
        response = call()
        times[kind].append((time.perf_counter() - start) * 1000)
        errors[kind] += response.status_code != 200
        return response

    for i in range(args.count):
        client = Client(REMOTE_ADDR=f"10.{i // 250}.{i % 250}.1")
        data = {**region, "nama": f"Warga {i}", "alamat": "Gang Mawar", "alasan": "Lansia",
                "foto": SimpleUploadedFile("r.jpg", photo, "image/jpeg"), **proposer}  # fmt: skip
        response = timed("usul", lambda c=client, d=data: c.post("/cek-status/usul/", d))
        codes.append(re.search(r'kode-tanda-terima">([^<]*)<', response.content.decode())[1])

        def objection(c=client, i=i):
            page = c.post("/cek-status/", {**region, "nama": f"{first[i % 8]} {last[i % 8]}"})
            token = re.findall(r'name="token" value="([^"]*)"', page.content.decode())[0]
            c.post("/cek-status/sanggah/", {**region, "token": token})
            return c.post(
                "/cek-status/sanggah/",
                {**region, "token": token, "kirim": "ya", "alasan": "mampu", **proposer},
            )

        timed("sanggah", objection)
        timed("lacak", lambda c=client: c.post("/cek-status/lacak/", {"kode": codes[-1]}))
    result = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "python": sys.version.split()[0],
        "database": "sqlite (fresh)",
        "people": args.people,
        "count": args.count,
    }
    for kind, values in times.items():
        ordered = sorted(values)
        result[kind] = {
            "p50_ms": round(_percentile(ordered, 50), 1),
            "p95_ms": round(_percentile(ordered, 95), 1),
            "max_ms": round(ordered[-1], 1),
            "errors": errors[kind],
        }
    result["sanggah"]["note"] = "Cek status query + form + submission, together"
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
