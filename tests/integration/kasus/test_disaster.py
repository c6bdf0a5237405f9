"""Disaster response: an event in its desa, victims linked to the registry by NIK or No KK,
logistics never given twice to one family for the same item and event (the database
refuses it, the service says so), stock that runs out, the sitrep's figures, scope."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction

from datusoban.bencana.access import disasters_for
from datusoban.bencana.actions import (
    Victim,
    declare,
    deploy,
    distribute,
    receive_stock,
    register,
    stock_left,
)
from datusoban.bencana.models import KorbanBencana, PenyaluranLogistik
from datusoban.bencana.sitrep import sitrep
from datusoban.refusal import RefusedError

from .conftest import BJB_DESA, BJM_DESA

pytestmark = pytest.mark.django_db
DAY = date(2026, 1, 14)
SECOND_DESA = "63.71.01.1002"


@pytest.fixture
def operator(user_of):
    return user_of("operator_kabkota", "63.71")


@pytest.fixture
def flood(operator):
    return declare(operator, nama="Banjir Sungai Martapura", jenis="banjir", tanggal=DAY,
                   desa=[BJM_DESA, SECOND_DESA])  # fmt: skip


@pytest.fixture
def family(make_person):
    """A registry family of two in the first desa."""
    from datusoban.registri.models import Person

    head = make_person("6371011203800001", no_kk="6371010101100001", nama="Moh. Rizky")
    wife = Person.objects.create(nik="6371015506900002", nama="Siti Aminah",
                                 nama_kunci="siti aminah", household=head.household)  # fmt: skip
    return head, wife


def test_victims_linked_by_nik_by_no_kk_or_kept_as_given(operator, flood, family):
    head, _ = family
    done = register(operator, flood.pk, [
        Victim(nama="Rizky", desa=BJM_DESA, kondisi="mengungsi", nik=head.nik),
        Victim(nama="Anak Rizky", desa=BJM_DESA, kondisi="luka_ringan",
               no_kk="6371010101100001"),
        Victim(nama="Tanpa data", desa=SECOND_DESA, kondisi="terdampak"),
        Victim(nama="Salah desa", desa=BJB_DESA, kondisi="terdampak", baris=7),
        Victim(nama="Kondisi aneh", desa=BJM_DESA, kondisi="bahagia", baris=8),
    ])  # fmt: skip
    assert (done.jumlah, done.tertaut) == (3, 2)
    assert [r for r, _ in done.ditolak] == [7, 8]
    by_name = {v.nama: v for v in KorbanBencana.objects.all()}
    assert by_name["Rizky"].person == head
    assert by_name["Anak Rizky"].household == head.household
    assert by_name["Rizky"].kunci_keluarga == by_name["Anak Rizky"].kunci_keluarga
    alone = by_name["Tanpa data"]
    assert alone.person is None and alone.kunci_keluarga == f"v{alone.pk}"


def test_no_family_served_twice_for_the_same_item(operator, flood, family):
    head, wife = family
    register(operator, flood.pk, [
        Victim(nama="Rizky", desa=BJM_DESA, kondisi="mengungsi", nik=head.nik),
        Victim(nama="Siti", desa=BJM_DESA, kondisi="mengungsi", nik=wife.nik),
    ])  # fmt: skip
    rizky, siti = KorbanBencana.objects.order_by("pk")
    receive_stock(operator, flood.pk, barang="tenda", jumlah=10)
    receive_stock(operator, flood.pk, barang="sandang", jumlah=10)
    distribute(operator, flood.pk, korban=rizky.pk, barang="tenda")
    with pytest.raises(RefusedError) as refused:  # his wife, the same family
        distribute(operator, flood.pk, korban=siti.pk, barang="tenda")
    assert refused.value.kode == "sudah_disalurkan"
    assert "sudah menerima Tenda" in str(refused.value)
    distribute(operator, flood.pk, korban=siti.pk, barang="sandang")  # another item: given
    assert stock_left(flood, "tenda") == 9
    # The database itself refuses a second row, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        PenyaluranLogistik.objects.create(
            bencana=flood, barang="tenda", korban=siti, kunci_keluarga=siti.kunci_keluarga,
            jumlah=1, disalurkan_oleh="x", disalurkan_pada=datetime(2026, 1, 15, tzinfo=UTC),
        )  # fmt: skip


def test_stock_must_cover_what_is_given(operator, flood):
    register(operator, flood.pk, [Victim(nama="A", desa=BJM_DESA, kondisi="mengungsi")])
    victim = KorbanBencana.objects.get()
    with pytest.raises(RefusedError) as refused:
        distribute(operator, flood.pk, korban=victim.pk, barang="makanan_siap_saji", jumlah=2)
    assert refused.value.kode == "stok_kurang"
    receive_stock(operator, flood.pk, barang="makanan_siap_saji", jumlah=2)
    distribute(operator, flood.pk, korban=victim.pk, barang="makanan_siap_saji", jumlah=2)
    assert stock_left(flood, "makanan_siap_saji") == 0


def test_sitrep_figures(operator, flood, family):
    head, wife = family
    register(operator, flood.pk, [
        Victim(nama="Rizky", desa=BJM_DESA, kondisi="mengungsi", nik=head.nik),
        Victim(nama="Siti", desa=BJM_DESA, kondisi="luka_ringan", nik=wife.nik),
        Victim(nama="Lain", desa=SECOND_DESA, kondisi="mengungsi"),
    ])  # fmt: skip
    receive_stock(operator, flood.pk, barang="tenda", jumlah=5)
    distribute(operator, flood.pk, korban=KorbanBencana.objects.first().pk, barang="tenda")
    deploy(operator, flood.pk, nama="Tagana Banjarmasin 1", lokasi="Posko Kelayan", mulai=DAY)
    report = sitrep(flood, KorbanBencana.objects.filter(bencana=flood))
    assert (report["korban"], report["keluarga"], report["tagana"]) == (3, 2, 1)
    assert dict(report["kondisi"])["Mengungsi"] == 2
    assert [(r["desa_id"], r["jumlah"], r["keluarga"]) for r in report["per_desa"]] == [
        (BJM_DESA, 2, 1), (SECOND_DESA, 1, 1)
    ]  # fmt: skip
    tenda = next(b for b in report["barang"] if b["barang"] == "tenda")
    assert (tenda["diterima"], tenda["disalurkan"], tenda["sisa"]) == (5, 1, 4)
    assert (tenda["keluarga_dilayani"], tenda["keluarga_belum"]) == (1, 1)  # the gap


def test_scope_and_roles(operator, flood, user_of):
    assert list(disasters_for(user_of("operator_kabkota", "63.72", "op.bjb"))) == []
    assert list(disasters_for(user_of("admin_provinsi", "63"))) == [flood]
    with pytest.raises(RefusedError) as refused:
        register(user_of("operator_kabkota", "63.72", "op.bjb2"), flood.pk,
                 [Victim(nama="A", desa=BJM_DESA, kondisi="mengungsi")])  # fmt: skip
    assert refused.value.kode == "tidak_ditemukan"
    with pytest.raises(RefusedError) as refused:
        declare(operator, nama="Kebakaran", jenis="kebakaran", tanggal=DAY, desa=[BJB_DESA])
    assert refused.value.kode == "di_luar_cakupan"
    for peran in ("analis_provinsi", "auditor", "staf_layanan"):
        with pytest.raises(RefusedError) as refused:
            receive_stock(user_of(peran, "63.71"), flood.pk, barang="tenda", jumlah=1)
        assert refused.value.kode == "peran_ditolak"
