"""Data-quality reports: per import batch, per source and per kab/kota; exportable as XLSX.

The batch report is computed from the validated frame while it is in memory;
the source and kab/kota reports aggregate the stored rows in SQL. "Padan" is
the share of a regional source's NIKs found in the latest national export
(Kemensos), the reconciliation the province reports to the centre.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast, Substr

from datusoban.impor.authority import in_region
from datusoban.impor.models import QuarantinedRow
from datusoban.impor.profiles import CANONICAL
from datusoban.impor.reading import neutralise
from datusoban.impor.rules import RULES
from datusoban.registri.models import ImportBatch, Source, SourceRecord


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def batch_report(
    checked: pl.DataFrame, columns: dict[str, str], unmapped: list[str], headers: list[str]
) -> dict:
    """Completeness and validity per field, reasons and statuses of one validated file."""
    rows = checked.height
    statuses = dict(checked.group_by("status").len().iter_rows())
    field_of = {code: rule.field for code, rule in RULES.items()}
    failing = (
        checked.select("_row", "errors")
        .explode("errors")
        .drop_nulls("errors")
        .with_columns(field=pl.col("errors").replace_strict(field_of, default=None))
        .unique(["_row", "field"])
        .group_by("field")
        .len()
    )
    bad = dict(failing.iter_rows())
    filled = checked.select(pl.col(f).is_not_null().sum() for f in CANONICAL).row(0, named=True)
    fields = {
        f: {
            "terisi": filled[f],
            "valid": filled[f] - bad.get(f, 0),
            "kelengkapan": _rate(filled[f], rows),
            "validitas": _rate(filled[f] - bad.get(f, 0), filled[f]),
        }
        for f in CANONICAL
        if f in columns or filled[f]
    }
    reasons = dict(
        checked.select(pl.col("errors").explode().drop_nulls())
        .to_series()
        .value_counts()
        .iter_rows()
    )
    warnings = dict(
        checked.select(pl.col("warnings").explode().drop_nulls())
        .to_series()
        .value_counts()
        .iter_rows()
    )
    nik_filled = fields.get("nik", {}).get("terisi", 0)
    return {
        "baris": rows,
        "status": {
            s: statuses.get(s, 0) for s in ("diterima", "peringatan", "karantina", "duplikat")
        },
        "kolom": fields,
        "nik": {
            "terisi": nik_filled,
            "valid": fields.get("nik", {}).get("valid", 0),
            "tingkat_valid": _rate(fields.get("nik", {}).get("valid", 0), nik_filled),
        },
        "duplikat_dalam_berkas": statuses.get("duplikat", 0),
        "alasan_karantina": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "peringatan": dict(sorted(warnings.items(), key=lambda kv: -kv[1])),
        "kolom_dipakai": columns,
        "kolom_lain": unmapped,
        # The file's own header order: exports of its rows give them back as sent.
        "kolom_berkas": headers,
    }


def padan(batch: ImportBatch, *, niks: int) -> dict:
    """NIK match rate of a regional batch (holding ``niks`` accepted rows with a
    NIK) against the latest national export."""
    if batch.source.jenis == Source.Jenis.KEMENSOS:
        return {"berlaku": False}
    national = (
        ImportBatch.objects.filter(
            source__jenis=Source.Jenis.KEMENSOS, status=ImportBatch.Status.SELESAI
        )
        .exclude(pk=batch.pk)
        .order_by("-selesai")
        .first()
    )
    if national is None:
        return {"berlaku": True, "ekspor_nasional": None, "nik": niks, "padan": None}
    national_niks = SourceRecord.objects.filter(batch=national, nik__isnull=False).values("nik")
    matched = SourceRecord.objects.filter(batch=batch, nik__in=national_niks).count()
    return {
        "berlaku": True,
        "ekspor_nasional": national.pk,
        "nik": niks,
        "padan": matched,
        "tingkat_padan": _rate(matched, niks),
    }


def _completeness(records) -> list[dict]:
    # Warnings are stored as JSON text, "[]" for none (json has no equality in
    # PostgreSQL, so compare the text).
    return list(
        records.alias(peringatan_teks=Cast("peringatan", TextField())).annotate(
            baris=Count("id"),
            nik=Count("nik"),
            no_kk=Count("no_kk"),
            tanggal_lahir=Count("tanggal_lahir"),
            jenis_kelamin=Count("id", filter=~Q(jenis_kelamin="")),
            kode_wilayah=Count("id", filter=~Q(kode_wilayah="")),
            dengan_peringatan=Count("id", filter=~Q(peringatan_teks="[]")),
        )
    )


def source_report(source: Source, within: str | None = None) -> dict:
    """Batches, statuses and field completeness of everything one source sent; with
    ``within`` (a region code), the completeness and the open quarantine of the rows of
    that region only (authority.narrowed_to), the file counts as they are."""
    batches = ImportBatch.objects.filter(source=source, status=ImportBatch.Status.SELESAI)
    totals = {
        k: sum(getattr(b, k) for b in batches)
        for k in ("jumlah_baris", "diterima", "peringatan", "karantina", "duplikat")
    }
    records = SourceRecord.objects.filter(batch__source=source)
    held = QuarantinedRow.objects.filter(batch__source=source, status=QuarantinedRow.Status.TERBUKA)
    if within is not None:
        records = records.filter(in_region("kode_wilayah", within))
        held = held.filter(in_region("kode_wilayah", within))
    (fields,) = _completeness(records.values("batch__source")) or [{}]
    return {
        "sumber": source.nama,
        "wilayah": within,
        "batch": [b.pk for b in batches],
        "jumlah": totals,
        "kelengkapan": fields,
        "karantina_terbuka": held.count(),
    }


def kabkota_report(within: str | None = None) -> list[dict]:
    """Field completeness of all stored source rows per kab/kota (by their region code);
    with ``within``, of the rows of that region only."""
    records = SourceRecord.objects.exclude(kode_wilayah="")
    if within is not None:
        records = records.filter(in_region("kode_wilayah", within))
    rows = records.values(kabkota=Substr("kode_wilayah", 1, 5))
    return sorted(_completeness(rows), key=lambda r: r["kabkota"])


def batch_frames(
    batch: ImportBatch, quarantined: pl.DataFrame | None = None
) -> dict[str, pl.DataFrame]:
    """The batch report as tables, one per sheet; with ``quarantined`` (quarantine.shown_frame:
    the rows the reader may see, as they may see them) as the sheet "Karantina"."""
    report = batch.laporan
    fields = pl.DataFrame(
        [{"kolom": k, **v} for k, v in report.get("kolom", {}).items()],
        schema_overrides={"kelengkapan": pl.Float64, "validitas": pl.Float64},
    )
    counted = {**report.get("alasan_karantina", {}), **report.get("peringatan", {})}
    reasons = pl.DataFrame(
        [{"kode": k, "jumlah": n, "keterangan": RULES[k].message if k in RULES else ""}
         for k, n in counted.items()],
        schema={"kode": pl.Utf8, "jumlah": pl.Int64, "keterangan": pl.Utf8},
    )  # fmt: skip
    summary = pl.DataFrame(
        {
            "ukuran": ["batch", "berkas", "baris", "diterima", "peringatan", "karantina",
                       "duplikat"],
            "nilai": [
                str(batch.pk), batch.nama_berkas, str(batch.jumlah_baris), str(batch.diterima),
                str(batch.peringatan), str(batch.karantina), str(batch.duplikat),
            ],
        }
    )  # fmt: skip
    sheets = {"Ringkasan": summary, "Kolom": fields, "Alasan": reasons}
    if quarantined is not None:
        sheets["Karantina"] = quarantined
    return sheets


def write_xlsx(sheets: dict[str, pl.DataFrame], path: Path) -> Path:
    """Write tables to an XLSX workbook; every text cell is neutralised against formulas."""
    # Imported here: xlsxwriter takes about 0.07 s to import, and every import of a
    # file loads this module for its batch report while only an export needs it.
    import xlsxwriter

    with xlsxwriter.Workbook(path) as workbook:
        for name, frame in sheets.items():
            neutralise(frame).write_excel(workbook, worksheet=name[:31], autofit=True)
    return path
