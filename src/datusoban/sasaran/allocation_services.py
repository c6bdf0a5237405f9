"""Allocation over the registry: a programme's eligible units ranked by need and chosen
within a budget (``allocation``); the run stored, and the chosen units proposed as
enrolments, in one transaction.

The eligible units come from the eligibility engine (``assess_registry``: the
same rules, facts and benefits as ``datusoban eligible``), their desil from the
facts and their proxy-means score from the newest ranking, their open
enrolments from ``programs``. Policy defaults are data (``data/alokasi.toml``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from datusoban.db.reading import read_frame
from datusoban.formatting import angka
from datusoban.program.models import Kepesertaan
from datusoban.program.rules import OPEN
from datusoban.program.services import propose_many
from datusoban.reference.models import Region
from datusoban.refusal import RefusedError
from datusoban.sasaran import allocation as alloc
from datusoban.sasaran.allocation import Allocation, AllocationError, Quota
from datusoban.sasaran.eligibility import Assessment
from datusoban.sasaran.eligibility_services import (
    UnknownProgrammeError,
    assess_registry,
    select,
)
from datusoban.sasaran.fact_columns import Facts
from datusoban.sasaran.models import AlokasiAnggaran, PeringkatKeluarga
from datusoban.sasaran.proposals import proposal_note
from datusoban.sasaran.quota import parse_quota
from datusoban.sasaran.rules.loader import ProgrammeRules
from datusoban.sasaran.rules.vocabulary import KELUARGA

RUPIAH, JUMLAH = "rupiah", "jumlah"  # what the budget counts
PROVINCE = "63"
# Recipients per proposal call: an IN (...) list every engine binds.
PROPOSAL_SLICE = 10_000


@cache
def policy() -> dict[str, Any]:
    """The allocation policy (``data/alokasi.toml``): peserta, redistribusi, tambahan."""
    text = resources.files("datusoban.sasaran").joinpath("data/alokasi.toml").read_text("utf-8")
    data = tomllib.loads(text)
    if data.get("peserta") not in alloc.POLICIES:
        raise ValueError(f"alokasi.toml: peserta must be one of {alloc.POLICIES}")
    return data


def kabkota_codes() -> set[str]:
    """The 13 kab/kota of Kalimantan Selatan (reference data)."""
    return set(
        Region.objects.filter(level=Region.Level.KABKOTA, kode__startswith=PROVINCE + ".")
        .values_list("kode", flat=True)
    )  # fmt: skip


def read_quota(path: Path, *, redistribusi: bool | None = None) -> Quota:
    """A quota file (TOML or CSV, see ``quota``); redistribution by default as the policy."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AllocationError("kuota_tidak_sah", f"Berkas kuota {path.name}: {error}") from None
    spread = policy()["redistribusi"] if redistribusi is None else redistribusi
    return parse_quota(text, kabkota_codes(), name=path.name, redistribusi=spread)


@dataclass(frozen=True)
class AllocationResult:
    rules: ProgrammeRules
    tanggal_acuan: date
    versi_peringkat: str | None
    wilayah: str
    satuan: str
    units: pl.DataFrame  # the candidates (allocation.UNITS_SCHEMA)
    allocation: Allocation
    banding: list[dict[str, Any]]
    tambahan: dict[str, Any] | None


def _scores(versi: str | None) -> pl.DataFrame:
    schema = {"keluarga": pl.Int64, "skor": pl.Float64}
    if versi is None:
        return pl.DataFrame(schema=schema)
    table = PeringkatKeluarga._meta.db_table
    sql = f"SELECT household_id, skor FROM {table} WHERE versi = %s"  # noqa: S608 (identifier)
    return read_frame(sql, [versi], schema=schema)


def open_enrolments(program: str, family: bool) -> pl.DataFrame:
    """The units holding an open enrolment of ``program`` (``unit``)."""
    table = Kepesertaan._meta.db_table
    column, other = ("household_id", "person_id") if family else ("person_id", "household_id")
    marks = ", ".join(["%s"] * len(OPEN))
    null = f"AND {other} IS NULL" if family else ""
    sql = f"""
        SELECT DISTINCT {column} FROM {table}
        WHERE program_id = %s AND status IN ({marks}) AND {column} IS NOT NULL {null}
    """  # noqa: S608 (identifiers only; values bound)
    return read_frame(sql, [program, *OPEN], schema={"unit": pl.Int64})


def candidates(
    rules: ProgrammeRules,
    facts: Facts,
    assessment: Assessment,
    *,
    satuan: str,
    kabkota: str | None = None,
) -> pl.DataFrame:
    """The eligible units of ``assessment`` as ``allocation.UNITS_SCHEMA``."""
    family = rules.sasaran == KELUARGA
    key = "keluarga" if family else "orang"
    eligible = assessment.units.filter(pl.col("layak"))
    if kabkota is not None:
        eligible = eligible.filter(pl.col("kode_kabkota") == kabkota)
    frame = eligible.select(
        unit=pl.col(key),
        keluarga="keluarga",
        kode_kabkota=pl.col("kode_kabkota").fill_null(""),
        nilai=pl.col("manfaat_per_tahun").cast(pl.Int64),
    )
    frame = frame.join(
        facts.keluarga.select("keluarga", pl.col("desil").cast(pl.Int64), "anggota"),
        on="keluarga",
        how="left",
    ).join(_scores(facts.versi_peringkat), on="keluarga", how="left")
    enrolled = open_enrolments(rules.program, family).with_columns(peserta=pl.lit(True))
    frame = frame.join(enrolled, on="unit", how="left").with_columns(
        peserta=pl.col("peserta").fill_null(False),
        anggota=(pl.col("anggota") if family else pl.lit(1)).fill_null(1).cast(pl.Int64),
        biaya=pl.col("nilai") if satuan == RUPIAH else pl.lit(1, pl.Int64),
    )
    return frame.select(
        [pl.col(c).cast(t) for c, t in alloc.UNITS_SCHEMA.items()]
    )  # fmt: skip


def compute_allocation(
    program: str,
    *,
    as_of: date,
    anggaran: int | None = None,
    jumlah: int | None = None,
    kuota: Quota | None = None,
    banding: Iterable[int] = (),
    peserta: str | None = None,
    tambahan: int | None = None,
    kabkota: str | None = None,
    versi: str | None = None,
) -> AllocationResult:
    """Allocate ``anggaran`` rupiah (or ``jumlah`` units) of ``program`` by need over the
    registry, or over the units of ``kabkota`` only. Nothing is stored."""
    if (anggaran is None) == (jumlah is None):
        raise AllocationError(
            "anggaran_atau_jumlah", "Berikan anggaran (rupiah) atau jumlah penerima, salah satu."
        )
    try:
        (rules,) = select([program], versi)
    except UnknownProgrammeError as error:
        raise AllocationError("program_tidak_dikenal", str(error)) from None
    satuan = RUPIAH if anggaran is not None else JUMLAH
    if satuan == RUPIAH and rules.benefit.rumus == "tanpa_nominal":
        raise AllocationError(
            "tanpa_nominal",
            f"Program {rules.program} tidak memiliki nominal manfaat di katalog "
            f"({(rules.benefit.keterangan or 'tanpa nominal').rstrip('.')}), "
            "sehingga anggaran rupiah tidak dapat dibagi. "
            "Gunakan --jumlah N untuk memilih N penerima menurut kebutuhan.",
        )
    if satuan == JUMLAH and kuota is not None and kuota.jenis == alloc.RUPIAH:
        raise AllocationError(
            "kuota_rupiah_tanpa_anggaran",
            "Kuota rupiah hanya untuk alokasi anggaran rupiah; untuk --jumlah pakai porsi "
            "atau jumlah.",
        )
    budget = anggaran if anggaran is not None else jumlah
    chosen_policy = peserta or policy()["peserta"]
    facts, assessments = assess_registry([rules], as_of)
    units = candidates(rules, facts, assessments[rules.program], satuan=satuan, kabkota=kabkota)
    allocation = alloc.allocate(units, budget, kuota=kuota, peserta=chosen_policy)
    compared = alloc.compare(units, banding, kuota=kuota, peserta=chosen_policy)
    more = None
    if satuan == RUPIAH:
        extra = policy()["tambahan"] if tambahan is None else tambahan
        more = alloc.extra(allocation, units, extra) if extra > 0 else None
    return AllocationResult(
        rules=rules,
        tanggal_acuan=as_of,
        versi_peringkat=facts.versi_peringkat,
        wilayah=kabkota or PROVINCE,
        satuan=satuan,
        units=units,
        allocation=allocation,
        banding=compared,
        tambahan=more,
    )


def _per_kabkota(allocation: Allocation) -> dict[str, dict[str, Any]]:
    return {
        row.pop("kode_kabkota"): row for row in allocation.per_kabkota.iter_rows(named=True)
    }  # fmt: skip


def store_allocation(
    result: AllocationResult, *, user: str, usulkan: bool = False
) -> AlokasiAnggaran:
    """Store the run and, with ``usulkan``, propose its new units as enrolments (status
    diusulkan), all in one transaction: any refused proposal stores nothing."""
    totals = result.allocation.totals()
    rules = result.rules
    with transaction.atomic():
        run = AlokasiAnggaran.objects.create(
            program_id=rules.program,
            wilayah=result.wilayah,
            satuan=result.satuan,
            anggaran=result.allocation.anggaran,
            kuota=result.allocation.quota.as_dict() if result.allocation.quota else None,
            peserta=result.allocation.peserta,
            versi_aturan=rules.versi,
            katalog=rules.katalog,
            versi_peringkat=result.versi_peringkat,
            tanggal_acuan=result.tanggal_acuan,
            sasaran=rules.sasaran,
            layak=totals["layak"],
            sudah_terdaftar=totals["sudah_terdaftar"],
            dipilih=totals["dipilih"],
            dipilih_lanjut=totals["dipilih_lanjut"],
            dipilih_baru=totals["dipilih_baru"],
            tersisih=totals["tersisih"],
            orang=totals["orang"],
            biaya=totals["biaya"],
            manfaat_per_tahun=totals["manfaat_per_tahun"],
            sisa=totals["sisa"],
            berikutnya=result.allocation.berikutnya,
            tambahan=result.tambahan,
            banding=result.banding,
            per_kabkota=_per_kabkota(result.allocation),
            dihitung_pada=timezone.now(),
            dihitung_oleh=user,
        )
        if usulkan:
            run.diusulkan = _propose(result, run, user)
            run.save(update_fields=["diusulkan"])
    return run


def _propose(result: AllocationResult, run: AlokasiAnggaran, user: str) -> int:
    """Propose the chosen units without an open enrolment; refuse all on any refusal."""
    new = (
        result.allocation.units.filter(pl.col("dipilih") & ~pl.col("peserta"))["unit"]
        .sort()
        .to_list()
    )
    family = result.rules.sasaran == KELUARGA
    note = proposal_note(run)
    proposed, refused = 0, []
    for start in range(0, len(new), PROPOSAL_SLICE):
        part = new[start : start + PROPOSAL_SLICE]
        try:
            done = propose_many(
                result.rules.program,
                households=part if family else (),
                persons=() if family else part,
                oleh=user,
                keterangan=note,
            )
        except RefusedError as error:
            # The run's own refusal: raised inside the run's transaction, it undoes the run
            # and its proposals made so far, and its callers answer AllocationError only.
            raise AllocationError(error.kode, error.pesan) from None
        proposed += done.jumlah
        refused += done.ditolak
    if refused:
        shown = "; ".join(message for _, message in refused[:5])
        raise AllocationError(
            "usulan_ditolak",
            f"{angka(len(refused))} usulan ditolak, tidak ada yang disimpan "
            f"(jalankan alokasi lagi): {shown}",
        )
    return proposed


def run_allocation(
    program: str, *, user: str, usulkan: bool = False, **options
) -> tuple[AlokasiAnggaran, AllocationResult]:
    """Compute (``compute_allocation`` options) and store one allocation run."""
    result = compute_allocation(program, **options)
    return store_allocation(result, user=user, usulkan=usulkan), result


def summary(result: AllocationResult, run: AlokasiAnggaran | None = None) -> dict[str, Any]:
    """The allocation as the command and the API report it (one shape, stored or not)."""
    allocation = result.allocation
    return {
        "alokasi": run.pk if run else None,
        "program": result.rules.program,
        "sasaran": result.rules.sasaran,
        "wilayah": result.wilayah,
        "satuan": result.satuan,
        "versi_aturan": result.rules.versi,
        "katalog": result.rules.katalog,
        "versi_peringkat": result.versi_peringkat,
        "tanggal_acuan": result.tanggal_acuan.isoformat(),
        "peserta": allocation.peserta,
        "kuota": allocation.quota.as_dict() if allocation.quota else None,
        **allocation.totals(),
        "berikutnya": allocation.berikutnya,
        "tambahan": result.tambahan,
        "banding": result.banding,
        "per_kabkota": _per_kabkota(allocation),
        "diusulkan": run.diusulkan if run else 0,
        "dihitung_oleh": run.dihitung_oleh if run else None,
        "dihitung_pada": run.dihitung_pada.isoformat() if run else None,
    }
