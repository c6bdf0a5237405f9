"""Kasus: a referral's letter (surat rujukan) as PDF, from the case page.

The letter names the person concerned: printing it is an export of personal data, so it
takes the purpose-bound export's path (roles with ``ekspor``, a stated purpose, an audit
row). A case the user may not see, and its referrals, do not exist (404); a person out
of the user's reach is not named, their NIK masked as the role says.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scope_of, scoped
from datusoban.kasus import services
from datusoban.kasus.referral_pdf import Named, referral_pdf
from datusoban.registri.models import Person
from datusoban.web.permissions import viewer_required
from datusoban.web.printed import footer, pdf_response
from datusoban.web.purpose_export import Export, export_with_purpose


@viewer_required
@require_http_methods(["GET", "POST"])
def referral_letter(request: HttpRequest, pk: int, rujukan: int) -> HttpResponse:
    case = services.visible_case(request.user, pk)  # refused: the not-found page
    found = (
        case.rujukan.filter(pk=rujukan)
        .select_related("program", "lembaga", "persetujuan", "kasus__desa", "kasus__kategori")
        .first()
    )
    if found is None:
        raise Http404("Rujukan tidak ditemukan.")
    role = scope_of(request.user).role
    person, subjects = Named(case.nama_orang), [(str(case.pk), None)]
    if case.person_id is not None:
        shown = scoped(request.user, Person.objects.filter(pk=case.person_id)).first()
        if shown is None:
            person = Named("", hidden=True)
        else:
            person = Named(shown.nama, identifier_for(role, shown.nik))
            subjects = [(str(case.pk), shown.nik)]

    def build(n: int) -> HttpResponse:
        return pdf_response(
            referral_pdf(found, person, footer=footer(request)), f"surat-rujukan-{found.pk}"
        )

    export = Export(
        "rujukan", f"Surat rujukan kasus {case.pk}", "rujukan",
        reverse("web:kasus", args=[case.pk]), berkas="PDF",
    )  # fmt: skip
    return export_with_purpose(request, export, subjects, build)
