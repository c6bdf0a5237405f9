"""A quarantined row corrected on screen, or dismissed, one row at a time.

The edited row goes the import's way, so that no second set of rules exists: it is made
a table of text as a file is read (``reading.assemble``: blank cells, invisible
characters, the cell limit), mapped by the batch's profile (``mapping.map_table``: region
names, PPKS names, formula cells) and checked by the same rules (``rules.validate``) in
the same context (``services.rule_context``). The rules that compare rows see the rows of
the batch already accepted under the same record id or NIK, placed before it, as in the
file: a corrected row that reuses the record id of another person is refused as it
would have been.

An accepted row becomes a SourceRecord of its own batch (under its row number, which no
record of the batch holds: every row of a file ends in one place), the quarantined row
is closed as corrected by that batch, and the open rows of other batches of the source
with its record id are closed as a re-submitted row closes them
(``services.close_resubmitted``); a withdrawal of the batch takes all of it back. A row
still invalid keeps the edit, with its new reasons. A row that cannot be fixed is
dismissed (``tolak``) with a reason. Each step is one transaction with its audit row
(before and after); the batch's counts stay those of the import, as the file was.

Who may: whoever may import under the batch's source (``authority.check_import``: the
role's ``tulis`` and a region covering the source's kab/kota); which rows they see and
how (masked, health columns withheld) as for the export (quarantine.py, received.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date

import polars as pl
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import Scope
from datusoban.impor.authority import ImportNotAllowedError, check_import
from datusoban.impor.mapping import map_table, row_json
from datusoban.impor.models import QuarantinedRow
from datusoban.impor.profiles import (
    CANONICAL,
    Profile,
    UnknownProfileError,
    find_header,
    profile_by_name,
)
from datusoban.impor.quarantine import scoped_rows
from datusoban.impor.reading import ReadError
from datusoban.impor.reading.table import assemble
from datusoban.impor.received import received_values, withheld
from datusoban.impor.rules import RULES
from datusoban.impor.rules.formulas import OTHER
from datusoban.impor.rules.validate import validate
from datusoban.impor.services import close_resubmitted, quarantine_rows, record_rows, rule_context
from datusoban.refusal import RefusedError
from datusoban.registri.models import ImportBatch, SourceRecord
from datusoban.registri.records import store_source_records

# What the audit trail says the rows were read and changed for.
TUJUAN = "Perbaikan baris karantina"
OBJEK = "baris_karantina"
# Accepted rows of the batch read beside the edited one for the rules that compare rows.
NEIGHBOURS = 50
REASON_LENGTH = 500
_FORMULA = "rumus_excel_"
LABELS = {
    "record_id": "ID rekaman", "nik": "NIK", "no_kk": "No. KK", "nama": "Nama",
    "jenis_kelamin": "Jenis kelamin", "tempat_lahir": "Tempat lahir",
    "tanggal_lahir": "Tanggal lahir", "nama_ibu_kandung": "Nama ibu kandung",
    "hubungan_keluarga": "Hubungan keluarga", "alamat": "Alamat", "rt": "RT", "rw": "RW",
    "kode_wilayah": "Kode wilayah", "ppks": "Kategori PPKS",
}  # fmt: skip


def check_correct(user, batch: ImportBatch) -> Scope:
    """The user's scope when they may correct ``batch``'s rows; else the refusal (403)."""
    try:
        scope = check_import(user, batch.source)
    except ImportNotAllowedError as exc:
        raise RefusedError(exc.code, str(exc), 403) from exc
    if batch.status != ImportBatch.Status.SELESAI:
        raise RefusedError(
            "batch_tidak_selesai",
            f"Batch {batch.pk} tidak selesai diimpor atau sudah ditarik: barisnya tidak dapat "
            "diperbaiki.",
            409,
        )
    return scope


def _profile(batch: ImportBatch) -> Profile:
    try:
        return profile_by_name(batch.profil)
    except UnknownProfileError as exc:
        raise RefusedError(
            "profil_tidak_dikenal",
            f"{exc} Baris batch ini tidak dapat diperbaiki di layar; perbaiki lewat berkas "
            "ekspor karantina dan unggah ulang dengan profil yang ada.",
            409,
        ) from exc


def mapping_of(batch: ImportBatch, profile: Profile, headers: list[str]) -> dict[str, str]:
    """Field → header as the import used it (the batch's report keeps it), else as the
    profile finds it in the row's headers (batches imported before the report kept it)."""
    return (batch.laporan or {}).get("kolom_dipakai") or profile.match(headers)


@dataclass(frozen=True)
class Field:
    """A value of the row that may be edited: the file's column and what it means."""

    name: str  # the form's name for it
    header: str  # the file's column
    field: str  # the interchange field (or the profile's own) it fills
    label: str
    shown: str  # the value as the role sees it (masked)


def editable(role: Role, batch: ImportBatch, row: QuarantinedRow) -> list[Field]:
    """The row's values ``role`` may edit: the columns the batch's profile maps (the
    interchange fields, then the profile's own; the region name columns when the region
    is read from names), in that order, except those withheld from the role."""
    profile = _profile(batch)
    data = row.data or {}
    headers = list(data)
    found = profile.match(headers)
    used = mapping_of(batch, profile, headers)
    hidden = withheld(role, data, used)
    shown = dict(received_values(role, data, used))
    order = [f for f in CANONICAL if f in found] + [f for f in found if f not in CANONICAL]
    pairs = [(f, found[f]) for f in order]
    if "kode_wilayah" not in found:
        pairs += [("kode_wilayah", h) for h in _region_names(profile, headers, found)]
    fields = []
    for name, header in pairs:
        if header in hidden:
            continue
        label = LABELS.get(name, name.replace("_", " ").capitalize())
        fields.append(
            Field(f"kolom_{len(fields)}", header, name, f"{label} ({header})", shown[header])
        )
    return fields


def _region_names(profile: Profile, headers: list[str], found: dict[str, str]) -> list[str]:
    """The region name columns the region code is read from, when no column holds it."""
    if "kode_wilayah" in found:
        return []
    names = [find_header(headers, [c]) for c in profile.wilayah_dari_nama]
    return [h for h in names if h and h not in found.values()]


def has_formulas(row: QuarantinedRow) -> bool:
    """Whether a reason of the row is a cell that held an Excel formula."""
    return any(code.startswith(_FORMULA) for code in row.alasan)


def version(row: QuarantinedRow) -> str:
    """A token of the row as a form showed it: a form of a row changed since is refused."""
    content = json.dumps([row.data, row.alasan, row.status], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()[:20]


def reasons_by_header(codes: list[str], fields: list[Field]) -> dict[str, list[str]]:
    """Each reason's message next to the column it is about (``""``: the row as a whole,
    or a column the form does not show)."""
    by_field: dict[str, str] = {}
    for f in fields:
        by_field.setdefault(f.field, f.header)
    placed: dict[str, list[str]] = {}
    for code in codes:
        rule = RULES.get(code)
        message = rule.message if rule else code
        header = by_field.get(rule.field, "") if rule else ""
        placed.setdefault(header, []).append(message)
    return placed


@dataclass
class Outcome:
    status: str  # "diterima", "peringatan" or "karantina" (still invalid)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record_id: int | None = None  # the SourceRecord made
    closed_elsewhere: int = 0  # open rows of other batches closed with it

    @property
    def accepted(self) -> bool:
        return self.status != "karantina"

    def message(self, row: QuarantinedRow) -> str:
        if not self.accepted:
            return (
                f"Baris {row.nomor_baris} masih belum memenuhi aturan impor: perubahan "
                "disimpan, alasannya diperbarui di bawah."
            )
        text = f"Baris {row.nomor_baris} diterima dan masuk ke rekaman batch ini"
        if self.warnings:
            text += " dengan peringatan: " + " ".join(RULES[c].message for c in self.warnings)
        if self.closed_elsewhere:
            text += (
                f"; {self.closed_elsewhere} baris karantina batch lain dengan ID rekaman yang "
                "sama ikut ditutup"
            )
        return text + "."


def correct(
    batch: ImportBatch,
    row_id: int,
    values: dict[str, str],
    *,
    token: str,
    user,
    request=None,
    as_of: date | None = None,
    formulas_checked: bool = False,
) -> Outcome:
    """Check row ``row_id`` of ``batch`` with the edited ``values`` (form name → text, as
    :func:`editable` names them) by the import's rules; accept it into the batch or keep it
    with its new reasons, in one transaction with its audit row. Raises RefusedError, with
    nothing stored, when the user may not, the row is closed or changed since ``token``,
    or the edited row cannot be read or repeats an accepted one. A cell that held an Excel
    formula and is sent unchanged is held as one again, unless ``formulas_checked`` (the
    user says they checked such values)."""
    scope = check_correct(user, batch)
    with transaction.atomic():
        # Locked: a second submission of the same row, or an import closing it, waits.
        row = scoped_rows(user, batch).select_for_update().filter(pk=row_id).first()
        _check_open(row, token)
        before = dict(row.data or {})
        fields = editable(scope.role, batch, row)
        after = dict(before)
        for f in fields:
            sent = values.get(f.name)
            # A value sent back as shown is unchanged: a masked NIK stays the NIK.
            if sent is not None and sent != f.shown:
                after[f.header] = sent
        checked = check_values(batch, row, after, as_of=as_of, formulas=not formulas_checked)
        outcome = _apply(batch, row, checked, after, user)
        changed = {h: (before.get(h), after.get(h)) for h in after if before.get(h) != after.get(h)}
        niks = sorted({row.nik, _nik_of(checked)} - {None, ""}) or [None]
        record(
            request, Aksi.UBAH, OBJEK, [(str(row.pk), n) for n in niks], tujuan=TUJUAN, user=user,
            rincian={
                "tindakan": "perbaiki", "batch": batch.pk, "baris": row.nomor_baris,
                "hasil": outcome.status, "alasan": outcome.errors,
                "peringatan": outcome.warnings, "rekaman_sumber": outcome.record_id,
                "ditutup_di_batch_lain": outcome.closed_elsewhere,
                "sebelum": {h: old for h, (old, _new) in changed.items()},
                "sesudah": {h: new for h, (_old, new) in changed.items()},
            },
        )  # fmt: skip
    return outcome


def _check_open(row: QuarantinedRow | None, token: str) -> None:
    if row is None:
        raise RefusedError("tidak_ditemukan", "Baris karantina tidak ditemukan.", 404)
    if row.status != QuarantinedRow.Status.TERBUKA:
        raise RefusedError(
            "sudah_ditutup",
            f"Baris {row.nomor_baris} sudah {row.get_status_display().lower()}: tidak ada "
            "yang perlu diubah lagi.",
            409,
        )
    if token != version(row):
        raise RefusedError(
            "sudah_berubah",
            f"Baris {row.nomor_baris} telah diubah sejak halaman ini dibuka (oleh Anda di tab "
            "lain atau oleh pengguna lain). Buka lagi barisnya dan periksa isinya sebelum "
            "menyimpan.",
            409,
        )


def _nik_of(checked: pl.DataFrame) -> str | None:
    return quarantine_rows(0, checked.with_columns(data=pl.lit("{}")))["nik"][0]


def check_values(
    batch: ImportBatch,
    row: QuarantinedRow,
    data: dict,
    *,
    as_of: date | None = None,
    formulas: bool = True,
) -> pl.DataFrame:
    """``data`` (the row's columns, edited) read, mapped and validated as row
    ``row.nomor_baris`` of ``batch``'s file: one row, the import's validated columns
    and ``data`` (the row as it would be stored, JSON text). ``formulas``: the cells that
    held an Excel formula and are unchanged still count as formula cells."""
    profile = _profile(batch)
    headers = list(data)
    if not any(str(v or "").strip() for v in data.values()):
        raise RefusedError("baris_kosong", "Semua kolom baris ini kosong; isi datanya.", 400)
    found = profile.match(headers)
    neighbours = _neighbours(batch, found, data)
    cells = [*(n.data or {} for n in neighbours), data]
    body = pl.DataFrame(
        {h: [_text(c.get(h)) for c in cells] for h in headers},
        schema={h: pl.Utf8 for h in headers},
    )
    numbers = pl.Series([*(n.nomor_baris for n in neighbours), row.nomor_baris], dtype=pl.Int64)
    try:
        raw = assemble(
            body, headers, numbers, file_name=batch.nama_berkas, header_row=1, file_format="csv"
        )
    except ReadError as exc:
        raise RefusedError(exc.code, str(exc), 400) from exc
    if raw.frame.height != len(cells) or list(raw.frame.columns) != headers:
        raise RefusedError("baris_kosong", "Semua kolom baris ini kosong; isi datanya.", 400)
    if formulas:
        raw = replace(raw, formulas=_formula_cells(row, profile, found, data))
    mapped = map_table(raw, profile)
    context = rule_context(profile, batch.source, as_of or timezone.localdate())
    checked = validate(mapped.frame, context).tail(1)
    return checked.with_columns(data=row_json(mapped.received.tail(1)))


def _text(value) -> str | None:
    return None if value is None else str(value)


def _neighbours(batch: ImportBatch, found: dict[str, str], data: dict) -> list[SourceRecord]:
    """The batch's accepted rows with the edited row's record id or NIK, in file order."""
    wanted = Q()
    if (header := found.get("record_id")) and (rid := str(data.get(header) or "").strip()):
        wanted |= Q(record_id=rid)
    if header := found.get("nik"):
        digits = re.sub(r"\D", "", str(data.get(header) or ""))
        if len(digits) == 16:
            wanted |= Q(nik=digits)
    if not wanted:
        return []
    rows = SourceRecord.objects.filter(batch=batch).filter(wanted).order_by("nomor_baris")
    return list(rows.only("nomor_baris", "data")[:NEIGHBOURS])


def _formula_cells(
    row: QuarantinedRow, profile: Profile, found: dict[str, str], data: dict
) -> pl.DataFrame:
    """The cells of the row that held an Excel formula and are unchanged: what Excel
    computed is still not what someone typed, and the same rule quarantines it again."""
    received = row.data or {}
    flagged = {code.removeprefix(_FORMULA) for code in row.alasan if code.startswith(_FORMULA)}
    feeds = [(name if name in CANONICAL else OTHER, header) for name, header in found.items()]
    feeds += [("kode_wilayah", h) for h in _region_names(profile, list(data), found)]
    headers = [
        header
        for kind, header in feeds
        if kind in flagged and data.get(header) == received.get(header)
    ]
    return pl.DataFrame(
        {"baris": [row.nomor_baris] * len(headers), "kolom": headers},
        schema={"baris": pl.Int64, "kolom": pl.Utf8},
    )


def _apply(
    batch: ImportBatch, row: QuarantinedRow, checked: pl.DataFrame, after: dict, user
) -> Outcome:
    status = checked["status"][0]
    errors, warnings = checked["errors"][0].to_list(), checked["warnings"][0].to_list()
    if status == "duplikat":
        raise RefusedError(
            "duplikat",
            f"Isian ini sama persis dengan baris {checked['duplicate_of'][0]} yang sudah "
            "diterima di batch ini: tidak ada yang perlu disimpan. Bila baris ini memang "
            "rangkap, tolak baris ini.",
            400,
        )
    row.ditangani_oleh = user.get_username()
    row.ditangani_pada = timezone.now()
    if status == "karantina":
        stored = quarantine_rows(batch.pk, checked).row(0, named=True)
        row.data, row.alasan, row.peringatan = after, errors, warnings
        row.nik, row.kode_wilayah = stored["nik"], stored["kode_wilayah"]
        row.tanggal_lahir = stored["tanggal_lahir"]
        row.save()
        return Outcome(status, errors, warnings)
    records = record_rows(checked)
    (made,) = store_source_records(batch, records).to_list()
    row.status, row.diperbaiki_oleh = QuarantinedRow.Status.DIPERBAIKI, batch
    row.save()
    closed = close_resubmitted(batch, checked["record_id"].drop_nulls())
    return Outcome(status, errors, warnings, record_id=made, closed_elsewhere=closed)


def dismiss(
    batch: ImportBatch, row_id: int, reason: str, *, token: str, user, request=None
) -> QuarantinedRow:
    """Close row ``row_id`` of ``batch`` as not fixable, for ``reason``, with its audit row;
    RefusedError (nothing changed) without a reason or as :func:`correct`."""
    check_correct(user, batch)
    reason = " ".join(reason.split())[:REASON_LENGTH]
    if not reason:
        raise RefusedError(
            "alasan_kosong",
            "Tuliskan alasan baris ini ditolak (mis. orangnya tidak dapat ditemukan).",
            400,
            field="alasan",
        )
    with transaction.atomic():
        row = scoped_rows(user, batch).select_for_update().filter(pk=row_id).first()
        _check_open(row, token)
        row.status = QuarantinedRow.Status.DITOLAK
        row.alasan_tolak = reason
        row.ditangani_oleh, row.ditangani_pada = user.get_username(), timezone.now()
        row.save()
        record(
            request, Aksi.UBAH, OBJEK, [(str(row.pk), row.nik)], tujuan=TUJUAN, user=user,
            rincian={"tindakan": "tolak", "batch": batch.pk, "baris": row.nomor_baris,
                     "alasan_tolak": reason, "alasan": row.alasan},
        )  # fmt: skip
    return row


# The values a list shows of each row, besides those its reasons are about.
SUMMARY = ("record_id", "nik", "nama", "tanggal_lahir", "kode_wilayah")


def shown_rows(role: Role, batch: ImportBatch, rows) -> list[dict]:
    """``rows`` (QuarantinedRow) as a list shows them: the row number, who it is and the
    values its reasons are about, as ``role`` sees them, and the reasons' messages."""
    out = []
    for row in rows:
        about = {RULES[c].field for c in row.alasan if c in RULES} | set(SUMMARY)
        fields = [f for f in editable(role, batch, row) if f.field in about]
        out.append(
            {
                "pk": row.pk,
                "nomor_baris": row.nomor_baris,
                "nilai": [(f.label, f.shown) for f in fields],
                "alasan": [RULES[c].message if c in RULES else c for c in row.alasan],
            }
        )
    return out
