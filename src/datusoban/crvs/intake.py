"""Deaths the civil registry reports, turned into proposals (``UsulanKematian``).

Each death is matched to the registry by NIK: exactly one person with that NIK is a
match. When no person carries it (survivorship chose another NIK value for the golden
record), the source rows that carry it and that linkage resolved to exactly one person
match that person. More than one person, or none, is kept for an officer to read, never
guessed. A death already proposed (same ``nomor_peristiwa``) is not
proposed again, so polling the same period twice is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from datusoban.accounts.audit import Aksi, record
from datusoban.crvs.messages import CatatanSipil
from datusoban.crvs.models import UsulanKematian
from datusoban.registri.models import Person, SourceRecord

Padanan = UsulanKematian.Padanan


@dataclass
class HasilTerima:
    baru: list[UsulanKematian] = field(default_factory=list)
    sudah_ada: int = 0
    bukan_kematian: int = 0


def _match(nik: str) -> tuple[Person | None, str]:
    found = list(Person.objects.filter(nik=nik).values_list("pk", flat=True)[:2])
    how = Padanan.NIK
    if not found:
        linked = SourceRecord.objects.filter(nik=nik, person__isnull=False)
        found = list(linked.values_list("person_id", flat=True).distinct().order_by()[:2])
        how = Padanan.TAUTAN
    if len(found) == 1:
        return Person.objects.get(pk=found[0]), how
    return None, Padanan.GANDA if found else Padanan.TIDAK_ADA


def terima_kematian(records: Iterable[CatatanSipil], *, oleh: str) -> HasilTerima:
    """Propose every death of ``records`` not proposed before, in one transaction, each
    audited under its NIK."""
    result = HasilTerima()
    with transaction.atomic():
        for catatan in records:
            if catatan.tanggal_kematian is None:
                result.bukan_kematian += 1
                continue
            if UsulanKematian.objects.filter(nomor_peristiwa=catatan.nomor_peristiwa).exists():
                result.sudah_ada += 1
                continue
            person, padanan = _match(catatan.nik)
            result.baru.append(
                UsulanKematian.objects.create(
                    nomor_peristiwa=catatan.nomor_peristiwa,
                    nik=catatan.nik,
                    nama=catatan.nama[:200],
                    tanggal_kematian=catatan.tanggal_kematian,
                    bukti=catatan.asli,
                    person=person,
                    padanan=padanan,
                )
            )
        if result.baru:  # under each NIK: the data subject's report finds what we were told
            record(None, Aksi.UBAH, "usulan_kematian", [(str(u.pk), u.nik) for u in result.baru],
                   rincian={"sumber": "crvs", "oleh": oleh})  # fmt: skip
    return result
