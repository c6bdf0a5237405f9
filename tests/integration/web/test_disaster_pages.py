"""The disaster pages: declaring an event, the synthetic victim list imported through the
'bencana' profile's reading and checks, a victim by hand, stock, logistics given once per
family (the refusal shown), the gap list of families not yet served, the sitrep XLSX."""

from __future__ import annotations

import re
from io import BytesIO

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from datusoban.bencana.actions import distribute
from datusoban.bencana.models import Bencana, KorbanBencana, PenyaluranLogistik

from .people import log_in_as

pytestmark = pytest.mark.django_db


def test_synthetic_victim_list_logistics_and_sitrep(client, synth_dir):
    victims = pl.read_csv(synth_dir / "bencana.csv", infer_schema=False)
    desa = sorted(set(victims["kode_wilayah"].to_list()))
    admin = log_in_as(client, "admin_provinsi", "63")
    declared = {"nama": "Banjir Januari 2021", "jenis": "banjir", "tanggal": "2021-01-14",
                "desa": "\n".join(desa)}  # fmt: skip
    response = client.post("/bencana/", declared)
    event = Bencana.objects.get()
    assert response["Location"] == f"/bencana/{event.pk}/"
    upload = SimpleUploadedFile("korban.csv", (synth_dir / "bencana.csv").read_bytes())
    page = client.post(f"/bencana/{event.pk}/impor/", {"berkas": upload}, follow=True)
    text = page.content.decode()
    registered = KorbanBencana.objects.filter(bencana=event).count()
    assert registered > 0 and f"{registered} korban tercatat" in text
    # Every row ends somewhere: registered, or refused with its row number.
    refused = re.search(r"(\d+) baris ditolak", text)
    assert registered + (int(refused.group(1)) if refused else 0) == victims.height
    families = KorbanBencana.objects.filter(bencana=event).values("kunci_keluarga").distinct()
    client.post(f"/bencana/{event.pk}/stok/", {"barang": "tenda", "jumlah": families.count()})
    first = KorbanBencana.objects.filter(bencana=event).order_by("pk")
    served = set()
    for victim in first:  # one tent per family: the others of a family are refused
        if victim.kunci_keluarga in served:
            continue
        distribute(admin, event.pk, korban=victim.pk, barang="tenda")
        served.add(victim.kunci_keluarga)
    assert PenyaluranLogistik.objects.filter(bencana=event).count() == families.count()
    twice = next(
        (v for v in first if first.filter(kunci_keluarga=v.kunci_keluarga).count() > 1), first[0]
    )
    second = {"korban": twice.pk, "barang": "tenda", "jumlah": 1}
    again = client.post(f"/bencana/{event.pk}/salur/", second, follow=True)
    assert "sudah menerima Tenda" in again.content.decode()
    board = client.get(f"/bencana/{event.pk}/").content.decode()
    assert 'data-barang="tenda"' in board
    row = board.split('data-barang="tenda"')[1].split("</tr>")[0]
    assert row.endswith('<td class="num">0</td>')  # no family left without a tent
    xlsx = client.get(f"/bencana/{event.pk}/sitrep.xlsx")
    assert xlsx.status_code == 200
    sheet = pl.read_excel(BytesIO(xlsx.content), sheet_name="logistik")
    tenda = sheet.filter(pl.col("barang") == "tenda").row(0, named=True)
    assert (tenda["keluarga_dilayani"], tenda["sisa"]) == (families.count(), 0)


def test_victim_by_hand_and_scope(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    client.post("/bencana/", {"nama": "Kebakaran Kelayan", "jenis": "kebakaran",
                              "tanggal": "2026-02-01", "desa": "63.71.01.1001"})  # fmt: skip
    event = Bencana.objects.get()
    client.post(f"/bencana/{event.pk}/korban/", {"nama": "Moh. Rizky", "desa": "63.71.01.1001",
                                                 "kondisi": "mengungsi",
                                                 "nik": people.rizky.nik})  # fmt: skip
    victim = KorbanBencana.objects.get()
    assert victim.person == people.rizky
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.get(f"/bencana/{event.pk}/").status_code == 404
    assert (
        client.post(f"/bencana/{event.pk}/stok/", {"barang": "tenda", "jumlah": 1}).status_code
        == 404
    )
    client.logout()
    log_in_as(client, "auditor", "63.71")
    page = client.get(f"/bencana/{event.pk}/").content.decode()
    assert people.rizky.nik not in page and 'id="form-korban"' not in page
    assert (
        client.post(f"/bencana/{event.pk}/stok/", {"barang": "tenda", "jumlah": 1}).status_code
        == 403
    )
