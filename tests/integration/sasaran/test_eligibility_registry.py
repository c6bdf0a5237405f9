"""Eligibility over a synthetic registry: the bulk run equals the explanation of every
unit read one family at a time; previous aid read from enrolments; the command
stores one run per programme and audits an explanation."""

from __future__ import annotations

import io
import json
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command

from datusoban.accounts.models import AuditEvent
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person
from datusoban.sasaran.eligibility_services import (
    assess_registry,
    explain_unit,
    run_eligibility,
    select,
)
from datusoban.sasaran.models import PenilaianKelayakan
from datusoban.sasaran.services import rank_registry

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)
PROGRAMMES = ["PKH", "BPNT", "PERMAKANAN", "RS_RTLH", "UEP_KUBE", "ATENSI", "ALAT_BANTU"]


def _sample(units: pl.DataFrame, key: str) -> list[int]:
    """Eligible and ineligible units, some of each, in a fixed order."""
    picked = []
    for eligible in (True, False):
        rows = units.filter(pl.col("layak") == eligible).sort(key)
        picked += rows[key].gather_every(max(1, rows.height // 12)).to_list()[:12]
    return picked


@pytest.mark.parametrize("program", PROGRAMMES)
def test_the_bulk_result_equals_each_units_explanation(registry, program):
    (rules,) = select([program])
    _, assessments = assess_registry([rules], AS_OF)
    units = assessments[program].units
    assert units["layak"].any() and not units["layak"].all()
    key = "keluarga" if rules.sasaran == "keluarga" else "orang"
    by_key = {r[key]: r for r in units.iter_rows(named=True)}
    for unit in _sample(units, key):
        explained = explain_unit(program, as_of=AS_OF, **{("household" if key == "keluarga"
                                                            else "person"): unit})  # fmt: skip
        bulk = by_key[unit]
        assert explained["layak"] == bulk["layak"]
        assert explained["manfaat"]["per_tahun"] == bulk["manfaat_per_tahun"]
        for rule in explained["aturan"]:
            assert (rule["hasil"] == "terpenuhi") == (bulk[f"aturan:{rule['kode']}"] is True)
            assert (rule["hasil"] == "tidak diketahui") == (bulk[f"aturan:{rule['kode']}"] is None)


def test_previous_aid_is_read_from_enrolments(registry):
    (rules,) = select(["RS_RTLH"])
    _, assessments = assess_registry([rules], AS_OF)
    eligible = assessments["RS_RTLH"].units.filter(pl.col("layak"))["keluarga"].to_list()
    recent, old = Household.objects.filter(pk__in=eligible[:2]).order_by("pk")
    for household, mulai in ((recent, date(2022, 3, 1)), (old, date(2019, 3, 1))):
        Kepesertaan.objects.create(
            program_id="RS_RTLH", household=household, status="keluar", mulai=mulai,
            selesai=mulai, kode_kabkota=household.kode_kabkota,
        )  # fmt: skip
    _, assessments = assess_registry([rules], AS_OF)
    after = assessments["RS_RTLH"].units.filter(pl.col("keluarga").is_in([recent.pk, old.pk]))
    assert dict(after.select("keluarga", "layak").iter_rows()) == {recent.pk: False, old.pk: True}
    explained = explain_unit("RS_RTLH", as_of=AS_OF, household=recent.pk)
    window = next(r for r in explained["aturan"] if r["kode"] == "tidak_berulang")
    assert window["hasil"] == "tidak terpenuhi"
    assert {v["fakta"]: v["nilai"] for v in window["nilai"]} == {
        "pernah_menerima:RS_RTLH": True,
        "tahun_sejak_menerima:RS_RTLH": 3,
    }
    # A proposal that was never enrolled is no aid received.
    Kepesertaan.objects.filter(household=old).update(status="diusulkan", mulai=None, selesai=None)
    assert explain_unit("RS_RTLH", as_of=AS_OF, household=old.pk)["layak"] is True


def test_a_run_stores_counts_per_kabkota_in_one_transaction(registry):
    runs = run_eligibility(["SEMUA"], AS_OF, user="pytest")
    assert {run.program_id for run, _ in runs} == set(PROGRAMMES)
    assert PenilaianKelayakan.objects.count() == len(PROGRAMMES)
    for run, assessment in runs:
        assert run.layak == int(assessment.units["layak"].sum())
        assert sum(v["layak"] for v in run.per_kabkota.values()) == run.layak
        assert sum(v["dinilai"] for v in run.per_kabkota.values()) == run.dinilai
        if run.manfaat_per_tahun is not None:
            assert run.manfaat_per_tahun == assessment.units["manfaat_per_tahun"].sum()
        total = sum(run.per_aturan[r.kode]["terpenuhi"] for r in assessment.rules.rules[:1])
        assert 0 < total <= run.dinilai
    bpnt = next(run for run, _ in runs if run.program_id == "BPNT")
    assert bpnt.manfaat_per_tahun == bpnt.layak * 200_000 * 12


def test_the_command_refuses_an_unknown_programme_or_rule_version():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Program 'BLT' tidak punya aturan"):
        call_command("eligible", program=["BLT"], stdout=io.StringIO())
    with pytest.raises(CommandError, match="Versi aturan '1999' tidak ada"):
        call_command("eligible", program=["PKH"], versi="1999", stdout=io.StringIO())
    assert not PenilaianKelayakan.objects.exists()


def test_the_command_counts_as_json_and_explains_a_nik_with_an_audit_row(registry):
    out = io.StringIO()
    call_command("eligible", program=["BPNT"], json=True, kabkota="63.71", tanggal=AS_OF,
                 stdout=out)  # fmt: skip
    (result,) = json.loads(out.getvalue())
    assert result["program"] == "BPNT" and set(result["per_kabkota"]) <= {"63.71"}
    person = Person.objects.filter(household__isnull=False, nik__isnull=False).first()
    out = io.StringIO()
    call_command("eligible", program=["PKH"], nik=person.nik, tanggal=AS_OF, stdout=out)
    assert "PKH — keluarga" in out.getvalue() and "Keluarga berada di desil" in out.getvalue()
    trail = AuditEvent.objects.get(objek="kelayakan")
    assert (trail.nik, trail.objek_id) == (person.nik, f"orang/{person.pk}")
    # A personal programme asked about a family: each member explained.
    out = io.StringIO()
    call_command("eligible", program=["ALAT_BANTU"], keluarga=person.household_id,
                 tanggal=AS_OF, stdout=out)  # fmt: skip
    members = Person.objects.filter(household_id=person.household_id, status="hidup").count()
    assert out.getvalue().count("ALAT_BANTU — keluarga") == members


def test_ranking_and_eligibility_in_one_pass_equal_the_two_done_apart(registry):
    from datusoban.sasaran.registry_pass import rank_and_judge

    together = rank_and_judge(["PKH", "PERMAKANAN"], AS_OF, user="pytest")
    assert together.ranking.keluarga == Household.objects.count()
    rank_registry(as_of=AS_OF)
    _, apart = assess_registry(select(["PKH", "PERMAKANAN"]), AS_OF)
    for run, assessment in together.runs:
        key = "keluarga" if run.sasaran == "keluarga" else "orang"
        one = assessment.units.select(key, "layak", "manfaat_per_tahun").sort(key)
        two = apart[run.program_id].units.select(key, "layak", "manfaat_per_tahun").sort(key)
        assert one.equals(two)
    out = io.StringIO()
    call_command("eligible", program=["BPNT"], peringkat=True, tanggal=AS_OF, stdout=out)
    assert "keluarga diberi peringkat" in out.getvalue() and "BPNT (aturan" in out.getvalue()
