"""Caseloads against the norm, rebalancing within a kecamatan, and who sees which caseload."""

from __future__ import annotations

import pytest

from datusoban.accounts.roles import role
from datusoban.layanan import caseload
from datusoban.layanan.models import PemindahanKPM
from datusoban.program.models import Kepesertaan
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household

from .conftest import KEC_A, KEC_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def families(desa, make_pilar):
    """P1 serves 270 families and P2 200 in kecamatan A; P3 100 in kecamatan B (norm 250)."""
    for code, kec, n in (("P1", KEC_A, 270), ("P2", KEC_A, 200), ("P3", KEC_B, 100)):
        make_pilar("pendamping_pkh", kec, kode_pendamping=code, nama=f"Pendamping {code}")
        homes = Household.objects.bulk_create(Household(wilayah_id=desa(kec)) for _ in range(n))
        Kepesertaan.objects.bulk_create(
            Kepesertaan(program_id="PKH", household=h, status="terdaftar", kode_kabkota="63.71",
                        pendamping=code)
            for h in homes
        )  # fmt: skip


def test_caseloads_against_the_norm(families, make_user):
    admin = make_user("admin", "admin_provinsi", "63")
    rows = caseload.caseloads(admin)
    assert [(c.pendamping, c.kpm, c.kode_kecamatan, c.di_atas_norma) for c in rows] == [
        ("P1", 270, KEC_A, True), ("P2", 200, KEC_A, False), ("P3", 100, KEC_B, False),
    ]  # fmt: skip
    assert rows[0].rasio == 1.08 and rows[0].nama == "Pendamping P1"


def test_suggestions_move_families_within_their_kecamatan_only(families, make_user):
    admin = make_user("admin", "admin_provinsi", "63")
    assert caseload.suggestions(admin) == [caseload.Suggestion(KEC_A, "P1", "P2", 20)]
    assert caseload.suggestions(admin, kecamatan=KEC_B) == []


def test_applying_needs_a_role_that_may_change_data_and_is_recorded(families, make_user):
    analyst = make_user("analis", "analis_provinsi", "63")
    operator = make_user("operator", "operator_kabkota", "63.71")
    move = caseload.suggestions(operator)[0]
    with pytest.raises(RefusedError, match="tidak boleh mengubah"):
        caseload.apply(move, user=analyst, role=role("analis_provinsi"))
    assert not PemindahanKPM.objects.exists()
    with pytest.raises(RefusedError, match="tidak terdaftar"):
        caseload.apply(
            caseload.Suggestion(KEC_A, "P1", "P9", 5), user=operator, role=role("operator_kabkota")
        )
    with pytest.raises(RefusedError, match="Hanya 270"):
        caseload.apply(
            caseload.Suggestion(KEC_A, "P1", "P2", 300),
            user=operator,
            role=role("operator_kabkota"),
        )
    assert Kepesertaan.objects.filter(pendamping="P1").count() == 270  # nothing half-moved
    assert caseload.apply(move, user=operator, role=role("operator_kabkota")) == 20
    counts = {c.pendamping: c.kpm for c in caseload.caseloads(operator)}
    assert counts == {"P1": 250, "P2": 220, "P3": 100}
    assert PemindahanKPM.objects.filter(dari="P1", ke="P2", oleh="operator").count() == 20
    assert caseload.suggestions(operator) == []


def test_a_field_worker_sees_their_own_caseload_only(families, make_user):
    from datusoban.layanan.models import Pilar

    worker = make_user("pendamping.p2", "pendamping", KEC_A)
    assert caseload.caseloads(worker) == []  # no worker record tied to the login yet
    Pilar.objects.filter(kode_pendamping="P2").update(akun=worker)
    assert [c.pendamping for c in caseload.caseloads(worker)] == ["P2"]
    assert set(caseload.enrolments_for(worker).values_list("pendamping", flat=True)) == {"P2"}
    other_kab = make_user("operator.banjarbaru", "operator_kabkota", "63.72")
    assert caseload.caseloads(other_kab) == []
    kec_b = make_user("operator.kec", "operator_kabkota", KEC_B)
    assert [c.pendamping for c in caseload.caseloads(kec_b)] == ["P3"]
