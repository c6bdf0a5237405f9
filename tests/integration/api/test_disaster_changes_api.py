"""An event's step, a victim corrected or removed and stock corrected over the API: the
service's refusals as 400/403/404 with their code."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account
from datusoban.bencana.actions import Victim, declare, receive_stock, register
from datusoban.bencana.models import KorbanBencana

pytestmark = pytest.mark.django_db
BJM = "63.71.01.1001"


def _login(client, peran: str, wilayah: str):
    user = User.objects.create_user(f"{peran}.{wilayah}")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return user


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_steps_and_corrections(client):
    user = _login(client, "operator_kabkota", "63.71")
    flood = declare(user, nama="Banjir", jenis="banjir", tanggal=date(2026, 1, 14), desa=[BJM])
    register(user, flood.pk, [Victim(nama="A", desa=BJM, kondisi="mengungsi"),
                              Victim(nama="B", desa=BJM, kondisi="mengungsi")])  # fmt: skip
    receive_stock(user, flood.pk, barang="tenda", jumlah=2)
    a, b = KorbanBencana.objects.order_by("pk")
    url = f"/api/v1/bencana/{flood.pk}"
    fixed = _post(client, f"{url}/korban/{a.pk}/koreksi", {"alasan": "Salah", "kondisi": "hilang"})
    assert fixed.status_code == 200 and fixed.json()["kondisi"] == "hilang"
    assert _post(client, f"{url}/korban/{a.pk}/koreksi", {"alasan": ""}).status_code == 422
    assert _post(client, f"{url}/korban/{b.pk}/hapus", {"alasan": "Ganda"}).status_code == 204
    stock = _post(client, f"{url}/stok/koreksi", {"barang": "tenda", "jumlah": -5, "alasan": "x"})
    assert stock.status_code == 400 and stock.json()["kode"] == "stok_kurang"
    stock = _post(client, f"{url}/stok/koreksi", {"barang": "tenda", "jumlah": -1, "alasan": "x"})
    assert stock.status_code == 201 and stock.json()["sisa"] == 1
    wrong = _post(client, f"{url}/status", {"aksi": "tutup"})
    assert wrong.status_code == 400 and wrong.json()["kode"] == "transisi_ditolak"
    assert _post(client, f"{url}/status", {"aksi": "pemulihan"}).json()["status"] == "pemulihan"
    assert _post(client, f"{url}/status", {"aksi": "tutup"}).json()["status"] == "selesai"
    late = _post(client, f"{url}/korban", {"korban": [{"nama": "C", "desa": BJM,
                                                       "kondisi": "terdampak"}]})  # fmt: skip
    assert late.status_code == 400 and late.json()["kode"] == "kejadian_ditutup"
    _login(client, "pendamping", "63.71")
    assert _post(client, f"{url}/korban/{a.pk}/hapus", {"alasan": "x"}).status_code == 403
    _login(client, "operator_kabkota", "63.72")
    assert _post(client, f"{url}/korban/{a.pk}/hapus", {"alasan": "x"}).status_code == 404
    assert _post(client, f"{url}/status", {"aksi": "tutup"}).status_code == 404
