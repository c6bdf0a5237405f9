"""A person's page and a family's page: golden values with their provenance, household and
members, the source rows behind them and the PPKS history; everything through the one
scoping function (out of scope: 404), masked as the role says, and every view recorded."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import hidden_fields, identifier_for
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import scope_of, scoped
from datusoban.formatting import tanggal_pendek
from datusoban.lapangan import variables as field_variables
from datusoban.lapangan.models import KunjunganLapangan
from datusoban.lapangan.source import visit_date
from datusoban.program.history import history
from datusoban.program.queries import enrolments_of, enrolments_of_household
from datusoban.reference.models import Region
from datusoban.registri.models import Household, Person, PersonPPKS, SourceRecord
from datusoban.registri.views.golden_origin import origin_text
from datusoban.sasaran.views.eligibility import programme_links
from datusoban.usulan.status import proposals_about
from datusoban.web.disclosure import ppks_visible, received_values
from datusoban.web.permissions import viewer_required

# Golden fields shown on the person page, in order: (field, label).
_GOLDEN = (
    ("nama", "Nama"), ("jenis_kelamin", "Jenis kelamin"), ("tempat_lahir", "Tempat lahir"),
    ("tanggal_lahir", "Tanggal lahir"), ("nama_ibu_kandung", "Nama ibu kandung"),
    ("hubungan_keluarga", "Hubungan dalam keluarga"), ("status", "Status"),
    ("pendidikan", "Pendidikan tertinggi"), ("sekolah", "Jenjang sekolah saat ini"),
    ("pekerjaan", "Pekerjaan"), ("disabilitas", "Disabilitas"),
    ("disabilitas_berat", "Disabilitas berat"), ("penyakit_kronis", "Penyakit kronis"),
    ("hamil", "Hamil"),
)  # fmt: skip


def _display(person: Person, field: str) -> object:
    value = getattr(person, field)
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    getter = getattr(person, f"get_{field}_display", None)
    return getter() if getter and value else value


def _origin(person: Person, field: str, sources: dict[int, dict]) -> str:
    """Where a golden value came from and why (web.golden_origin). Empty for fields
    survivorship does not choose (status, schooling, ...) and for people loaded with their
    fields already decided."""
    return origin_text((person.asal_data or {}).get(field), field, sources)


def _golden(role: Role, person: Person, sources: list[dict]) -> list[tuple[str, object, str]]:
    """(label, value, origin) of every golden field the role may see."""
    hidden = hidden_fields(role)
    by_id = {s["id"]: s for s in sources}
    return [
        (label, _display(person, f), _origin(person, f, by_id))
        for f, label in _GOLDEN
        if f not in hidden
    ]


def _members(request: HttpRequest, household: Household) -> list[Person]:
    """The household's current members the user may see (children only for roles
    with ``data_anak``: the scoping function decides)."""
    return list(scoped(request.user, Person.objects.filter(household=household)).order_by("pk"))


def _member_rows(role: Role, people: list[Person]) -> list[dict]:
    return [
        {
            "id": p.pk,
            "nik": identifier_for(role, p.nik),
            "nama": p.nama,
            "jenis_kelamin": p.jenis_kelamin,
            "tanggal_lahir": p.tanggal_lahir,
            "hubungan": p.get_hubungan_keluarga_display() if p.hubungan_keluarga else "",
        }
        for p in people
    ]


def kabkota_name(household: Household | None) -> str:
    if household is None:
        return ""
    names = Region.objects.filter(kode=household.kode_kabkota).values_list("nama", flat=True)
    return names.first() or ""


def _sources(request: HttpRequest, role: Role, person: Person) -> list[dict]:
    records = (
        scoped(request.user, SourceRecord.objects.filter(person=person))
        .select_related("batch__source")
        .order_by("batch__mulai", "nomor_baris")
    )
    return [
        {
            "id": r.pk,
            "sumber": r.batch.source.nama,
            "berkas": r.batch.nama_berkas,
            "batch_id": r.batch_id,
            "baris": r.nomor_baris,
            "diimpor": r.batch.mulai,
            "oleh": r.batch.diimpor_oleh,
            "nilai": received_values(role, r.data, (r.batch.laporan or {}).get("kolom_dipakai")),
            # The row's own values of the fields a quality flag can pass over, masked as
            # the golden ones are.
            "bidang": {
                "nik": identifier_for(role, r.nik),
                "nama": r.nama,
                "jenis_kelamin": r.jenis_kelamin,
                "tanggal_lahir": tanggal_pendek(r.tanggal_lahir) if r.tanggal_lahir else "",
            },
        }
        for r in records
    ]


def _field_visits(household: Household) -> list[dict]:
    """The household's accepted field visits, latest first: where its socio-economic values
    came from (no survivorship chooses them; each accepted visit wrote what it found)."""
    visits = (
        KunjunganLapangan.objects.filter(
            household=household, verifikasi=KunjunganLapangan.Verifikasi.DITERIMA
        )
        .select_related("petugas")
        .order_by("-diputus_pada", "-pk")
    )
    return [
        {
            "v": v,
            "tanggal": visit_date(v),
            "petugas": v.petugas.get_full_name() or v.petugas.get_username(),
            "nilai": [field_variables.label(f) for f in v.berubah],
        }
        for v in visits
    ]


def _ppks(role: Role, person: Person) -> tuple[list[PersonPPKS], int]:
    """The PPKS history the role may see, and how many entries it may not."""
    history = list(
        PersonPPKS.objects.filter(person=person).select_related("kategori").order_by("mulai", "pk")
    )
    shown = [p for p in history if ppks_visible(role, p.kategori)]
    return shown, len(history) - len(shown)


@viewer_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: golden values, family, source rows as received, PPKS history."""
    person = get_object_or_404(
        scoped(request.user, Person.objects.select_related("household__wilayah")), pk=pk
    )
    role = scope_of(request.user).role
    household = person.household
    members = _members(request, household) if household else []
    ppks, ppks_hidden = _ppks(role, person)
    sources = _sources(request, role, person)
    context = {
        "person": person,
        "nik": identifier_for(role, person.nik),
        "nik_origin": _origin(person, "nik", {s["id"]: s for s in sources}),
        "golden": _golden(role, person, sources),
        "household": household,
        "no_kk": identifier_for(role, household.no_kk) if household else None,
        "kabkota": kabkota_name(household),
        "members": _member_rows(role, members),
        "sources": sources,
        "programs": history(enrolments_of(person)),
        "eligibility": programme_links(),
        "ppks": ppks,
        "ppks_hidden": ppks_hidden,
        "usulan": proposals_about(request.user, person=person),
    }
    # The family shown beside the person is read too: one row for each of them.
    shown = [person, *(m for m in members if m.pk != person.pk)]
    record(request, Aksi.BACA, "orang", [(str(p.pk), p.nik) for p in shown])
    return render(request, "registri/orang.html", context)


@viewer_required
def household_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One family: its card, address and the members the user may see."""
    household = get_object_or_404(
        scoped(request.user, Household.objects.select_related("wilayah")), pk=pk
    )
    role = scope_of(request.user).role
    members = _members(request, household)
    context = {
        "household": household,
        "no_kk": identifier_for(role, household.no_kk),
        "kabkota": kabkota_name(household),
        "members": _member_rows(role, members),
        "programs": history(
            enrolments_of_household(household), members={m.pk: m.nama for m in members}
        ),
        "eligibility": programme_links(),
        "usulan": proposals_about(request.user, household=household),
        "kunjungan": _field_visits(household),
    }
    # One row per member shown, with their NIK, so each one's report lists this view.
    subjects = [(str(household.pk), m.nik) for m in members] or [(str(household.pk), None)]
    record(request, Aksi.BACA, "keluarga", subjects)
    return render(request, "registri/keluarga.html", context)
