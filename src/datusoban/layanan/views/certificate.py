"""Layanan: a training certificate printed as PDF, from the worker's page.

The certificate names a worker (name, NIK): printing it is an export of personal data,
so it takes the purpose-bound export's path (roles with ``ekspor``, a stated purpose,
an audit row). A certificate of a worker outside the user's region does not exist (404).
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from datusoban.accounts.masking import identifier_for
from datusoban.layanan.certificate_pdf import certificate_pdf
from datusoban.layanan.models import Pilar, Sertifikat
from datusoban.layanan.regions import regional
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.printed import footer, pdf_response
from datusoban.web.purpose_export import Export, export_with_purpose


@viewer_required
@require_http_methods(["GET", "POST"])
def certificate_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_or_404(request)
    workers = regional(request.user, Pilar.objects.all()).values("pk")
    sertifikat = get_object_or_404(
        Sertifikat.objects.filter(pilar__in=workers).select_related(
            "pilar", "pelatihan", "peserta__sesi"
        ),
        pk=pk,
    )
    pilar = sertifikat.pilar

    def build(n: int) -> HttpResponse:
        content = certificate_pdf(
            sertifikat, nik=identifier_for(scope.role, pilar.nik), on=date.today(),
            footer=footer(request),
        )  # fmt: skip
        return pdf_response(content, f"sertifikat-{sertifikat.pk}")

    export = Export(
        "sertifikat", "Sertifikat pelatihan", "sertifikat",
        reverse("web:layanan_pilar_rinci", args=[pilar.pk]), berkas="PDF",
    )  # fmt: skip
    return export_with_purpose(request, export, [(str(pilar.pk), pilar.nik)], build)
