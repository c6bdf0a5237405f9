"""Registri: a family's summary as PDF (members, programmes, PPKS), from the family page.

The summary names people: printing it is an export of personal data, so it takes the
purpose-bound export's path (roles with ``ekspor``, a stated purpose, an audit row per
member printed). What it holds is what the family page may show the user: the family
through the one scoping function (out of scope: 404), the members the user may see,
No KK and NIK masked as the role says, the PPKS categories the role may read.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scoped
from datusoban.formatting import tanggal_pendek
from datusoban.program.history import history
from datusoban.program.queries import enrolments_of_household
from datusoban.registri.family_pdf import FamilySummary, family_pdf
from datusoban.registri.models import Household, Person, PersonPPKS
from datusoban.registri.views.record import kabkota_name
from datusoban.web.disclosure import ppks_visible
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.printed import footer, pdf_response
from datusoban.web.purpose_export import Export, export_with_purpose


def _date(d) -> str:
    return tanggal_pendek(d) if d else "—"


@viewer_required
@require_http_methods(["GET", "POST"])
def family_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_or_404(request)
    household = get_object_or_404(
        scoped(request.user, Household.objects.select_related("wilayah")), pk=pk
    )
    role = scope.role
    members = list(scoped(request.user, Person.objects.filter(household=household)).order_by("pk"))
    names = {m.pk: m.nama for m in members}

    def build(n: int) -> HttpResponse:
        entries = PersonPPKS.objects.filter(person__in=members).select_related("kategori", "person")
        entries = list(entries.order_by("person_id", "mulai", "pk"))
        shown = [p for p in entries if ppks_visible(role, p.kategori)]
        programmes = history(enrolments_of_household(household), members=names)
        summary = FamilySummary(
            no_kk=identifier_for(role, household.no_kk),
            alamat=" ".join(
                part for part in (
                    household.alamat, household.rt and f"RT {household.rt}",
                    household.rw and f"RW {household.rw}",
                ) if part
            ),
            desa=f"{household.wilayah.nama} ({household.wilayah_id})",
            kabkota=kabkota_name(household),
            members=[
                (identifier_for(role, m.nik) or "—", m.nama, m.jenis_kelamin or "—",
                 _date(m.tanggal_lahir),
                 m.get_hubungan_keluarga_display() if m.hubungan_keluarga else "—")
                for m in members
            ],
            programmes=[
                (k["program"], k["penerima"], k["status"], _date(k["mulai"]), _date(k["selesai"]))
                for k in programmes
            ],
            ppks=[
                (p.person.nama, p.kategori.nama, _date(p.mulai), _date(p.selesai)) for p in shown
            ],
            ppks_hidden=len(entries) - len(shown),
        )  # fmt: skip
        return pdf_response(family_pdf(summary, footer=footer(request)), f"keluarga-{pk}")

    export = Export(
        "keluarga", "Ringkasan keluarga", "keluarga", reverse("web:keluarga", args=[pk]),
        berkas="PDF",
    )  # fmt: skip
    subjects = [(str(household.pk), m.nik) for m in members] or [(str(household.pk), None)]
    return export_with_purpose(request, export, subjects, build)
