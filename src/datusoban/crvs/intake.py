"""Deaths the civil registry reports, turned into proposals (``UsulanKematian``), whether
polled (``datusoban crvs-kematian``) or notified over HTTP (``/crvs/registry/notify``).

Each death is matched to the registry by NIK: exactly one person with that NIK is a
match. When no person carries it (survivorship chose another NIK value for the golden
record), the source rows that carry it and that linkage resolved to exactly one person
match that person. More than one person, or none, is kept for an officer to read, never
guessed. A death already proposed (same ``nomor_peristiwa``) is not proposed again, so
polling the same period twice, or a notification delivered twice, is harmless.

Set-based: a batch of events costs a few queries per 500 events (what is known already,
who carries each NIK, one insert, one audit statement), not a few per event, so that ten
thousand deaths are read in seconds. A match that is certain is applied at once where
the person's kab/kota has switched that on (``crvs.automatic``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.db import IntegrityError, transaction

from datusoban.accounts.audit import Aksi, record
from datusoban.crvs import automatic
from datusoban.crvs.messages import CatatanSipil
from datusoban.crvs.models import UsulanKematian
from datusoban.registri.models import Person, SourceRecord

Padanan = UsulanKematian.Padanan
# Values per IN (...) list: well under SQLite's and PostgreSQL's limits.
CHUNK = 500
T = TypeVar("T")


@dataclass
class HasilTerima:
    baru: list[UsulanKematian] = field(default_factory=list)
    sudah_ada: int = 0
    bukan_kematian: int = 0
    otomatis: int = 0  # of ``baru``, applied by the system


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def known(model, numbers: Sequence[str]) -> set[str]:
    """Which of the events ``numbers`` ``model`` (a proposal) holds already."""
    found: set[str] = set()
    for part in chunks(numbers):
        found.update(
            model.objects.filter(nomor_peristiwa__in=part).values_list("nomor_peristiwa", flat=True)
        )
    return found


def persons_by_nik(niks: Iterable[str]) -> dict[str, set[int]]:
    """The persons of the registry carrying each NIK."""
    found: dict[str, set[int]] = defaultdict(set)
    for part in chunks(sorted(set(niks))):
        for nik, pk in Person.objects.filter(nik__in=part).values_list("nik", "pk"):
            found[nik].add(pk)
    return found


def match(niks: Iterable[str]) -> dict[str, tuple[int | None, str]]:
    """Per NIK: the one person it points to (or None) and how it was matched."""
    niks = sorted(set(niks))
    direct = persons_by_nik(niks)
    linked: dict[str, set[int]] = defaultdict(set)
    for part in chunks([n for n in niks if n not in direct]):
        rows = SourceRecord.objects.filter(nik__in=part, person__isnull=False)
        for nik, pk in rows.values_list("nik", "person_id").distinct().order_by():
            linked[nik].add(pk)
    result: dict[str, tuple[int | None, str]] = {}
    for nik in niks:
        found, how = (direct[nik], Padanan.NIK) if nik in direct else (linked[nik], Padanan.TAUTAN)
        if len(found) == 1:
            result[nik] = (next(iter(found)), how)
        else:
            result[nik] = (None, Padanan.GANDA if found else Padanan.TIDAK_ADA)
    return result


def terima_kematian(
    records: Iterable[CatatanSipil], *, oleh: str, today: date | None = None
) -> HasilTerima:
    """Propose every death of ``records`` not proposed before, in one transaction, each
    audited under its NIK; apply the certain ones where their kab/kota allows it."""
    records = list(records)
    try:
        return _receive(records, oleh, today)
    except IntegrityError:
        # The same event delivered twice at once: the other delivery proposed it first.
        # Once more, it is known now.
        return _receive(records, oleh, today)


def _receive(records: list[CatatanSipil], oleh: str, today: date | None) -> HasilTerima:
    result = HasilTerima()
    fresh: dict[str, CatatanSipil] = {}
    for catatan in records:
        if catatan.tanggal_kematian is None:
            result.bukan_kematian += 1
        elif catatan.nomor_peristiwa in fresh:
            result.sudah_ada += 1
        else:
            fresh[catatan.nomor_peristiwa] = catatan
    with transaction.atomic():
        already = known(UsulanKematian, list(fresh))
        result.sudah_ada += len(already)
        new = [c for number, c in fresh.items() if number not in already]
        matches = match(c.nik for c in new)
        result.baru = UsulanKematian.objects.bulk_create(
            [
                UsulanKematian(
                    nomor_peristiwa=c.nomor_peristiwa,
                    nik=c.nik,
                    nama=c.nama[:200],
                    tanggal_kematian=c.tanggal_kematian,
                    bukti=c.asli,
                    person_id=matches[c.nik][0],
                    padanan=matches[c.nik][1],
                )
                for c in new
            ],
            batch_size=CHUNK,
        )
        if result.baru:  # under each NIK: the data subject's report finds what we were told
            record(None, Aksi.UBAH, "usulan_kematian", [(str(u.pk), u.nik) for u in result.baru],
                   rincian={"sumber": "crvs", "oleh": oleh}, oleh=oleh)  # fmt: skip
            result.otomatis = automatic.apply_certain(result.baru, today=today)
    return result
