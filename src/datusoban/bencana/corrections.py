"""The life of a disaster event and the correction of its data.

An event moves one way through the steps of data/bencana.toml (tanggap darurat →
pemulihan → selesai); once closed, nothing more is recorded or corrected on it. A victim
entered by mistake may be corrected (name, condition, desa) or removed, always with a
reason; stock may be corrected up or down with a reason, never below what was given.
Each change is kept on the event (``CatatanBencana``: who, when, why, before and after)
and a change to a victim writes an audit row, in the same transaction.

A victim whose family has already received an item is not removed: the delivery was
given because of that victim's family, and removing the victim would leave the
delivery unexplained (the row is also held by the delivery's foreign key). NIK and No
KK are not corrected in place either: they decide the family, and so who was served;
a wrong one is removed and the victim registered again while the family has received
nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scope_of
from datusoban.bencana.access import victims_for
from datusoban.bencana.actions import (
    desa_in_scope,
    ensure_open,
    item_of,
    stock_left,
    visible_event,
)
from datusoban.bencana.models import Bencana, CatatanBencana, KorbanBencana, StokLogistik
from datusoban.kasus import policy
from datusoban.refusal import RefusedError


def _rules() -> dict:
    return policy.disaster_rules()


def _role(user) -> str:
    scope = scope_of(user)
    return scope.role.kode if scope is not None else ""


def _may_correct(user) -> None:
    if _role(user) not in _rules()["peran"]["koreksi"]:
        raise RefusedError("peran_ditolak", "Peran Anda tidak dapat mengoreksi data bencana.", 403)


def _reason(alasan: str) -> str:
    if not alasan.strip():
        raise RefusedError("perlu_alasan", "Tuliskan alasan koreksi.")
    return alasan.strip()[:300]


def _note(event: Bencana, user, jenis: str, alasan: str, sebelum: dict, sesudah: dict,
          korban_id: int | None = None) -> CatatanBencana:  # fmt: skip
    return CatatanBencana.objects.create(
        bencana=event, jenis=jenis, korban_id=korban_id, alasan=alasan, sebelum=sebelum,
        sesudah=sesudah, oleh=user.get_username(), pada=timezone.now(),
    )  # fmt: skip


def steps(user, event: Bencana) -> list[dict]:
    """The steps this user may take now on ``event``."""
    role = _role(user)
    return [t for t in _rules()["transisi"] if t["dari"] == event.status and role in t["peran"]]


def advance(user, pk: int, aksi: str, catatan: str = "") -> Bencana:
    """Take step ``aksi`` of event ``pk`` (e.g. close it), recorded with its note."""
    step = next((t for t in _rules()["transisi"] if t["aksi"] == aksi), None)
    if step is None:
        raise RefusedError("aksi_tidak_dikenal", f"Langkah '{aksi}' tidak dikenal.")
    with transaction.atomic():
        event = visible_event(user, pk, for_update=True)
        if _role(user) not in step["peran"]:
            raise RefusedError("peran_ditolak", f"Peran Anda tidak dapat mengambil langkah "
                               f"'{step['label']}'.", 403)  # fmt: skip
        if event.status != step["dari"]:
            label = _rules()["status"].get(event.status, event.status)
            raise RefusedError(
                "transisi_ditolak",
                f"Langkah '{step['label']}' tidak dapat diambil dari status '{label}'.",
            )
        before = event.status
        event.status = step["ke"]
        event.save(update_fields=["status"])
        _note(event, user, CatatanBencana.Jenis.STATUS, catatan.strip()[:300] or step["label"],
              {"status": before}, {"status": event.status})  # fmt: skip
    return event


def _victim(user, event: Bencana, korban: int) -> KorbanBencana:
    victim = victims_for(user, event).select_for_update().filter(pk=korban).first()
    if victim is None:
        raise RefusedError("tidak_ditemukan", "Korban tidak ditemukan.", 404)
    return victim


def _shown(victim: KorbanBencana) -> dict:
    # No NIK here: the event's record is shown to every role that sees the event.
    return {"nama": victim.nama, "kondisi": victim.kondisi, "desa": victim.desa_id}


def correct_victim(
    user, pk: int, korban: int, *, alasan: str, nama: str = "", kondisi: str = "",
    desa: str = "",
) -> KorbanBencana:  # fmt: skip
    """Correct the name, condition or desa of a victim entered wrongly (empty: unchanged)."""
    _may_correct(user)
    reason = _reason(alasan)
    if kondisi and kondisi not in _rules()["kondisi"]:
        raise RefusedError("kondisi", f"Kondisi '{kondisi}' tidak dikenal.")
    with transaction.atomic():
        event = visible_event(user, pk, for_update=True)
        ensure_open(event)
        victim = _victim(user, event, korban)
        before = _shown(victim)
        if nama.strip():
            victim.nama = nama.strip()[:120]
        if kondisi:
            victim.kondisi = kondisi
        if desa and desa != victim.desa_id:
            if not event.desa.filter(kode=desa).exists():
                raise RefusedError("desa", f"Desa {desa} bukan desa terdampak.")
            victim.desa = desa_in_scope(user, desa)
            victim.kode_kabkota = desa[:5]
        after = _shown(victim)
        if after == before:
            raise RefusedError("tanpa_perubahan", "Tidak ada yang dikoreksi.")
        victim.save()
        _note(event, user, CatatanBencana.Jenis.UBAH_KORBAN, reason, before, after, victim.pk)
        record(None, Aksi.UBAH, "korban_bencana", [(str(victim.pk), victim.nik or None)],
               rincian={"koreksi": reason, "sebelum": before, "sesudah": after},
               user=user)  # fmt: skip
    return victim


def remove_victim(user, pk: int, korban: int, *, alasan: str) -> None:
    """Remove a victim entered by mistake; refused once the victim's family was served."""
    _may_correct(user)
    reason = _reason(alasan)
    with transaction.atomic():
        event = visible_event(user, pk, for_update=True)
        ensure_open(event)
        victim = _victim(user, event, korban)
        if event.penyaluran.filter(kunci_keluarga=victim.kunci_keluarga).exists():
            raise RefusedError(
                "sudah_menerima",
                "Keluarga korban ini sudah menerima bantuan untuk kejadian ini; korban tidak "
                "dapat dihapus. Koreksi nama, kondisi atau desanya bila salah.",
            )
        before = _shown(victim)
        _note(event, user, CatatanBencana.Jenis.HAPUS_KORBAN, reason, before, {}, victim.pk)
        record(None, Aksi.UBAH, "korban_bencana", [(str(victim.pk), victim.nik or None)],
               rincian={"hapus": reason, "sebelum": before}, user=user)  # fmt: skip
        victim.delete()


def adjust_stock(user, pk: int, *, barang: str, jumlah: int, alasan: str) -> StokLogistik:
    """Correct the stock of ``barang`` by ``jumlah`` (negative: less than recorded)."""
    _may_correct(user)
    item = item_of(barang)
    reason = _reason(alasan)
    if jumlah == 0:
        raise RefusedError("jumlah", "Koreksi stok tidak boleh nol.")
    with transaction.atomic():
        # Locked as distribute locks it: a delivery cannot slip between the check and the row.
        event = visible_event(user, pk, for_update=True)
        ensure_open(event)
        left = stock_left(event, barang)
        if left + jumlah < 0:
            raise RefusedError(
                "stok_kurang", f"Sisa stok {item['label']} hanya {left} {item['satuan']}; "
                "koreksi tidak boleh membuatnya kurang dari nol.",
            )  # fmt: skip
        row = StokLogistik.objects.create(
            bencana=event, barang=barang, jumlah=jumlah, alasan=reason,
            diterima_pada=timezone.localdate(), dicatat_oleh=user.get_username(),
        )  # fmt: skip
        before, after = {"barang": barang, "sisa": left}, {"barang": barang, "sisa": left + jumlah}
        _note(event, user, CatatanBencana.Jenis.KOREKSI_STOK, reason, before, after)
    return row
