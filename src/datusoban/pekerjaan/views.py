"""The job pages: start a job from its button, follow it (HTMX polling, like an import),
read its result, and the history "Riwayat pekerjaan".

A button posts to ``mulai`` with the job's kind and its few parameters; a refusal is
shown on the page the button is on (``web.refusals``), or as the forbidden page for a
role that may not start it. A job of a region the user may not see is not found.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from datusoban.pekerjaan.jobs import AlreadyRunningError, Job, get_job, history, start
from datusoban.pekerjaan.kinds import KINDS, Params
from datusoban.refusal import RefusedError
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.refusals import refusals_shown_on

# A job queued this long without a worker taking it gets a hint.
WAITING_HINT_AFTER = timedelta(seconds=15)
# Kinds a button starts with these fields; the allocation is started by its own form.
BUTTONS = {"tautkan", "peringkat", "kelayakan", "ketepatan", "tahap"}


def _params(jenis: str, data) -> Params:
    """The kind's parameters from a posted button; bad input is refused (400)."""
    if jenis == "tautkan":
        text = data.get("batch", "")
        if not text.isdigit():
            raise RefusedError("isian", "Batch yang ditautkan tidak disebutkan.")
        return {"batch": int(text)}
    if jenis == "tahap":
        program, tahun = data.get("program", "").upper()[:20], data.get("tahun", "")
        if not program or not tahun.isdigit() or not 2000 <= int(tahun) <= 2100:
            raise RefusedError("isian", "Sebutkan program dan tahun (2000–2100) tahap bayar.")
        return {"program": program, "tahun": int(tahun)}
    return {}


def _back_url(jenis: str, params: Params) -> str:
    name, args, query = KINDS[jenis].back(params)
    return reverse(name, args=args) + (f"?{query}" if query else "")


def begin(request: HttpRequest, jenis: str, params: Params) -> HttpResponse:
    """Queue the job and show its page; the same job already waiting or running: its page,
    with the message why no second one was started."""
    # Who may, and what it names, first: a batch out of reach is not found (404), a role
    # that may not is forbidden (403); a job that cannot be done as asked (validate) is
    # refused with its message on the button's page.
    KINDS[jenis].check(request.user, params)
    refusals_shown_on(request, _back_url(jenis, params))
    try:
        job_id = start(request.user, jenis, params)
    except AlreadyRunningError as running:
        messages.error(request, running.pesan)
        return redirect("web:pekerjaan_proses", job_id=running.job_id)
    except DatabaseError:
        # On SQLite a job or an import being stored holds the write lock; past the busy
        # timeout the queue cannot take the job. Say so rather than fail.
        messages.error(
            request, "Basis data sedang sibuk menyimpan pekerjaan lain; pekerjaan ini belum "
            "diantrekan. Coba lagi sebentar lagi.",
        )  # fmt: skip
        return redirect(_back_url(jenis, params))
    return redirect("web:pekerjaan_proses", job_id=job_id)


@viewer_required
@require_POST
def start_job(request: HttpRequest, jenis: str) -> HttpResponse:
    """A button's job: ``jenis`` with the posted parameters."""
    if jenis not in BUTTONS:
        raise Http404("Pekerjaan tidak dikenal.")
    scope_or_404(request)
    return begin(request, jenis, _params(jenis, request.POST))


def _job_or_404(request: HttpRequest, job_id) -> Job:
    job = get_job(str(job_id), request.user)
    if job is None:
        raise Http404("Pekerjaan tidak ditemukan.")
    return job


def _links(job: Job) -> list[dict[str, Any]]:
    shown = []
    for item in (job.result or {}).get("tautan", []):
        url = reverse(item["url"], args=item["args"])
        query = f"?{item['query']}" if item["query"] else ""
        shown.append({"label": item["label"], "href": url + query})
    return shown


def _context(job: Job) -> dict[str, Any]:
    waiting_long = (
        job.status == "antre"
        and job.enqueued_at is not None
        and timezone.now() - job.enqueued_at > WAITING_HINT_AFTER
    )
    return {"job": job, "links": _links(job), "waiting_long": waiting_long}


@viewer_required
def job_page(request: HttpRequest, job_id) -> HttpResponse:
    """One job: its progress while it runs, then what it did or why it was refused."""
    scope_or_404(request)
    return render(request, "pekerjaan/proses.html", _context(_job_or_404(request, job_id)))


@viewer_required
def job_status(request: HttpRequest, job_id) -> HttpResponse:
    """The job's status block alone, polled by its page (HTMX) until the job ends."""
    scope_or_404(request)
    return render(request, "pekerjaan/_status.html", _context(_job_or_404(request, job_id)))


@viewer_required
def history_page(request: HttpRequest) -> HttpResponse:
    """Riwayat pekerjaan: the latest jobs and imports of the user's region and province."""
    scope = scope_or_404(request)
    context = {"jobs": history(request.user), "scope": scope}
    return render(request, "pekerjaan/riwayat.html", context)
