"""The overdue list and SLA compliance on the synthetic registry: reports about people of
the linked synthetic population, filed at seeded times with seeded urgencies, some handled
in time and some late; the list and the per-kab/kota counts match a plain recount, and a
kab/kota operator sees only their own."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from datusoban.kasus import policy, sla
from datusoban.kasus.access import cases_for
from datusoban.kasus.models import LaporanKasus
from datusoban.kasus.services import NewCase, file_report, take_step
from datusoban.registri.models import Person

from .conftest import NOW

pytestmark = pytest.mark.django_db
URGENCIES = [u for u, _ in policy.urgency_choices()]


def test_overdue_and_compliance_on_synthetic_people(linked_ab, user_of):
    admin = user_of("admin_provinsi", "63")
    people = list(
        Person.objects.filter(household__wilayah__level=4)
        .select_related("household")
        .order_by("pk")[:240]
    )
    assert len(people) == 240
    rng = random.Random(7)
    overdue, late_by_kab, on_time, handled = set(), Counter(), 0, 0
    for person in people:
        urgensi = rng.choice(URGENCIES)
        filed = NOW - timedelta(hours=rng.randint(0, 500))
        new = NewCase(kategori=24, desa=person.household.wilayah_id, uraian="Laporan uji",
                      urgensi=urgensi, person_id=person.pk)  # fmt: skip
        case = file_report(admin, new, now=filed)
        limit = filed + policy.sla(urgensi)
        if rng.random() < 0.4:  # handled, within or after its limit, before now
            at = min(filed + timedelta(hours=rng.randint(1, 400)), NOW)
            for step in ("verifikasi", "asesmen", "tangani"):
                take_step(admin, case.pk, step, "ok", now=at)
            handled += 1
            on_time += at <= limit
        elif limit < NOW:
            overdue.add(case.pk)
            late_by_kab[case.kode_kabkota] += 1
    everything = LaporanKasus.objects.all()
    listed = list(sla.overdue_cases(everything, NOW))
    assert {c.pk for c in listed} == overdue and overdue
    assert [c.batas_waktu for c in listed] == sorted(c.batas_waktu for c in listed)
    rows = sla.case_summary(everything, NOW)
    assert {r["kode_kabkota"]: r["terlambat"] for r in rows if r["terlambat"]} == dict(late_by_kab)
    assert sum(r["ditangani"] for r in rows) == handled
    assert sum(r["tepat_waktu"] for r in rows) == on_time
    kab, count = late_by_kab.most_common(1)[0]
    operator = user_of("operator_kabkota", kab)
    mine = list(sla.overdue_cases(cases_for(operator), NOW))
    assert len(mine) == count and {c.kode_kabkota for c in mine} == {kab}
