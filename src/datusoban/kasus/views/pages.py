"""Case reports (laporan kasus): the list and overdue list, filing a report from a phone,
one case's page with its steps, photos, consent and referrals.

Every case is found through ``kasus.access.cases_for`` (out of scope: 404); a person
named in a case is shown only as the registry's scoping function allows, their NIK
masked as the role says, and every view of a case that names someone is recorded.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scope_of, scoped
from datusoban.kasus import assignment, files, policy, services, sla
from datusoban.kasus.access import cases_for, may
from datusoban.kasus.forms import CaseForm, ConsentForm, ReferralForm, desa_choices
from datusoban.kasus.models import BerkasKasus, LaporanKasus
from datusoban.registri.models import Person
from datusoban.web.assignment import assign_form
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import attempt

PAGE_SIZE = 50


def _subjects(cases) -> list[tuple[str, str | None]]:
    named = [(str(c.pk), c.person.nik) for c in cases if c.person_id]
    return named or [("", None)]


@viewer_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases in scope; ``?terlambat=1`` the overdue ones, oldest limit first."""
    now = timezone.now()
    queryset = cases_for(request.user).select_related("kategori", "desa", "person")
    overdue = request.GET.get("terlambat") == "1"
    status = request.GET.get("status", "")
    if overdue:
        queryset = sla.overdue_cases(queryset, now)
    else:
        if status in dict(policy.status_choices()):
            queryset = queryset.filter(status=status)
        queryset = queryset.order_by("-dilaporkan_pada", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("hal"))
    record(request, Aksi.CARI, "laporan_kasus", _subjects(page.object_list))
    context = {
        "page": page, "overdue": overdue, "status": status, "now": now,
        "statuses": policy.status_choices(),
        "may_file": may(request.user, policy.roles_for("melapor")),
    }  # fmt: skip
    return render(request, "kasus/daftar.html", context)


@viewer_required
@require_GET
def desa_options(request: HttpRequest) -> HttpResponse:
    """The desa of a kecamatan as <option>s, for the report form's second list."""
    kecamatan = request.GET.get("kecamatan", "")
    scope = scope_of(request.user)
    allowed = scope is not None and (
        scope.wilayah == "63" or kecamatan.startswith(scope.wilayah[:5] + ".")
    )
    choices = desa_choices(kecamatan) if allowed else [("", "— pilih kecamatan dahulu —")]
    return render(request, "kasus/_desa.html", {"choices": choices})


def _person_by_nik(request: HttpRequest, nik: str) -> Person | None:
    return scoped(request.user, Person.objects.filter(nik=nik)).order_by("pk").first()


@viewer_required
def case_new(request: HttpRequest) -> HttpResponse:
    """File a case report: the form first, on a phone."""
    scope = scope_of(request.user)
    if scope is None or scope.role.kode not in policy.roles_for("melapor"):
        raise PermissionDenied("Peran Anda tidak dapat membuat laporan kasus.")
    form = CaseForm(request.POST or None, request.FILES or None, wilayah=scope.wilayah)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = _person_by_nik(request, data["nik"]) if data["nik"] else None
        if data["nik"] and person is None:
            form.add_error("nik", "NIK ini tidak ditemukan di registri dalam cakupan Anda; "
                                  "kosongkan dan isi nama saja.")  # fmt: skip
        else:
            new = services.NewCase(
                kategori=data["kategori"], desa=data["desa"], uraian=data["uraian"],
                urgensi=data["urgensi"], alamat=data["alamat"],
                person_id=person.pk if person else None, nama_orang=data["nama_orang"],
            )  # fmt: skip
            case = attempt(form, services.file_report, request.user, new, data["foto"])
            if case is not None:
                if person is not None:
                    record(request, Aksi.UBAH, "laporan_kasus", [(str(case.pk), person.nik)])
                messages.success(request, f"Laporan kasus {case.pk} tersimpan.")
                return redirect("web:kasus", pk=case.pk)
    return render(request, "kasus/baru.html", {"form": form}, status=400 if form.errors else 200)


def _person_shown(request: HttpRequest, case: LaporanKasus) -> dict | None:
    if case.person_id is None:
        return None
    person = scoped(request.user, Person.objects.filter(pk=case.person_id)).first()
    if person is None:
        return {"hidden": True}
    role = scope_of(request.user).role
    return {"pk": person.pk, "nama": person.nama, "nik": identifier_for(role, person.nik)}


@viewer_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: what was reported, its steps, photos, consent, referrals and next steps."""
    case = services.visible_case(request.user, pk)  # refused: the not-found page
    scope = scope_of(request.user)
    peran = scope.role.kode
    next_steps = policy.steps_from(case.status, peran)
    may_refer = any(
        t.dari == case.status for t in policy.transitions().values()
        if t.aksi == "rujuk" and peran in t.peran
    )  # fmt: skip
    context = {
        "case": case, "person": _person_shown(request, case), "now": timezone.now(),
        "labels": dict(policy.status_choices()), "urgensi": dict(policy.urgency_choices()),
        "steps": case.langkah.all(), "photos": case.berkas.all(),
        "consents": case.persetujuan.order_by("diberikan_pada"),
        "referrals": case.rujukan.select_related("program").order_by("dirujuk_pada"),
        "next_steps": next_steps, "may_refer": may_refer,
        "may_decide": peran in policy.roles_for("memutus_rujukan"),
        "consent_form": ConsentForm(), "referral_form": ReferralForm(),
        "kinds": policy.receiver_kinds(),
        "assignee": case.ditugaskan_ke,
        "assign_form": assign_form(assignment.candidates(case), case.ditugaskan_ke)
        if assignment.may_assign(request.user) and case.status != "ditutup" else None,
    }  # fmt: skip
    record(request, Aksi.BACA, "laporan_kasus", _subjects([case]))
    return render(request, "kasus/kasus.html", context)


@viewer_required
def case_file(request: HttpRequest, pk: int, berkas: int) -> FileResponse:
    """A photo of a case, only to those who may see the case (never a static file)."""
    case = services.visible_case(request.user, pk)  # refused: the not-found page
    stored = BerkasKasus.objects.filter(pk=berkas, kasus=case).first()
    if stored is None:
        raise Http404
    path = files.path_of(stored.jalur)
    if not path.exists():
        raise Http404
    record(request, Aksi.BACA, "berkas_kasus", _subjects([case]), rincian={"berkas": stored.pk})
    response = FileResponse(path.open("rb"), content_type=files.CONTENT_TYPES[stored.jenis])
    response["Content-Disposition"] = f'inline; filename="berkas-{stored.pk}.{stored.jenis}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
