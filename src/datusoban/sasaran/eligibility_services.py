"""Eligibility over the registry: judge, count, store the run; explain one unit.

Rules are compiled against the programme catalogue as loaded in the database
(``reference.VersiProgram``: the version a rule file names must be loaded).
A run judges every unit set-based and stores only its counts
(``PenilaianKelayakan``), in one transaction with the runs of the other
programmes judged with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from datusoban.reference.models import VersiProgram
from datusoban.registri.models import Person
from datusoban.sasaran.eligibility import (
    Assessment,
    assess,
    outcome_column,
    referenced_programmes,
)
from datusoban.sasaran.explain import explain
from datusoban.sasaran.fact_columns import Facts
from datusoban.sasaran.facts import read_facts
from datusoban.sasaran.models import PenilaianKelayakan
from datusoban.sasaran.rules.loader import ProgrammeRules, load_rules, versions
from datusoban.sasaran.rules.vocabulary import KELUARGA


class UnknownProgrammeError(LookupError):
    """A programme without rules, or a rule-set version that does not exist."""


def _catalogue_key() -> tuple[tuple[str, str, str], ...]:
    return tuple(
        VersiProgram.objects.order_by("versi", "program_id").values_list(
            "versi", "program_id", "sha256"
        )
    )


@lru_cache(maxsize=8)
def _compiled(versi: str | None, key: tuple) -> dict[str, ProgrammeRules]:
    catalogues: dict[str, dict[str, Any]] = {}
    for row in VersiProgram.objects.values("versi", "program_id", "parameter"):
        catalogues.setdefault(row["versi"], {})[row["program_id"]] = row["parameter"]
    return load_rules(catalogues, versi)


def programme_rules(versi: str | None = None) -> dict[str, ProgrammeRules]:
    """Every programme's compiled rules of rule-set ``versi`` (default: newest); compiled
    once per version and catalogue as loaded (its checksums are the cache key)."""
    if versi is not None and versi not in versions():
        raise UnknownProgrammeError(
            f"Versi aturan {versi!r} tidak ada; ada: {', '.join(versions())}"
        )
    return _compiled(versi, _catalogue_key())


def select(programs: Iterable[str], versi: str | None = None) -> list[ProgrammeRules]:
    """The rules of ``programs`` (codes in any case, or "SEMUA" for every programme)."""
    every = programme_rules(versi)
    chosen = []
    for code in programs:
        if code.upper() == "SEMUA":
            return list(every.values())
        if code.upper() not in every:
            raise UnknownProgrammeError(
                f"Program {code!r} tidak punya aturan; ada: {', '.join(sorted(every))}"
            )
        chosen.append(every[code.upper()])
    return chosen


def assess_registry(
    rule_sets: list[ProgrammeRules], as_of: date
) -> tuple[Facts, dict[str, Assessment]]:
    """Read the registry's facts once and judge every programme of ``rule_sets``."""
    facts = read_facts(as_of, programmes=referenced_programmes(rule_sets))
    return facts, {r.program: assess(r, facts) for r in rule_sets}


@dataclass(frozen=True)
class Counts:
    dinilai: int
    layak: int
    orang_layak: int
    keluarga_layak: int
    manfaat_per_tahun: int | None
    per_kabkota: dict[str, dict[str, int | None]]
    per_aturan: dict[str, dict[str, int]]


def count(assessment: Assessment, facts: Facts) -> Counts:
    """The run's figures, set-based: totals, per kab/kota, and per rule outcome."""
    units = assessment.units
    family = assessment.rules.sasaran == KELUARGA
    if family:
        units = units.join(facts.keluarga.select("keluarga", "anggota"), on="keluarga")
    people = pl.col("anggota") if family else pl.lit(1)
    with_amount = assessment.rules.benefit.rumus != "tanpa_nominal"
    eligible = pl.col("layak")
    per_kabkota = (
        units.group_by("kode_kabkota")
        .agg(
            dinilai=pl.len(),
            layak=eligible.sum(),
            orang=people.filter(eligible).sum(),
            keluarga=pl.col("keluarga").filter(eligible).n_unique(),
            manfaat_per_tahun=pl.col("manfaat_per_tahun").filter(eligible).sum(),
        )
        .sort("kode_kabkota")
    )
    table = {
        row.pop("kode_kabkota") or "": {
            **row,
            "manfaat_per_tahun": row["manfaat_per_tahun"] if with_amount else None,
        }
        for row in per_kabkota.iter_rows(named=True)
    }
    per_rule = {}
    for rule in assessment.rules.rules:
        outcome = units[outcome_column(rule.kode)]
        per_rule[rule.kode] = {
            "terpenuhi": int(outcome.sum()),
            "tidak_terpenuhi": int((~outcome).sum()),
            "tidak_diketahui": int(outcome.null_count()),
        }
    total = sum(v["manfaat_per_tahun"] or 0 for v in table.values())
    return Counts(
        dinilai=units.height,
        layak=int(units["layak"].sum()),
        orang_layak=sum(v["orang"] for v in table.values()),
        keluarga_layak=units.filter(eligible)["keluarga"].n_unique(),
        manfaat_per_tahun=total if with_amount else None,
        per_kabkota=table,
        per_aturan=per_rule,
    )


def store_runs(
    rule_sets: list[ProgrammeRules],
    facts: Facts,
    assessments: dict[str, Assessment],
    *,
    user: str,
) -> list[tuple[PenilaianKelayakan, Assessment]]:
    """One stored run per programme, all in one transaction."""
    now = timezone.now()
    runs = []
    with transaction.atomic():
        for rules in rule_sets:
            counts = count(assessments[rules.program], facts)
            run = PenilaianKelayakan.objects.create(
                program_id=rules.program,
                versi_aturan=rules.versi,
                katalog=rules.katalog,
                versi_peringkat=facts.versi_peringkat,
                tanggal_acuan=facts.as_of,
                dihitung_pada=now,
                dihitung_oleh=user,
                sasaran=rules.sasaran,
                **counts.__dict__,
            )
            runs.append((run, assessments[rules.program]))
    return runs


def run_eligibility(
    programs: Iterable[str], as_of: date, *, user: str, versi: str | None = None
) -> list[tuple[PenilaianKelayakan, Assessment]]:
    """Judge ``programs`` (codes, or "SEMUA") over the registry and store one run per
    programme, all in one transaction."""
    rule_sets = select(programs, versi)
    facts, assessments = assess_registry(rule_sets, as_of)
    return store_runs(rule_sets, facts, assessments, user=user)


def explain_unit(
    program: str,
    *,
    as_of: date,
    person: int | None = None,
    household: int | None = None,
    versi: str | None = None,
) -> dict[str, Any]:
    """The explanation for one person or family, reading only that family's facts."""
    (rules,) = select([program], versi)
    if household is None:
        household = Person.objects.filter(pk=person).values_list("household_id", flat=True).first()
    facts = read_facts(as_of, programmes=_aid_programmes(rules), household=household or 0)
    assessment = assess(rules, facts)
    when = {"tanggal_acuan": as_of.isoformat(), "versi_peringkat": facts.versi_peringkat}
    if rules.sasaran != KELUARGA and person is None:
        # A personal programme asked about a family: each member's explanation.
        members = sorted(facts.orang["orang"].to_list())
        return {
            "program": rules.program,
            "sasaran": rules.sasaran,
            "keluarga": household,
            **when,
            "anggota": [explain(assessment, orang=m) | when for m in members],
        }
    return explain(assessment, keluarga=household, orang=person) | when


def _aid_programmes(rules: ProgrammeRules) -> set[str]:
    return referenced_programmes([rules])
