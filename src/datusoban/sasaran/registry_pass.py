"""Ranking and eligibility in one pass over the registry: the rows are read once,
households ranked (and the ranking stored), then every programme judged with the
new desil (and its runs stored). What ``datusoban eligible --peringkat`` and the
benchmark run; each phase's seconds are kept for the benchmark's report."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from datusoban.sasaran import fact_columns as fc
from datusoban.sasaran.eligibility import Assessment, assess, referenced_programmes
from datusoban.sasaran.eligibility_services import select, store_runs
from datusoban.sasaran.facts import read_raw
from datusoban.sasaran.model import PMTModel, load_model
from datusoban.sasaran.models import PenilaianKelayakan
from datusoban.sasaran.services import RankSummary, rank_frames, store_ranking


@dataclass
class PassResult:
    ranking: RankSummary
    runs: list[tuple[PenilaianKelayakan, Assessment]]
    people: int
    households: int
    seconds: dict[str, float] = field(default_factory=dict)


def rank_and_judge(
    programs: Iterable[str],
    as_of: date,
    *,
    user: str,
    model: PMTModel | None = None,
    versi: str | None = None,
) -> PassResult:
    """Rank every household under ``model`` (default: newest) and judge ``programs``."""
    model = model or load_model()
    rule_sets = select(programs, versi)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 2)
        clock = now

    raw = read_raw(
        as_of, programmes=referenced_programmes(rule_sets), with_assets=True, with_ranks=False
    )
    lap("baca")
    households = raw.households.rename({"keluarga": "id"}).with_columns(
        kode_kabkota=pl.col("kode_wilayah").str.slice(0, 5)
    )
    members = raw.persons.select(
        household="keluarga", tanggal_lahir="tanggal_lahir", disabilitas="jenis_disabilitas"
    )
    ranked = rank_frames(households, members, model, as_of)
    lap("peringkat")
    ranking = store_ranking(ranked, model)
    lap("simpan_peringkat")
    ranks = ranked.select(
        keluarga="id", desil_pmt="desil", desil_kabkota="desil_kabkota",
        desil_dtsen=pl.col("desil_dtsen").cast(pl.Int64),
    ).with_columns(pl.col("desil_pmt", "desil_kabkota").cast(pl.Int64))  # fmt: skip
    facts = fc.assemble(
        raw.persons, raw.households, raw.ppks, ranks, raw.aid,
        programmes=referenced_programmes(rule_sets), as_of=as_of, versi_peringkat=model.versi,
    )  # fmt: skip
    lap("fakta")
    assessments = {r.program: assess(r, facts) for r in rule_sets}
    lap("kelayakan")
    runs = store_runs(rule_sets, facts, assessments, user=user)
    lap("simpan_kelayakan")
    return PassResult(ranking, runs, facts.orang.height, facts.keluarga.height, seconds)
