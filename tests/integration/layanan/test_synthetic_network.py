"""`datusoban synth_layanan` on a synthetic registry: the network, its gaps and who is due."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from datusoban.accounts.roles import ADMIN, role
from datusoban.accounts.scope import Scope
from datusoban.layanan import coverage, training
from datusoban.layanan.models import KlienLembaga, Lembaga, Pilar, Sertifikat, WargaBinaan
from datusoban.program.models import Kepesertaan
from datusoban.reference.models import Region

AS_OF = date(2025, 6, 30)
PROVINCE = Scope(role(ADMIN), "63")


@pytest.fixture
def network():
    call_command("synth", people=6_000, seed=5, no_files=True, load=True, stdout=io.StringIO())
    out = io.StringIO()
    call_command("synth_layanan", seed=5, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_network_is_made_from_the_loaded_population(network):
    codes = set(
        Kepesertaan.objects.filter(program_id="PKH", pendamping__isnull=False).values_list(
            "pendamping", flat=True
        )
    )
    made = Pilar.objects.filter(peran="pendamping_pkh").values_list("kode_pendamping", flat=True)
    assert set(made) == codes
    assert Lembaga.objects.filter(jenis="uptd").count() == 6
    lkks = set(Lembaga.objects.filter(jenis="lkks").values_list("kode_kabkota", flat=True))
    kabkota = set(
        Region.objects.filter(level=2, kode__startswith="63.").values_list("kode", flat=True)
    )
    assert lkks == kabkota - {"63.02", "63.10"}
    # Clients live in their LKS's kab/kota; every resident and client is a registry person.
    assert not KlienLembaga.objects.exclude(
        person__household__kode_kabkota=F("lembaga__kode_kabkota")
    ).exists()
    assert WargaBinaan.objects.count() >= 6 * 3
    assert "Pilar sosial:" in network and "warga binaan UPTD" in network
    with pytest.raises(CommandError, match="sudah dimuat"):
        call_command("synth_layanan", stdout=io.StringIO())


@pytest.mark.django_db
def test_coverage_gaps_are_the_kecamatan_without_an_active_tksk(network):
    with_tksk = set(
        Pilar.objects.filter(peran="tksk", status="aktif").values_list("kode_kecamatan", flat=True)
    )
    kecamatan = set(
        Region.objects.filter(level=3, kode__startswith="63.").values_list("kode", flat=True)
    )
    gaps = coverage.kecamatan_gaps(PROVINCE)
    assert {g.kode for g in gaps} == kecamatan - with_tksk
    assert 2 <= len(gaps) < len(kecamatan) // 10
    rows = {r.kode: r for r in coverage.kabkota_coverage(PROVINCE)}
    assert {r.kode for r in coverage.kabkota_without_lkks(PROVINCE)} == {"63.02", "63.10"}
    assert sum(r.kecamatan_tanpa_tksk for r in rows.values()) == len(gaps)
    assert sum(r.kecamatan for r in rows.values()) == len(kecamatan)
    # A kab/kota user sees their own kab/kota's gaps only.
    kab = gaps[0].kode_kabkota
    own = coverage.kecamatan_gaps(Scope(role("operator_kabkota"), kab))
    assert own and {g.kode_kabkota for g in own} == {kab}
    assert [r.kode for r in coverage.kabkota_coverage(Scope(role("operator_kabkota"), kab))] == [
        kab
    ]


@pytest.mark.django_db
def test_due_for_training_on_the_synthetic_network(network):
    due = training.due_for_training(Pilar.objects.all(), AS_OF)
    due_ids = {d.pilar.pk for d in due}
    obliged = Pilar.objects.filter(
        status="aktif", peran__in=["pendamping_pkh", "tksk", "psm", "tagana"]
    )
    valid_long = set(
        Sertifikat.objects.filter(terbit__lte=AS_OF, berlaku_sampai__gt=date(2025, 9, 28))
        .values_list("pilar_id", flat=True)
    )  # fmt: skip
    assert due_ids == set(obliged.values_list("pk", flat=True)) - valid_long
    # Trained in 2021 (3 years): lapsed, and listed with the date it ended.
    lapsed = [d for d in due if d.berlaku_sampai is not None and d.berlaku_sampai < AS_OF]
    assert lapsed and all(d.alasan.startswith("Sertifikat habis") for d in lapsed)
    assert any(d.berlaku_sampai is None for d in due)
    per_role = dict(obliged.values("peran").annotate(n=Count("pk")).values_list("peran", "n"))
    assert per_role["tksk"] > 100
