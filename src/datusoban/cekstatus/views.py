"""The public status check page, /cek-status/: no login, no menu, nothing that identifies."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from datusoban.accounts.audit import Aksi, record
from datusoban.cekstatus import lookup, throttle
from datusoban.cekstatus.regions import steps
from datusoban.refusal import RefusedError
from datusoban.usulpublik import token
from datusoban.web import labels

PILIH_DESA = "Pilih kabupaten/kota, kecamatan dan desa/kelurahan lebih dulu."
# Seconds a refused client is told to wait: the throttle's window.
RETRY_AFTER = int(throttle.WINDOW.total_seconds())


@require_http_methods(["GET", "POST"])
def cek_status(request: HttpRequest) -> HttpResponse:
    """Choosing the region (GET, a step a reload) and asking by name (POST: the name of
    the person looked up stays out of addresses, logs and the browser's history)."""
    posted = request.method == "POST"
    chosen = steps(request.POST if posted else request.GET)
    context: dict = {"langkah": chosen, "nama": "", "terlalu_banyak": lookup.TERLALU_BANYAK}
    status = 200
    if posted:
        context["nama"] = request.POST.get("nama", "")[: lookup.MAX_LENGTH + 1]
        try:
            context["hasil"] = _ask(request, chosen.desa, context["nama"])
        except RefusedError as refused:
            status = refused.status if refused.status == 429 else 200
            context["galat_nama" if refused.field == "nama" else "galat"] = refused.pesan
    response = render(request, "cekstatus/cek_status.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(RETRY_AFTER)
    if posted:
        add_never_cache_headers(response)
    return response


def _ask(request: HttpRequest, desa: str, nama: str) -> dict:
    """The answer to one query, counted by the throttle and written to the audit trail:
    the desa, how many were shown and the client's hash, never its address; one row per
    person shown (their data was read), one without a subject when nobody was."""
    if not desa:
        raise RefusedError("desa_wajib", PILIH_DESA)
    words = lookup.name_words(nama)  # a refused name reads nothing and is not counted
    throttle.check(request)
    answer = lookup.check(desa, nama, date.today())
    record(
        request,
        Aksi.CARI,
        "orang",
        answer.subjek or [("", None)],
        rincian={
            "layanan": "cek_status",
            "wilayah": desa,
            "jumlah": len(answer.orang),
            "terlalu_banyak": answer.terlalu_banyak,
            "klien": throttle.client_key(request),
        },
        hide_address=True,
    )
    return {
        "desa": labels.region_name(desa),
        "terlalu_banyak": answer.terlalu_banyak,
        "orang": [
            {
                "nama": found.nama,
                "umur": found.umur,
                "program": [
                    (labels.programme_short(p.nama), p.status, p.periode) for p in found.program
                ],
                # To object to them (usulpublik): opaque, signed, short-lived; no id.
                "token": token.make(int(pk), desa, words),
            }
            for found, (pk, _) in zip(answer.orang, answer.subjek, strict=True)
        ],
    }
