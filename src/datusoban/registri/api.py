"""Registry search (DCI social-registry style): people by identifier or by predicate.

A search by NIK or No KK is posted, the conditions in the request body: query strings
end up in access logs. Names and predicates may also be asked for in the query string.

Every answer goes through the one scoping function, masks what the caller's
role may not see, and leaves an audit row per person returned.
"""

from __future__ import annotations

import re
from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from datusoban.accounts.found_people import COUNT_LIMIT, found, shown
from datusoban.accounts.scope import scope_of
from datusoban.api.errors import responses
from datusoban.api.schemas import whole
from datusoban.formatting import angka
from datusoban.registri.search import has_condition

router = Router(tags=["registri"])
MAX_PAGE = 100


# Numbers a search takes: an age in years, a family's size, a page and its length.
Age = whole(0, 130)
FamilySize = whole(1, 50)
Page = whole(1, 100_000)  # far beyond any real result: it bounds the offset
PerPage = whole(1, MAX_PAGE)


class PredicateIn(Schema):
    """By name or by predicate; all given conditions apply."""

    nama: str | None = Field(
        None, min_length=3, max_length=200,
        description="sebagian nama pun, kata dalam urutan dan ejaan apa pun; hasil terbaik "
        "lebih dahulu; paling sedikit satu kata 3 huruf atau lebih",
    )  # fmt: skip
    kode_wilayah: str | None = Field(None, pattern=r"^63(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
    jenis_kelamin: str | None = Field(None, pattern="^[LP]$")
    umur_min: Age | None = None
    umur_maks: Age | None = None
    anggota_min: FamilySize | None = Field(None, description="ukuran keluarga")
    anggota_maks: FamilySize | None = None
    halaman: Page = 1
    per_halaman: PerPage = 20


class SearchIn(PredicateIn):
    """By identifier (nik, no_kk), by name, or by predicate; all given conditions apply."""

    nik: str | None = Field(None, pattern=r"^\d{16}$")
    no_kk: str | None = Field(None, pattern=r"^\d{16}$")


class PersonOut(Schema):
    id: int
    nik: str | None
    nama: str
    jenis_kelamin: str
    tanggal_lahir: date | None
    no_kk: str | None
    kode_wilayah: str | None
    desa_kelurahan: str | None = Field(None, description="nama desa/kelurahan")
    kabupaten_kota: str | None = Field(None, description="nama kabupaten/kota")
    anggota_keluarga: int | None
    disabilitas: str | None = None
    penyakit_kronis: str | None = None


class SearchOut(Schema):
    jumlah: int
    jumlah_lebih: bool = Field(
        False,
        description="true: ditemukan lebih dari `jumlah` orang (pencarian nama berhenti "
        f"menghitung pada {angka(COUNT_LIMIT)}); persempit syaratnya",
    )
    halaman: int
    per_halaman: int
    data: list[PersonOut]


def _search(request: HttpRequest, q: PredicateIn) -> dict:
    scope = scope_of(request.user)
    conditions = q.dict()
    if scope is None or not has_condition(conditions):
        # No condition at all would page through the whole registry: refuse.
        return {"jumlah": 0, "halaman": q.halaman, "per_halaman": q.per_halaman, "data": []}
    people = found(request.user, conditions, date.today())
    total = people.count()
    start = (q.halaman - 1) * q.per_halaman
    page = people[start : start + q.per_halaman]
    rows = [
        {**r, "desa_kelurahan": r["wilayah"], "kabupaten_kota": r["kabkota"]}
        for r in shown(request, page, conditions)
    ]
    return {"jumlah": total, "jumlah_lebih": people.more, "halaman": q.halaman,
            "per_halaman": q.per_halaman, "data": rows}  # fmt: skip


@router.post("/orang/cari", response=responses({200: SearchOut}, 400, 403, 422))
def search(request: HttpRequest, body: SearchIn):
    """Cari orang di registri menurut NIK, No KK, nama (ejaan apa pun), wilayah, atau
    predikat (umur, jenis kelamin, ukuran keluarga), syarat dalam badan permintaan (JSON).
    Hanya dalam cakupan pengguna."""
    return _search(request, body)


# An address ends up in access logs (the server's, a proxy's): a NIK or No KK travels in
# the body of POST /orang/cari, never in a query string. Names and predicates may still
# be asked for here; an identifier (or any 16-digit number) is refused, so that no
# caller relies on it.
IDENTIFIER_IN_ADDRESS = {
    "kode": "pengenal_di_alamat",
    "pesan": "NIK dan No KK tidak diterima di alamat (alamat tercatat di log akses). Kirim "
    "syarat pencarian sebagai JSON dalam badan POST /api/v1/registri/orang/cari, "
    'mis. {"nik": "…"}.',
}


@router.get("/orang", response=responses({200: SearchOut}, 400, 422))
def search_by_predicate(request: HttpRequest, q: Query[PredicateIn]):
    """Cari orang menurut nama (ejaan apa pun), wilayah, atau predikat, syarat di alamat.
    Pencarian menurut NIK atau No KK: POST /api/v1/registri/orang/cari."""
    query = request.META.get("QUERY_STRING", "")
    if "nik" in request.GET or "no_kk" in request.GET or re.search(r"\d{16}", query):
        return Status(400, IDENTIFIER_IN_ADDRESS)
    return _search(request, q)
