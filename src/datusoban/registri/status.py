"""The one place a person's status in the registry changes (hidup, meninggal, pindah):
a death the civil registry reported (``crvs.actions.terapkan``) and a proven grievance
(``sanggahan.registry_effect``) both come through here.

The status and its date are the registry's own fields (no link run chooses them again);
the headline counts, which count the living, move through ``stats``' door for one known
person, and the change is announced (``events``): a death as a death, any other status
as an update. The caller locks the person, checks what its feature requires, and audits.
"""

from __future__ import annotations

from datetime import date

from datusoban.registri.events import DEATH, UPDATE, announce
from datusoban.registri.models import Person
from datusoban.registri.stats import adjust_counts, person_counts

MENINGGAL = "meninggal"


def state(person: Person) -> dict:
    """The status and its date as a change keeps them (before and after)."""
    on = person.tanggal_status
    return {"status": person.status, "tanggal_status": on.isoformat() if on else None}


def set_status(person: Person, status: str, on: date) -> dict:
    """Set ``person``'s status to ``status`` from ``on``; the change (person, before,
    after) is returned for the caller to keep."""
    before, counted = state(person), person_counts([person.pk])
    person.status, person.tanggal_status = status, on
    person.save(update_fields=["status", "tanggal_status", "diubah_pada"])
    adjust_counts(counted, person_counts([person.pk]))
    announce(DEATH if status == MENINGGAL else UPDATE, [person.pk])
    return {"orang": person.pk, "sebelum": before, "sesudah": state(person)}
