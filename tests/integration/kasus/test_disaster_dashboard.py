"""The disaster dashboard per kab/kota: its figures equal a plain recount of the rows, its
number of queries does not grow with the data, and each user sees only their scope."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datusoban.bencana.actions import (
    Victim,
    declare,
    deploy,
    distribute,
    receive_stock,
    register,
)
from datusoban.bencana.dashboard import dashboard
from datusoban.bencana.models import KorbanBencana, PenyaluranLogistik, StokLogistik

from .conftest import BJB_DESA, BJM_DESA

pytestmark = pytest.mark.django_db
DAY = date(2026, 1, 14)


def _events(user_of, size: int):
    """Floods in Banjarmasin and a fire in Banjarbaru, ``size`` victims in each."""
    admin = user_of("admin_provinsi", "63", f"admin.{size}")
    made = []
    for n, (jenis, desa) in enumerate([("banjir", BJM_DESA), ("banjir", BJM_DESA),
                                       ("kebakaran", BJB_DESA)]):  # fmt: skip
        event = declare(admin, nama=f"Kejadian {n}", jenis=jenis, tanggal=DAY, desa=[desa])
        register(admin, event.pk, [
            Victim(nama=f"Korban {i}", desa=desa,
                   kondisi=["mengungsi", "luka_ringan", "hilang"][i % 3],
                   no_kk=f"63710101011{i // 2:05d}")
            for i in range(size)
        ])  # fmt: skip
        receive_stock(admin, event.pk, barang="tenda", jumlah=size + 3)
        receive_stock(admin, event.pk, barang="sandang", jumlah=2)
        for victim in KorbanBencana.objects.filter(bencana=event).order_by("pk")[::4]:
            distribute(admin, event.pk, korban=victim.pk, barang="tenda")
        deploy(admin, event.pk, nama="Tagana", lokasi="Posko", mulai=DAY)
        deploy(admin, event.pk, nama="Tagana 2", lokasi="Posko", mulai=DAY, selesai=DAY)
        made.append(event)
    made[1].status = "pemulihan"
    made[1].save()
    return admin, made


def _recount(kode: str) -> dict:
    """The same figures counted one row at a time in Python."""
    victims = [v for v in KorbanBencana.objects.all() if v.kode_kabkota == kode]
    families = {(v.bencana_id, v.kunci_keluarga) for v in victims}
    given = [g for g in PenyaluranLogistik.objects.select_related("korban", "bencana")]
    stock = [s for s in StokLogistik.objects.select_related("bencana")]
    tenda_served = {(g.bencana_id, g.kunci_keluarga) for g in given
                    if g.korban.kode_kabkota == kode and g.barang == "tenda"}  # fmt: skip
    received = sum(
        s.jumlah for s in stock if s.bencana.kode_kabkota == kode and s.barang == "tenda"
    )
    out = sum(g.jumlah for g in given if g.bencana.kode_kabkota == kode and g.barang == "tenda")
    return {
        "korban": len(victims), "keluarga": len(families),
        "kondisi": Counter(v.kondisi for v in victims),
        "tenda": (len(tenda_served), len(families) - len(tenda_served), received - out),
    }  # fmt: skip


def test_figures_equal_a_plain_recount(user_of):
    admin, _ = _events(user_of, 10)
    rows = {r["kode_kabkota"]: r for r in dashboard(admin, DAY + date.resolution)}
    assert list(rows) == ["63.71", "63.72"]
    bjm = rows["63.71"]
    assert bjm["nama"] != "63.71"  # the kab/kota by name
    assert (bjm["kejadian"], bjm["per_status"]["tanggap_darurat"], bjm["per_status"]["pemulihan"],
            bjm["per_jenis"]["banjir"]) == (2, 1, 1, 2)  # fmt: skip
    assert rows["63.72"]["per_jenis"]["kebakaran"] == 1
    for kode, row in rows.items():
        plain = _recount(kode)
        assert (row["korban"], row["keluarga"]) == (plain["korban"], plain["keluarga"])
        assert {k: n for k, n in row["per_kondisi"].items() if n} == dict(plain["kondisi"])
        tenda = row["barang"]["tenda"]
        assert (tenda["keluarga_dilayani"], tenda["keluarga_belum"], tenda["sisa"]) == plain[
            "tenda"
        ]
        assert row["barang"]["sandang"]["sisa"] == 2 * row["kejadian"]
        # Two deployments per event; the one that ended on the first day is no longer running.
        assert (row["tagana"], row["tagana_aktif"]) == (2 * row["kejadian"], row["kejadian"])
    # A family is counted once per event: five No KKs in each of two Banjarmasin floods.
    assert bjm["keluarga"] == 10


def test_queries_do_not_grow_with_the_data(user_of):
    admin, _ = _events(user_of, 4)
    with CaptureQueriesContext(connection) as small:
        dashboard(admin, DAY)
    _events(user_of, 24)
    with CaptureQueriesContext(connection) as large:
        dashboard(admin, DAY)
    assert len(small) == len(large) <= 10


def test_each_user_sees_their_scope(user_of):
    _events(user_of, 6)
    bjm = dashboard(user_of("operator_kabkota", "63.71"), DAY)
    assert [r["kode_kabkota"] for r in bjm] == ["63.71"]
    kecamatan = dashboard(user_of("pendamping", "63.72.02"), DAY)
    assert [r["kode_kabkota"] for r in kecamatan] == ["63.72"]
    assert dashboard(user_of("operator_kabkota", "63.03"), DAY) == []
