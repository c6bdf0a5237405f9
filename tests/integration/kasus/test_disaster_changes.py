"""An event's life and the correction of its data: the steps of data/bencana.toml taken in
order and by the roles they name, a closed event refusing victims and deliveries, a victim
corrected or removed with its reason recorded and audited (not once the family was served),
stock corrected with a reason but never below what was given, scope."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.bencana.actions import (
    Victim,
    declare,
    deploy,
    distribute,
    receive_stock,
    register,
    stock_left,
)
from datusoban.bencana.corrections import (
    adjust_stock,
    advance,
    correct_victim,
    remove_victim,
    steps,
)
from datusoban.bencana.models import CatatanBencana, KorbanBencana
from datusoban.refusal import RefusedError

from .conftest import BJM_DESA

pytestmark = pytest.mark.django_db
DAY = date(2026, 1, 14)
SECOND_DESA = "63.71.01.1002"


@pytest.fixture
def operator(user_of):
    return user_of("operator_kabkota", "63.71")


@pytest.fixture
def flood(operator):
    event = declare(operator, nama="Banjir", jenis="banjir", tanggal=DAY,
                    desa=[BJM_DESA, SECOND_DESA])  # fmt: skip
    register(operator, event.pk, [
        Victim(nama="Rizky", desa=BJM_DESA, kondisi="mengungsi", nik="6371011203800001",
               no_kk="6371010101100001"),
        Victim(nama="Siti", desa=BJM_DESA, kondisi="mengungsi", no_kk="6371010101100001"),
        Victim(nama="Salah ketik", desa=BJM_DESA, kondisi="terdampak"),
    ])  # fmt: skip
    return event


def _refused(code: str, call, *args, **kwargs) -> None:
    with pytest.raises(RefusedError) as refused:
        call(*args, **kwargs)
    assert refused.value.kode == code, str(refused.value)


def test_the_steps_in_order_and_a_closed_event(operator, flood, user_of):
    assert [s["aksi"] for s in steps(operator, flood)] == ["pemulihan"]
    pendamping = user_of("pendamping", "63.71")
    assert steps(pendamping, flood) == []
    _refused("peran_ditolak", advance, pendamping, flood.pk, "pemulihan")
    _refused("transisi_ditolak", advance, operator, flood.pk, "tutup")  # not from emergency
    _refused("aksi_tidak_dikenal", advance, operator, flood.pk, "buka_lagi")
    assert advance(operator, flood.pk, "pemulihan").status == "pemulihan"
    # Recovery still takes victims and deliveries.
    register(operator, flood.pk, [Victim(nama="Terlambat", desa=BJM_DESA, kondisi="terdampak")])
    advance(operator, flood.pk, "tutup", "Semua pengungsi kembali")
    flood.refresh_from_db()
    assert flood.status == "selesai" and steps(operator, flood) == []
    victim = KorbanBencana.objects.filter(bencana=flood).first()
    _refused("kejadian_ditutup", register, operator, flood.pk,
             [Victim(nama="Baru", desa=BJM_DESA, kondisi="terdampak")])  # fmt: skip
    _refused("kejadian_ditutup", distribute, operator, flood.pk, korban=victim.pk, barang="tenda")
    _refused("kejadian_ditutup", receive_stock, operator, flood.pk, barang="tenda", jumlah=1)
    _refused("kejadian_ditutup", deploy, operator, flood.pk, nama="T", lokasi="P", mulai=DAY)
    _refused("kejadian_ditutup", correct_victim, operator, flood.pk, victim.pk, alasan="x",
             kondisi="hilang")  # fmt: skip
    _refused("transisi_ditolak", advance, operator, flood.pk, "pemulihan")  # one way only
    notes = list(CatatanBencana.objects.filter(bencana=flood).order_by("pk"))
    assert [(n.sebelum["status"], n.sesudah["status"]) for n in notes] == [
        ("tanggap_darurat", "pemulihan"), ("pemulihan", "selesai")
    ]  # fmt: skip
    assert notes[1].alasan == "Semua pengungsi kembali" and notes[1].oleh == operator.username


def test_a_victim_corrected_with_reason_and_audit(operator, flood):
    rizky = KorbanBencana.objects.get(nama="Rizky")
    _refused("perlu_alasan", correct_victim, operator, flood.pk, rizky.pk, alasan=" ",
             kondisi="luka_ringan")  # fmt: skip
    _refused("tanpa_perubahan", correct_victim, operator, flood.pk, rizky.pk, alasan="cek")
    _refused("desa", correct_victim, operator, flood.pk, rizky.pk, alasan="x",
             desa="63.72.02.1003")  # fmt: skip
    correct_victim(operator, flood.pk, rizky.pk, alasan="Salah tulis di posko",
                   nama="Moh. Rizky", kondisi="luka_ringan", desa=SECOND_DESA)  # fmt: skip
    rizky.refresh_from_db()
    assert (rizky.nama, rizky.kondisi, rizky.desa_id) == ("Moh. Rizky", "luka_ringan", SECOND_DESA)
    note = CatatanBencana.objects.get(jenis="ubah_korban")
    assert note.sebelum == {"nama": "Rizky", "kondisi": "mengungsi", "desa": BJM_DESA}
    assert note.sesudah["kondisi"] == "luka_ringan" and note.korban_id == rizky.pk
    audit = AuditEvent.objects.get(objek="korban_bencana", objek_id=str(rizky.pk))
    assert (audit.aksi, audit.nik, audit.nama_pengguna) == ("ubah", rizky.nik, operator.username)
    assert audit.rincian["koreksi"] == "Salah tulis di posko"


def test_a_victim_removed_unless_the_family_was_served(operator, flood):
    receive_stock(operator, flood.pk, barang="tenda", jumlah=3)
    rizky = KorbanBencana.objects.get(nama="Rizky")
    distribute(operator, flood.pk, korban=rizky.pk, barang="tenda")
    siti = KorbanBencana.objects.get(nama="Siti")  # Rizky's family: served
    _refused("sudah_menerima", remove_victim, operator, flood.pk, siti.pk, alasan="Ganda")
    wrong = KorbanBencana.objects.get(nama="Salah ketik")
    _refused("perlu_alasan", remove_victim, operator, flood.pk, wrong.pk, alasan="")
    remove_victim(operator, flood.pk, wrong.pk, alasan="Tercatat dua kali")
    assert not KorbanBencana.objects.filter(pk=wrong.pk).exists()
    note = CatatanBencana.objects.get(jenis="hapus_korban")
    assert (note.korban_id, note.sebelum["nama"], note.alasan) == (
        wrong.pk, "Salah ketik", "Tercatat dua kali"
    )  # fmt: skip
    assert AuditEvent.objects.filter(objek="korban_bencana", objek_id=str(wrong.pk)).exists()


def test_stock_corrected_never_below_what_was_given(operator, flood):
    receive_stock(operator, flood.pk, barang="tenda", jumlah=3)
    distribute(operator, flood.pk, korban=KorbanBencana.objects.get(nama="Rizky").pk,
               barang="tenda")  # fmt: skip
    _refused("perlu_alasan", adjust_stock, operator, flood.pk, barang="tenda", jumlah=-1,
             alasan="")  # fmt: skip
    _refused("stok_kurang", adjust_stock, operator, flood.pk, barang="tenda", jumlah=-3,
             alasan="Hitung gudang")  # fmt: skip
    adjust_stock(operator, flood.pk, barang="tenda", jumlah=-2, alasan="Dua tenda rusak")
    assert stock_left(flood, "tenda") == 0
    note = CatatanBencana.objects.get(jenis="koreksi_stok")
    assert (note.sebelum["sisa"], note.sesudah["sisa"], note.alasan) == (2, 0, "Dua tenda rusak")
    _refused("barang", adjust_stock, operator, flood.pk, barang="emas", jumlah=1, alasan="x")


def test_only_correcting_roles_within_scope(flood, user_of):
    victim = KorbanBencana.objects.get(nama="Salah ketik")
    pendamping = user_of("pendamping", "63.71")
    _refused("peran_ditolak", remove_victim, pendamping, flood.pk, victim.pk, alasan="x")
    _refused("peran_ditolak", adjust_stock, pendamping, flood.pk, barang="tenda", jumlah=1,
             alasan="x")  # fmt: skip
    outside = user_of("operator_kabkota", "63.72")
    _refused("tidak_ditemukan", remove_victim, outside, flood.pk, victim.pk, alasan="x")
    _refused("tidak_ditemukan", advance, outside, flood.pk, "pemulihan")
    assert KorbanBencana.objects.filter(pk=victim.pk).exists()
