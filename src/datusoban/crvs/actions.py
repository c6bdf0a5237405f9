"""An officer's decision on a death the civil registry reported: apply it — the person
marked deceased from the date of death, every open enrolment of that person ended with
the reason ``meninggal`` — or refuse it with a reason. Either in one transaction: when
the registry or a programme's rules refuse any part, nothing is changed.

The person's status is the registry's own field, changed where a proven grievance
changes it too (``registri.status.set_status``: the headline counts moved, the death
announced to subscribers): attributed, before and after kept, audited under the NIK.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, scope_of, scoped
from datusoban.crvs import decision
from datusoban.crvs.models import UsulanKematian
from datusoban.program import rules as programme_rules
from datusoban.program import services as programs
from datusoban.program.models import Kepesertaan
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person
from datusoban.registri.status import MENINGGAL, set_status

Status = UsulanKematian.Status


def _proposal(user, pk: int) -> UsulanKematian:
    """The proposal ``pk`` locked, if its person is in ``user``'s scope. One without a
    person has no region of ours: province-wide users only decide it."""
    found = UsulanKematian.objects.select_for_update().filter(pk=pk).first()
    if found is None or not (
        scoped(user, Person.objects.filter(pk=found.person_id)).exists()
        if found.person_id is not None
        else scope_of(user).wilayah == PROVINCE
    ):
        raise RefusedError("usulan_tidak_ditemukan", "Usulan kematian itu tidak ditemukan.", 404)
    if found.status != Status.MENUNGGU:
        raise RefusedError(
            "sudah_diputuskan", f"Usulan kematian ini sudah {found.get_status_display().lower()}."
        )
    return found


def terapkan(user, pk: int, *, today: date | None = None) -> UsulanKematian:
    """Apply death proposal ``pk`` to the registry."""
    decision.allowed(user, "kematian")
    today = today or timezone.localdate()
    who = user.get_username()
    with transaction.atomic():
        usulan = _proposal(user, pk)
        if usulan.person_id is None:
            unmatched = usulan.padanan in (UsulanKematian.Padanan.GANDA,
                                           UsulanKematian.Padanan.TIDAK_ADA)  # fmt: skip
            raise RefusedError(
                "tanpa_padanan",
                f"Usulan ini tidak menunjuk tepat satu orang di registri "
                f"({usulan.get_padanan_display().lower()}); tautkan dulu catatannya."
                if unmatched
                # A merge moves the proposal to the person kept (penautan.carried): only a
                # person removed otherwise (a withdrawn batch) leaves it without one.
                else "Orang yang dipadankan dengan usulan ini sudah tidak ada di registri; "
                "periksa orang dengan NIK ini.",
            )
        died = usulan.tanggal_kematian
        if died > today:
            raise RefusedError("tanggal_kematian", "Tanggal kematian sesudah hari ini.")
        person = Person.objects.select_for_update().get(pk=usulan.person_id)
        if person.status == MENINGGAL:
            raise RefusedError("sudah_meninggal", "Orang ini sudah tercatat meninggal di registri.")
        if person.tanggal_lahir is not None and died < person.tanggal_lahir:
            raise RefusedError("tanggal_kematian", "Tanggal kematian sebelum tanggal lahir.")
        change = set_status(person, MENINGGAL, died)
        ended = _end_enrolments(person, died, who, usulan)
        usulan.perubahan = {**change, "kepesertaan_diakhiri": ended}
        usulan.status = Status.DITERAPKAN
        usulan.diputuskan_oleh, usulan.diputuskan_pada = who, timezone.now()
        usulan.save()
        record(None, Aksi.UBAH, "orang", [(str(person.pk), person.nik)],
               rincian={"usulan_kematian": usulan.pk, **usulan.perubahan}, user=user)  # fmt: skip
    return usulan


def _end_enrolments(person: Person, died: date, who: str, usulan: UsulanKematian) -> list[int]:
    """End the person's own open enrolments from the date of death. A family's enrolment
    stays: the family goes on, its members are the programme's business."""
    open_ = list(
        Kepesertaan.objects.filter(person=person, status__in=programme_rules.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not open_:
        return []
    result = programs.change_status_many(
        open_, programme_rules.KELUAR, oleh=who, alasan=MENINGGAL, tanggal=died,
        keterangan=f"Kematian tercatat di registri sipil ({usulan.nomor_peristiwa})",
    )  # fmt: skip
    if result.ditolak:
        raise RefusedError(
            "kepesertaan_ditolak",
            "Kepesertaan orang ini tidak dapat diakhiri: "
            + "; ".join(pesan for _, pesan in result.ditolak),
        )
    return open_


def tolak(user, pk: int, alasan: str) -> UsulanKematian:
    """Refuse death proposal ``pk`` (the civil registry's record names someone else, ...)."""
    return decision.refuse(user, "kematian", alasan, lambda: _proposal(user, pk))
