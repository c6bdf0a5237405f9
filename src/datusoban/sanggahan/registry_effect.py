"""What a proven grievance changes in the registry itself: a person marked deceased or
moved away, with the date it happened — attributed, recorded before and after on the
grievance, audited, in the transaction that records the outcome.

Only the person's status and its date are changed here. They are the registry's own
fields: no link run chooses them again (survivorship's ``FIELDS`` leave them out, and a
refresh writes only those); they change in the registry's one place for it
(``registri.status.set_status``), which moves the headline counts and announces the
change to subscribers. A wrong name, birth date, NIK, mother's name or family
relationship is chosen by survivorship from the source records at every link run: a
value written here would be silently undone by the next one, so such a correction stays
a note (``tindak_lanjut = "koreksi"``) for the operators, who correct the source.
"""

from __future__ import annotations

from datetime import date

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scoped
from datusoban.reference import vocab
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person
from datusoban.registri.status import set_status
from datusoban.sanggahan.models import Sanggahan

_LABELS = dict(vocab.STATUS_PERSON)


def set_person_status(
    user, grievance: Sanggahan, status: str, on: date | None, today: date
) -> dict:
    """Set the status of the grievance's person to ``status`` from ``on``; the change
    (person, before, after) is returned for the grievance to keep."""
    if status not in _LABELS:
        raise RefusedError("status_orang", f"Status orang '{status}' tidak dikenal.")
    if grievance.person_id is None:
        raise RefusedError(
            "perlu_orang", "Perubahan status di registri memerlukan sanggahan tentang satu orang."
        )
    if on is None:
        raise RefusedError("perlu_tanggal", f"Sebutkan tanggal {_LABELS[status].lower()}.")
    if on > today:
        raise RefusedError("tanggal_status", "Tanggal peristiwa sesudah tanggal verifikasi.")
    if not scoped(user, Person.objects.filter(pk=grievance.person_id)).exists():
        raise RefusedError("orang_tidak_ditemukan", "Orang itu tidak ditemukan di registri.")
    person = Person.objects.select_for_update().get(pk=grievance.person_id)
    if person.status == status:
        raise RefusedError(
            "status_sama", f"Orang ini sudah tercatat {_LABELS[status].lower()} di registri."
        )
    if person.status == "meninggal":
        raise RefusedError("sudah_meninggal", "Orang ini tercatat meninggal di registri.")
    if person.tanggal_lahir is not None and on < person.tanggal_lahir:
        raise RefusedError("tanggal_status", "Tanggal peristiwa sebelum tanggal lahir.")
    change = set_status(person, status, on)
    record(None, Aksi.UBAH, "orang", [(str(person.pk), person.nik)],
           rincian={"sanggahan": grievance.pk, **change}, user=user)  # fmt: skip
    return change
