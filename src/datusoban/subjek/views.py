"""Laporan subjek data (/subjek/): everything held about one NIK and its processing trail
(UU 27/2022: the data subject's right of access), on a page and as XLSX.

The same report and the same rule as the API (``subjek.report``): province admins and
auditors only, every read recorded, a download only with a stated purpose, recorded too.
The NIK travels in the body of a POST, not in the address, so that it stays out of
browser history and access logs.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import scope_of
from datusoban.formatting import tanggal_pendek, waktu
from datusoban.subjek.report import may_read, report_sheets, subject_report
from datusoban.web.export_form import PurposeForm
from datusoban.web.permissions import viewer_required
from datusoban.web.xlsx import xlsx_response

KIND = "subjek"
TITLES = {
    "orang": "Rekaman emas (orang di registri)",
    "rekaman_sumber": "Baris sumber sebagaimana diterima",
    "karantina": "Baris dikarantina",
    "duplikat": "Baris duplikat",
    "ppks": "Riwayat PPKS",
    "jejak_audit": "Jejak audit (siapa memproses data ini)",
    "tidak_ditampilkan": "Tidak ditampilkan untuk peran Anda",
}


class NikForm(forms.Form):
    nik = forms.RegexField(
        label="NIK",
        regex=r"^\d{16}$",
        error_messages={"invalid": "NIK harus 16 angka.", "required": "Isi NIK."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nik"].widget.attrs.update(inputmode="numeric", autocomplete="off")


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return waktu(value) if value.tzinfo else str(value)
    if isinstance(value, date):
        return tanggal_pendek(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _sections(report: dict[str, list[dict]]) -> list[dict]:
    """The report as tables the template can draw: title, columns and rows of text."""
    return [
        {
            "nama": name,
            "judul": TITLES.get(name, name),
            "kolom": list(rows[0]) if rows else [],
            "baris": [[_text(v) for v in r.values()] for r in rows],
        }
        for name, rows in report.items()
    ]


def _allowed(request: HttpRequest) -> Role:
    """The reader's role (what of the report they see), or 403."""
    scope = scope_of(request.user)
    if not may_read(scope):
        raise PermissionDenied("Laporan subjek data hanya untuk admin atau auditor provinsi.")
    return scope.role


@viewer_required
@require_http_methods(["GET", "POST"])
def subject_page(request: HttpRequest) -> HttpResponse:
    """The NIK form (GET); the report of that NIK, its read recorded (POST)."""
    role = _allowed(request)
    form = NikForm(request.POST if request.method == "POST" else None)
    context: dict = {"form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "subjek/subjek.html", context, status=400)
        nik = form.cleaned_data["nik"]
        record(request, Aksi.BACA, "laporan_subjek", [(nik, nik)])
        context |= {
            "nik": nik,
            "sections": _sections(subject_report(nik, role)),
            "purpose": PurposeForm(kind=KIND),
        }
    return render(request, "subjek/subjek.html", context)


@viewer_required
@require_POST
def subject_xlsx(request: HttpRequest) -> HttpResponse:
    """The report of one NIK as XLSX; the purpose is required and recorded."""
    role = _allowed(request)
    form = NikForm(request.POST)
    purpose = PurposeForm(request.POST, kind=KIND)
    if not form.is_valid() or not purpose.is_valid():
        nik = request.POST.get("nik", "")
        context = {"form": form, "purpose": purpose, "purpose_only": True,
                   "nik": nik if re.fullmatch(r"\d{16}", nik) else ""}  # fmt: skip
        return render(request, "subjek/subjek.html", context, status=400)
    nik = form.cleaned_data["nik"]
    response = xlsx_response(report_sheets(subject_report(nik, role)), f"subjek-{nik}.xlsx")
    record(request, Aksi.EKSPOR, "laporan_subjek", [(nik, nik)], tujuan=purpose.purpose())
    return response
