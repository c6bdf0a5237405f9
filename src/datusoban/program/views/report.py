"""Program figures on pages: payment stages per year and tahap per kab/kota, overlaps
(double-dipping, duplicates, LKS tumpang tindih) and the key indicators (kemandirian
PPKS, PKH KPM per year and tahap, pendamping caseload against the norm).

Each is counted by ``programs`` over the user's scope (``households_in_scope``:
no filter for the province); kab/kota rows outside the scope are never shown.
Overlaps name enrolments by number; the LKS overlap names people, shown only
when the user may see them, their NIK masked and their reading recorded.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import PROVINCE, scoped
from datusoban.formatting import angka
from datusoban.pekerjaan.jobs import pending
from datusoban.program.benefit import stage_periods
from datusoban.program.indicators import (
    caseload_norm,
    kemandirian,
    kpm_per_tahap,
    kpm_per_year,
    pendamping_caseload,
)
from datusoban.program.models import TahapBayar
from datusoban.program.overlap import overlaps
from datusoban.program.queries import in_scope
from datusoban.program.views.pages import households_in_scope
from datusoban.reference.models import Program
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person
from datusoban.sasaran.views.pages import kabkota_names, scope_or_404
from datusoban.web import charts
from datusoban.web.period import Period, default_year
from datusoban.web.permissions import viewer_required

PAID, FAILED, DUE = (
    TahapBayar.Status.DIBAYAR,
    TahapBayar.Status.GAGAL,
    TahapBayar.Status.JATUH_TEMPO,
)


def _period(request: HttpRequest, stages) -> Period:
    """The year asked for; by default this year, or the latest year with payment stages
    when this year has none yet (web/period.py)."""
    paid = stages.filter(status=PAID).order_by("-tahun", "-tahap")
    latest = paid.values_list("tahun", "tahap").first()
    last = f"pembayaran tahap {latest[1]} tahun {latest[0]}" if latest else None
    years = stages.values_list("tahun", flat=True).distinct()
    return default_year(request.GET.get("tahun"), years, today=date.today(), last=last)


@viewer_required
def stages(request: HttpRequest, program: str) -> HttpResponse:
    """Payment stages of one year: per tahap, and per kab/kota and tahap."""
    scope = scope_or_404(request)
    programme = get_object_or_404(Program, kode=program.upper()[:20])
    households = households_in_scope(request, scope)
    period = _period(request, TahapBayar.objects.filter(kepesertaan__program=programme))
    tahun = period.tahun
    rows = TahapBayar.objects.filter(
        in_scope(households, "kepesertaan__"), tahun=tahun, kepesertaan__program=programme
    )
    per_kabkota = (
        rows.values("kepesertaan__kode_kabkota", "tahap")
        .annotate(
            kpm=Count("kepesertaan_id", distinct=True),
            jatuh_tempo=Count("pk", filter=Q(status=DUE)),
            dibayar=Count("pk", filter=Q(status=PAID)),
            gagal=Count("pk", filter=Q(status=FAILED)),
            jumlah_jatuh_tempo=Sum("jumlah_jatuh_tempo"),
            jumlah_dibayar=Sum("jumlah_dibayar"),
        )
        .order_by("kepesertaan__kode_kabkota", "tahap")
    )
    names = kabkota_names()
    per_tahap = kpm_per_tahap(programme.kode, tahun, households)
    context = {
        "scope": scope, "programme": programme, "tahun": tahun, "period": period,
        "per_tahap": per_tahap,
        "tren_tahap": charts.trend(
            "tren-tahap", f"KPM per tahap {programme.kode} {tahun}",
            [f"Tahap {t['tahap']}" for t in per_tahap], [t["kpm"] for t in per_tahap], angka,
            unit=" KPM",
        ),
        "per_kabkota": [
            {**r, "kode": r["kepesertaan__kode_kabkota"],
             "nama": names.get(r["kepesertaan__kode_kabkota"], r["kepesertaan__kode_kabkota"])}
            for r in per_kabkota
        ],
        "years": sorted(
            set(TahapBayar.objects.filter(kepesertaan__program=programme)
                .values_list("tahun", flat=True).distinct()) | {tahun}, reverse=True,
        ),
    }  # fmt: skip
    context |= _stage_job(scope, programme.kode, tahun)
    return render(request, "program/tahap.html", context)


def _stage_job(scope, program: str, tahun: int) -> dict:
    """The button that creates the year's stages: province users who may change data, for
    a programme paid in stages."""
    try:
        stage_periods(program, tahun)
    except RefusedError:
        return {"may_create": False}
    if not (scope.role.tulis and scope.wilayah == PROVINCE):
        return {"may_create": False}
    params = {"program": program, "tahun": tahun}
    label = f"Buat tahap bayar {program} {tahun}"
    return {"may_create": True, "job": pending("tahap", params), "create_label": label}


def _lks_rows(request: HttpRequest, frame, role) -> list[dict]:
    """The LKS overlap's people the user may see, NIK masked; their reading recorded."""
    ids = frame["person_id"].unique().to_list()
    visible = dict(
        scoped(request.user, Person.objects.filter(pk__in=ids)).values_list("pk", "nama")
    )
    rows = [
        {**r, "nama": visible[r["person_id"]], "nik_tampil": identifier_for(role, r["nik"])}
        for r in frame.iter_rows(named=True)
        if r["person_id"] in visible
    ]
    if rows:
        subjects = list({(f"orang/{r['person_id']}", r["nik"]) for r in rows})
        record(request, Aksi.BACA, "lks_tumpang_tindih", subjects)
    return rows


@viewer_required
def overlap_page(request: HttpRequest) -> HttpResponse:
    """Mutually exclusive programmes held together, one programme twice, LKS overlap."""
    scope = scope_or_404(request)
    households = households_in_scope(request, scope)
    found = overlaps(households)
    own = None if scope.wilayah == PROVINCE else scope.wilayah[:5]
    lks = found.lks if own is None else found.lks.filter(found.lks["kode_kabkota"] == own)
    context = {
        "scope": scope,
        "counts": found.counts(),
        "exclusive": found.exclusive.head(500).to_dicts(),
        "twice": found.twice.head(500).to_dicts(),
        "lks": _lks_rows(request, lks.head(500), scope.role),
    }
    return render(request, "program/tumpang_tindih.html", context)


@viewer_required
def indicators_page(request: HttpRequest) -> HttpResponse:
    """Kemandirian PPKS per kab/kota and year, PKH KPM per year and tahap, caseloads."""
    scope = scope_or_404(request)
    households = households_in_scope(request, scope)
    period = _period(request, TahapBayar.objects.filter(kepesertaan__program_id="PKH"))
    tahun = period.tahun
    names = kabkota_names()
    per_pendamping, per_kabkota = pendamping_caseload(households)
    own = None if scope.wilayah == PROVINCE else scope.wilayah[:5]

    def named(rows: list[dict]) -> list[dict]:
        return [
            {**r, "nama": names.get(r["kode_kabkota"], r["kode_kabkota"])}
            for r in rows
            if own is None or r["kode_kabkota"] == own
        ]

    context = {
        "scope": scope, "tahun": tahun, "period": period, "norma": caseload_norm(),
        "kemandirian": named(kemandirian(households).to_dicts()),
        "kpm_tahun": kpm_per_year("PKH", households).to_dicts(),
        "kpm_tahap": kpm_per_tahap("PKH", tahun, households),
        "beban_kabkota": named(per_kabkota.to_dicts()),
        "beban_tertinggi": per_pendamping.head(20).to_dicts(),
    }  # fmt: skip
    return render(request, "program/indikator.html", context)
