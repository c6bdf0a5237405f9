"""Targeting accuracy over the registry: current enrolment against the ranking and the
rules, per programme and kab/kota (``accuracy``), stored as a run per programme.

"Should receive" is the programme's rules as ``datusoban eligible`` judges them,
except the rules about the programme's own previous aid (a house rehabilitated
three years ago is not eligible again, yet its family is rightly a recipient).
"Within the cut-off" is the outcome of the rule that reads the desil. Current
enrolment is an enrolment being received (terdaftar, ditangguhkan); a proposal is
not yet one. Programmes whose rules read no desil (ATENSI, alat bantu) have no
inclusion error by the ranking: it is reported as null.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from datusoban.db.reading import read_frame
from datusoban.program.models import Kepesertaan
from datusoban.program.rules import RECEIVING
from datusoban.sasaran import accuracy
from datusoban.sasaran.eligibility import Assessment, outcome_column
from datusoban.sasaran.eligibility_services import assess_registry, select
from datusoban.sasaran.models import KetepatanSasaran
from datusoban.sasaran.rules.loader import ProgrammeRules, Rule
from datusoban.sasaran.rules.vocabulary import KELUARGA

DESIL = "desil"
_CUT_OFF = re.compile(r"\bdesil\s*<=\s*param\.(\w+)")


def welfare_rule(rules: ProgrammeRules) -> Rule | None:
    """The rule that reads the desil (the programme's welfare cut-off), if any."""
    return next((r for r in rules.rules if any(i.column == DESIL for i in r.compiled.inputs)), None)


def cut_off(rules: ProgrammeRules) -> int | None:
    """The desil cut-off the welfare rule compares with (``desil <= param.X``)."""
    rule = welfare_rule(rules)
    match = _CUT_OFF.search(rule.syarat) if rule is not None else None
    value = rules.params.get(match.group(1)) if match else None
    return value if isinstance(value, int) else None


def _own_aid(rule: Rule, program: str) -> bool:
    return any(d.program == program for d in rule.compiled.derived)


def should_receive(rules: ProgrammeRules) -> pl.Expr:
    """Eligible under every rule except those about the programme's own previous aid."""
    decided = [
        pl.col(outcome_column(r.kode)).fill_null(r.bila_tidak_diketahui == "lulus")
        for r in rules.rules
        if not _own_aid(r, rules.program)
    ]
    return pl.all_horizontal(decided) if decided else pl.lit(True)


def receiving(programs: Iterable[str]) -> pl.DataFrame:
    """Enrolments being received of ``programs``: programme, household, person, kab/kota."""
    wanted = sorted(set(programs))
    schema = {
        "program": pl.String, "household": pl.Int64, "person": pl.Int64, "kabkota": pl.String,
    }  # fmt: skip
    if not wanted:
        return pl.DataFrame(schema=schema)
    table = Kepesertaan._meta.db_table
    sql = f"""
        SELECT program_id, household_id, person_id, kode_kabkota FROM {table}
        WHERE program_id IN ({", ".join(["%s"] * len(wanted))})
          AND status IN ({", ".join(["%s"] * len(RECEIVING))})
    """  # noqa: S608 (identifiers only; values bound)
    return read_frame(sql, [*wanted, *RECEIVING], schema=schema)


def accuracy_units(assessment: Assessment, enrolled: pl.DataFrame) -> pl.DataFrame:
    """Every unit judged, and every enrolled unit (judged or not), as ``accuracy.UNITS_SCHEMA``."""
    rules = assessment.rules
    family = rules.sasaran == KELUARGA
    key = "keluarga" if family else "orang"
    welfare = welfare_rule(rules)
    poor = pl.col(outcome_column(welfare.kode)) if welfare is not None else pl.lit(True)
    judged = assessment.units.select(
        unit=pl.col(key), kode_kabkota="kode_kabkota", miskin=poor, sasaran=should_receive(rules)
    )
    mine = enrolled.filter(pl.col("program") == rules.program)
    # A family programme's enrolments name no person; a personal programme's do.
    mine = mine.filter(pl.col("person").is_null() == family)
    marks = mine.select(
        unit=pl.col("household" if family else "person"), kabkota="kabkota", dipilih=pl.lit(True)
    ).unique("unit")
    # An enrolled unit the rules did not judge (a person no longer living, a family
    # emptied by a merge) still counts as selected, with nothing known about it.
    joined = judged.join(marks, on="unit", how="full", coalesce=True)
    return joined.select(
        kode_kabkota=pl.coalesce("kode_kabkota", "kabkota"),
        dipilih=pl.col("dipilih").fill_null(False),
        miskin="miskin",
        sasaran=pl.col("sasaran").fill_null(False),
    )


@dataclass(frozen=True)
class ProgrammeAccuracy:
    rules: ProgrammeRules
    batas_desil: int | None
    provinsi: dict[str, Any]
    per_kabkota: dict[str, dict[str, Any]]


def _without_inclusion(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "di_atas_batas": None, "desil_tidak_diketahui": None, "galat_inklusi": None}


def measure_accuracy(
    programs: Iterable[str], as_of: date, *, versi: str | None = None
) -> tuple[str | None, list[ProgrammeAccuracy]]:
    """Accuracy of every programme of ``programs`` (codes or "SEMUA"), one registry read."""
    rule_sets = select(programs, versi)
    facts, assessments = assess_registry(rule_sets, as_of)
    enrolled = receiving(r.program for r in rule_sets)
    results = []
    for rules in rule_sets:
        units = accuracy_units(assessments[rules.program], enrolled)
        province, per_kabkota = accuracy.errors(units)
        if welfare_rule(rules) is None:
            province = _without_inclusion(province)
            per_kabkota = {k: _without_inclusion(v) for k, v in per_kabkota.items()}
        results.append(ProgrammeAccuracy(rules, cut_off(rules), province, per_kabkota))
    return facts.versi_peringkat, results


def run_accuracy(
    programs: Iterable[str], as_of: date, *, user: str, versi: str | None = None
) -> list[KetepatanSasaran]:
    """Measure and store one accuracy run per programme, all in one transaction."""
    versi_peringkat, results = measure_accuracy(programs, as_of, versi=versi)
    now = timezone.now()
    with transaction.atomic():
        return [
            KetepatanSasaran.objects.create(
                program_id=r.rules.program,
                versi_aturan=r.rules.versi,
                versi_peringkat=versi_peringkat,
                tanggal_acuan=as_of,
                sasaran=r.rules.sasaran,
                batas_desil=r.batas_desil,
                provinsi=r.provinsi,
                per_kabkota=r.per_kabkota,
                dihitung_pada=now,
                dihitung_oleh=user,
            )
            for r in results
        ]
