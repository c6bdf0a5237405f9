"""Giving one person's enrolments to another, when the registry finds them the same person.

A linkage merge deletes the merged-away person; enrolments are protected from
deletion (they are facts about aid given), so they move to the person kept.
Where both held an open enrolment of one programme, the open-enrolment
constraint allows only one: the other leaves the programme as a duplicate
(``ganda``) through ``services.change_status``, so the exit has its history
row, its date and the user who decided the merge.

Which one stays open: the one further along — receiving (terdaftar or
ditangguhkan) before verified before proposed — and among equals the one
received since earlier, then the older row. The receiving enrolment carries the
payment stages and the receipt history that eligibility reads ("previous aid
and its date"); closing it would stop a receipt that goes on under the kept
person, while closing a younger proposal loses nothing but a second queue entry.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from datusoban.program import rules, services
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Person

DUPLICATE = "ganda"
_RANK = {rules.TERDAFTAR: 0, rules.DITANGGUHKAN: 0, rules.DIVERIFIKASI: 1, rules.DIUSULKAN: 2}


def _precedence(enrolment: Kepesertaan) -> tuple:
    """Lower stays open (see the module docstring)."""
    return (_RANK[enrolment.status], enrolment.mulai or date.max, enrolment.pk)


def move_person_enrolments(
    source: int, target: int, *, oleh: str, keterangan: str, keep_target: bool = False
) -> list[int]:
    """Give person ``target`` every enrolment of person ``source``; returns the ids closed
    as duplicates. ``keep_target``: on a clash always close the moved one (an undo that
    must leave the target's own enrolments as its snapshot has them)."""
    with transaction.atomic():
        moving = list(Kepesertaan.objects.select_for_update().filter(person_id=source))
        if not moving:
            return []
        held = {
            e.program_id: e
            for e in Kepesertaan.objects.select_for_update().filter(
                person_id=target, status__in=rules.OPEN
            )
        }
        closed: list[int] = []
        for enrolment in moving:
            other = held.get(enrolment.program_id)
            if enrolment.status not in rules.OPEN or other is None:
                continue
            loser = enrolment
            if not keep_target and _precedence(enrolment) < _precedence(other):
                loser = other
            today = date.today()
            services.change_status(
                loser, rules.KELUAR, oleh=oleh, alasan=DUPLICATE, keterangan=keterangan,
                tanggal=max(today, loser.mulai or today),
            )  # fmt: skip
            closed.append(loser.pk)
        kabkota = (
            Person.objects.filter(pk=target)
            .values_list("household__kode_kabkota", flat=True)
            .first()
        )
        changes: dict = {"person_id": target, "diubah_pada": timezone.now()}
        if kabkota:
            changes["kode_kabkota"] = kabkota
        Kepesertaan.objects.filter(person_id=source).update(**changes)
    return closed
