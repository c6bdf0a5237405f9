"""Upload a file and follow its import: the upload page, the job page and its progress fragment."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from datusoban.impor.authority import ImportNotAllowedError, check_import, source_region
from datusoban.impor.forms import UploadForm
from datusoban.impor.jobs import Job, enqueue_import, get_job
from datusoban.web.permissions import can_import, importer_required, refused, viewer_required
from datusoban.web.uploads import operator_name, store_upload

STAGES = {"baca": "Membaca berkas", "simpan": "Memeriksa dan menyimpan baris"}
# A job queued this long without a worker taking it gets a hint about the worker.
WAITING_HINT_AFTER = timedelta(seconds=15)


@importer_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload page: file, profile, source label; a valid file is queued as a job."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                check_import(request.user, form.origin)
            except ImportNotAllowedError as exc:
                return refused(request, str(exc))
            job_id = _queue(request, form)
            if job_id is not None:
                return redirect("web:proses", job_id=job_id)
    else:
        # A corrected file goes back with the profile and source of the batch it corrects.
        wanted = {k: request.GET[k] for k in ("profil", "sumber") if k in request.GET}
        form = UploadForm(initial=wanted)
    return render(
        request,
        "impor/unggah.html",
        {"form": form, "max_mb": settings.UPLOAD_MAX_BYTES >> 20},
    )


def _queue(request: HttpRequest, form: UploadForm) -> str | None:
    uploaded = form.cleaned_data["berkas"]
    path = store_upload(uploaded)
    try:
        return enqueue_import(
            path,
            file_name=operator_name(uploaded),
            profile=form.cleaned_data["profil"],
            user=request.user,
            source=form.cleaned_data["sumber"] or None,
            wilayah=source_region(form.origin),
        )
    except DatabaseError:
        # On SQLite an import being stored holds the write lock; past the busy
        # timeout the queue cannot take the job. Say so rather than fail.
        path.unlink(missing_ok=True)
        form.add_error(
            None,
            "Basis data sedang sibuk menyimpan impor lain; berkas belum diantrekan. "
            "Coba unggah lagi sebentar lagi.",
        )
        return None


def _job_or_404(request: HttpRequest, job_id) -> Job:
    # A job of a source the user may not see is as absent as an unknown one.
    job = get_job(str(job_id), request.user)
    if job is None:
        raise Http404("Tugas impor tidak ditemukan.")
    return job


def _status_context(job: Job) -> dict:
    waiting_long = (
        job.status == "antre"
        and job.enqueued_at is not None
        and timezone.now() - job.enqueued_at > WAITING_HINT_AFTER
    )
    stages = list(STAGES)
    return {
        "job": job,
        "stage_label": STAGES.get(job.stage or "", "Memulai"),
        "step": stages.index(job.stage) + 1 if job.stage in STAGES else 0,
        "steps": len(stages),
        "waiting_long": waiting_long,
    }


@viewer_required
def job_page(request: HttpRequest, job_id) -> HttpResponse:
    """One import job: its progress while it runs, then its counts or why it was refused."""
    context = _status_context(_job_or_404(request, job_id))
    return render(request, "impor/proses.html", context | {"can_import": can_import(request.user)})


@viewer_required
def job_status(request: HttpRequest, job_id) -> HttpResponse:
    """The job's status block alone, polled by the job page (HTMX) until the job ends."""
    return render(request, "impor/_status.html", _status_context(_job_or_404(request, job_id)))
