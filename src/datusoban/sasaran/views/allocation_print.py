"""Sasaran: the proposed recipients of a stored allocation as a printed list (PDF), from
the allocation's page.

The list names people: printing it is an export of personal data, so it takes the
purpose-bound export's path (roles with ``ekspor``, a stated purpose, an audit row per
family or person printed). It holds the proposals the one scoping function lets the
user reach, identifiers masked as the role says; a run of another kab/kota does not
exist (404).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scoped
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Person
from datusoban.sasaran.allocation_pdf import Recipient, allocation_pdf
from datusoban.sasaran.proposals import proposals_in_scope
from datusoban.sasaran.views.allocation import runs_in_scope
from datusoban.web.permissions import scope_or_404, viewer_required
from datusoban.web.printed import footer, pdf_response
from datusoban.web.purpose_export import Export, export_with_purpose

# A printed list of more than this is a book, not a list for a field check.
LIMIT = 5_000
STATUS = dict(Kepesertaan.Status.choices)


@viewer_required
@require_http_methods(["GET", "POST"])
def allocation_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_or_404(request)
    run = runs_in_scope(scope).filter(pk=pk).first()
    if run is None:
        raise Http404("Alokasi tidak ditemukan.")
    family = run.sasaran == "keluarga"
    rows = list(
        proposals_in_scope(run, request.user).order_by("pk").values(
            "status", "household_id", "household__no_kk", "household__wilayah_id",
            "person_id", "person__nik", "person__nama", "person__household__wilayah_id",
        )
    )  # fmt: skip
    heads: dict[int, tuple[str, str | None]] = {}
    if family:
        found = scoped(request.user, Person.objects.all()).filter(
            household_id__in=[r["household_id"] for r in rows], hubungan_keluarga="kepala"
        )
        for household_id, nama, nik in found.order_by("-pk").values_list(
            "household_id", "nama", "nik"
        ):
            heads[household_id] = (nama, nik)
    role = scope.role

    def subject(r: dict) -> tuple[str, str | None]:
        if family:
            return f"keluarga/{r['household_id']}", heads.get(r["household_id"], ("", None))[1]
        return f"orang/{r['person_id']}", r["person__nik"]

    def recipient(r: dict) -> Recipient:
        nama, nik = heads.get(r["household_id"], ("", None)) if family else (
            r["person__nama"], r["person__nik"]
        )  # fmt: skip
        return Recipient(
            nama=nama, nik=identifier_for(role, nik),
            no_kk=identifier_for(role, r["household__no_kk"]),
            wilayah=r["household__wilayah_id"] or r["person__household__wilayah_id"] or "—",
            status=STATUS.get(r["status"], r["status"]),
        )  # fmt: skip

    def build(n: int) -> HttpResponse:
        content = allocation_pdf(
            run, [recipient(r) for r in rows[:n]], total=len(rows), footer=footer(request)
        )
        return pdf_response(content, f"usulan-alokasi-{run.pk}")

    export = Export(
        "alokasi", f"Daftar usulan penerima alokasi #{run.pk}", "usulan_alokasi",
        reverse("web:sasaran_alokasi_rinci", args=[run.pk]), berkas="PDF",
    )  # fmt: skip
    return export_with_purpose(request, export, [subject(r) for r in rows], build, limit=LIMIT)
