"""An office's XLSForm of the verification visit: the households of a kecamatan, or of one
field worker's work, within the office user's scope; kept as a download (``Unduhan``,
jenis xlsform) with the values as downloaded, which ODK does not send back; one audit row
per person the form names (purpose "verifikasi lapangan"), as the field app's download."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.scope import PROVINCE, required_scope, scoped
from datusoban.lapangan import variables
from datusoban.lapangan.download import PURPOSE
from datusoban.lapangan.models import Unduhan
from datusoban.lapangan.odk import form
from datusoban.lapangan.work import households_for
from datusoban.layanan.models import Pilar
from datusoban.layanan.models.network import Status as PilarStatus
from datusoban.reference.wilayah import name_of
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, Person


@dataclass(frozen=True)
class Exported:
    unduhan: Unduhan
    content: bytes
    filename: str


def writer(user):
    """The office user's scope, refused (403) for a role that may not change registry data."""
    scope = required_scope(user)
    if not scope.role.tulis:
        raise RefusedError(
            "tanpa_izin", "Peran Anda tidak dapat mengubah data registri; formulir ODK dan "
            "impor kirimannya hanya untuk operator.", 403,
        )  # fmt: skip
    return scope


def workers_for(user):
    """The active field workers of the user's region, for the choice of "one worker's work"."""
    scope = writer(user)
    rows = Pilar.objects.filter(status=PilarStatus.AKTIF, akun__isnull=False)
    rows = rows.filter(peran__in=(Pilar.Peran.PENDAMPING_PKH, Pilar.Peran.TKSK,
                                  Pilar.Peran.PSM, Pilar.Peran.TAGANA))  # fmt: skip
    if scope.wilayah != PROVINCE:
        rows = rows.filter(kode_kecamatan__startswith=scope.wilayah)
    return rows.order_by("nama", "pk")


def _households(request, kecamatan: str, pilar: int | None):
    user = request.user
    scope = writer(user)
    if pilar:
        worker = workers_for(user).filter(pk=pilar).first()
        if worker is None:
            raise RefusedError("tidak_ditemukan", "Petugas lapangan tidak ditemukan.", 404)
        ids = households_for(worker.akun).values_list("pk", flat=True)
        return scoped(user, Household.objects.filter(pk__in=list(ids))), worker.nama
    if not kecamatan or not (scope.wilayah == PROVINCE or kecamatan.startswith(scope.wilayah)):
        raise RefusedError(
            "tidak_ditemukan", "Kecamatan tidak ditemukan di wilayah Anda.", 404,
            field="kecamatan",
        )  # fmt: skip
    name = name_of(kecamatan)
    if name is None or kecamatan.count(".") != 2:
        raise RefusedError("tidak_ditemukan", "Kecamatan tidak dikenal.", 404, field="kecamatan")
    rows = scoped(user, Household.objects.filter(wilayah__parent_id=kecamatan))
    return rows, f"Kec. {name}"


def export(request, *, kecamatan: str = "", pilar: int | None = None) -> Exported:
    """The XLSForm of a kecamatan's households (or of worker ``pilar``'s), at most the
    field app's cap, written with its download and audit rows in one transaction."""
    user = request.user
    rows, title = _households(request, kecamatan, pilar)
    households = list(
        rows.select_related("wilayah").order_by("pk")[: settings.LAPANGAN_BATAS_KELUARGA]
    )
    if not households:
        raise RefusedError(
            "tanpa_keluarga", f"Tidak ada keluarga untuk {title} di wilayah Anda.", 422
        )
    ids = [h.pk for h in households]
    members: dict[int, list[Person]] = {}
    people = scoped(user, Person.objects.filter(household_id__in=ids)).order_by(
        "household_id", "pk"
    )
    for person in people:
        members.setdefault(person.household_id, []).append(person)
    choices, snapshot = [], {}
    for h in households:
        group = members.get(h.pk, [])
        head = next((p for p in group if p.hubungan_keluarga == "kepala"), None)
        head = head or (group[0] if group else None)
        values = variables.values_of(h)
        label = f"{head.nama if head else 'Tanpa anggota'} — {h.wilayah.nama}"
        if h.rt or h.rw:
            label += f" RT {h.rt or '-'}/RW {h.rw or '-'}"
        choices.append(form.Choice(
            h.pk, label, {f: form.shown_value(f, v) for f, v in values.items()},
            [p.nama for p in group],
        ))  # fmt: skip
        # The label too: KoBoToolbox's "labels" export writes it instead of the id.
        snapshot[str(h.pk)] = {"nilai": values, "anggota": [p.pk for p in group], "label": label}
    with transaction.atomic():
        unduhan = Unduhan.objects.create(
            pengguna=user, keluarga=ids, jenis=Unduhan.Jenis.XLSFORM, nilai=snapshot
        )
        subjects = [(str(p.pk), p.nik) for group in members.values() for p in group]
        if subjects:
            record(request, Aksi.EKSPOR, "orang", subjects, tujuan=PURPOSE,
                   rincian={"unduhan": unduhan.pk, "format": "xlsform"})  # fmt: skip
    content = form.workbook(unduhan.pk, f"Verifikasi lapangan {title} (unduhan {unduhan.pk})",
                            choices)  # fmt: skip
    return Exported(unduhan, content, f"verivali-{unduhan.pk}.xlsx")
