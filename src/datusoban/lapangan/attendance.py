"""A P2K2 session sent from the field app: the pendamping's own group, date, module and
topic, and the families that came; stored through ``p2k2.sessions.record``."""

from __future__ import annotations

from django.utils.dateparse import parse_date

from datusoban.accounts.audit import Aksi, record
from datusoban.lapangan.entries import id_of, refuse, text_of
from datusoban.layanan.models import Pilar
from datusoban.p2k2 import sessions


def store(request, pilar: Pilar, entry: dict) -> tuple[int, dict]:
    try:
        tanggal = parse_date(str(entry.get("tanggal") or ""))
    except ValueError:
        tanggal = None
    if tanggal is None:
        raise refuse("tanggal", "Tanggal pertemuan tidak terbaca (format TTTT-BB-HH).")
    came = entry.get("hadir") or []
    if not isinstance(came, list):
        raise refuse("hadir", "Daftar keluarga yang hadir tidak terbaca.")
    hadir = [id_of({"hadir": h}, "hadir", "Keluarga yang hadir") for h in came]
    session = sessions.record(
        request.user, pilar, kelompok=id_of(entry, "kelompok", "Kelompok P2K2"),
        tanggal=tanggal, modul=text_of(entry, "modul", 24), topik=text_of(entry, "topik", 200),
        hadir=hadir,
    )  # fmt: skip
    present = session.kehadiran.filter(hadir=True).count()
    record(request, Aksi.UBAH, "pertemuan_p2k2", [(str(session.pk), None)],
           tujuan="pendampingan PKH", rincian={"kelompok": session.kelompok_id})  # fmt: skip
    return session.pk, {"hadir": present, "tercatat": session.kehadiran.count()}
