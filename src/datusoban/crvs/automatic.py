"""Deaths applied by the system, where the match is certain and the office allows it.

Certain means: the NIK of exactly one person of the registry (not through a linked
source row), that person living, their name the same by the registry's name key
(``identity.name_key``: titles, spellings and case folded), the date of death neither
before their birth nor after today, and no open enrolment of theirs starting after it
(a programme would refuse to end it earlier). Allowed means: the person's kab/kota has
switched automatic application on (``PenerapanOtomatis``, off unless switched on, by an
officer of that kab/kota or of the province on the review page).

Applied exactly as an officer applies one (``crvs.actions``: the person deceased from
the date, their own open enrolments ended with the reason ``meninggal``, the headline
counts moved, the death announced to subscribers, audited under the NIK), set-based, and
recorded as applied by the system (``otomatis``, ``diputuskan_oleh = "sistem"``). Deaths
of one date are applied together in a savepoint: if a programme's rules refuse any part,
those stay waiting for an officer and nothing of them changes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

import polars as pl
from django.db import transaction
from django.utils import timezone

from datusoban import db
from datusoban.accounts.audit import Aksi, record
from datusoban.crvs.models import PenerapanOtomatis, UsulanKematian
from datusoban.identity import name_key
from datusoban.program import rules as programme_rules
from datusoban.program import services as programs
from datusoban.program.models import Kepesertaan
from datusoban.registri.events import DEATH, announce
from datusoban.registri.models import Person
from datusoban.registri.stats import adjust_counts, person_counts

SISTEM = "sistem"
MENINGGAL = "meninggal"
CHUNK = 500


class _RefusedError(Exception):
    """A programme's rules refused ending an enrolment: the group stays waiting."""


def offices_on() -> set[str]:
    """The kab/kota whose certain deaths are applied by the system."""
    return set(PenerapanOtomatis.objects.filter(aktif=True).values_list("kode_kabkota", flat=True))


def is_on(kode_kabkota: str) -> bool:
    return PenerapanOtomatis.objects.filter(kode_kabkota=kode_kabkota, aktif=True).exists()


def switch(kode_kabkota: str, aktif: bool, oleh: str) -> PenerapanOtomatis:
    """Turn automatic application on or off for one kab/kota (the caller checks who)."""
    found, _ = PenerapanOtomatis.objects.update_or_create(
        kode_kabkota=kode_kabkota, defaults={"aktif": aktif, "diubah_oleh": oleh}
    )
    return found


def _certain(
    proposals: Sequence[UsulanKematian], offices: set[str], today: date
) -> list[tuple[UsulanKematian, dict]]:
    candidates = [u for u in proposals if u.padanan == UsulanKematian.Padanan.NIK and u.person_id]
    persons: dict[int, dict] = {}
    late: set[int] = set()  # an open enrolment starting after the death
    died = {u.person_id: u.tanggal_kematian for u in candidates}
    ids = sorted(died)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        rows = Person.objects.filter(pk__in=part, kode_kabkota__in=offices, status="hidup")
        for row in rows.values("pk", "nik", "nama_kunci", "tanggal_lahir", "kode_kabkota"):
            persons[row["pk"]] = row
        enrolments = Kepesertaan.objects.filter(
            person_id__in=part, status__in=programme_rules.OPEN
        ).values_list("person_id", "mulai")
        late.update(p for p, mulai in enrolments if mulai and mulai > died[p])
    # Two deaths of one person in one delivery: neither is certain, an officer reads them.
    twice = {p for p, n in Counter(u.person_id for u in candidates).items() if n > 1}
    certain = []
    for usulan in candidates:
        person = persons.get(usulan.person_id)
        if person is None or usulan.person_id in late or usulan.person_id in twice:
            continue
        same_name = person["nama_kunci"] and name_key(usulan.nama) == person["nama_kunci"]
        born = person["tanggal_lahir"]
        plausible = usulan.tanggal_kematian <= today and (
            born is None or born <= usulan.tanggal_kematian
        )
        if same_name and plausible:
            certain.append((usulan, person))
    return certain


def apply_certain(proposals: Sequence[UsulanKematian], *, today: date | None = None) -> int:
    """Apply those of the new ``proposals`` that are certain where allowed; how many.
    Runs inside the intake's transaction."""
    offices = offices_on()
    if not offices or not proposals:
        return 0
    today = today or timezone.localdate()
    by_date: dict[date, list[tuple[UsulanKematian, dict]]] = defaultdict(list)
    for usulan, person in _certain(proposals, offices, today):
        by_date[usulan.tanggal_kematian].append((usulan, person))
    applied = 0
    for died in sorted(by_date):
        group = by_date[died]
        for start in range(0, len(group), CHUNK):
            try:
                with transaction.atomic():
                    _apply(group[start : start + CHUNK], died)
                applied += len(group[start : start + CHUNK])
            except _RefusedError:
                continue  # left waiting for an officer, unchanged
    return applied


def _apply(group: list[tuple[UsulanKematian, dict]], died: date) -> None:
    ids = [person["pk"] for _, person in group]
    counted = person_counts(ids)
    now = timezone.now()
    changed = Person.objects.filter(pk__in=ids, status="hidup").update(
        status=MENINGGAL, tanggal_status=died, diubah_pada=now
    )
    if changed != len(ids):
        raise _RefusedError
    adjust_counts(counted, person_counts(ids))
    # Told to subscribers as every death is (registri.status.set_status for one person).
    announce(DEATH, ids)
    enrolments: dict[int, list[int]] = defaultdict(list)
    rows = Kepesertaan.objects.filter(person_id__in=ids, status__in=programme_rules.OPEN)
    for pk, person in rows.order_by("pk").values_list("pk", "person_id"):
        enrolments[person].append(pk)
    if enrolments:
        result = programs.change_status_many(
            [pk for pks in enrolments.values() for pk in pks], programme_rules.KELUAR,
            oleh=SISTEM, alasan=MENINGGAL, tanggal=died,
            keterangan="Kematian tercatat di registri sipil (diterapkan otomatis)",
        )  # fmt: skip
        if result.ditolak:
            raise _RefusedError
    before = {"status": "hidup", "tanggal_status": None}
    after = {"status": MENINGGAL, "tanggal_status": died.isoformat()}
    UsulanKematian.objects.filter(pk__in=[u.pk for u, _ in group]).update(
        status=UsulanKematian.Status.DITERAPKAN, otomatis=True, diputuskan_oleh=SISTEM,
        diputuskan_pada=now,
    )  # fmt: skip
    # Each proposal's own record of the change, in one statement (a CASE per row, as
    # bulk_update writes it, took most of the time of a thousand).
    changes = {
        u.pk: {"orang": person["pk"], "sebelum": before, "sesudah": after,
               "kepesertaan_diakhiri": enrolments.get(person["pk"], [])}
        for u, person in group
    }  # fmt: skip
    db.update_frame(
        UsulanKematian._meta.db_table,
        pl.DataFrame({"id": list(changes), "perubahan": [json.dumps(c) for c in changes.values()]},
                     schema={"id": pl.Int64, "perubahan": pl.Utf8}),
    )  # fmt: skip
    for usulan, _ in group:  # the caller's objects say what the table says
        usulan.status, usulan.otomatis = UsulanKematian.Status.DITERAPKAN, True
        usulan.diputuskan_oleh, usulan.diputuskan_pada = SISTEM, now
        usulan.perubahan = changes[usulan.pk]
    record(None, Aksi.UBAH, "orang", [(str(p["pk"]), p["nik"]) for _, p in group],
           rincian={"usulan_kematian": "otomatis", "sebelum": before, "sesudah": after},
           oleh=SISTEM)  # fmt: skip
