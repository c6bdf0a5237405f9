"""Recent imports, one batch with its quality report, the report as XLSX, the batch's
quarantined rows as XLSX, and the withdrawal of a batch.

Import metadata is scoped like the rest (ingest.authority): a user sees the batches and
jobs of their own kab/kota's sources and of province-wide ones; another kab/kota's batch
is not found (404). The quality report holds counts only. The quarantined rows are
personal data: they leave only as an export (role with ``ekspor``, a stated purpose, at
most EXPORT_LIMIT rows, one audit row per row), within the user's scope and masked as
their role says (ingest.quarantine).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import scope_of
from datusoban.formatting import angka
from datusoban.impor import quality, quarantine
from datusoban.impor.authority import ImportNotAllowedError, visible_batches
from datusoban.impor.jobs import recent_jobs
from datusoban.impor.quarantine_trend import quarantined_per_month
from datusoban.impor.rules import RULES
from datusoban.impor.views.linking import linking_context
from datusoban.impor.withdrawal import (
    WithdrawalRefusedError,
    check_withdraw,
    may_withdraw,
    withdraw_batch,
)
from datusoban.registri.models import ImportBatch
from datusoban.web import charts
from datusoban.web.export_form import PurposeForm
from datusoban.web.export_notes import export_notes
from datusoban.web.permissions import can_import, refused, viewer_required
from datusoban.web.xlsx import xlsx_response

# Rows per export: a sheet to correct and import again, not a copy of the file. Rows
# corrected and imported again close, so the next export holds the next rows.
EXPORT_LIMIT = 5_000
KIND = "karantina"


def _batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    """The batch, when the user may see its source; else 404, as for a batch not there."""
    return get_object_or_404(
        visible_batches(request.user, ImportBatch.objects.select_related("source")), pk=pk
    )


@viewer_required
def imports(request: HttpRequest) -> HttpResponse:
    """Recent upload jobs and the latest import batches (from the web and the CLI) that the
    user may see."""
    batches = visible_batches(request.user, ImportBatch.objects.select_related("source"))
    counted = quarantined_per_month(batches)
    per_month = [
        {"bulan": charts.month_label(day), "karantina": n, "terbuka": counted.get(day, (0, 0))[1]}
        for day, n in charts.months({d: n for d, (n, _) in counted.items()})
    ]
    context = {
        "per_bulan": per_month,
        "tren_karantina": charts.trend(
            "tren-karantina",
            "Baris karantina per bulan impor",
            [r["bulan"] for r in per_month],
            [r["karantina"] for r in per_month],
            angka,
            unit=" baris",
        ),
        "jobs": recent_jobs(request.user, 20),
        "batches": batches.order_by("-mulai")[:50],
        "can_import": can_import(request.user),
    }
    return render(request, "impor/daftar.html", context)


def _reasons(counted: dict[str, int]) -> list[dict]:
    return [
        {"kode": code, "jumlah": n, "keterangan": RULES[code].message if code in RULES else ""}
        for code, n in counted.items()
    ]


@viewer_required
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's counts and quality report: fields, NIK validity, duplicates, padan, reasons."""
    batch = _batch_or_404(request, pk)
    report = batch.laporan or {}
    scope = scope_of(request.user)
    context = {
        "batch": batch,
        "fields": [{"kolom": name, **v} for name, v in report.get("kolom", {}).items()],
        "nik": report.get("nik", {}),
        "duplicates": report.get("duplikat_dalam_berkas", batch.duplikat),
        "padan": report.get("padan", {}),
        "quarantine_reasons": _reasons(report.get("alasan_karantina", {})),
        "warning_reasons": _reasons(report.get("peringatan", {})),
        "other_columns": report.get("kolom_lain", []),
        "can_import": can_import(request.user, batch.source),
        "may_export": scope is not None and scope.role.ekspor,
        "may_withdraw": may_withdraw(request.user, batch),
    }
    context |= linking_context(batch, context["can_import"])
    return render(request, "impor/batch.html", context)


@viewer_required
def batch_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The quality report as XLSX: counts, fields, reasons; no rows of the file."""
    batch = _batch_or_404(request, pk)
    return xlsx_response(quality.batch_frames(batch), f"mutu-batch-{batch.pk}.xlsx")


def _notes(request, role: Role, batch: ImportBatch, purpose: str, found: int, n: int):
    return export_notes(
        request, role, report=f"Baris karantina batch {batch.pk} ({batch.nama_berkas})",
        purpose=purpose, found=("Baris karantina dalam cakupan", found), exported=n,
        limit=EXPORT_LIMIT, unit="baris",
        rest="perbaiki dan impor ulang baris ini, lalu ekspor lagi untuk sisanya",
        health_withheld="kolom di luar data pokok disembunyikan (peran)",
    )  # fmt: skip


@viewer_required
@require_http_methods(["GET", "POST"])
def quarantine_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Ekspor baris karantina (XLSX): GET shows how many rows the user may export and asks
    the purpose; POST (with the purpose) returns the report with the rows."""
    batch = _batch_or_404(request, pk)
    scope = scope_of(request.user)
    if scope is None or not scope.role.ekspor:
        context = {"batch": batch, "refused": True}
        return render(request, "impor/ekspor_karantina.html", context, status=403)
    rows = quarantine.visible_rows(request.user, batch)
    found = rows.count()
    purpose = PurposeForm(request.POST if request.method == "POST" else None, kind=KIND)
    context = {"batch": batch, "purpose": purpose, "found": found,
               "exported": min(found, EXPORT_LIMIT), "limit": EXPORT_LIMIT}  # fmt: skip
    if request.method == "GET" or not found or not purpose.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "impor/ekspor_karantina.html", context, status=status)
    shown = quarantine.values(rows, EXPORT_LIMIT)
    sheets = quality.batch_frames(batch, quarantine.shown_frame(scope.role, batch, shown))
    sheets["Keterangan"] = _notes(request, scope.role, batch, purpose.purpose(), found, len(shown))
    response = xlsx_response(sheets, f"karantina-batch-{batch.pk}.xlsx")
    record(
        request, Aksi.EKSPOR, "baris_karantina", [(str(r["pk"]), r["nik"]) for r in shown],
        tujuan=purpose.purpose(),
        rincian={"batch": batch.pk, "ditemukan": found, "diekspor": len(shown), "format": "xlsx"},
    )  # fmt: skip
    return response


@viewer_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Tarik batch: its rows removed, all or nothing, for users who may import under its
    source; a reason is required."""
    batch = _batch_or_404(request, pk)
    try:
        check_withdraw(request.user, batch)
    except ImportNotAllowedError as exc:
        return refused(request, str(exc))
    reason = " ".join(request.POST.get("alasan", "").split())[:500]
    if not reason:
        messages.error(request, "Tuliskan alasan penarikan batch.")
        return redirect("web:batch", pk=batch.pk)
    try:
        outcome = withdraw_batch(batch, by=request.user, reason=reason, request=request)
    except WithdrawalRefusedError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, outcome.message())
    return redirect("web:batch", pk=batch.pk)
