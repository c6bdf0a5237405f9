"""Disaster response pages: the events in scope and declaring one; one event's situation
report, victims (NIK masked as the role says), and the forms of a post: a victim, a
victim list, stock received, an item given to a family, a Tagana deployment; the sitrep
as XLSX (counts only)."""

from __future__ import annotations

import polars as pl
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import identifier_for
from datusoban.accounts.scope import scope_of
from datusoban.bencana import actions as disaster
from datusoban.bencana import corrections as disaster_changes
from datusoban.bencana.access import disasters_for, victims_for
from datusoban.bencana.forms import (
    DistributionForm,
    EventForm,
    ImportForm,
    StockCorrectionForm,
    StockForm,
    TaganaForm,
    VictimCorrectionForm,
    VictimForm,
    VictimRemovalForm,
)
from datusoban.bencana.models import Bencana
from datusoban.bencana.sitrep import sitrep
from datusoban.bencana.views.victim_import import read_victims
from datusoban.impor.mapping import MissingColumnsError
from datusoban.impor.reading import ReadError
from datusoban.kasus import policy
from datusoban.kasus.access import may
from datusoban.refusal import RefusedError
from datusoban.web.permissions import viewer_required
from datusoban.web.refusals import attempt, incomplete, refusals_shown_on
from datusoban.web.uploads import UploadRefusedError, check_upload, store_upload
from datusoban.web.xlsx import xlsx_response

PAGE_SIZE = 100


def _may_record(request: HttpRequest) -> bool:
    return may(request.user, policy.disaster_rules()["peran"]["mencatat"])


def _event(request: HttpRequest, pk: int) -> Bencana:
    """The event if the user sees it; its refusal otherwise, the not-found page."""
    return disaster.visible_event(request.user, pk)


def _posted_to(request: HttpRequest, pk: int) -> Bencana:
    """The event a form of its page is posted to (out of reach it does not exist, whatever
    was posted to it); from here on a refusal is shown on that page."""
    event = _event(request, pk)
    refusals_shown_on(request, "web:bencana", pk=pk)
    return event


@viewer_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST":
        if not _may_record(request):
            raise PermissionDenied("Peran Anda tidak dapat mencatat data bencana.")
        if form.is_valid():
            event = attempt(form, disaster.declare, request.user, **form.cleaned_data)
            if event is not None:
                messages.success(request, f"Kejadian {event.nama} tercatat.")
                return redirect("web:bencana", pk=event.pk)
    events = disasters_for(request.user).order_by("-tanggal", "-pk")
    context = {"events": events, "form": form, "may_record": _may_record(request)}
    return render(request, "bencana/daftar.html", context, status=400 if form.errors else 200)


def _desa_choices(event: Bencana, request: HttpRequest) -> list[tuple[str, str]]:
    scope = scope_of(request.user)
    return [
        (r.kode, f"{r.nama} ({r.kode})")
        for r in event.desa.order_by("kode")
        if scope is not None and (scope.wilayah == "63" or r.kode.startswith(scope.wilayah + "."))
    ]


@viewer_required
def event_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    victims = victims_for(request.user, event)
    page = Paginator(victims.select_related("desa").order_by("pk"), PAGE_SIZE).get_page(
        request.GET.get("hal")
    )
    role = scope_of(request.user).role
    rows = [
        {"v": v, "nik": identifier_for(role, v.nik) if v.nik else "",
         "no_kk": identifier_for(role, v.no_kk) if v.no_kk else ""}
        for v in page.object_list
    ]  # fmt: skip
    served = set(event.penyaluran.values_list("kunci_keluarga", "barang"))
    items = policy.disaster_rules()["barang"]
    for row in rows:
        row["diterima"] = [items[b]["label"] for k, b in served if k == row["v"].kunci_keluarga]
    subjects = [(str(v.pk), v.nik or None) for v in page.object_list]
    record(request, Aksi.BACA, "korban_bencana", subjects or [(str(event.pk), None)])
    desa = _desa_choices(event, request)
    context = {
        "event": event, "report": sitrep(event, victims), "page": page, "rows": rows,
        "may_record": _may_record(request), "victim_form": VictimForm(desa=desa),
        "import_form": ImportForm(), "stock_form": StockForm(),
        "distribution_form": DistributionForm(), "tagana_form": TaganaForm(),
        "tagana": event.tagana.order_by("mulai", "pk"),
        "affected": event.desa.order_by("kode"),
        "is_open": event.status in policy.disaster_rules()["terbuka"],
        "steps": disaster_changes.steps(request.user, event),
        "notes": event.catatan.order_by("-pk")[:50],
        "may_correct": may(request.user, policy.disaster_rules()["peran"]["koreksi"]),
        "correction_form": VictimCorrectionForm(), "removal_form": VictimRemovalForm(),
        "stock_correction_form": StockCorrectionForm(),
    }  # fmt: skip
    return render(request, "bencana/bencana.html", context)


@viewer_required
@require_POST
def add_victim(request: HttpRequest, pk: int) -> HttpResponse:
    event = _posted_to(request, pk)
    form = VictimForm(request.POST, desa=_desa_choices(event, request))
    if not form.is_valid():
        raise incomplete(form)
    done = disaster.register(request.user, pk, [disaster.Victim(**form.cleaned_data)])
    if done.ditolak:
        messages.error(request, done.ditolak[0][1])
    else:
        record(request, Aksi.UBAH, "korban_bencana", [(str(pk), form.cleaned_data["nik"] or None)])
        linked = " dan tertaut ke registri" if done.tertaut else ""
        messages.success(request, f"Korban tercatat{linked}.")
    return redirect("web:bencana", pk=pk)


@viewer_required
@require_POST
def import_victims(request: HttpRequest, pk: int) -> HttpResponse:
    from django.conf import settings

    _posted_to(request, pk)
    if not _may_record(request):
        raise PermissionDenied("Peran Anda tidak dapat mencatat data bencana.")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        raise incomplete(form)
    uploaded = form.cleaned_data["berkas"]
    try:
        check_upload(uploaded, settings.UPLOAD_MAX_BYTES)
        path = store_upload(uploaded)
    except UploadRefusedError as exc:
        raise RefusedError("berkas", str(exc)) from None
    try:
        victims, refused = read_victims(path)
    except (ReadError, MissingColumnsError) as exc:
        raise RefusedError("berkas", str(exc)) from None
    finally:
        path.unlink(missing_ok=True)
    done = disaster.register(request.user, pk, victims)
    record(request, Aksi.UBAH, "korban_bencana", [(str(pk), v.nik or None) for v in victims]
           or [(str(pk), None)])  # fmt: skip
    problems = sorted(refused + [(r or 0, m) for r, m in done.ditolak])
    text = f"{done.jumlah} korban tercatat ({done.tertaut} tertaut ke registri)"
    if problems:
        shown = "; ".join(f"baris {r}: {m}" for r, m in problems[:10])
        text += f"; {len(problems)} baris ditolak — {shown}"
    messages.success(request, text + ".")
    return redirect("web:bencana", pk=pk)


@viewer_required
@require_POST
def add_stock(request: HttpRequest, pk: int) -> HttpResponse:
    _posted_to(request, pk)
    form = StockForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    disaster.receive_stock(request.user, pk, **form.cleaned_data)
    messages.success(request, "Stok tercatat.")
    return redirect("web:bencana", pk=pk)


@viewer_required
@require_POST
def distribute(request: HttpRequest, pk: int) -> HttpResponse:
    _posted_to(request, pk)
    form = DistributionForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    given = disaster.distribute(request.user, pk, **form.cleaned_data)
    record(request, Aksi.UBAH, "korban_bencana", [(str(given.korban_id), given.korban.nik or None)])
    messages.success(request, "Penyaluran tercatat.")
    return redirect("web:bencana", pk=pk)


@viewer_required
@require_POST
def deploy(request: HttpRequest, pk: int) -> HttpResponse:
    _posted_to(request, pk)
    form = TaganaForm(request.POST)
    if not form.is_valid():
        raise incomplete(form)
    disaster.deploy(request.user, pk, **form.cleaned_data)
    messages.success(request, "Penugasan Tagana tercatat.")
    return redirect("web:bencana", pk=pk)


@viewer_required
def sitrep_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    report = sitrep(event, victims_for(request.user, event))
    labels = report["label_kondisi"]
    per_desa = pl.DataFrame(
        [
            {
                "desa": r["desa_id"],
                "nama_desa": r["desa__nama"],
                "korban": r["jumlah"],
                "keluarga": r["keluarga"],
                **dict(zip(labels, r["per_kondisi"], strict=True)),
            }
            for r in report["per_desa"]
        ],
        schema={
            "desa": pl.Utf8,
            "nama_desa": pl.Utf8,
            "korban": pl.Int64,
            "keluarga": pl.Int64,
            **{label: pl.Int64 for label in labels},
        },
    )
    items = pl.DataFrame(report["barang"])
    summary = pl.DataFrame(
        {
            "keterangan": ["kejadian", "tanggal", "korban", "keluarga", "tagana"],
            "nilai": [
                event.nama,
                event.tanggal.isoformat(),
                str(report["korban"]),
                str(report["keluarga"]),
                str(report["tagana"]),
            ],
        }
    )
    return xlsx_response(
        {"ringkasan": summary, "korban_per_desa": per_desa, "logistik": items},
        f"sitrep-bencana-{event.pk}.xlsx",
    )
