"""The enrolments a stored allocation proposed, as a user may see them: the units of the
run that the one scoping function lets the user reach (a family's run: its households; a
person's run: its people). One query for the API's list and the printed list."""

from __future__ import annotations

from django.db.models import QuerySet

from datusoban.accounts.scope import scoped
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person
from datusoban.sasaran.models import AlokasiAnggaran


def proposal_note(run: AlokasiAnggaran) -> str:
    """The note the run wrote on the first history row of each enrolment it proposed."""
    return f"Usulan alokasi anggaran #{run.pk}"


def proposals_in_scope(run: AlokasiAnggaran, user) -> QuerySet[Kepesertaan]:
    rows = Kepesertaan.objects.filter(
        program_id=run.program_id,
        riwayat__dari__isnull=True,
        riwayat__keterangan=proposal_note(run),
    )
    if run.sasaran == "keluarga":
        return rows.filter(household__in=scoped(user, Household.objects.all()))
    return rows.filter(person__in=scoped(user, Person.objects.all()))
