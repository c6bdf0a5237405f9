"""Sending to SIKS-NG: the form (a kab/kota and a month: how many verified proposals wait),
the batch made (files, checksums, proposals marked sent), the batch's page and its two
files, each download an export with a stated purpose and one audit row per person."""

from __future__ import annotations

import polars as pl
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scope_of
from datusoban.refusal import RefusedError
from datusoban.usulan import access, sending
from datusoban.usulan.forms import SendForm
from datusoban.usulan.views.proposals import viewer_scope
from datusoban.web.export_form import PurposeForm
from datusoban.web.labels import region_name
from datusoban.web.permissions import viewer_required
from datusoban.web.purpose_export import Export, export_with_purpose

CONTENT = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _sender_scope(request: HttpRequest):
    scope = scope_of(request.user)
    if scope is None or not request.user.has_perm(access.SEND):
        raise PermissionDenied("Peran Anda tidak dapat mengirim usulan ke SIKS-NG.")
    if not (scope.role.ekspor and scope.role.nik_penuh):
        raise PermissionDenied("Peran Anda tidak dapat mengekspor data ini.")
    return scope


@viewer_required
def send_page(request: HttpRequest) -> HttpResponse:
    scope = _sender_scope(request)
    default = {"periode": timezone.localdate().strftime("%Y-%m")}
    form = SendForm(request.POST or request.GET or None, initial=default, wilayah=scope.wilayah)
    purpose = PurposeForm(request.POST if request.method == "POST" else None, kind="usulan")
    count = None
    if form.is_bound and form.is_valid():
        try:
            count = sending.waiting(request.user, form.cleaned_data["kabkota"],
                                    form.cleaned_data["periode"]).count()  # fmt: skip
        except RefusedError as refused:
            form.add_error("periode", refused.pesan)
    if request.method == "POST" and form.is_valid() and purpose.is_valid() and not form.errors:
        try:
            batch = sending.send(
                request.user, form.cleaned_data["kabkota"], form.cleaned_data["periode"],
                purpose.purpose(), request=request,
            )  # fmt: skip
        except RefusedError as refused:
            if refused.status in (403, 404):
                raise
            form.add_error(None, refused.pesan)
        else:
            messages.success(
                request, f"Pengiriman {batch.pk}: {batch.jumlah_usulan} usulan "
                f"({batch.jumlah_orang} orang) ditandai terkirim. Unduh berkasnya di bawah.",
            )  # fmt: skip
            return redirect("web:usulan_pengiriman", pk=batch.pk)
    batches = access.batches_for(request.user).order_by("-dibuat_pada")[:50]
    context = {"form": form, "purpose": purpose, "count": count, "batches": batches,
               "names": {b.pk: region_name(b.kode_kabkota) for b in batches}}  # fmt: skip
    status = 400 if request.method == "POST" and (form.errors or purpose.errors) else 200
    return render(request, "usulan/kirim.html", context, status=status)


def _visible(request: HttpRequest, pk: int):
    batch = access.batches_for(request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404("Pengiriman tidak ditemukan.")
    return batch


@viewer_required
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    viewer_scope(request)
    batch = _visible(request, pk)
    counts = {
        s: batch.usulan.filter(status=s).count()
        for s in ("dikirim", "padan", "tidak_padan", "selesai")
    }
    context = {"b": batch, "kabkota": region_name(batch.kode_kabkota), "counts": counts,
               "may_download": request.user.has_perm(access.SEND)}  # fmt: skip
    record(request, Aksi.BACA, "pengiriman_usulan", [(str(batch.pk), None)])
    return render(request, "usulan/pengiriman.html", context)


def _people_in(batch) -> list[tuple[str, str | None]]:
    """(proposal id, NIK) of every person in the batch's files, read from its CSV."""
    csv = sending.path_of(batch, "csv")
    if not csv.exists():
        return []
    frame = pl.read_csv(csv, infer_schema=False, columns=["id_usulan", "nomor_nik"])
    return [(row[0], (row[1] or "").lstrip("'") or None) for row in frame.iter_rows()]


def _download(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    viewer_scope(request)
    batch = _visible(request, pk)
    _sender_scope(request)
    path = sending.path_of(batch, ext)
    if not path.exists():
        raise Http404("Berkas pengiriman tidak ada lagi.")
    subjects = _people_in(batch)
    export = Export(
        kind="usulan", title=f"Pengiriman usulan {batch.pk} ({ext.upper()})",
        objek="pengiriman_usulan", back=reverse("web:usulan_pengiriman", args=[batch.pk]),
        berkas=ext.upper(),
    )  # fmt: skip

    def build(n: int) -> HttpResponse:
        response = HttpResponse(path.read_bytes(), content_type=CONTENT[ext])
        name = f"usulan-siksng-{batch.kode_kabkota}-{batch.periode}-{batch.pk}.{ext}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    return export_with_purpose(request, export, subjects, build, limit=len(subjects) or 1)


@viewer_required
def batch_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "xlsx")


@viewer_required
def batch_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "csv")
