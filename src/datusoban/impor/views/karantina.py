"""Quarantined rows corrected on screen: a batch's open rows, one row's form, its dismissal.

For users who may import under the batch's source (impor.correction.check_correct);
another kab/kota's batch is not found (404), a role or region that may not correct gets
the refusal (403). Rows are named by their id, never by a NIK; shown within the user's
scope and masked as their role says, each read audited with its purpose (correction).
Works without JavaScript: each step posts and comes back to a page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.impor import correction, quarantine
from datusoban.impor.forms import CorrectionForm, DismissForm
from datusoban.impor.models import QuarantinedRow
from datusoban.impor.rules import RULES
from datusoban.impor.views.batch import _batch_or_404
from datusoban.registri.models import ImportBatch
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import attempt, refusals_shown_on

PAGE_SIZE = 25


def _row_or_404(request: HttpRequest, batch: ImportBatch, row_pk: int) -> QuarantinedRow:
    """The row, open or closed, when it is the batch's and within the user's scope."""
    row = quarantine.scoped_rows(request.user, batch).filter(pk=row_pk).first()
    if row is None:
        raise Http404("Baris karantina tidak ditemukan.")
    return row


def _counts(request: HttpRequest, batch: ImportBatch) -> dict[str, int]:
    counted = quarantine.scoped_rows(request.user, batch).values("status").annotate(n=Count("pk"))
    by_status = {c["status"]: c["n"] for c in counted}
    return {s.value: by_status.get(s.value, 0) for s in QuarantinedRow.Status}


@viewer_required
def rows_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Perbaiki karantina: the batch's open quarantined rows in the user's scope, a page at
    a time, with their reasons and a link to correct each."""
    batch = _batch_or_404(request, pk)
    refusals_shown_on(request, "web:batch", pk=batch.pk)
    scope = correction.check_correct(request.user, batch)
    rows = quarantine.visible_rows(request.user, batch).order_by("nomor_baris")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    on_page = list(page)
    shown = correction.shown_rows(scope.role, batch, on_page)
    if shown:
        record(
            request, Aksi.BACA, correction.OBJEK, [(str(r.pk), r.nik) for r in on_page],
            tujuan=correction.TUJUAN, rincian={"batch": batch.pk, "halaman": page.number},
        )  # fmt: skip
    context = {"batch": batch, "page": page, "rows": shown, "counts": _counts(request, batch)}
    return render(request, "impor/karantina.html", context)


def _form_page(request, batch, row, form, dismiss, fields, status=200) -> HttpResponse:
    reasons = correction.reasons_by_header(row.alasan, fields)
    context = {
        "batch": batch,
        "row": row,
        "form": form,
        "dismiss": dismiss,
        "entries": [(form[f.name], reasons.get(f.header, [])) for f in fields],
        "general": reasons.get("", []),
        "warnings": [RULES[c].message for c in row.peringatan or [] if c in RULES],
    }
    return render(request, "impor/karantina_baris.html", context, status=status)


@viewer_required
@require_http_methods(["GET", "POST"])
def row_page(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """One quarantined row: its values as a form, the reasons next to the values they are
    about; posted, it is checked by the import's rules and accepted, or kept with its new
    reasons."""
    batch = _batch_or_404(request, pk)
    refusals_shown_on(request, "web:batch", pk=batch.pk)
    scope = correction.check_correct(request.user, batch)
    row = _row_or_404(request, batch, row_pk)
    if row.status != QuarantinedRow.Status.TERBUKA:
        messages.info(request, f"Baris {row.nomor_baris} sudah {row.get_status_display().lower()}.")
        return redirect("web:batch_karantina", pk=batch.pk)
    fields = correction.editable(scope.role, batch, row)
    token = correction.version(row)
    dismiss = DismissForm(initial={"versi": token})
    if request.method == "GET":
        form = CorrectionForm(
            initial={"versi": token}, fields=fields, formulas=correction.has_formulas(row)
        )
        record(
            request, Aksi.BACA, correction.OBJEK, [(str(row.pk), row.nik)],
            tujuan=correction.TUJUAN, rincian={"batch": batch.pk, "baris": row.nomor_baris},
        )  # fmt: skip
        return _form_page(request, batch, row, form, dismiss, fields)
    form = CorrectionForm(request.POST, fields=fields, formulas=correction.has_formulas(row))
    outcome = None
    if form.is_valid():
        outcome = attempt(
            form, correction.correct, batch, row.pk, form.values(),
            token=form.cleaned_data["versi"], user=request.user, request=request,
            formulas_checked=form.formulas_checked(),
        )  # fmt: skip
    if outcome is None:
        return _form_page(request, batch, row, form, dismiss, fields, status=400)
    if outcome.accepted:
        messages.success(request, outcome.message(row))
        return redirect("web:batch_karantina", pk=batch.pk)
    messages.error(request, outcome.message(row))
    return redirect("web:batch_karantina_baris", pk=batch.pk, row_pk=row.pk)


@viewer_required
@require_POST
def dismiss_row(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """Tolak: close a row that cannot be fixed, with the reason (required)."""
    batch = _batch_or_404(request, pk)
    refusals_shown_on(request, "web:batch", pk=batch.pk)
    correction.check_correct(request.user, batch)
    row = _row_or_404(request, batch, row_pk)
    refusals_shown_on(request, "web:batch_karantina_baris", pk=batch.pk, row_pk=row.pk)
    closed = correction.dismiss(
        batch, row.pk, request.POST.get("alasan", ""), token=request.POST.get("versi", ""),
        user=request.user, request=request,
    )  # fmt: skip
    messages.success(request, f"Baris {closed.nomor_baris} ditolak: {closed.alasan_tolak}")
    return redirect("web:batch_karantina", pk=batch.pk)
