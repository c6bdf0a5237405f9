"""Laporan: the reports a user may get, and the kab/kota summary as XLSX and as PDF.

The kab/kota summary is aggregates only and follows the dashboard's scope; a kab/kota
outside it is "not found" (404), as a record outside it is on the person pages.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone

from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.laporan.views import summaries as reports
from datusoban.laporan.views.pdf import kabkota_pdf
from datusoban.registri.views.search_export import EXPORT_LIMIT
from datusoban.subjek.report import may_read
from datusoban.web.permissions import viewer_required
from datusoban.web.xlsx import xlsx_response


def _produced() -> tuple[str, str]:
    """Now, as the reports print it (WITA), and as a file name stamp."""
    now = timezone.localtime()
    return formats.date_format(now, "DATETIME_FORMAT") + " WITA", now.strftime("%Y%m%d-%H%M")


def _by(request: HttpRequest) -> str:
    return request.user.get_full_name() or request.user.get_username()


@viewer_required
def reports_page(request: HttpRequest) -> HttpResponse:
    """Laporan: the kab/kota summaries in scope, and the exports the role allows."""
    scope = scope_of(request.user)
    context = {
        "scope": scope,
        "rows": reports.rows_in_scope(scope),
        "province_wide": scope is not None and scope.wilayah == PROVINCE,
        "can_export": scope is not None and scope.role.ekspor,
        "can_read_subject": may_read(scope),
        "export_limit": EXPORT_LIMIT,
    }
    return render(request, "laporan/daftar.html", context)


@viewer_required
def summary_xlsx(request: HttpRequest) -> HttpResponse:
    """Every kab/kota in scope: the table, then a sheet per detail (XLSX)."""
    scope = scope_of(request.user)
    summary = reports.summaries(scope)
    if not summary:
        raise Http404("Tidak ada kabupaten/kota dalam cakupan Anda.")
    produced, stamp = _produced()
    sheets = reports.summary_sheets(
        summary, province_wide=scope.wilayah == PROVINCE, produced=produced, by=_by(request)
    )
    return xlsx_response(sheets, f"ringkasan-kabkota-{stamp}.xlsx")


@viewer_required
def summary_pdf(request: HttpRequest, kode: str) -> HttpResponse:
    """One kab/kota on one page (PDF); 404 outside the user's scope."""
    found = reports.summaries(scope_of(request.user), kode)
    if not found:
        raise Http404("Kabupaten/kota tidak ditemukan dalam cakupan Anda.")
    produced, stamp = _produced()
    content = kabkota_pdf(found[0], produced=produced, by=_by(request))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ringkasan-{kode}-{stamp}.pdf"'
    return response
