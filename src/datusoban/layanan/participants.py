"""Importing a training session's participant list: every row checked, then all stored or none.

The file is read by the caller (``impor.reading``, in the web layer) into rows
of text with the line numbers the operator sees; here each row is matched to a
worker of the user's region by NIK (or by the PKH pendamping code) and checked.
Any refusal refuses the whole list with one message per row, in Indonesian, so
that a corrected file can be sent again; nothing is half-stored.

Columns (header case and spaces do not matter): ``nik`` or ``kode_pendamping``;
optionally ``nama`` (checked against the worker's), ``hadir`` and ``lulus``
(ya/tidak, recorded only once the session has ended).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from datusoban.identity.names import name_key
from datusoban.layanan.models import PesertaPelatihan, Pilar, SesiPelatihan
from datusoban.layanan.models.network import Status

YES = {"ya", "y", "1", "hadir", "lulus", "true"}
NO = {"tidak", "t", "0", "tidak hadir", "tidak lulus", "false"}


@dataclass(frozen=True)
class RowRefusal:
    baris: int
    pesan: str


class ParticipantsRefusedError(ValueError):
    def __init__(self, refusals: list[RowRefusal]):
        self.refusals = refusals
        super().__init__(f"{len(refusals)} baris ditolak; tidak ada peserta yang disimpan.")


def _flag(value: str | None, column: str, row: int, refusals: list[RowRefusal]) -> bool | None:
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    refusals.append(
        RowRefusal(row, f"Kolom {column} berisi '{value[:30]}'; isi 'ya' atau 'tidak'.")
    )
    return None


def _normalised(row: dict[str, str | None]) -> dict[str, str | None]:
    return {k.strip().lower().replace(" ", "_"): v for k, v in row.items()}


def import_participants(
    sesi: SesiPelatihan,
    rows: list[tuple[int, dict[str, str | None]]],
    workers: QuerySet[Pilar],
    on: date,
) -> int:
    """Enrol the workers of ``rows`` (line number, cells) in ``sesi``; ``workers`` are
    those the user may see. Returns the number stored; raises ParticipantsRefusedError."""
    refusals: list[RowRefusal] = []
    if not rows:
        raise ParticipantsRefusedError([RowRefusal(0, "Berkas tidak berisi baris peserta.")])
    cells = [(n, _normalised(r)) for n, r in rows]
    columns = set(cells[0][1])
    if not columns & {"nik", "kode_pendamping"}:
        raise ParticipantsRefusedError(
            [RowRefusal(0, "Kolom 'NIK' atau 'kode_pendamping' tidak ditemukan di baris judul.")]
        )
    niks = {(r.get("nik") or "").strip() for _, r in cells} - {""}
    codes = {(r.get("kode_pendamping") or "").strip() for _, r in cells} - {""}
    by_nik = {p.nik: p for p in Pilar.objects.filter(nik__in=niks)}
    by_code = {p.kode_pendamping: p for p in Pilar.objects.filter(kode_pendamping__in=codes)}
    found = [p.pk for p in [*by_nik.values(), *by_code.values()]]
    visible = set(workers.filter(pk__in=found).values_list("pk", flat=True))
    enrolled = set(sesi.peserta.values_list("pilar_id", flat=True))
    seen: dict[int, int] = {}
    ended = on >= sesi.selesai
    stored: list[PesertaPelatihan] = []
    for line, r in cells:
        nik, code = (r.get("nik") or "").strip(), (r.get("kode_pendamping") or "").strip()
        pilar = by_nik.get(nik) if nik else by_code.get(code)
        who = f"NIK {nik}" if nik else f"kode pendamping {code}"
        if not nik and not code:
            refusals.append(RowRefusal(line, "NIK dan kode pendamping kosong."))
            continue
        if pilar is None or pilar.pk not in visible:
            refusals.append(
                RowRefusal(line, f"{who} tidak terdaftar sebagai pilar sosial di wilayah Anda.")
            )
            continue
        nama = (r.get("nama") or "").strip()
        if nama and name_key(nama) != name_key(pilar.nama):
            refusals.append(
                RowRefusal(
                    line,
                    f"Nama '{nama[:60]}' tidak sama dengan nama terdaftar untuk {who} "
                    f"({pilar.nama}).",
                )
            )
        if pilar.status != Status.AKTIF:
            refusals.append(RowRefusal(line, f"{pilar.nama} berstatus nonaktif."))
        if pilar.pk in enrolled:
            refusals.append(RowRefusal(line, f"{pilar.nama} sudah terdaftar pada sesi ini."))
        if pilar.pk in seen:
            refusals.append(RowRefusal(line, f"{pilar.nama} sudah ada di baris {seen[pilar.pk]}."))
        seen.setdefault(pilar.pk, line)
        hadir = _flag(r.get("hadir"), "hadir", line, refusals)
        lulus = _flag(r.get("lulus"), "lulus", line, refusals)
        if (hadir is not None or lulus is not None) and not ended:
            refusals.append(
                RowRefusal(line, "Kehadiran dan kelulusan dicatat setelah sesi selesai.")
            )
        if lulus and hadir is False:
            refusals.append(RowRefusal(line, "Peserta yang tidak hadir tidak dapat lulus."))
        stored.append(PesertaPelatihan(sesi=sesi, pilar=pilar, hadir=hadir, lulus=lulus))
    if refusals:
        raise ParticipantsRefusedError(refusals)
    with transaction.atomic():
        PesertaPelatihan.objects.bulk_create(stored)
    return len(stored)
