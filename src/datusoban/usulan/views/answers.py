"""The national answer's page: the upload form, the answers received within scope, and the
outcome or every bad row of a refused file (nothing of it stored)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from datusoban.accounts.scope import scope_of
from datusoban.refusal import RefusedError
from datusoban.usulan import access, answers
from datusoban.usulan.forms import AnswerForm
from datusoban.web.permissions import viewer_required
from datusoban.web.uploads import UploadRefusedError, check_upload, operator_name

SUFFIXES = (".csv", ".xlsx", ".txt")


@viewer_required
def answer_page(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None or not request.user.has_perm(access.SEND):
        raise PermissionDenied("Peran Anda tidak dapat mencatat jawaban nasional.")
    form = AnswerForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["berkas"]
        name = operator_name(upload)
        suffix = Path(name).suffix.lower()
        try:
            if suffix not in SUFFIXES:
                raise RefusedError(
                    "jenis_berkas", f"Berkas {name} bukan CSV atau XLSX.", field="berkas"
                )
            check_upload(upload, settings.UPLOAD_MAX_BYTES)
            folder = Path(settings.HOME) / "tmp"
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, suffix=suffix) as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
                handle.flush()
                outcome = answers.apply(request.user, Path(handle.name), name, request=request)
        except UploadRefusedError as refused:
            form.add_error("berkas", str(refused))
        except answers.AnswerRowsError as refused:
            errors = refused.errors
            form.add_error("berkas", f"Tidak ada yang disimpan: {len(errors)} baris bermasalah.")
        except RefusedError as refused:
            if refused.status == 403:
                raise
            form.add_error("berkas", refused.pesan)
        else:
            messages.success(
                request, f"Jawaban {name} tercatat: {outcome.padan} padan, {outcome.tidak_padan} "
                f"tidak padan; desil diterapkan pada {outcome.desil} keluarga.",
            )  # fmt: skip
            return redirect("web:usulan_jawaban")
    received = access.answers_for(request.user).order_by("-diimpor_pada")[:50]
    status = 400 if form.errors else 200
    context = {"form": form, "errors": errors, "received": received}
    return render(request, "usulan/jawaban.html", context, status=status)
