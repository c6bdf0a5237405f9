"""Sasaran (targeting) pages: the stored ranking, eligibility and accuracy runs.

Everything here is an aggregate of a stored run: the province totals, and the
rows of each kab/kota only within the user's scope (a kab/kota user sees their
own row). Runs that take minutes at full scale are not run inside a request:
each page shows the latest stored run, and a province user who may change data
gets the buttons that start the ranking, eligibility and accuracy as background
jobs (``pekerjaan``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.pekerjaan.jobs import Job, pending
from datusoban.reference.models import Program, Region
from datusoban.sasaran.eligibility_services import programme_rules
from datusoban.sasaran.models import KetepatanSasaran, PenilaianKelayakan
from datusoban.sasaran.ranking_summary import ranking_summary
from datusoban.web.permissions import scope_or_404, viewer_required

DESIL = range(1, 11)


def in_scope(rows: dict, scope: Scope) -> dict:
    """The per-kab/kota rows of a stored run the user may see."""
    own = None if scope.wilayah == PROVINCE else scope.wilayah[:5]
    return {k: v for k, v in sorted(rows.items()) if own is None or k == own}


def kabkota_names() -> dict[str, str]:
    return dict(Region.objects.filter(level=Region.Level.KABKOTA).values_list("kode", "nama"))


def programme_names() -> dict[str, str]:
    return dict(Program.objects.values_list("kode", "nama"))


def _desil_bars(row: dict) -> list[dict]:
    """Ten vertical bars (SVG attributes, no inline style): each desil's share of the row."""
    peak = max(row["desil"].values(), default=0) or 1
    bars = []
    for d in DESIL:
        n = row["desil"][str(d)]
        height = round(28 * n / peak, 1)
        bars.append({"desil": d, "n": n, "x": (d - 1) * 10 + 1,
                     "y": f"{30 - height:.1f}", "tinggi": f"{height:.1f}"})  # fmt: skip
    return bars


def _latest(model, program: str):
    return model.objects.filter(program_id=program).order_by("-dihitung_pada", "-pk").first()


@viewer_required
def overview(request: HttpRequest) -> HttpResponse:
    """The ranking's desil per kab/kota with DTSEN disagreement, and each programme's
    latest eligibility and accuracy run in one line."""
    scope = scope_or_404(request)
    names = kabkota_names()
    found = ranking_summary()
    ranking = None
    if found is not None and found["provinsi"]["keluarga"]:
        rows = [
            {"kode": kode, "nama": names.get(kode, kode or "(tanpa wilayah)"), **row,
             "bars": _desil_bars(row)}
            for kode, row in in_scope(found["per_kabkota"], scope).items()
        ]  # fmt: skip
        province = {**found["provinsi"], "bars": _desil_bars(found["provinsi"])}
        ranking = {"versi": found["versi"], "selisih": found["selisih_beda"],
                   "provinsi": province, "rows": rows}  # fmt: skip
    programmes = []
    titles = programme_names()
    for code in sorted(programme_rules()):
        run = _latest(PenilaianKelayakan, code)
        accuracy = _latest(KetepatanSasaran, code)
        programmes.append({"kode": code, "nama": titles.get(code, code), "run": run,
                           "ketepatan": accuracy.provinsi if accuracy else None})  # fmt: skip
    context = {"scope": scope, "ranking": ranking, "programmes": programmes, "desil": DESIL,
               "may_refresh": may_refresh(scope),
               "jobs": running_jobs(scope, "peringkat", "kelayakan", "ketepatan")}  # fmt: skip
    return render(request, "sasaran/ringkasan.html", context)


def may_refresh(scope: Scope) -> bool:
    """Starting a province-wide run: roles that may change data, at province level."""
    return scope.role.tulis and scope.wilayah == PROVINCE


def running_jobs(scope: Scope, *kinds: str) -> dict[str, Job | None]:
    """The province-wide jobs of ``kinds`` waiting or running, for the buttons that start
    them (none asked for a user who may not)."""
    return {k: pending(k, {}) for k in kinds} if may_refresh(scope) else {}


@viewer_required
def eligibility(request: HttpRequest, program: str) -> HttpResponse:
    """The latest stored eligibility run of one programme: per kab/kota in scope, per rule."""
    scope = scope_or_404(request)
    code = program.upper()
    rules = programme_rules().get(code)
    if rules is None:
        raise Http404("Program tanpa aturan kelayakan.")
    run = _latest(PenilaianKelayakan, code)
    names = kabkota_names()
    rows, per_rule = [], []
    if run is not None:
        rows = [{"kode": k, "nama": names.get(k, k or "(tanpa wilayah)"), **v}
                for k, v in in_scope(run.per_kabkota, scope).items()]  # fmt: skip
        described = {r.kode: r for r in rules.rules}
        per_rule = [
            {"kode": k, "uraian": described[k].uraian if k in described else "", **v}
            for k, v in run.per_aturan.items()
        ]
    context = {
        "scope": scope, "program": code, "nama": programme_names().get(code, code), "run": run,
        "rows": rows, "per_rule": per_rule, "rules": rules, "may_refresh": may_refresh(scope),
        "jobs": running_jobs(scope, "kelayakan"),
    }  # fmt: skip
    return render(request, "sasaran/kelayakan.html", context)


@viewer_required
def accuracy(request: HttpRequest) -> HttpResponse:
    """Inclusion and exclusion error of current enrolment, per programme and kab/kota."""
    scope = scope_or_404(request)
    names, titles = kabkota_names(), programme_names()
    runs = []
    for code in sorted(programme_rules()):
        run = _latest(KetepatanSasaran, code)
        if run is None:
            continue
        rows = [{"kode": k, "nama": names.get(k, k or "(tanpa wilayah)"), **v}
                for k, v in in_scope(run.per_kabkota, scope).items()]  # fmt: skip
        runs.append({"kode": code, "nama": titles.get(code, code), "run": run, "rows": rows})
    context = {"scope": scope, "runs": runs, "may_refresh": may_refresh(scope),
               "jobs": running_jobs(scope, "ketepatan")}  # fmt: skip
    return render(request, "sasaran/ketepatan.html", context)
