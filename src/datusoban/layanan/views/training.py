"""Layanan: one training session — participants, import of a participant list, certificates.

A participant list (CSV or XLSX) is read with ``impor.reading`` (the same
reader, limits and refusals as any import), then checked and stored by
``layanan.participants``: every refused row is listed, and nothing is stored
until the whole list is right. Importing and issuing certificates change data:
roles that may write only.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, scope_of
from datusoban.impor.reading import ReadError, read_table
from datusoban.layanan import training
from datusoban.layanan.models import Pilar, SesiPelatihan
from datusoban.layanan.participants import ParticipantsRefusedError, import_participants
from datusoban.layanan.regions import regional
from datusoban.layanan.shown import workers_shown
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.refusals import refusals_shown_on
from datusoban.web.uploads import UploadRefusedError, check_upload, operator_name

MAX_LIST_BYTES = 5 * 2**20  # a participant list is a few hundred rows


def _session(request: HttpRequest, pk: int) -> SesiPelatihan:
    scope = scope_or_404(request)
    sessions = SesiPelatihan.objects.select_related("pelatihan")
    if scope.wilayah != PROVINCE:
        sessions = sessions.filter(kode_kabkota__in=["", scope.wilayah[:5]])
    return get_object_or_404(sessions, pk=pk)


def _page(request: HttpRequest, sesi: SesiPelatihan, refusals=None, status: int = 200):
    scope = scope_of(request.user)
    workers = regional(request.user, Pilar.objects.all()).values("pk")
    peserta = list(
        sesi.peserta.filter(pilar__in=workers)
        .select_related("pilar", "sertifikat")
        .order_by("pilar__nama")
    )
    workers_shown(request, [p.pilar for p in peserta])
    context = {
        "sesi": sesi,
        "peserta": peserta,
        "may_change": scope.role.tulis,
        "refusals": refusals or [],
        "ended": date.today() >= sesi.selesai,
    }
    return render(request, "layanan/sesi.html", context, status=status)


@viewer_required
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _session(request, pk))


@viewer_required
@require_POST
def import_list(request: HttpRequest, pk: int) -> HttpResponse:
    sesi = _session(request, pk)
    if not scope_of(request.user).role.tulis:
        return HttpResponse("Peran Anda tidak boleh mengubah data.", status=403)
    uploaded = request.FILES.get("berkas")
    if uploaded is None:
        messages.error(request, "Pilih berkas daftar peserta (CSV atau XLSX).")
        return redirect("web:layanan_sesi", pk=pk)
    try:
        check_upload(uploaded, MAX_LIST_BYTES)
        with tempfile.TemporaryDirectory(prefix="datusoban-peserta-") as folder:
            path = Path(folder) / ("daftar" + Path(operator_name(uploaded)).suffix.lower())
            path.write_bytes(uploaded.read())
            table = read_table(path, header_hint=("nik", "nama"))
        rows = list(zip(table.row_numbers.to_list(), table.frame.to_dicts(), strict=True))
        stored = import_participants(
            sesi, rows, regional(request.user, Pilar.objects.all()), date.today()
        )
    except (UploadRefusedError, ReadError) as e:
        messages.error(request, str(e))
        return redirect("web:layanan_sesi", pk=pk)
    except ParticipantsRefusedError as e:
        messages.error(request, str(e))
        return _page(request, sesi, e.refusals, status=400)
    record(
        request, Aksi.UBAH, "peserta_pelatihan", [(str(sesi.pk), None)],
        rincian={"berkas": operator_name(uploaded), "peserta": stored},
    )  # fmt: skip
    messages.success(request, f"{stored} peserta disimpan.")
    return redirect("web:layanan_sesi", pk=pk)


@viewer_required
@require_POST
def certify_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Certificates for every participant who attended and passed and has none yet."""
    sesi = _session(request, pk)
    if not scope_of(request.user).role.tulis:
        return HttpResponse("Peran Anda tidak boleh mengubah data.", status=403)
    workers = regional(request.user, Pilar.objects.all()).values("pk")
    waiting = sesi.peserta.filter(
        pilar__in=workers, hadir=True, lulus=True, sertifikat__isnull=True
    ).select_related("sesi__pelatihan")
    refusals_shown_on(request, "web:layanan_sesi", pk=pk)
    with transaction.atomic():  # one refused: none issued
        issued = [training.certify(p, on=date.today()) for p in waiting]
    messages.success(request, f"{len(issued)} sertifikat diterbitkan.")
    return redirect("web:layanan_sesi", pk=pk)
