"""The data-subject report: everything Datu Soban holds about one NIK, and every
recorded touch of it (UU 27/2022 Art. 5-13: the right to know; Art. 31: the
record of processing). Read from every app that keeps personal data."""

from __future__ import annotations

import json
from datetime import datetime

import polars as pl
from django.db.models import Q
from django.utils import timezone

from datusoban.accounts.models import JejakAudit
from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.ingest.models import DuplicateRow, QuarantinedRow
from datusoban.registry.models import Person, PersonPPKS, SourceRecord

PERSON_FIELDS = (
    "id", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan_keluarga", "household__no_kk", "household__wilayah_id",
    "disabilitas", "penyakit_kronis", "status", "dibuat_pada", "diubah_pada",
)  # fmt: skip


def may_read(scope: Scope | None) -> bool:
    """Whether a user of ``scope`` may get the report: it spans every region and every
    kind of data, so only roles that may read the audit trail, province-wide."""
    return scope is not None and scope.role.audit and scope.wilayah == PROVINCE


def _rows(queryset, fields: tuple[str, ...]) -> list[dict]:
    return [{k.replace("__", "_"): v for k, v in row.items()} for row in queryset.values(*fields)]


def subject_report(nik: str) -> dict[str, list[dict]]:
    """Sections (name → rows) of everything held about ``nik``: the golden records,
    the source rows as received (accepted, quarantined, repeated), PPKS history,
    and the audit trail of that NIK in time order."""
    persons = Person.objects.filter(nik=nik)
    person_ids = list(persons.values_list("pk", flat=True))
    records = SourceRecord.objects.filter(Q(nik=nik) | Q(person_id__in=person_ids))
    held = QuarantinedRow.objects.filter(nik=nik)
    repeated = DuplicateRow.objects.filter(nik=nik)
    return {
        "orang": _rows(persons, PERSON_FIELDS),
        "rekaman_sumber": _rows(
            records.order_by("batch__mulai", "nomor_baris"),
            (
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
                "batch__source__nama",
                "batch__nama_berkas",
                "nomor_baris",
                "alasan",
                "status",
                "data",
            ),
        ),
        "duplikat": _rows(
            repeated.order_by("pk"), ("batch__nama_berkas", "nomor_baris", "duplikat_dari", "data")
        ),
        "ppks": _rows(
            PersonPPKS.objects.filter(person_id__in=person_ids).order_by("mulai"),
            ("person_id", "kategori__nama", "mulai", "selesai", "source_record_id"),
        ),
        "jejak_audit": _rows(
            JejakAudit.objects.filter(nik=nik).order_by("waktu", "pk"),
            ("waktu", "nama_pengguna", "aksi", "objek", "objek_id", "tujuan", "alamat_ip"),
        ),
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
