"""Registry search (DCI social-registry style): people by identifier or by predicate.

Every answer goes through the one scoping function, masks what the caller's
role may not see, and leaves an audit row per person returned.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from datusoban.accounts.found_people import page_values, shown
from datusoban.accounts.scope import scope_of, scoped
from datusoban.api.errors import responses
from datusoban.registry.models import Person
from datusoban.registry.search import has_condition, search_people

router = Router(tags=["registri"])
MAX_PAGE = 100


class SearchIn(Schema):
    """By identifier (nik, no_kk), by name, or by predicate; all given conditions apply."""

    nik: str | None = Field(None, pattern=r"^\d{16}$")
    no_kk: str | None = Field(None, pattern=r"^\d{16}$")
    nama: str | None = Field(None, min_length=3, max_length=200, description="ejaan apa pun")
    kode_wilayah: str | None = Field(None, pattern=r"^63(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
    jenis_kelamin: str | None = Field(None, pattern="^[LP]$")
    umur_min: int | None = Field(None, ge=0, le=130)
    umur_maks: int | None = Field(None, ge=0, le=130)
    anggota_min: int | None = Field(None, ge=1, le=50, description="ukuran keluarga")
    anggota_maks: int | None = Field(None, ge=1, le=50)
    halaman: int = Field(1, ge=1, le=100_000)  # far beyond any real result: bounds the offset
    per_halaman: int = Field(20, ge=1, le=MAX_PAGE)


class PersonOut(Schema):
    id: int
    nik: str | None
    nama: str
    jenis_kelamin: str
    tanggal_lahir: date | None
    no_kk: str | None
    kode_wilayah: str | None
    anggota_keluarga: int | None
    disabilitas: str | None = None
    penyakit_kronis: str | None = None


class SearchOut(Schema):
    jumlah: int
    halaman: int
    per_halaman: int
    data: list[PersonOut]


@router.get("/orang", response=responses({200: SearchOut}, 422))
def search(request: HttpRequest, q: Query[SearchIn]):
    """Cari orang di registri menurut NIK, No KK, nama (ejaan apa pun), wilayah, atau
    predikat (umur, jenis kelamin, ukuran keluarga). Hanya dalam cakupan pengguna."""
    scope = scope_of(request.user)
    if scope is None or not has_condition(q.dict()):
        # No condition at all would page through the whole registry: refuse.
        return {"jumlah": 0, "halaman": q.halaman, "per_halaman": q.per_halaman, "data": []}
    today = date.today()
    conditions = q.dict()
    found = search_people(scoped(request.user, Person.objects.all()), conditions, today)
    people = page_values(found, conditions)
    total = people.count()
    start = (q.halaman - 1) * q.per_halaman
    page = people[start : start + q.per_halaman]
    rows = shown(request, page, conditions)
    return {"jumlah": total, "halaman": q.halaman, "per_halaman": q.per_halaman, "data": rows}
