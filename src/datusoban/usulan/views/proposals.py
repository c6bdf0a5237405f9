"""The proposal pages: the list, a new proposal (for someone new, or from a person's or a
family's page), one proposal with its steps (verify, refuse, finish).

Found through ``usulan.access.proposals_for`` (no permission: 403; out of region: 404); the
person is shown as the scoping function allows, masked as the role says, and every page
that names people writes one audit row per proposal shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import children_born_after, scope_of, scoped
from datusoban.kasus import files
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person
from datusoban.usulan import access, actions, policy
from datusoban.usulan.forms import (
    CompleteForm,
    FinishForm,
    ProposalForm,
    RefuseForm,
    VerifyForm,
)
from datusoban.usulan.person_data import LABELS
from datusoban.web.labels import region_name
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import incomplete, refusals_shown_on

PAGE_SIZE = 50


def viewer_scope(request: HttpRequest):
    """The user's scope, or the forbidden page for a role that may not read proposals."""
    scope = scope_of(request.user)
    if scope is None or not request.user.has_perm(access.VIEW):
        raise PermissionDenied("Peran Anda tidak dapat membuka usulan.")
    return scope


def hidden_child(scope, usulan) -> bool:
    """A child's proposal, for a role that may not see children's records."""
    born = usulan.tanggal_lahir
    return not scope.role.data_anak and born is not None and born > children_born_after()


def shown(scope, proposals) -> list[dict]:
    """Rows of a list: the name and NIK (masked as the role says; a child's withheld)."""
    rows = []
    for u in proposals:
        child = hidden_child(scope, u)
        rows.append({
            "u": u, "nama": "(data anak disembunyikan)" if child else u.nama,
            "nik": "" if child else identifier_for(scope.role, u.nik),
            "status": policy.label("status", u.status), "jenis": policy.label("jenis", u.jenis),
            "terlambat": u.status == "diusulkan" and u.batas < timezone.localdate(),
        })  # fmt: skip
    return rows


def audited(proposals, scope) -> list[tuple[str, str | None]]:
    named = [(str(u.pk), u.nik) for u in proposals if not hidden_child(scope, u)]
    return named or [("", None)]


@viewer_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    scope = viewer_scope(request)
    status = request.GET.get("status", "")
    queryset = access.proposals_for(request.user).select_related("wilayah")
    if status in policy.rules()["status"]:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("-diusulkan_pada", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("hal")
    )
    record(request, Aksi.CARI, "usulan", audited(page.object_list, scope))
    context = {
        "page": page, "rows": shown(scope, page.object_list), "status": status,
        "statuses": policy.choices("status"),
        "may_add": request.user.has_perm(access.ADD),
        "may_send": request.user.has_perm(access.SEND),
    }  # fmt: skip
    return render(request, "usulan/daftar.html", context)


def _subject(request: HttpRequest) -> tuple[str, Person | None, Household | None]:
    """Whom a new proposal is about: ``?orang=`` or ``?keluarga=`` (ids, never a NIK)."""
    for key, model in (("orang", Person), ("keluarga", Household)):
        raw = request.GET.get(key, "")
        if raw:
            found = (
                scoped(request.user, model.objects.filter(pk=raw)).first()
                if raw.isdigit()
                else None
            )
            if found is None:
                raise RefusedError(
                    "tidak_ditemukan", "Orang atau keluarga itu tidak ditemukan.", 404
                )
            if model is Person:
                return "orang", found, found.household
            return "keluarga", None, found
    return "baru", None, None


def _initial(person: Person | None, household: Household | None) -> dict:
    initial = {}
    if household is not None:
        initial |= {"no_kk": household.no_kk, "alamat": household.alamat, "rt": household.rt,
                    "rw": household.rw}  # fmt: skip
    if person is not None:
        initial |= {
            "nama": person.nama, "nik": person.nik, "jenis_kelamin": person.jenis_kelamin,
            "tempat_lahir": person.tempat_lahir, "tanggal_lahir": person.tanggal_lahir,
            "nama_ibu_kandung": person.nama_ibu_kandung,
            "hubungan_keluarga": person.hubungan_keluarga,
        }  # fmt: skip
    return initial


def _changed(values: dict, initial: dict) -> dict:
    """The values that differ from what the registry holds (an update carries only those)."""

    def text(v) -> str:
        return v.isoformat() if hasattr(v, "isoformat") else str(v or "")

    return {k: v for k, v in values.items() if text(v) != text(initial.get(k))}


@viewer_required
def proposal_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None or not request.user.has_perm(access.ADD):
        raise PermissionDenied("Peran Anda tidak dapat membuat usulan.")
    subject, person, household = _subject(request)
    initial = _initial(person, household)
    deliberations = access.deliberations_for(request.user).select_related("desa")
    if household is not None:
        deliberations = deliberations.filter(desa_id=household.wilayah_id)
    form = ProposalForm(
        request.POST or None, initial=initial, wilayah=scope.wilayah, subject=subject,
        deliberations=deliberations.order_by("-tanggal")[:50],
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = form.data_values()
        if subject != "baru":
            values = _changed(values, initial)
        new = actions.NewProposal(
            jenis=data["jenis"], person_id=person.pk if person else None,
            household_id=household.pk if household else None, data=values,
            alasan_hapus=data["alasan_hapus"], keterangan=data["keterangan"],
            musyawarah_id=data["musyawarah"], diusulkan_pada=data["diusulkan_pada"],
        )  # fmt: skip
        try:
            usulan = actions.propose(request.user, new, request=request)
        except actions.InvalidDataError as invalid:
            for field, errors in invalid.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            usulan = None
        except RefusedError as refused:
            if refused.status == 403:
                raise
            form.add_error(refused.field if refused.field in form.fields else None, refused.pesan)
            usulan = None
        if usulan is not None:
            messages.success(
                request, f"Usulan {usulan.pk} tercatat; batas verifikasi {usulan.batas:%d-%m-%Y}."
            )
            return redirect("web:usulan", pk=usulan.pk)
    about = None
    if person is not None or household is not None:
        about = {"orang": person, "keluarga": household,
                 "no_kk": identifier_for(scope.role, household.no_kk) if household else None,
                 "nik": identifier_for(scope.role, person.nik) if person else None}  # fmt: skip
        subjects = [(str(person.pk), person.nik)] if person else [(str(household.pk), None)]
        record(request, Aksi.BACA, "orang" if person else "keluarga", subjects)
    status = 400 if form.errors else 200
    return render(request, "usulan/baru.html", {"form": form, "about": about}, status=status)


def _details(scope, usulan) -> list[tuple[str, str]]:
    """The data a proposal carries, as the page shows it (identifiers masked)."""
    rows = []
    for field, value in usulan.data.items():
        if field == "kode_wilayah":
            value = region_name(value)
        elif field in ("nik", "no_kk"):
            value = identifier_for(scope.role, value)
        elif field == "jenis_kelamin":
            value = {"L": "Laki-laki", "P": "Perempuan"}.get(value, value)
        elif field == "hubungan_keluarga":
            value = dict(ProposalForm.base_fields["hubungan_keluarga"].choices).get(value, value)
        rows.append((LABELS.get(field, field), value))
    return rows


@viewer_required
def proposal_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope = viewer_scope(request)
    usulan = actions.visible_proposal(request.user, pk)
    child = hidden_child(scope, usulan)
    person = None
    if usulan.person_id:
        person = scoped(request.user, Person.objects.filter(pk=usulan.person_id)).first()
    household = None
    if usulan.household_id:
        household = scoped(request.user, Household.objects.filter(pk=usulan.household_id)).first()
    user = request.user
    context = {
        "u": usulan, "child": child, "person": person, "household": household,
        "nik": identifier_for(scope.role, usulan.nik),
        "no_kk": identifier_for(scope.role, household.no_kk) if household else None,
        "details": [] if child else _details(scope, usulan),
        "status": policy.label("status", usulan.status),
        "jenis": policy.label("jenis", usulan.jenis),
        "alasan_hapus": policy.label("alasan_hapus", usulan.alasan_hapus),
        "hasil_kunjungan": policy.label("hasil_kunjungan", usulan.hasil_kunjungan),
        "hasil_nasional": policy.label("status", usulan.hasil_nasional),
        "today": timezone.localdate(),
        "may_verify": user.has_perm(access.VERIFY) and usulan.status == "diusulkan",
        "may_finish": user.has_perm(access.VERIFY) and usulan.status in ("padan", "tidak_padan"),
        "verify_form": VerifyForm(initial={"dikunjungi_pada": timezone.localdate()}),
        "refuse_form": RefuseForm(), "finish_form": FinishForm(),
        "publik": usulan.asal == "publik",
        "may_complete": user.has_perm(access.VERIFY) and usulan.asal == "publik"
        and usulan.status == "diusulkan",
        # Prefilled with what the citizen wrote; identifiers are typed, never prefilled.
        "complete_form": CompleteForm(
            initial={k: v for k, v in usulan.data.items() if k not in ("nik", "no_kk")}
        ),
    }  # fmt: skip
    record(request, Aksi.BACA, "usulan", audited([usulan], scope))
    return render(request, "usulan/usulan.html", context)


def _step(request: HttpRequest, pk: int, form_class, step, done: str) -> HttpResponse:
    actions.visible_proposal(request.user, pk)  # out of region: not found, before anything
    if not request.user.has_perm(access.VERIFY):
        raise PermissionDenied("Peran Anda tidak dapat melakukan langkah ini.")
    refusals_shown_on(request, "web:usulan", pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    step(request.user, pk, **form.cleaned_data, request=request)
    messages.success(request, done)
    return redirect("web:usulan", pk=pk)


@viewer_required
@require_POST
def proposal_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, VerifyForm, actions.verify, "Hasil verifikasi tercatat.")


@viewer_required
@require_POST
def proposal_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, RefuseForm, actions.refuse, "Usulan ditolak dengan alasannya.")


@viewer_required
@require_POST
def proposal_finish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, FinishForm, actions.finish, "Usulan selesai.")


@viewer_required
@require_POST
def proposal_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """A citizen's proposal completed with the person's data (actions.complete)."""
    actions.visible_proposal(request.user, pk)  # out of region: not found, before anything
    if not request.user.has_perm(access.VERIFY):
        raise PermissionDenied("Peran Anda tidak dapat melengkapi data usulan.")
    refusals_shown_on(request, "web:usulan", pk=pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    actions.complete(request.user, pk, values=form.data_values(), request=request)
    messages.success(request, "Data usulan dilengkapi; usulan dapat diverifikasi.")
    return redirect("web:usulan", pk=pk)


@viewer_required
def proposal_photo(request: HttpRequest, pk: int) -> FileResponse:
    """The photo a citizen sent with their proposal: in the user's region only, audited."""
    viewer_scope(request)
    usulan = actions.visible_proposal(request.user, pk)
    if not usulan.foto or not files.path_of(usulan.foto).exists():
        raise Http404("Usulan ini tanpa foto.")
    record(request, Aksi.BACA, "foto_usulan", [(str(usulan.pk), usulan.nik)])
    response = FileResponse(
        files.path_of(usulan.foto).open("rb"), content_type=files.CONTENT_TYPES[usulan.jenis_foto]
    )
    response["Content-Disposition"] = f'inline; filename="usulan-{usulan.pk}.{usulan.jenis_foto}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
