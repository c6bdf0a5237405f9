""" "Unduh pekerjaan saya": a field worker's own households, their variables and members,
masked as the role's pages mask them, one audit row per person downloaded (purpose
"verifikasi lapangan"), and the download kept as the version visits are read against."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import hidden_fields, identifier_for
from datusoban.accounts.scope import required_scope, scoped
from datusoban.lapangan import caseload, catalogue, variables
from datusoban.lapangan.models import KunjunganLapangan, Unduhan
from datusoban.lapangan.work import households_for, worker_of
from datusoban.reference import vocab
from datusoban.registri.models import Person

PURPOSE = "verifikasi lapangan"
_RELATION = dict(vocab.HUBUNGAN_KELUARGA)
# Member fields the app shows, beside the name and identifier (health ones only to roles
# that may see them: masking.hidden_fields).
MEMBER_FIELDS = (
    "jenis_kelamin",
    "tanggal_lahir",
    "status",
    "disabilitas",
    "penyakit_kronis",
    "hamil",
)


def work_of(request) -> dict:
    """The download, as JSON-ready data; the download row and the audit rows are written in
    one transaction with it."""
    user = request.user
    scope = required_scope(user)
    hidden = hidden_fields(scope.role)
    households = list(households_for(user).select_related("wilayah"))
    ids = [h.pk for h in households]
    members: dict[int, list[Person]] = {}
    people = scoped(user, Person.objects.filter(household_id__in=ids)).order_by(
        "household_id", "pk"
    )
    for person in people:
        members.setdefault(person.household_id, []).append(person)
    pilar = worker_of(user)
    my_cases, case_subjects = caseload.open_cases(user)
    with transaction.atomic():
        unduhan = Unduhan.objects.create(pengguna=user, keluarga=ids)
        subjects = [(str(p.pk), p.nik) for group in members.values() for p in group]
        known = set(subjects)
        subjects += [s for s in case_subjects if s not in known]
        if subjects:
            record(request, Aksi.BACA, "orang", subjects, tujuan=PURPOSE,
                   rincian={"unduhan": unduhan.pk})  # fmt: skip
    return {
        "unduhan": unduhan.pk,
        "diunduh_pada": unduhan.diunduh_pada.isoformat(),
        "hari_luring": settings.LAPANGAN_HARI_LURING,
        "variabel": variables.described(),
        "status": list(KunjunganLapangan.Status.choices),
        # The entries besides visits, each None for a worker who does not record it.
        "kasus": catalogue.cases(scope, pilar, households),
        # The worker's own open cases and their referrals, to read without signal.
        "kasus_saya": my_cases,
        "p2k2": catalogue.p2k2(pilar, households),
        "bencana": catalogue.disasters(user, scope, pilar),
        "keluarga": [
            {
                "id": h.pk,
                "no_kk": identifier_for(scope.role, h.no_kk),
                "desa": h.wilayah.nama,
                "nilai": variables.values_of(h),
                "anggota": [_member(p, scope.role, hidden) for p in members.get(h.pk, [])],
            }
            for h in households
        ],
    }


def _member(person: Person, role, hidden: frozenset[str]) -> dict:
    shown = {
        "id": person.pk,
        "nama": person.nama,
        "nik": identifier_for(role, person.nik),
        "hubungan": _RELATION.get(person.hubungan_keluarga or "", ""),
    }
    for field in MEMBER_FIELDS:
        if field not in hidden:
            value = getattr(person, field)
            if Person._meta.get_field(field).choices and value:
                value = getattr(person, f"get_{field}_display")()  # a label, never a code
            shown[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return shown
