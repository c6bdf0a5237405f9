"""Musyawarah desa: the list, recording one with the households it proposes (several at
once, all or none), its page with its proposals, and its minutes served within scope."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import scope_of
from datusoban.kasus import files
from datusoban.refusal import RefusedError
from datusoban.usulan import access, deliberation
from datusoban.usulan.forms import DeliberationForm
from datusoban.usulan.views.proposals import audited, shown, viewer_scope
from datusoban.web.permissions import viewer_required


@viewer_required
def deliberation_list(request: HttpRequest) -> HttpResponse:
    viewer_scope(request)
    meetings = access.deliberations_for(request.user).select_related("desa")
    context = {
        "meetings": meetings.order_by("-tanggal", "-pk")[:200],
        "may_add": request.user.has_perm(access.ADD),
    }
    return render(request, "usulan/musdes_daftar.html", context)


@viewer_required
def deliberation_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None or not request.user.has_perm(access.ADD):
        raise PermissionDenied("Peran Anda tidak dapat membuat usulan.")
    form = DeliberationForm(request.POST or None, request.FILES or None, wilayah=scope.wilayah)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting, made = deliberation.record(
                request.user, desa=data["kode_wilayah"], tanggal=data["tanggal"],
                jumlah_peserta=data["jumlah_peserta"], notulen=data["notulen"],
                daftar=data["daftar"], berkas=data["berkas"], request=request,
            )  # fmt: skip
        except deliberation.LineErrorsError as refused:
            errors = refused.errors
            form.add_error(
                None, "Tidak ada yang disimpan: perbaiki baris di bawah lalu kirim lagi."
            )
        except RefusedError as refused:
            if refused.status == 403:
                raise
            form.add_error(refused.field if refused.field in form.fields else None, refused.pesan)
        else:
            messages.success(
                request, f"Musyawarah desa tercatat dengan {len(made)} usulan keluarga."
            )
            return redirect("web:usulan_musdes", pk=meeting.pk)
    status = 400 if form.errors else 200
    return render(
        request, "usulan/musdes_baru.html", {"form": form, "errors": errors}, status=status
    )


def _visible(request: HttpRequest, pk: int):
    meeting = access.deliberations_for(request.user).filter(pk=pk).select_related("desa").first()
    if meeting is None:
        raise Http404("Musyawarah desa tidak ditemukan.")
    return meeting


@viewer_required
def deliberation_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope = viewer_scope(request)
    meeting = _visible(request, pk)
    proposals = list(access.proposals_for(request.user).filter(musyawarah=meeting).order_by("pk"))
    record(request, Aksi.BACA, "usulan", audited(proposals, scope))
    return render(request, "usulan/musdes.html", {"m": meeting, "rows": shown(scope, proposals)})


@viewer_required
def deliberation_minutes(request: HttpRequest, pk: int) -> FileResponse:
    viewer_scope(request)
    meeting = _visible(request, pk)
    if not meeting.berkas_notulen or not files.path_of(meeting.berkas_notulen).exists():
        raise Http404("Berkas notulen tidak ada.")
    record(request, Aksi.BACA, "notulen_musdes", [(str(meeting.pk), None)])
    response = FileResponse(
        files.path_of(meeting.berkas_notulen).open("rb"),
        content_type=files.CONTENT_TYPES[meeting.jenis_berkas],
    )
    response["Content-Disposition"] = (
        f'inline; filename="notulen-{meeting.pk}.{meeting.jenis_berkas}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
