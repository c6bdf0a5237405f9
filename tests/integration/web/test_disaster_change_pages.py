"""The event's status and correction forms on its page: a victim corrected and a wrong one
removed (refused in plain words once the family was served), stock corrected, the event
moved to recovery and closed — then no form to record on it; 403 for a role that may not
correct, 404 outside the region."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.bencana.actions import Victim, declare, distribute, receive_stock, register
from datusoban.bencana.models import CatatanBencana, KorbanBencana

from .people import log_in_as

pytestmark = pytest.mark.django_db
BJM = "63.71.01.1001"


@pytest.fixture
def flood(client):
    operator = log_in_as(client, "operator_kabkota", "63.71")
    event = declare(operator, nama="Banjir Kelayan", jenis="banjir", tanggal=date(2026, 1, 14),
                    desa=[BJM])  # fmt: skip
    register(operator, event.pk, [
        Victim(nama="Diterima", desa=BJM, kondisi="mengungsi", no_kk="6371010101100001"),
        Victim(nama="Ganda", desa=BJM, kondisi="mengungsi", no_kk="6371010101100001"),
        Victim(nama="Salah ketik", desa=BJM, kondisi="terdampak"),
    ])  # fmt: skip
    receive_stock(operator, event.pk, barang="tenda", jumlah=2)
    distribute(operator, event.pk, korban=KorbanBencana.objects.get(nama="Diterima").pk,
               barang="tenda")  # fmt: skip
    return event


def test_corrections_and_closing_through_the_page(client, flood):
    url = f"/bencana/{flood.pk}"
    page = client.get(f"{url}/").content.decode()
    assert 'id="form-koreksi-korban"' in page and 'id="form-status-pemulihan"' in page
    wrong = KorbanBencana.objects.get(nama="Salah ketik")
    correction = {"korban": wrong.pk, "kondisi": "hilang", "alasan": "Salah pilih"}
    fixed = client.post(f"{url}/korban/koreksi/", correction, follow=True)
    assert "Data korban dikoreksi." in fixed.content.decode()
    served = KorbanBencana.objects.get(nama="Ganda")
    refused = client.post(f"{url}/korban/hapus/", {"korban": served.pk, "alasan": "Ganda"},
                          follow=True)  # fmt: skip
    assert "sudah menerima bantuan" in refused.content.decode()
    assert KorbanBencana.objects.filter(pk=served.pk).exists()
    client.post(f"{url}/korban/hapus/", {"korban": wrong.pk, "alasan": "Tercatat dua kali"})
    assert not KorbanBencana.objects.filter(pk=wrong.pk).exists()
    changes = AuditEvent.objects.filter(objek="korban_bencana", objek_id=str(wrong.pk), aksi="ubah")
    assert changes.count() == 2  # corrected, then removed
    client.post(f"{url}/stok/koreksi/", {"barang": "tenda", "jumlah": -1, "alasan": "Rusak"})
    assert client.post(f"{url}/status/", {"aksi": "pemulihan"}).status_code == 302
    closed = client.post(f"{url}/status/", {"aksi": "tutup", "catatan": "Pengungsi pulang"},
                         follow=True).content.decode()  # fmt: skip
    assert "kejadian ditutup" in closed and 'id="form-korban"' not in closed
    assert 'id="form-koreksi-korban"' not in closed
    assert list(CatatanBencana.objects.order_by("pk").values_list("jenis", flat=True)) == [
        "ubah_korban", "hapus_korban", "koreksi_stok", "status", "status",
    ]  # fmt: skip
    again = client.post(f"{url}/stok/", {"barang": "tenda", "jumlah": 1}, follow=True)
    assert "tidak dapat diubah lagi" in again.content.decode()


def test_roles_and_scope(client, flood):
    victim = KorbanBencana.objects.get(nama="Salah ketik")
    removal = {"korban": victim.pk, "alasan": "x"}
    client.logout()
    log_in_as(client, "pendamping", "63.71")  # records at the post, does not correct
    page = client.get(f"/bencana/{flood.pk}/").content.decode()
    assert 'id="form-hapus-korban"' not in page and 'id="form-status-pemulihan"' not in page
    assert client.post(f"/bencana/{flood.pk}/korban/hapus/", removal).status_code == 403
    assert client.post(f"/bencana/{flood.pk}/status/", {"aksi": "pemulihan"}).status_code == 403
    client.logout()
    log_in_as(client, "auditor", "63.71")
    stock = {"barang": "tenda", "jumlah": 1, "alasan": "x"}
    assert client.post(f"/bencana/{flood.pk}/stok/koreksi/", stock).status_code == 403
    client.logout()
    log_in_as(client, "operator_kabkota", "63.72")
    assert client.post(f"/bencana/{flood.pk}/korban/hapus/", removal).status_code == 404
    assert client.post(f"/bencana/{flood.pk}/status/", {"aksi": "pemulihan"}).status_code == 404
    assert KorbanBencana.objects.filter(pk=victim.pk).exists()
