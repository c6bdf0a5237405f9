"""The public pages of usul and sanggah, under /cek-status/: no login, no menu, the public
layout; every form works without JavaScript. Refusals are shown on the page (beside their
field when they have one); a throttled submission answers 429 and stores nothing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from datusoban.accounts.masking import mask_name_public
from datusoban.cekstatus import throttle
from datusoban.cekstatus.regions import steps
from datusoban.refusal import RefusedError
from datusoban.usulpublik import intake, receipt, token
from datusoban.usulpublik.forms import LacakForm, SanggahForm, UsulForm
from datusoban.web import labels

RETRY_AFTER = int(throttle.HOUR.total_seconds())
DITOLAK = "Formulir ini tidak dapat diterima."
PILIH_ORANG = "Cari nama orangnya di Cek status lebih dulu, lalu pilih Sanggah di bawah namanya."
STATUS = {
    "diterima": "Diterima: menunggu verifikasi oleh Dinas Sosial kabupaten/kota.",
    "diverifikasi": "Diverifikasi: petugas sudah memeriksanya dan proses berlanjut.",
    "ditolak": "Ditolak.",
    "selesai": "Selesai.",
}


def _answer(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    if status == 429:
        response["Retry-After"] = str(RETRY_AFTER)
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


def _refused(form, context: dict, refused: RefusedError) -> int:
    """Show ``refused`` beside its field, or above the form; the status to answer with."""
    if refused.field and refused.field in form.fields:
        form.add_error(refused.field, refused.pesan)
    else:
        context["galat"] = refused.pesan
    return 429 if refused.status == 429 else 400


@require_http_methods(["GET", "POST"])
def usul(request: HttpRequest) -> HttpResponse:
    """Propose someone of a desa for assistance: the region step by step (GET), then the form."""
    posted = request.method == "POST"
    chosen = steps(request.POST if posted else request.GET)
    form = UsulForm(request.POST, request.FILES) if posted else UsulForm()
    context: dict = {"langkah": chosen, "form": form}
    status = 200
    if posted:
        if form.filled_by_program():
            context["galat"] = DITOLAK
            status = 400
        elif not chosen.desa:
            context["galat"] = "Pilih kabupaten/kota, kecamatan dan desa/kelurahan lebih dulu."
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                code = intake.propose(
                    request, desa=chosen.desa, nama=data["nama"].strip(),
                    alamat=data["alamat"].strip(), alasan=data["alasan"].strip(),
                    proposer=form.proposer(), foto=data.get("foto"),
                )  # fmt: skip
            except RefusedError as refused:
                status = _refused(form, context, refused)
            else:
                return _answer(request, "usulpublik/tanda_terima.html", _receipt(code, "usul"))
        else:
            status = 400
    return _answer(request, "usulpublik/usul.html", context, status)


@require_http_methods(["GET", "POST"])
def sanggah(request: HttpRequest) -> HttpResponse:
    """Object to a person chosen from a Cek status result by its token (POST): the form,
    then (``kirim``) the objection. Opened without a token: where to start."""
    if request.method == "GET":
        return _answer(request, "usulpublik/sanggah.html", {"galat": PILIH_ORANG})
    chosen = steps(request.POST)
    tanda = str(request.POST.get("token", ""))[:1000]
    context: dict = {"langkah": chosen, "token": tanda}
    try:
        person = token.resolve(tanda, chosen.desa, timezone.localdate())
    except RefusedError as refused:
        context["galat"] = refused.pesan
        return _answer(request, "usulpublik/sanggah.html", context, 400)
    programs = [(kode, labels.programme_short(kode)) for kode in intake.programmes_of(person)]
    context |= {"nama": mask_name_public(person.nama), "desa": labels.region_name(chosen.desa)}
    if "kirim" not in request.POST:
        context["form"] = SanggahForm(programs=programs)
        return _answer(request, "usulpublik/sanggah.html", context)
    form = SanggahForm(request.POST, request.FILES, programs=programs)
    context["form"] = form
    status = 400
    if form.filled_by_program():
        context["galat"] = DITOLAK
    elif form.is_valid():
        data = form.cleaned_data
        try:
            code = intake.object_to(
                request, person, desa=chosen.desa, alasan=data["alasan"],
                uraian=data["uraian"].strip(), program=data["program"],
                proposer=form.proposer(), foto=data.get("foto"),
            )  # fmt: skip
        except RefusedError as refused:
            status = _refused(form, context, refused)
        else:
            return _answer(request, "usulpublik/tanda_terima.html", _receipt(code, "sanggahan"))
    return _answer(request, "usulpublik/sanggah.html", context, status)


def _receipt(code: str, jenis: str) -> dict:
    return {"kode": receipt.shown(code), "jenis": jenis}


@require_http_methods(["GET", "POST"])
def lacak(request: HttpRequest) -> HttpResponse:
    """Where a submission stands, by its receipt code (POST: the code stays out of
    addresses and logs); counted by the cek status throttle, so codes cannot be guessed."""
    if request.method == "GET":
        return _answer(request, "usulpublik/lacak.html", {"form": LacakForm()})
    form = LacakForm(request.POST)
    context: dict = {"form": form}
    status = 200
    if form.is_valid():
        code = receipt.typed(form.cleaned_data["kode"])
        try:
            throttle.check(request)
        except RefusedError as refused:
            context["galat"] = refused.pesan
            status = 429
        else:
            found = receipt.track(code)
            if found is None:
                form.add_error("kode", "Kode itu tidak ditemukan. Periksa lagi penulisannya.")
            else:
                context["hasil"] = {
                    "jenis": found.jenis, "status": found.status,
                    "keterangan": STATUS[found.status], "alasan": found.alasan,
                }  # fmt: skip
    response = _answer(request, "usulpublik/lacak.html", context, status)
    if status == 429:
        response["Retry-After"] = str(int(throttle.WINDOW.total_seconds()))
    return response
