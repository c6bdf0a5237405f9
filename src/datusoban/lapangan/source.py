"""An accepted visit as a source of the registry, the way the civil registry's births are
(``crvs.births``): the source "Kunjungan lapangan", one import batch per accepted visit
(imported by the worker who made it, named with its date), and one source record per
member the visit lists, linked to the person, holding the household's values found and
the member's status found.

The records carry no name, NIK or birth date: in the app a worker confirms the
household's socio-economic values and each member's status and changes no identity field
(the NIK it shows may be masked). Survivorship never lets an empty value win, so a later
link run chooses every golden field as before and keeps the records, linked, with their
person. The household's values are no survivorship field: they are written on the
household itself, and the batch (``KunjunganLapangan.batch``) says where they came from.

A member found dead or moved changes the person's status in the registry's one place for
it (``registri.status.set_status``), from the visit's date: the counts move and the change
is announced. A person the registry already records as dead stays so (a visit does not
undo a death the office recorded), as does one already in the status found.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.utils import timezone

from datusoban.formatting import tanggal_pendek
from datusoban.lapangan.models import KunjunganLapangan
from datusoban.registri.models import Household, ImportBatch, Person, Source, SourceRecord
from datusoban.registri.status import MENINGGAL, set_status

SOURCE = "kunjungan-lapangan"
SOURCE_NAME = "Kunjungan lapangan"
PROFILE = "kunjungan-lapangan"
Status = KunjunganLapangan.Status
# The member statuses found that change the person's status in the registry.
STATUS_CHANGES = (Status.MENINGGAL, Status.PINDAH)


def visit_date(visit: KunjunganLapangan) -> date:
    """The day of the visit by the phone's clock, but never after the server received it
    (a phone's clock can be wrong; the visit cannot have happened after it arrived)."""
    return timezone.localdate(min(visit.dikunjungi_pada, visit.diterima_pada))


def _text(value) -> str:
    """A value as a source row holds it: text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def enter(visit: KunjunganLapangan, household: Household) -> tuple[ImportBatch, list[dict]]:
    """Enter the accepted ``visit`` of ``household`` (both locked by the caller): its batch
    and records, and the members' statuses; returns the batch and the status changes
    (person, before, after) for the audit row. The caller holds the transaction."""
    source, _ = Source.objects.get_or_create(
        kode=SOURCE, defaults={"nama": SOURCE_NAME, "jenis": Source.Jenis.LAPANGAN}
    )
    on = visit_date(visit)
    ids = sorted(int(pk) for pk in visit.anggota)
    # Members merged away or removed since the visit have no record: nobody to link it to.
    members = list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    batch = ImportBatch.objects.create(
        source=source, nama_berkas=f"Kunjungan {visit.pk}, {tanggal_pendek(on)}",
        sha256=hashlib.sha256(f"{SOURCE}:{visit.kunci}".encode()).hexdigest(), profil=PROFILE,
        diimpor_oleh=visit.petugas.get_username(), status=ImportBatch.Status.SELESAI,
        selesai=timezone.now(), jumlah_baris=len(members), diterima=len(members),
    )  # fmt: skip
    found = {field: _text(value) for field, value in visit.sesudah.items()}
    SourceRecord.objects.bulk_create(
        SourceRecord(
            batch=batch, nomor_baris=n, record_id=f"{visit.pk}-{person.pk}",
            data={"kunjungan": str(visit.pk), "tanggal_kunjungan": on.isoformat(),
                  "status_keluarga": visit.status, "status_anggota": visit.anggota[str(person.pk)],
                  **found},
            kode_wilayah=household.wilayah_id, person=person, household=household,
        )
        for n, person in enumerate(members, 1)
    )  # fmt: skip
    changes = []
    for person in members:
        status = visit.anggota[str(person.pk)]
        if status in STATUS_CHANGES and person.status not in (status, MENINGGAL):
            changes.append(set_status(person, status, on))
    return batch, changes
