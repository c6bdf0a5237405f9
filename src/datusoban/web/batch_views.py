"""Recent imports, one batch with its quality report, and the report as XLSX."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from datusoban.ingest import quality
from datusoban.ingest.jobs import recent_jobs
from datusoban.ingest.rules import RULES
from datusoban.registry.models import ImportBatch
from datusoban.web.permissions import can_import, viewer_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@viewer_required
def imports(request: HttpRequest) -> HttpResponse:
    """Recent upload jobs and the latest import batches (from the web and the CLI)."""
    batches = ImportBatch.objects.select_related("source").order_by("-mulai")[:50]
    return render(
        request,
        "web/impor/daftar.html",
        {"jobs": recent_jobs(20), "batches": batches, "can_import": can_import(request.user)},
    )


def _reasons(counted: dict[str, int]) -> list[dict]:
    return [
        {"kode": code, "jumlah": n, "keterangan": RULES[code].message if code in RULES else ""}
        for code, n in counted.items()
    ]


@viewer_required
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's counts and quality report: fields, NIK validity, duplicates, padan, reasons."""
    batch = get_object_or_404(ImportBatch.objects.select_related("source"), pk=pk)
    report = batch.laporan or {}
    context = {
        "batch": batch,
        "fields": [{"kolom": name, **v} for name, v in report.get("kolom", {}).items()],
        "nik": report.get("nik", {}),
        "duplicates": report.get("duplikat_dalam_berkas", batch.duplikat),
        "padan": report.get("padan", {}),
        "quarantine_reasons": _reasons(report.get("alasan_karantina", {})),
        "warning_reasons": _reasons(report.get("peringatan", {})),
        "other_columns": report.get("kolom_lain", []),
        "can_import": can_import(request.user),
    }
    return render(request, "web/impor/batch.html", context)


@viewer_required
def batch_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The quality report with the quarantined rows (sheet Karantina), formulas neutralised."""
    batch = get_object_or_404(ImportBatch.objects.select_related("source"), pk=pk)
    with tempfile.TemporaryDirectory(prefix="datusoban-xlsx-") as folder:
        path = quality.write_xlsx(quality.batch_frames(batch), Path(folder) / "laporan.xlsx")
        content = path.read_bytes()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mutu-batch-{batch.pk}.xlsx"'
    return response
