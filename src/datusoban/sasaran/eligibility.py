"""Judge every person or family for one programme at once: the compiled rules run as
Polars expressions over the facts frames (``facts.py``), one column per rule.

The same function judges one family for an explanation (``explain.py``) over
the facts of that family alone, so the bulk result and the explanation are one
computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from datusoban.sasaran import benefits, components
from datusoban.sasaran.fact_columns import Facts
from datusoban.sasaran.rules.compiler import Derived
from datusoban.sasaran.rules.loader import ProgrammeRules
from datusoban.sasaran.rules.vocabulary import KELUARGA

OUTCOME = "aturan:"


@dataclass(frozen=True)
class Assessment:
    """``units``: one row per person (sasaran orang) or family, with ``keluarga``,
    ``kode_kabkota``, the inputs the rules read, ``aturan:<kode>`` (true, false or
    null = unknown), ``layak`` and the benefit columns. ``members``: for
    programmes with components, one row per person with the component chosen."""

    rules: ProgrammeRules
    units: pl.DataFrame
    members: pl.DataFrame | None


def outcome_column(kode: str) -> str:
    return OUTCOME + kode


def _all_derived(items: Iterable[Derived]) -> list[Derived]:
    found: dict[str, Derived] = {}
    for d in items:
        for inner in _all_derived(d.inner):
            found.setdefault(inner.column, inner)
        found.setdefault(d.column, d)
    return list(found.values())


def referenced_programmes(rule_sets: Iterable[ProgrammeRules]) -> set[str]:
    """Programmes whose previous aid the rules read (to read only those enrolments)."""
    compiled = [
        part.compiled
        for rules in rule_sets
        for part in (*rules.rules, *rules.components)
    ]  # fmt: skip
    return {d.program for d in _all_derived(d for c in compiled for d in c.derived) if d.program}


def _member_columns(derived: list[Derived], persons: pl.DataFrame) -> pl.DataFrame | None:
    """Per family, each member function's value (jumlah_anggota, kepala)."""
    members = [d for d in derived if d.expr is not None]
    if not members:
        return None
    counts = [
        d.expr.fill_null(False).sum().cast(pl.Int64).alias(d.column)
        for d in members
        if d.kind == "jumlah_anggota"
    ]
    heads = [
        d.expr.filter(pl.col("hubungan") == "kepala").first().alias(d.column)
        for d in members
        if d.kind == "kepala"
    ]
    return persons.group_by("keluarga").agg(counts + heads)


def _judge(frame: pl.DataFrame, rules: ProgrammeRules) -> pl.DataFrame:
    outcomes = [r.compiled.expr.alias(outcome_column(r.kode)) for r in rules.rules]
    frame = frame.with_columns(outcomes)
    decided = [
        pl.col(outcome_column(r.kode)).fill_null(r.bila_tidak_diketahui == "lulus")
        for r in rules.rules
    ]
    return frame.with_columns(layak=pl.all_horizontal(decided))


def assess(rules: ProgrammeRules, facts: Facts) -> Assessment:
    """Every unit of ``facts`` judged under ``rules``."""
    derived = _all_derived(d for r in rules.rules for d in r.compiled.derived)
    inputs = sorted({i.column for r in rules.rules for i in r.compiled.inputs})
    members = None
    if rules.sasaran == KELUARGA:
        frame = facts.keluarga
        reads = [c for d in derived for c in d.reads]
        gathered = _member_columns(derived, facts.persons_with(reads))
        if gathered is not None:
            frame = frame.join(gathered, on="keluarga", how="left")
            counted = [d.column for d in derived if d.kind == "jumlah_anggota"]
            frame = frame.with_columns(pl.col(counted).fill_null(0))
        if rules.components:
            reads = [i.column for c in rules.components for i in c.compiled.inputs]
            members = components.assign(rules, facts.persons_with(reads))
            totals = components.family_totals(members)
            frame = frame.join(totals, on="keluarga", how="left").with_columns(
                pl.col("penerima_komponen", "manfaat_per_tahap", "manfaat_per_tahun").fill_null(0)
            )
        keys = ["keluarga", "kode_kabkota"]
    else:
        frame = facts.persons_with([*inputs, "kode_kabkota"])
        keys = ["orang", "keluarga", "kode_kabkota"]
    extra = [c for c in ("manfaat_per_tahap", "manfaat_per_tahun") if c in frame.columns]
    frame = frame.select(keys + [c for c in inputs if c not in keys] + extra)
    frame = _judge(frame, rules)
    return Assessment(rules, benefits.with_benefits(frame, rules), members)
