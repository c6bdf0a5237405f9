"""Eligibility over the API: the latest run's counts per programme, and one person's or
family's explanation (UU 27/2022 Art. 34).

Counts are aggregates of the stored run (``datusoban eligible``): the province
totals, and per kab/kota only within the caller's scope. An explanation reads
personal data: ``sasaran.disclosed`` finds the person or family through the
one scoping function (404 outside it), hides health values from roles without
``data_kesehatan`` and children's component rows from roles without
``data_anak``, and records one audit row per person shown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from datusoban.accounts.scope import PROVINCE, Scope, required_scope
from datusoban.api.errors import responses
from datusoban.api.schemas import Day, Id
from datusoban.refusal import RefusedError
from datusoban.sasaran.disclosed import OutOfScopeError, disclosed_explanation
from datusoban.sasaran.eligibility_services import UnknownProgrammeError, programme_rules
from datusoban.sasaran.explain import NotAssessedError
from datusoban.sasaran.models import PenilaianKelayakan

router = Router(tags=["kelayakan"])


class EligibilityKabkotaOut(Schema):
    kode_kabkota: str
    dinilai: int
    layak: int
    orang: int
    keluarga: int
    manfaat_per_tahun: int | None


class SummaryOut(Schema):
    program: str
    penilaian: int
    versi_aturan: str
    katalog: str
    versi_peringkat: str | None
    tanggal_acuan: date
    sasaran: str
    provinsi_dinilai: int
    provinsi_layak: int
    provinsi_orang_layak: int
    provinsi_keluarga_layak: int
    provinsi_manfaat_per_tahun: int | None
    per_kabkota: list[EligibilityKabkotaOut]
    per_aturan: dict[str, dict[str, int]]


def _summary(run: PenilaianKelayakan, scope: Scope) -> dict[str, Any]:
    province = scope.wilayah == PROVINCE
    kabkota = scope.wilayah[:5]
    rows = [
        {"kode_kabkota": kode, **values}
        for kode, values in sorted(run.per_kabkota.items())
        if province or kode == kabkota
    ]
    return {
        "program": run.program_id,
        "penilaian": run.pk,
        "versi_aturan": run.versi_aturan,
        "katalog": run.katalog,
        "versi_peringkat": run.versi_peringkat,
        "tanggal_acuan": run.tanggal_acuan,
        "sasaran": run.sasaran,
        "provinsi_dinilai": run.dinilai,
        "provinsi_layak": run.layak,
        "provinsi_orang_layak": run.orang_layak,
        "provinsi_keluarga_layak": run.keluarga_layak,
        "provinsi_manfaat_per_tahun": run.manfaat_per_tahun,
        "per_kabkota": rows,
        "per_aturan": run.per_aturan,
    }


def _latest(program: str) -> PenilaianKelayakan | None:
    return PenilaianKelayakan.objects.filter(program_id=program).order_by("-dihitung_pada").first()


@router.get("/", response=responses({200: list[SummaryOut]}, 403))
def summaries(request: HttpRequest):
    """Hasil penilaian kelayakan terbaru tiap program: total provinsi dan per kab/kota
    dalam cakupan pengguna."""
    scope = required_scope(request.user)
    runs = [_latest(code) for code in sorted(programme_rules())]
    return [_summary(run, scope) for run in runs if run is not None]


@router.get("/{program}", response=responses({200: SummaryOut}, 403, 404, 422))
def summary(request: HttpRequest, program: str):
    """Hasil penilaian kelayakan terbaru satu program (jalankan `datusoban eligible`)."""
    scope = required_scope(request.user)
    code = program.upper()
    if code not in programme_rules():
        raise RefusedError(
            "program_tidak_dikenal", f"Program {program[:40]!r} tidak punya aturan.", 404
        )
    run = _latest(code)
    if run is None:
        raise RefusedError("belum_dinilai", f"Program {code} belum dinilai.", 404)
    return _summary(run, scope)


def _explained(request, program: str, tanggal: date | None, *, person=None, household=None):
    required_scope(request.user)
    try:
        explanation = disclosed_explanation(
            request, program, tanggal or date.today(), person=person, household=household
        )
    except OutOfScopeError as error:
        raise RefusedError("tidak_ditemukan", str(error), 404) from error
    except UnknownProgrammeError as error:
        raise RefusedError("program_tidak_dikenal", str(error), 404) from error
    except NotAssessedError as error:
        raise RefusedError("tidak_dinilai", str(error).capitalize() + ".", 404) from error
    return Status(200, explanation)


@router.get("/{program}/orang/{person_id}", response=responses({200: dict}, 403, 404, 422))
def person_explanation(
    request: HttpRequest, program: str, person_id: Id, tanggal: Day | None = None
):
    """Penjelasan kelayakan satu orang: tiap aturan, hasilnya dan nilai yang dipakai."""
    return _explained(request, program, tanggal, person=person_id)


@router.get("/{program}/keluarga/{household_id}", response=responses({200: dict}, 403, 404, 422))
def family_explanation(
    request: HttpRequest, program: str, household_id: Id, tanggal: Day | None = None
):
    """Penjelasan kelayakan satu keluarga (dan komponen tiap anggota bila ada)."""
    return _explained(request, program, tanggal, household=household_id)
