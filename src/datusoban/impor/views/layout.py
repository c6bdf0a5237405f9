"""A layout no profile knows: suggest a mapping from a sample file and save it as a profile."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from datusoban.impor.forms import SampleForm, SaveProfileForm, headers_from_post
from datusoban.impor.reading import ReadError, read_table
from datusoban.impor.saved_profiles import ProfileSaveError, save_profile
from datusoban.impor.suggest import suggest_mapping
from datusoban.web.permissions import importer_required
from datusoban.web.uploads import operator_name, store_upload


@importer_required
def layout(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a sample file. Step 2: review the suggested mapping, name it, save it."""
    if request.method == "POST" and "kolom_berkas" in request.POST:
        return _save(request)
    sample = SampleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and sample.is_valid():
        uploaded = sample.cleaned_data["berkas"]
        path = store_upload(uploaded)
        try:
            headers = list(read_table(path).frame.columns)
        except ReadError as exc:
            sample.add_error("berkas", str(exc).replace(path.name, operator_name(uploaded)))
        else:
            return _review(request, headers, operator_name(uploaded))
        finally:
            path.unlink(missing_ok=True)  # only the header names are kept
    return render(request, "impor/tata_letak.html", {"sample": sample})


def _review(request: HttpRequest, headers: list[str], file_name: str) -> HttpResponse:
    suggested = suggest_mapping(headers)
    initial = {f"kolom_{field}": header for field, (header, _) in suggested.items()}
    form = SaveProfileForm(headers, initial=initial)
    return _render_review(request, form, suggested, file_name)


def _render_review(request, form, suggested, file_name: str) -> HttpResponse:
    used = {header for header, _ in suggested.values()}
    rows = [(bound, suggested.get(bound.label, (None, None))[1]) for bound in form.field_rows()]
    return render(
        request,
        "impor/tata_letak.html",
        {
            "form": form,
            "rows": rows,
            "file_name": file_name,
            "unused": [h for h in form.headers if h not in used],
        },
    )


def _save(request: HttpRequest) -> HttpResponse:
    headers = headers_from_post(request.POST)
    form = SaveProfileForm(headers, request.POST)
    suggested = suggest_mapping(headers)
    if form.is_valid():
        try:
            saved = save_profile(
                form.cleaned_data["nama"],
                form.mapping(),
                label=form.cleaned_data["label"],
                jenis=form.cleaned_data["jenis"],
                user=request.user.get_username(),
            )
        except ProfileSaveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Profil “{saved.nama}” disimpan; pilih berkas untuk diimpor dengannya."
            )
            return redirect(f"{reverse('web:unggah')}?{urlencode({'profil': saved.nama})}")
    return _render_review(request, form, suggested, request.POST.get("nama_berkas", ""))
