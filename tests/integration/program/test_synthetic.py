"""`synth --load` writes the generator's PKH and BPNT families as enrolments; their stages
come from `program tahap` (the rule file's amounts), then `synth --bayar` pays them."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from datusoban.formatting import angka
from datusoban.program import rules
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan, TahapBayar
from datusoban.synth.config import SynthConfig
from datusoban.synth.population import generate

PEOPLE, SEED, AS_OF = 3_000, 11, date(2025, 6, 30)


@pytest.fixture
def loaded(tmp_path) -> tuple[str, pl.DataFrame]:
    out = io.StringIO()
    call_command("synth", people=PEOPLE, seed=SEED, no_files=True, load=True, stdout=out)
    truth = pl.concat(
        c.households.select("no_kk", "pkh", "bpnt", "pendamping_id")
        for c in generate(SynthConfig(people=PEOPLE, seed=SEED, as_of=AS_OF))
    )
    return out.getvalue(), truth


@pytest.mark.django_db
def test_current_families_are_enrolled_as_the_generator_made_them(loaded):
    output, truth = loaded
    current = Kepesertaan.objects.filter(status="terdaftar", asal="sintetis")
    pkh = dict(current.filter(program_id="PKH").values_list("household__no_kk", "pendamping"))
    expected = {
        kk: str(p) for kk, p in truth.filter(pl.col("pkh")).select("no_kk", "pendamping_id").rows()
    }
    assert pkh == expected
    bpnt = set(current.filter(program_id="BPNT").values_list("household__no_kk", flat=True))
    assert bpnt == set(truth.filter(pl.col("bpnt"))["no_kk"])
    assert not current.filter(Q(mulai__isnull=True) | Q(mulai__gt=AS_OF)).exists()
    assert not current.exclude(kode_kabkota=F("household__kode_kabkota")).exists()
    assert f"{angka(Kepesertaan.objects.count())} kepesertaan PKH/BPNT" in output


@pytest.mark.django_db
def test_former_families_left_with_a_reason_and_every_change_is_in_the_history(loaded):
    former = Kepesertaan.objects.filter(status="keluar")
    assert former.filter(program_id="PKH").exists() and former.filter(program_id="BPNT").exists()
    for program in ("PKH", "BPNT"):
        reasons = set(former.filter(program_id=program).values_list("alasan_keluar", flat=True))
        assert reasons <= set(rules.exit_reasons(program))
    assert not former.filter(Q(selesai__lt=F("mulai")) | Q(selesai__gte=AS_OF)).exists()
    # One family is never a current and a former recipient of the same programme.
    assert not former.filter(
        household__kepesertaan__program=F("program"), household__kepesertaan__status="terdaftar"
    ).exists()
    per = dict(
        Kepesertaan.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    assert RiwayatKepesertaan.objects.count() == per["terdaftar"] + 2 * per["keluar"]
    assert RiwayatKepesertaan.objects.filter(ke="keluar").count() == per["keluar"]


@pytest.mark.django_db
def test_pkh_stages_of_the_year_are_paid_up_to_the_as_of_date(loaded):
    assert not TahapBayar.objects.exists()  # the load writes enrolments only
    out = io.StringIO()
    call_command("program", "tahap", "--tahun", str(AS_OF.year), stdout=out)
    call_command("synth", seed=SEED, as_of=AS_OF, bayar=True, stdout=out)
    stages = TahapBayar.objects.filter(tahun=AS_OF.year)
    assert stages.exists()
    marked = stages.exclude(status="jatuh_tempo").count()
    assert f"{angka(marked)} tahap bayar PKH sintetis" in out.getvalue()
    call_command("synth", seed=SEED, as_of=AS_OF, bayar=True, stdout=out)
    assert stages.exclude(status="jatuh_tempo").count() == marked
    assert "\n0 tahap bayar PKH sintetis" in out.getvalue()
    assert set(stages.values_list("kepesertaan__program_id", flat=True)) == {"PKH"}
    ended, later = stages.filter(tahap__lte=2), stages.filter(tahap__gte=3)
    assert set(ended.values_list("status", flat=True)) <= {"dibayar", "gagal"}
    assert ended.filter(status="dibayar", dicatat_oleh="datusoban synth").exists()
    assert set(later.values_list("status", flat=True)) == {"jatuh_tempo"}
    assert (
        not ended.filter(status="dibayar").exclude(jumlah_dibayar=F("jumlah_jatuh_tempo")).exists()
    )
    assert not stages.filter(jumlah_jatuh_tempo__lte=0).exists()
    # No stage before the family's start or after its exit.
    quarter = {
        t: (date(AS_OF.year, 3 * t - 2, 1), date(AS_OF.year, 3 * t, 28)) for t in range(1, 5)
    }
    for tahap, mulai, selesai in stages.values_list(
        "tahap", "kepesertaan__mulai", "kepesertaan__selesai"
    ):
        start, end = quarter[tahap]
        assert mulai <= end and (selesai is None or selesai >= start)
