"""Import one file: read, map, validate, store — in one transaction, once per file.

Every row ends in exactly one place: a SourceRecord (accepted, possibly with
warnings), a QuarantinedRow (with every reason), or a DuplicateRow (an exact
repeat of an earlier row of the same file). The counts reconcile to the rows
of the file. A batch is identified by the file's content, its profile and its
source: the same file imported again under the same profile and source adds
nothing, while under another profile or source it is a batch of its own (the
earlier, wrong one can be withdrawn: withdrawal.py). Accepted rows whose record
id matches an open quarantined row of an earlier import from the same source
close it: that is how a corrected row is re-submitted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone

from datusoban import db
from datusoban.impor import quality
from datusoban.impor.authority import check_import
from datusoban.impor.layout_fit import check_layout
from datusoban.impor.mapping import Mapped, map_table, row_json
from datusoban.impor.models import DuplicateRow, QuarantinedRow
from datusoban.impor.profiles import CANONICAL, Profile, profile_by_name
from datusoban.impor.reading import file_sha256, read_table
from datusoban.impor.rules import RuleContext
from datusoban.impor.rules.field_flags import flags_json
from datusoban.impor.rules.validate import validate_slices
from datusoban.impor.sources import resolve_source
from datusoban.prefetch import prefetched
from datusoban.registri.models import ImportBatch, Source, SourceRecord
from datusoban.registri.records import source_record_frame

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Rows written per step: the unit of progress reporting.
STEP = 50_000
Progress = Callable[[str, int, int], None]  # (stage "baca" | "simpan", done, total)


@dataclass
class ImportResult:
    batch_id: int
    rows: int
    accepted: int
    warnings: int
    quarantined: int
    duplicates: int
    already_imported: bool
    resubmitted: int = 0

    def as_json(self) -> dict:
        return asdict(self)


def _result(batch: ImportBatch, *, already: bool, resubmitted: int = 0) -> ImportResult:
    return ImportResult(
        batch_id=batch.pk,
        rows=batch.jumlah_baris,
        accepted=batch.diterima,
        warnings=batch.peringatan,
        quarantined=batch.karantina,
        duplicates=batch.duplikat,
        already_imported=already,
        resubmitted=resubmitted,
    )


def _as_json_text(column: str) -> pl.Expr:
    # A list of codes as JSON text, built without a Python call per row.
    joined = pl.col(column).list.join('", "')
    return (
        pl.when(pl.col(column).list.len() == 0)
        .then(pl.lit("[]"))
        .otherwise(pl.concat_str(pl.lit('["'), joined, pl.lit('"]')))
    )


def import_file(
    path: Path,
    *,
    profile: str | Profile,
    user: str,
    source: str | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
    file_name: str | None = None,
    importer=None,
) -> ImportResult:
    """Import ``path`` under ``profile``; raises ReadError (LayoutMismatchError among
    them: the header fits another profile), MissingColumnsError,
    SourceError, UnknownProfileError or ImportNotAllowedError (each with a message
    for the operator) before anything is stored. ``file_name`` is the name the
    operator knows the file by, when it was stored under another (a web upload);
    default: path.name. ``importer`` is the user importing from the web or the API,
    authorised against the source (authority.check_import); None for the command
    line, whose operator has the server's shell."""
    report = progress or (lambda stage, done, total: None)
    chosen = profile if isinstance(profile, Profile) else profile_by_name(profile)
    origin = resolve_source(source, chosen)
    if importer is not None:
        check_import(importer, origin)
    # The file's digest and the region lists the rules check against are made in a
    # worker thread while the file is read: hashlib and Polars leave the interpreter
    # to the reading meanwhile, and the two cost 0.05 s of every import.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import") as aside:
        hashed = aside.submit(file_sha256, path)
        ruled = aside.submit(rule_context, chosen, origin, as_of or timezone.localdate())
        report("baca", 0, 1)
        # The file is read before it is recognised as imported: a file that cannot be
        # read as what its name says (a CSV renamed .xlsx) is refused every time, never
        # refused once and then reported as "already imported" because its bytes were
        # seen before.
        raw = read_table(path, header_hint=chosen.hint())
        # The wrong profile would store the file as the wrong kind of source (an LKS
        # list trusted as a national export): refused before its columns are even mapped.
        check_layout(chosen, list(raw.headers or raw.frame.columns), file_name or path.name)
        mapped = map_table(raw, chosen)
        digest = hashed.result()
    done = _done(digest, chosen, origin)
    if done is not None:
        return _result(done, already=True)
    context = ruled.result()
    headers = list(raw.frame.columns)
    del raw  # the mapped table carries all that is stored
    file_name = _CONTROL.sub("", file_name or path.name)[:255]
    try:
        batch, resubmitted = _save_batch(
            mapped, context, origin, chosen.nama, digest, headers, user, file_name, report
        )
    except IntegrityError:
        # The same file, profile and source finished by another import meanwhile (the
        # batch identity is unique among finished batches): this one stored nothing.
        done = _done(digest, chosen, origin)
        if done is None:
            raise
        return _result(done, already=True)
    return _result(batch, already=False, resubmitted=resubmitted)


def rule_context(profile: Profile, origin: Source, as_of: date) -> RuleContext:
    """What the rules check a row of ``origin`` under ``profile`` against, on ``as_of``:
    the import's and the on-screen correction's (correction.py) one context."""
    return RuleContext.default(
        as_of,
        source_kabkota=origin.wilayah_id if origin.jenis == "dinsos_kabkota" else None,
        extra_fields=tuple(f for f in profile.kolom if f not in CANONICAL),
    )


def _done(digest: str, profile: Profile, origin: Source) -> ImportBatch | None:
    """The finished batch of this file under this profile and source, if there is one."""
    if origin.pk is None:
        return None
    return ImportBatch.objects.filter(
        sha256=digest, profil=profile.nama, source=origin, status=ImportBatch.Status.SELESAI
    ).first()


def _save_batch(
    mapped: Mapped,
    context: RuleContext,
    origin: Source,
    profile: str,
    digest: str,
    headers: list[str],
    user: str,
    file_name: str,
    report: Progress,
) -> tuple[ImportBatch, int]:
    """Store the batch, in one transaction; the batch and the count of quarantined rows of
    earlier batches it corrected."""
    total = mapped.frame.height
    with transaction.atomic():
        if origin.pk is None:
            origin.save()
        batch = ImportBatch.objects.create(
            source=origin,
            # Control characters say nothing to an operator and PostgreSQL refuses NUL.
            nama_berkas=file_name,
            sha256=digest,
            profil=profile,
            diimpor_oleh=user,
        )
        tables = [m._meta.db_table for m in (SourceRecord, QuarantinedRow, DuplicateRow)]
        with db.bulk_load(tables, total):
            # Ids for every row that could be accepted, so that the worker thread
            # can number the records without asking the database.
            first_id = db.reserve_ids(SourceRecord._meta.db_table, total)
            # The next slice is validated and made ready to write in a worker
            # thread while this one is written: polars and the database each
            # keep a core busy.
            slices = prefetched(_prepared(mapped, context, batch.pk, first_id))
            checked, counts = _store(slices, total, report)
        resubmitted = _close_corrected_quarantine(batch, checked)
        batch.jumlah_baris = total
        batch.diterima, batch.peringatan, batch.karantina, batch.duplikat = counts
        batch.laporan = quality.batch_report(checked, mapped.columns, mapped.unmapped, headers)
        accepted = checked.filter(pl.col("status").is_in(["diterima", "peringatan"]))
        batch.laporan["padan"] = quality.padan(batch, niks=accepted["nik_norm"].count())
        batch.status = ImportBatch.Status.SELESAI
        batch.selesai = timezone.now()
        batch.save()
    return batch, resubmitted


@dataclass
class _Slice:
    checked: pl.DataFrame  # the validated rows
    writes: list[db.PreparedRows]
    counts: tuple[int, int, int, int]  # accepted, warned, quarantined, duplicates


def _prepared(
    mapped: Mapped, context: RuleContext, batch_id: int, first_id: int
) -> Iterator[_Slice]:
    """Validated slices of the mapped table, each with its three kinds of rows
    made ready for the database: accepted, quarantined, duplicates."""
    status = pl.col("status")
    offset, next_id = 0, first_id
    for part in validate_slices(mapped.frame, context, STEP):
        part = part.with_columns(data=row_json(mapped.received.slice(offset, part.height)))
        offset += part.height
        ok = part.filter(status.is_in(["diterima", "peringatan"]))
        held = part.filter(status == "karantina")
        repeats = part.filter(status == "duplikat")
        records = source_record_frame(batch_id, record_rows(ok), next_id)
        next_id += ok.height
        writes = [
            db.prepare_rows(SourceRecord._meta.db_table, records),
            db.prepare_rows(QuarantinedRow._meta.db_table, quarantine_rows(batch_id, held)),
            db.prepare_rows(DuplicateRow._meta.db_table, _duplicate_rows(batch_id, repeats)),
        ]
        warned = ok.filter(status == "peringatan").height
        # The rows as received are written now; the report does not need them.
        kept = part.drop("data")
        yield _Slice(kept, writes, (ok.height, warned, held.height, repeats.height))


def _store(
    slices: Iterable[_Slice], total: int, report: Progress
) -> tuple[pl.DataFrame, tuple[int, int, int, int]]:
    """Write each slice's rows; returns the validated table (for the report) and
    the counts: accepted, warned, quarantined, duplicates."""
    counts, written, done = [0, 0, 0, 0], 0, []
    report("simpan", 0, total)
    for part in slices:
        for rows in part.writes:
            db.write_prepared(rows)
        counts = [a + b for a, b in zip(counts, part.counts, strict=True)]
        written += part.checked.height
        done.append(part.checked)
        report("simpan", written, total)
    accepted, warned, quarantined, duplicates = counts
    return pl.concat(done), (accepted, warned, quarantined, duplicates)


def record_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """Accepted validated rows (with ``data``) as store_source_records takes them."""
    return rows.select(
        nomor_baris="_row",
        record_id="record_id",
        data="data",
        nik="nik_norm",
        no_kk="no_kk_norm",
        nama=pl.col("nama").str.strip_chars(),
        jenis_kelamin="jenis_kelamin_norm",
        tanggal_lahir="tanggal_lahir_norm",
        kode_wilayah="kode_wilayah_norm",
        peringatan=_as_json_text("warnings"),
        tanda_mutu=flags_json(pl.col("warnings")),
    )


def _nik_as_digits() -> pl.Expr:
    # The validated NIK, else the cell's digits when there are exactly 16 of them
    # (a NIK that failed a check is still the key of the data subject's report).
    digits = pl.col("nik").str.replace_all(r"[^0-9]", "")
    return pl.coalesce("nik_norm", pl.when(digits.str.len_chars() == 16).then(digits))


def quarantine_rows(batch_id: int, rows: pl.DataFrame) -> pl.DataFrame:
    """Quarantined validated rows (with ``data``) as QuarantinedRow table rows."""
    return rows.select(
        batch_id=pl.lit(batch_id, dtype=pl.Int64),
        nomor_baris="_row",
        record_id=pl.col("record_id").fill_null("").str.slice(0, 80),
        nik=_nik_as_digits(),
        kode_wilayah=pl.col("kode_wilayah_norm").fill_null(""),
        tanggal_lahir="tanggal_lahir_norm",
        data="data",
        alasan=_as_json_text("errors"),
        peringatan=_as_json_text("warnings"),
        status=pl.lit(QuarantinedRow.Status.TERBUKA.value),
    )


def _duplicate_rows(batch_id: int, rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        batch_id=pl.lit(batch_id, dtype=pl.Int64),
        nomor_baris="_row",
        duplikat_dari="duplicate_of",
        nik=_nik_as_digits(),
        data="data",
    )


def _close_corrected_quarantine(batch: ImportBatch, checked: pl.DataFrame) -> int:
    accepted = checked.filter(pl.col("status").is_in(["diterima", "peringatan"]))["record_id"]
    return close_resubmitted(batch, accepted)


def close_resubmitted(batch: ImportBatch, record_ids: pl.Series) -> int:
    """Close the open quarantined rows of ``batch``'s source, in other batches, whose
    record id is among ``record_ids`` (rows ``batch`` accepted): corrected by ``batch``.
    The number closed."""
    open_rows = QuarantinedRow.objects.filter(
        batch__source=batch.source, status=QuarantinedRow.Status.TERBUKA
    ).exclude(batch=batch)
    # The open quarantine of a source is small next to a file: fetch its record
    # ids once, match them against the file's accepted rows, update in chunks.
    pending = list(open_rows.values_list("record_id", flat=True).distinct())
    if not pending:
        return 0
    matched = record_ids.filter(record_ids.is_in(pending)).unique().to_list()
    closed = 0
    for start in range(0, len(matched), 5_000):
        closed += open_rows.filter(record_id__in=matched[start : start + 5_000]).update(
            status=QuarantinedRow.Status.DIPERBAIKI, diperbaiki_oleh=batch
        )
    return closed
