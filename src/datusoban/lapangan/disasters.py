"""Disaster victims and deliveries of logistics sent from the field app, through
``bencana.actions.register`` and ``distribute`` (their rules: the worker's role and scope,
an open event, its affected desa, the stock, once per family and item).

A delivery recorded offline to a victim registered offline names the victim by the key of
the victim's own entry: the server looks it up among the sender's stored entries, so the
victim must have been sent (and taken) first.
"""

from __future__ import annotations

import re

from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.bencana import actions
from datusoban.lapangan.entries import Jenis, created_by, id_of, refuse, text_of, when
from datusoban.layanan.models import Pilar
from datusoban.refusal import RefusedError

NIK = re.compile(r"^\d{16}$")


def _said(refused: RefusedError) -> RefusedError:
    # A refusal of the disaster rules, said as a refusal of this entry (kept on the device
    # with its reason), whatever status those rules answer a page with.
    return refuse(refused.field or "bencana", refused.pesan, refused.kode)


def store_victim(request, pilar: Pilar, entry: dict) -> tuple[int, dict]:
    nik = text_of(entry, "nik", 32)
    if nik and not NIK.match(nik):
        raise refuse("nik", "NIK korban harus 16 angka (kosongkan bila tidak tahu).")
    victim = actions.Victim(
        nama=text_of(entry, "nama", 120), desa=text_of(entry, "desa", 13),
        kondisi=text_of(entry, "kondisi", 12), nik=nik,
    )  # fmt: skip
    try:
        done = actions.register(request.user, id_of(entry, "bencana", "Kejadian bencana"), [victim])
    except RefusedError as refused:
        raise _said(refused) from None
    if done.ditolak:
        raise refuse("korban", done.ditolak[0][1], "korban_ditolak")
    korban = done.korban[0]
    record(request, Aksi.UBAH, "korban_bencana", [(str(korban), nik or None)],
           tujuan="tanggap bencana")  # fmt: skip
    return korban, {"tertaut": bool(done.tertaut)}


def store_delivery(request, pilar: Pilar, entry: dict) -> tuple[int, dict]:
    user = request.user
    if entry.get("korban_kunci"):
        korban = created_by(user, entry["korban_kunci"], Jenis.KORBAN)
        if korban is None:
            raise refuse(
                "korban", "Korban ini belum tercatat di server: kirim data korbannya dulu, atau "
                "perbaiki bila data korban itu ditolak.", "korban_belum_terkirim",
            )  # fmt: skip
    else:
        korban = id_of(entry, "korban", "Korban")
    jumlah = entry.get("jumlah", 1)
    if isinstance(jumlah, bool) or not str(jumlah).isdigit():
        raise refuse("jumlah", "Jumlah harus bilangan bulat lebih dari nol.")
    try:
        given = actions.distribute(
            user, id_of(entry, "bencana", "Kejadian bencana"), korban=korban,
            barang=text_of(entry, "barang", 24), jumlah=int(jumlah),
            now=min(when(entry.get("waktu")), timezone.now()),
        )  # fmt: skip
    except RefusedError as refused:
        raise _said(refused) from None
    record(request, Aksi.UBAH, "korban_bencana", [(str(korban), given.korban.nik or None)],
           tujuan="tanggap bencana", rincian={"penyaluran": given.pk})  # fmt: skip
    return given.pk, {"korban": korban}
