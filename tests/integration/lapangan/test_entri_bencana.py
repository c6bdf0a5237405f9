"""Disaster victims and deliveries from the field app: through the disaster rules (affected
desa, stock, once per family and item), each stored once; a delivery to a victim recorded
on the device names it by that entry's key."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.bencana import actions
from datusoban.bencana.models import KorbanBencana, PenyaluranLogistik
from datusoban.lapangan.models import KirimanLapangan
from datusoban.reference.models import Region

from .conftest import KEC_A
from .entri import key, logged_in, send

pytestmark = pytest.mark.django_db
ITEM = "makanan_siap_saji"


@pytest.fixture
def event(make_user, desa):
    """A flood in a desa of Banjarmasin with 2 packs of ready meals, and one in Banjarbaru."""
    operator = make_user("op.bjm", "operator_kabkota", "63.71")
    flood = actions.declare(operator, nama="Banjir Sungai Martapura", jenis="banjir",
                            tanggal=date(2026, 12, 1), desa=[desa(KEC_A)])  # fmt: skip
    actions.receive_stock(operator, flood.pk, barang=ITEM, jumlah=2)
    elsewhere = make_user("op.bjb", "operator_kabkota", "63.72")
    far = Region.objects.filter(level=Region.Level.DESA, kode__startswith="63.72.").first()
    other = actions.declare(elsewhere, nama="Kebakaran Banjarbaru", jenis="kebakaran",
                            tanggal=date(2026, 12, 2), desa=[far.kode])  # fmt: skip
    return flood, other


@pytest.fixture
def tagana(make_worker, event):
    client = logged_in(make_worker("tagana.a", peran="tagana"))
    return client, client.get("/lapangan/unduh/").json()


def _victim(data: dict, **changes) -> dict:
    flood = data["bencana"]["kejadian"][0]
    return {
        "jenis": "korban", "kunci": key(), "bencana": flood["id"], "nama": "Ahmad Fauzi",
        "nik": "", "kondisi": "mengungsi", "desa": flood["desa"][0][0],
    } | changes  # fmt: skip


def _delivery(data: dict, victim_key: str, **changes) -> dict:
    return {
        "jenis": "penyaluran", "kunci": key(), "bencana": data["bencana"]["kejadian"][0]["id"],
        "korban_kunci": victim_key, "barang": ITEM, "jumlah": 1,
    } | changes  # fmt: skip


def test_the_download_carries_the_open_events_of_the_workers_kabkota(tagana, event):
    _, data = tagana
    flood, _ = event
    events = data["bencana"]["kejadian"]
    assert [e["id"] for e in events] == [flood.pk]  # not Banjarbaru's
    assert events[0]["jenis"] == "Banjir"
    assert [ITEM, "Makanan siap saji", "paket", 2] in events[0]["barang"]
    assert ["mengungsi", "Mengungsi"] in data["bencana"]["kondisi"]


def test_a_victim_and_a_delivery_are_stored_once(tagana):
    client, data = tagana
    victim = _victim(data)
    delivery = _delivery(data, victim["kunci"])

    answers = [send(client, victim), send(client, delivery)]
    repeats = [send(client, victim), send(client, delivery)]

    assert [a.status_code for a in answers] == [201, 201], [a.json() for a in answers]
    assert [r.status_code for r in repeats] == [200, 200]
    korban = KorbanBencana.objects.get()
    given = PenyaluranLogistik.objects.get()
    assert (korban.nama, korban.kondisi, korban.dicatat_oleh) == (
        "Ahmad Fauzi",
        "mengungsi",
        "tagana.a",
    )
    assert (given.korban, given.barang, given.jumlah) == (korban, ITEM, 1)
    assert answers[1].json()["korban"] == korban.pk
    assert KirimanLapangan.objects.count() == 2


def test_refusals_come_back_as_messages_and_store_nothing(tagana, event):
    client, data = tagana
    _, other = event
    first, second, third = (_victim(data, nama=f"Korban {n}") for n in range(3))
    # A delivery to a victim not yet sent: refused, to be sent again after it.
    early = _delivery(data, first["kunci"])
    response = send(client, early)
    assert response.status_code == 422 and response.json()["kode"] == "korban_belum_terkirim"
    for victim in (first, second, third):
        assert send(client, victim).status_code == 201
    assert send(client, early).status_code == 201  # the same entry, now its victim is known
    # The same family, the same item, another entry: once per family and item.
    again = send(client, _delivery(data, first["kunci"]))
    assert again.status_code == 422 and again.json()["kode"] == "sudah_disalurkan"
    assert send(client, _delivery(data, second["kunci"])).status_code == 201
    # The two packs are given: the third family finds the stock exhausted.
    empty = send(client, _delivery(data, third["kunci"]))
    assert empty.status_code == 422 and empty.json()["kode"] == "stok_kurang"
    assert "tidak mencukupi" in empty.json()["pesan"]
    assert PenyaluranLogistik.objects.count() == 2

    invalid = [
        (_victim(data, kondisi="sehat"), "tidak dikenal"),
        (_victim(data, nama=""), "Nama korban kosong"),
        (_victim(data, nik="12345"), "16 angka"),
        # Another kab/kota's event: out of the worker's reach.
        (_victim(data, bencana=other.pk), "tidak ditemukan"),
    ]
    for entry, message in invalid:
        response = send(client, entry)
        assert response.status_code == 422 and message in response.json()["pesan"], entry
    assert KorbanBencana.objects.count() == 3
    assert KirimanLapangan.objects.count() == 5


def test_a_victims_entry_key_names_only_the_senders_own_victim(tagana, make_worker):
    client, data = tagana
    victim = _victim(data)
    assert send(client, victim).status_code == 201
    colleague = logged_in(make_worker("tagana.b", peran="tagana"))
    colleague_data = colleague.get("/lapangan/unduh/").json()

    response = send(colleague, _delivery(colleague_data, victim["kunci"]))

    assert response.status_code == 422 and response.json()["kode"] == "korban_belum_terkirim"
    assert not PenyaluranLogistik.objects.exists()
