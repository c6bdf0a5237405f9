"""The case workflow as data/kasus.toml lays it out: every step allowed from its status for
its roles, refused from every other status and for every other role, notes where required,
and each step a row (who, when, note)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from datusoban.accounts.roles import roles
from datusoban.kasus import policy
from datusoban.kasus.models import LangkahKasus, LaporanKasus
from datusoban.kasus.services import take_step
from datusoban.refusal import RefusedError

from .conftest import NOW

pytestmark = pytest.mark.django_db
HAND_STEPS = [t for t in policy.transitions().values() if not t.lewat_rujukan]
STATUSES = [s for s, _ in policy.status_choices()]


def _at(case: LaporanKasus, status: str) -> LaporanKasus:
    LaporanKasus.objects.filter(pk=case.pk).update(status=status)  # set-up only
    return case


def test_filing_writes_the_first_step_and_the_sla_limit(file_case):
    case = file_case(urgensi="darurat")
    assert case.status == "dilaporkan"
    assert case.batas_waktu == NOW + timedelta(hours=24)
    assert case.kode_kabkota == "63.71"
    step = LangkahKasus.objects.get(kasus=case)
    assert (step.aksi, step.dari, step.ke, step.oleh, step.pada) == (
        "lapor",
        "",
        "dilaporkan",
        "pelapor.bjm",
        NOW,
    )


@pytest.mark.parametrize("t", HAND_STEPS, ids=[t.aksi for t in HAND_STEPS])
@pytest.mark.parametrize("peran", list(roles()))
def test_each_step_for_each_role(file_case, user_of, t, peran):
    user = user_of(peran, "63.71")
    case = _at(file_case(user if peran in policy.roles_for("melapor") else None), t.dari)
    later = NOW + timedelta(hours=1)
    if peran in t.peran:
        moved = take_step(user, case.pk, t.aksi, "dicek di lapangan", now=later)
        assert moved.status == t.ke
        last = LangkahKasus.objects.filter(kasus=case).last()
        assert (last.aksi, last.dari, last.ke, last.oleh, last.catatan, last.pada) == (
            t.aksi,
            t.dari,
            t.ke,
            user.username,
            "dicek di lapangan",
            later,
        )
    else:
        with pytest.raises(RefusedError) as refused:
            take_step(user, case.pk, t.aksi, "dicek di lapangan", now=later)
        # A role outside the case's reach does not find it; one that finds it may not act.
        assert refused.value.kode in {"peran_ditolak", "tidak_ditemukan"}
        assert LaporanKasus.objects.get(pk=case.pk).status == t.dari


@pytest.mark.parametrize("t", HAND_STEPS, ids=[t.aksi for t in HAND_STEPS])
def test_each_step_refused_from_every_other_status(file_case, user_of, t):
    admin = user_of("admin_provinsi", "63")
    case = file_case()
    for status in STATUSES:
        if status == t.dari:
            continue
        _at(case, status)
        with pytest.raises(RefusedError) as refused:
            take_step(admin, case.pk, t.aksi, "catatan")
        assert refused.value.kode == "transisi_ditolak"
        assert LaporanKasus.objects.get(pk=case.pk).status == status


def test_referral_steps_are_not_taken_by_hand(file_case, user_of):
    admin = user_of("admin_provinsi", "63")
    case = _at(file_case(), "diasesmen")
    with pytest.raises(RefusedError) as refused:
        take_step(admin, case.pk, "rujuk", "catatan")
    assert refused.value.kode == "lewat_rujukan"


@pytest.mark.parametrize("t", [t for t in HAND_STEPS if t.perlu_catatan], ids=lambda t: t.aksi)
def test_steps_needing_a_note_refuse_without_one(file_case, user_of, t):
    admin = user_of("admin_provinsi", "63")
    case = _at(file_case(), t.dari)
    with pytest.raises(RefusedError) as refused:
        take_step(admin, case.pk, t.aksi, "   ")
    assert refused.value.kode == "perlu_catatan"


def test_a_whole_case_handled_then_closed(file_case, user_of):
    operator = user_of("operator_kabkota", "63.71")
    case = file_case(urgensi="tinggi")
    for i, aksi in enumerate(["verifikasi", "asesmen", "tangani", "tutup"], start=1):
        case = take_step(operator, case.pk, aksi, f"langkah {i}", now=NOW + timedelta(hours=i))
    assert case.status == "ditutup"
    assert case.ditangani_pada == NOW + timedelta(hours=3)  # within the 72 hours
    assert case.ditutup_pada == NOW + timedelta(hours=4)
    assert LangkahKasus.objects.filter(kasus=case).count() == 5
