"""Allocation and accuracy over a synthetic registry: the command's JSON and the stored
run, the chosen units are the head of the need order, proposals created as diusulkan
enrolments in one transaction (and nothing stored when one is refused), programmes
without an amount, quotas with a short kab/kota, inclusion and exclusion error."""

from __future__ import annotations

import io
import json
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
from datusoban.program.services import propose
from datusoban.registri.models import Household
from datusoban.sasaran.allocation import AllocationError
from datusoban.sasaran.allocation_services import compute_allocation, store_allocation
from datusoban.sasaran.models import AlokasiAnggaran, KetepatanSasaran, PeringkatKeluarga

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)


def allocate(**options) -> dict:
    out = io.StringIO()
    call_command("allocate", json=True, tanggal=AS_OF, user="pytest", stdout=out, **options)
    return json.loads(out.getvalue())


def test_the_command_allocates_the_head_of_the_need_order_and_stores_the_run(registry):
    out = allocate(program="PKH", budget=300_000_000, banding=[100_000_000, 600_000_000])
    run = AlokasiAnggaran.objects.get()
    assert (out["alokasi"], out["dipilih"], out["biaya"]) == (run.pk, run.dipilih, run.biaya)
    assert run.program_id == "PKH" and run.dihitung_oleh == "pytest" and run.satuan == "rupiah"
    assert 0 < out["dipilih"] < out["layak"]
    assert out["dipilih"] + out["tersisih"] == out["layak"]
    assert out["biaya"] + out["sisa"] == 300_000_000
    assert out["berikutnya"]["biaya"] > out["sisa"]  # the next unit did not fit
    assert out["berikutnya"]["kurang"] == out["berikutnya"]["biaya"] - out["sisa"]
    assert sum(r["dipilih"] for r in out["per_kabkota"].values()) == out["dipilih"]
    assert sum(r["biaya"] for r in out["per_kabkota"].values()) == out["biaya"]
    assert [r["anggaran"] for r in out["banding"]] == [100_000_000, 600_000_000]
    assert out["banding"][0]["dipilih"] < out["dipilih"] < out["banding"][1]["dipilih"]
    assert out["tambahan"]["tambahan"] == 1_000_000_000 and out["tambahan"]["dipilih"] > 0
    # Continuing recipients first (policy "lanjut"), then new units by need: the chosen
    # are exactly the first places of the need order.
    result = compute_allocation("PKH", as_of=AS_OF, anggaran=300_000_000)
    ranks = result.allocation.units.filter(pl.col("dipilih"))["urutan"].sort().to_list()
    assert ranks == list(range(1, out["dipilih"] + 1))
    assert result.allocation.totals()["dipilih"] == out["dipilih"]  # deterministic


def test_proposals_are_diusulkan_enrolments_written_with_the_run(registry):
    before = Kepesertaan.objects.filter(program_id="BPNT").count()
    out = allocate(program="BPNT", budget=600_000_000, usulkan=True)
    run = AlokasiAnggaran.objects.get()
    proposed = Kepesertaan.objects.filter(program_id="BPNT", status="diusulkan")
    assert out["diusulkan"] == run.diusulkan == out["dipilih_baru"] == proposed.count() > 0
    assert Kepesertaan.objects.filter(program_id="BPNT").count() == before + run.diusulkan
    history = RiwayatKepesertaan.objects.filter(kepesertaan__in=proposed)
    assert set(history.values_list("keterangan", "oleh", "ke")) == {
        (f"Usulan alokasi anggaran #{run.pk}", "pytest", "diusulkan")
    }
    # Each proposal's kab/kota is its family's.
    for enrolment in proposed.select_related("household")[:20]:
        assert enrolment.kode_kabkota == enrolment.household.kode_kabkota
    # The same allocation again: the proposals are now open enrolments, funded first.
    again = allocate(program="BPNT", budget=600_000_000, usulkan=True)
    assert again["diusulkan"] == 0 and again["dipilih_lanjut"] >= out["dipilih"]


def test_a_refused_proposal_stores_neither_the_run_nor_any_proposal(registry):
    result = compute_allocation("PKH", as_of=AS_OF, anggaran=300_000_000, peserta="kecualikan")
    new = result.allocation.units.filter(pl.col("dipilih"))["unit"].to_list()
    assert len(new) > 1
    proposals = Kepesertaan.objects.filter(program_id="PKH", status="diusulkan")
    before = proposals.count()
    # Someone proposes one of the chosen families between the preview and the run.
    propose("PKH", household=Household.objects.get(pk=new[-1]), oleh="operator lain")
    with pytest.raises(AllocationError) as refused:
        store_allocation(result, user="pytest", usulkan=True)
    assert (
        refused.value.kode == "usulan_ditolak" and "tidak ada yang disimpan" in refused.value.pesan
    )
    assert not AlokasiAnggaran.objects.exists()
    assert proposals.count() == before + 1


def test_programmes_without_an_amount_are_allocated_by_count_not_by_rupiah(registry):
    with pytest.raises(CommandError, match="tidak memiliki nominal"):
        allocate(program="ATENSI", budget=100_000_000, usulkan=True)
    assert not AlokasiAnggaran.objects.exists()
    assert not Kepesertaan.objects.filter(program_id="ATENSI").exists()
    out = allocate(program="ATENSI", jumlah=10, usulkan=True)
    assert (out["satuan"], out["dipilih"], out["manfaat_per_tahun"]) == ("jumlah", 10, None)
    assert out["tambahan"] is None
    enrolled = Kepesertaan.objects.filter(program_id="ATENSI", status="diusulkan")
    assert enrolled.count() == 10 and not enrolled.filter(person__isnull=True).exists()


def test_a_quota_file_with_a_short_kabkota(registry, tmp_path):
    eligible = compute_allocation("RS_RTLH", as_of=AS_OF, jumlah=0).allocation.per_kabkota
    counts = dict(eligible.select("kode_kabkota", "layak").iter_rows())
    short = min(counts, key=counts.get)
    big = max(counts, key=counts.get)
    # The short kab/kota may fund more houses than it has eligible families.
    quota = tmp_path / "kuota.csv"
    quota.write_text(
        f"kode_kabkota,rupiah\n{short},{(counts[short] + 3) * 15_000_000}\n{big},30000000\n"
    )
    budget = (counts[short] + 7) * 15_000_000  # 2 houses' worth given to no kab/kota
    out = allocate(program="RS_RTLH", budget=budget, kuota=quota, redistribusi="tidak")
    rows = out["per_kabkota"]
    assert rows[short]["dipilih"] == counts[short]
    assert rows[short]["kuota_tak_terpakai"] == 3 * 15_000_000
    assert rows[big]["dipilih"] == 2 and rows[big]["kuota_tak_terpakai"] == 0
    assert out["kuota"]["redistribusi"] is False
    spread = allocate(program="RS_RTLH", budget=budget, kuota=quota, redistribusi="ya")
    # The unused quota (3 houses) and the budget no kab/kota was given (2 houses).
    assert spread["dipilih"] == out["dipilih"] + 5
    assert spread["dari_redistribusi"] == 5 and spread["sisa"] == 0
    with pytest.raises(CommandError, match="tidak dikenal"):
        quota.write_text("kode_kabkota,rupiah\n63.99,1000\n")
        allocate(program="RS_RTLH", budget=budget, kuota=quota)


def test_accuracy_of_current_enrolment_per_kabkota(registry):
    out = io.StringIO()
    call_command("ketepatan", program=["PKH"], json=True, tanggal=AS_OF, user="pytest", stdout=out)
    (pkh,) = json.loads(out.getvalue())
    stored = KetepatanSasaran.objects.get()
    assert (stored.program_id, stored.batas_desil, stored.provinsi) == ("PKH", 4, pkh["provinsi"])
    province = pkh["provinsi"]
    # Counted again from the tables: PKH families receiving, and those above desil 4.
    receiving = Kepesertaan.objects.filter(
        program_id="PKH", status__in=["terdaftar", "ditangguhkan"], person__isnull=True
    )
    assert province["terpilih"] == receiving.count() > 0
    ranked = PeringkatKeluarga.objects.filter(household__in=receiving.values("household"))
    assert province["di_atas_batas"] == ranked.filter(desil__gt=4).count() > 0
    assert province["desil_tidak_diketahui"] == receiving.count() - ranked.count()
    assert 0 < province["galat_inklusi"] < 1 and 0 < province["galat_eksklusi"] < 1
    for key in ("terpilih", "di_atas_batas", "sasaran", "sasaran_tidak_terpilih"):
        assert province[key] == sum(row[key] for row in pkh["per_kabkota"].values())
    # The families PKH should reach are those the allocation finds eligible.
    eligible = compute_allocation("PKH", as_of=AS_OF, jumlah=0).allocation.totals()["layak"]
    assert province["sasaran"] == eligible


def test_the_commands_print_tables(registry, tmp_path):
    quota = tmp_path / "kuota.toml"
    quota.write_text('jenis = "porsi"\n[kabkota]\n"63.71" = 0.6\n"63.03" = 0.4\n')
    out = io.StringIO()
    call_command(
        "allocate", program="BPNT", budget=100_000_000, banding=[50_000_000], kuota=quota,
        tanggal=AS_OF, stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    expected_parts = (
        "BPNT — alokasi #", "Berikutnya: keluarga", "Per kab/kota (rupiah)", "Kota Banjarmasin",
        "tak terpakai", "Perbandingan anggaran", "50.000.000", "Rp100.000.000",
    )  # fmt: skip
    for expected in expected_parts:
        assert expected in text, expected
    out = io.StringIO()
    call_command("ketepatan", program=["PKH", "ATENSI"], tanggal=AS_OF, stdout=out)
    text = out.getvalue()
    assert "PKH (desil 1–4" in text and "galat inklusi" in text and "Tanah Laut" in text
    assert "ATENSI (tanpa batas desil" in text
