"""The data-subject report: everything Datu Soban holds about one NIK, and every
recorded touch of it (UU 27/2022 Art. 5-13: the right to know; Art. 31: the
record of processing). Read from every app that keeps personal data.

The reader sees it as their role allows (accounts/data/roles.toml), as on every other
page: the NIK they typed is their own input, but every other identifier (No. KK, the
identifiers inside rows as received) is masked without ``nik_penuh``; health fields,
columns beyond the plain interchange fields and specific PPKS categories are hidden
without ``data_kesehatan``; and without ``data_anak`` a subject who is a child (by any
birth date held) is reported only as rows held, not their content. What was withheld,
and why, is a section of the report (``tidak_ditampilkan``)."""

from __future__ import annotations

import json
from datetime import datetime

import polars as pl
from django.db.models import Q
from django.utils import timezone

from datusoban.accounts.masking import HEALTH_FIELDS, identifier_for
from datusoban.accounts.models import AuditEvent
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import PROVINCE, Scope, children_born_after
from datusoban.impor.models import DuplicateRow, QuarantinedRow
from datusoban.impor.received import HIDDEN_TEXT, received_values
from datusoban.reference.models import KategoriPPKS
from datusoban.registri.models import ImportBatch, Person, PersonPPKS, SourceRecord
from datusoban.subjek.disclosure import ppks_visible

PERSON_FIELDS = (
    "id", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan_keluarga", "household__no_kk", "household__wilayah_id",
    "disabilitas", "disabilitas_berat", "penyakit_kronis", "hamil", "status", "dibuat_pada",
    "diubah_pada",
)  # fmt: skip


def may_read(scope: Scope | None) -> bool:
    """Whether a user of ``scope`` may get the report: it spans every region and every
    kind of data, so only roles that may read the audit trail, province-wide."""
    return scope is not None and scope.role.audit and scope.wilayah == PROVINCE


def _rows(queryset, fields: tuple[str, ...]) -> list[dict]:
    return [{k.replace("__", "_"): v for k, v in row.items()} for row in queryset.values(*fields)]


def subject_report(nik: str, role: Role) -> dict[str, list[dict]]:
    """Sections (name → rows) of everything held about ``nik``, as a reader of ``role`` may
    see it: the golden records, the source rows as received (accepted, quarantined,
    repeated), PPKS history, the audit trail of that NIK in time order, and what was
    withheld from this role."""
    persons = Person.objects.filter(nik=nik)
    person_ids = list(persons.values_list("pk", flat=True))
    records = SourceRecord.objects.filter(Q(nik=nik) | Q(person_id__in=person_ids))
    held = QuarantinedRow.objects.filter(nik=nik)
    repeated = DuplicateRow.objects.filter(nik=nik)
    report = {
        "orang": _rows(persons, PERSON_FIELDS),
        "rekaman_sumber": _rows(
            records.order_by("batch__mulai", "nomor_baris"),
            (
                "batch_id",
                "batch__source__nama",
                "batch__nama_berkas",
                "batch__mulai",
                "nomor_baris",
                "record_id",
                "person_id",
                "data",
            ),
        ),
        "karantina": _rows(
            held.order_by("pk"),
            (
                "batch_id",
                "batch__source__nama",
                "batch__nama_berkas",
                "nomor_baris",
                "alasan",
                "status",
                "data",
            ),
        ),
        "duplikat": _rows(
            repeated.order_by("pk"),
            ("batch_id", "batch__nama_berkas", "nomor_baris", "duplikat_dari", "data"),
        ),
        "ppks": _rows(
            PersonPPKS.objects.filter(person_id__in=person_ids).order_by("mulai"),
            ("person_id", "kategori_id", "kategori__nama", "mulai", "selesai", "source_record_id"),
        ),
        "jejak_audit": _rows(
            AuditEvent.objects.filter(nik=nik).order_by("waktu", "pk"),
            ("waktu", "nama_pengguna", "aksi", "objek", "objek_id", "tujuan", "alamat_ip"),
        ),
    }
    is_child = _is_child(persons, records, held)
    return _as_seen(report, role, is_child)


# The sections that hold the subject's personal data (the audit trail holds who touched it).
PERSONAL = ("orang", "rekaman_sumber", "karantina", "duplikat", "ppks")


def _is_child(persons, records, held) -> bool:
    """Whether any birth date held for the subject makes them a child today."""
    after = children_born_after()
    return any(q.filter(tanggal_lahir__gt=after).exists() for q in (persons, records, held))


def _as_seen(report: dict[str, list[dict]], role: Role, is_child: bool) -> dict[str, list[dict]]:
    """``report`` masked and narrowed as ``role`` may see it (see the module)."""
    withheld = []
    if is_child and not role.data_anak:
        for name in PERSONAL:
            if report[name]:
                withheld.append({"bagian": name, "baris": len(report[name]),
                                 "alasan": "data anak: tidak untuk peran Anda"})  # fmt: skip
            report[name] = []
    mappings = _mappings(report)
    for person in report["orang"]:
        person["household_no_kk"] = identifier_for(role, person["household_no_kk"])
        for health in HEALTH_FIELDS:
            if health in person and not role.data_kesehatan:
                person[health] = HIDDEN_TEXT if person[health] else None
    for name in ("rekaman_sumber", "karantina", "duplikat"):
        for row in report[name]:
            batch = row.pop("batch_id")
            row["data"] = dict(received_values(role, row["data"], mappings.get(batch)))
    shown_ppks = []
    categories = KategoriPPKS.objects.in_bulk({r["kategori_id"] for r in report["ppks"]})
    for row in report["ppks"]:
        if ppks_visible(role, categories[row.pop("kategori_id")]):
            shown_ppks.append(row)
    if len(shown_ppks) < len(report["ppks"]):
        withheld.append({"bagian": "ppks", "baris": len(report["ppks"]) - len(shown_ppks),
                         "alasan": "kategori data spesifik: tidak untuk peran Anda"})  # fmt: skip
    report["ppks"] = shown_ppks
    report["tidak_ditampilkan"] = withheld
    return report


def _mappings(report: dict[str, list[dict]]) -> dict[int, dict | None]:
    """Each batch's canonical field → header map (its quality report keeps it)."""
    batches = {r["batch_id"] for name in ("rekaman_sumber", "karantina", "duplikat")
               for r in report[name]}  # fmt: skip
    return {
        pk: (laporan or {}).get("kolom_dipakai")
        for pk, laporan in ImportBatch.objects.filter(pk__in=batches).values_list("pk", "laporan")
    }


def _cells(row: dict) -> dict:
    """A report row as spreadsheet cells: nested values as JSON text, times as
    local (WITA) wall-clock time, which is what Excel can show."""
    cells = {}
    for key, value in row.items():
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, datetime) and value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        cells[key] = value
    return cells


def report_sheets(report: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    """``subject_report``'s sections as tables, one sheet each (an empty section keeps
    its sheet, so the reader sees that nothing of that kind is held)."""
    return {
        name: pl.DataFrame([_cells(r) for r in rows], infer_schema_length=None)
        if rows
        else pl.DataFrame({"kosong": []})
        for name, rows in report.items()
    }
