"""Recording a payment file: which stages were paid and which failed, all or nothing.

The file (CSV) has a row per family and stage: ``tahun``, ``tahap``, ``no_kk``
and/or ``nik`` (the family card or the recipient's NIK), ``jumlah``, ``status``
(``dibayar`` or ``gagal``) and optionally ``keterangan``. Every row is checked
set-based; when any is refused, nothing is stored and each refusal is reported
with its row number and an Indonesian message. The same file recorded twice
changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from django.db import transaction
from django.db.models import Q

from datusoban import db
from datusoban.program.bulk import in_slices
from datusoban.program.models import Kepesertaan, TahapBayar
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person

REQUIRED = ("tahun", "tahap", "jumlah", "status")
STATUSES = {"dibayar": TahapBayar.Status.DIBAYAR, "gagal": TahapBayar.Status.GAGAL}


@dataclass
class PaymentResult:
    baris: int = 0
    dibayar: int = 0
    gagal: int = 0
    sudah_tercatat: int = 0
    ditolak: list[tuple[int, str]] = field(default_factory=list)

    @property
    def disimpan(self) -> bool:
        return not self.ditolak


def read_payment_file(path: Path) -> pl.DataFrame:
    """The file's rows as text, with normalised column names and a ``baris`` number."""
    with Path(path).open(encoding="utf-8-sig") as f:
        header = f.readline()
    # Spreadsheets set to Indonesian write CSV with semicolons.
    separator = ";" if header.count(";") > header.count(",") else ","
    frame = pl.read_csv(path, infer_schema=False, separator=separator, encoding="utf8-lossy")
    frame = frame.rename({frame.columns[0]: frame.columns[0].lstrip("\ufeff")})
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing or not ({"no_kk", "nik"} & set(frame.columns)):
        wanted = ", ".join(
            [*missing, *([] if {"no_kk", "nik"} & set(frame.columns) else ["no_kk/nik"])]
        )
        raise RefusedError(
            "kolom_wajib_hilang",
            f"Kolom wajib tidak ada di berkas pembayaran: {wanted}. "
            f"Kolom di berkas: {', '.join(frame.columns)}.",
        )
    for optional in ("no_kk", "nik", "keterangan"):
        if optional not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(optional))
    return frame.with_row_index("baris", offset=1).with_columns(pl.col("baris").cast(pl.Int64))


def _parsed(frame: pl.DataFrame) -> pl.DataFrame:
    """Typed values (null where unreadable) beside one refusal message per bad row."""
    text = {c: pl.col(c).str.strip_chars() for c in ("tahun", "tahap", "status", "no_kk", "nik")}
    # "750.000" and "Rp 750.000" are how amounts are written here; dots group thousands.
    amount = pl.col("jumlah").str.replace_all(r"(?i)^rp\.?\s*|\s", "").str.strip_chars()
    amount = (
        pl.when(amount.str.contains(r"^\d{1,3}(\.\d{3})+$"))
        .then(amount.str.replace_all(".", "", literal=True))
        .otherwise(amount)
    )
    typed = frame.with_columns(
        tahun=text["tahun"].cast(pl.Int64, strict=False),
        tahap=text["tahap"].cast(pl.Int64, strict=False),
        jumlah=amount.cast(pl.Int64, strict=False),
        status=text["status"].str.to_lowercase(),
        no_kk=text["no_kk"].replace("", None),
        nik=text["nik"].replace("", None),
        keterangan=pl.col("keterangan").fill_null("").str.strip_chars().str.slice(0, 200),
    )
    checks = [
        (pl.col("tahun").is_null() | ~pl.col("tahun").is_between(2000, 2100),
         "tahun harus berupa tahun (mis. 2025)"),
        (pl.col("tahap").is_null() | ~pl.col("tahap").is_between(1, 12),
         "tahap harus angka 1–4 (PKH) atau bulan 1–12 (BPNT)"),
        (pl.col("jumlah").is_null() | (pl.col("jumlah") < 0),
         "jumlah harus angka rupiah tanpa pecahan"),
        (~pl.col("status").is_in(list(STATUSES)), "status harus 'dibayar' atau 'gagal'"),
        (pl.col("no_kk").is_null() & pl.col("nik").is_null(), "No KK atau NIK wajib diisi"),
        (pl.col("no_kk").is_not_null() & ~pl.col("no_kk").str.contains(r"^\d{16}$"),
         "No KK harus 16 angka"),
        (pl.col("nik").is_not_null() & ~pl.col("nik").str.contains(r"^\d{16}$"),
         "NIK harus 16 angka"),
        ((pl.col("status") == "dibayar") & (pl.col("jumlah") == 0),
         "pembayaran berhasil dengan jumlah 0"),
    ]  # fmt: skip
    first = pl.lit(None, dtype=pl.Utf8)
    for failed, message in reversed(checks):
        first = pl.when(failed).then(pl.lit(message)).otherwise(first)
    return typed.with_columns(masalah=first)


def _enrolment_keys(program: str, rows: pl.DataFrame) -> pl.DataFrame:
    """(jenis, nilai, kepesertaan_id) for the file's No KKs (``kk``) and NIKs (``nik``).

    A NIK names a personal enrolment of its holder, or the family enrolment of
    the holder's household (the KPM's representative is paid for the family).
    """
    of_program = Kepesertaan.objects.filter(program_id=program, mulai__isnull=False)
    found = []
    for kks in in_slices(rows["no_kk"].drop_nulls().unique().to_list()):
        found += [
            ("kk", kk, pk)
            for kk, pk in of_program.filter(
                household__no_kk__in=kks, person__isnull=True
            ).values_list("household__no_kk", "pk")
        ]
    for niks in in_slices(rows["nik"].drop_nulls().unique().to_list()):
        holders = list(Person.objects.filter(nik__in=niks).values_list("nik", "pk", "household_id"))
        by_person = {pk: nik for nik, pk, _ in holders}
        by_household = {hh: nik for nik, _, hh in holders if hh is not None}
        for pk, person, household in of_program.filter(
            Q(person_id__in=list(by_person))
            | Q(household_id__in=list(by_household), person__isnull=True)
        ).values_list("pk", "person_id", "household_id"):
            nik = by_person[person] if person is not None else by_household[household]
            found.append(("nik", nik, pk))
    return pl.DataFrame(
        found, schema={"jenis": pl.Utf8, "nilai": pl.Utf8, "kepesertaan_id": pl.Int64},
        orient="row",
    ).unique()  # fmt: skip


def _stages(enrolments: list[int], years: list[int]) -> pl.DataFrame:
    columns = ("pk", "kepesertaan_id", "tahun", "tahap", "jumlah_jatuh_tempo",
               "jumlah_dibayar", "status")  # fmt: skip
    rows = []
    for ids in in_slices(enrolments):
        rows += TahapBayar.objects.filter(kepesertaan_id__in=ids, tahun__in=years).values_list(
            *columns
        )
    return pl.DataFrame(
        rows,
        schema={"tahap_id": pl.Int64, "kepesertaan_id": pl.Int64, "tahun": pl.Int64,
                "tahap": pl.Int64, "jatuh_tempo": pl.Int64, "dibayar_sebelumnya": pl.Int64,
                "status_sebelumnya": pl.Utf8},
        orient="row",
    )  # fmt: skip


def _match(program: str, rows: pl.DataFrame) -> pl.DataFrame:
    """Each row with its enrolment (by No KK when given, else by NIK) and its stage."""
    keyed = rows.with_columns(
        jenis=pl.when(pl.col("no_kk").is_not_null()).then(pl.lit("kk")).otherwise(pl.lit("nik")),
        nilai=pl.coalesce("no_kk", "nik"),
    )
    keys = _enrolment_keys(program, keyed)
    counts = keys.group_by("jenis", "nilai").agg(
        kepesertaan_id=pl.col("kepesertaan_id").first(), n=pl.len()
    )
    matched = keyed.join(counts, on=["jenis", "nilai"], how="left", maintain_order="left")
    stages = _stages(
        keys["kepesertaan_id"].unique().to_list(), rows["tahun"].drop_nulls().unique().to_list()
    )
    return matched.join(
        stages, on=["kepesertaan_id", "tahun", "tahap"], how="left", maintain_order="left"
    )


def _refusals(program: str, m: pl.DataFrame) -> pl.Expr:
    who = pl.when(pl.col("jenis") == "kk").then(pl.lit("No KK")).otherwise(pl.lit("NIK"))
    stage = pl.format("tahap {} tahun {}", "tahap", "tahun")
    first_row = pl.col("baris").min().over("tahap_id")
    rules = [
        (pl.col("masalah").is_not_null(), pl.col("masalah")),
        (pl.col("n").is_null(),
         pl.format("{} {} tidak terdaftar sebagai penerima {}", who, "nilai", pl.lit(program))),
        (pl.col("n") > 1,
         pl.format("{} {} cocok dengan lebih dari satu kepesertaan {}", who, "nilai",
                   pl.lit(program))),
        (pl.col("tahap_id").is_null(),
         pl.format("belum ada {} untuk penerima ini (buat tahap bayar dulu)", stage)),
        ((pl.col("status") == "dibayar") & (pl.col("jumlah") > pl.col("jatuh_tempo")),
         pl.format("jumlah {} melebihi jatuh tempo {}", "jumlah", "jatuh_tempo")),
        ((pl.col("status_sebelumnya") == "dibayar")
         & ((pl.col("status") != "dibayar") | (pl.col("jumlah") != pl.col("dibayar_sebelumnya"))),
         pl.format("{} sudah tercatat dibayar Rp{}; tidak ditimpa", stage, "dibayar_sebelumnya")),
        (first_row != pl.col("baris"), pl.format("{} sudah ada di baris {}", stage, first_row)),
    ]  # fmt: skip
    out = pl.lit(None, dtype=pl.Utf8)
    for failed, message in reversed(rules):
        out = pl.when(failed).then(message).otherwise(out)
    return out


def record_payments(program: str, rows: pl.DataFrame, *, oleh: str) -> PaymentResult:
    """Record the payment rows of ``program`` (see ``read_payment_file``); all or nothing."""
    result = PaymentResult(baris=rows.height)
    with transaction.atomic():
        checked = _match(program, _parsed(rows))
        checked = checked.with_columns(alasan=_refusals(program, checked))
        refused = checked.filter(pl.col("alasan").is_not_null()).sort("baris")
        result.ditolak = list(refused.select("baris", "alasan").iter_rows())
        if result.ditolak:
            return result
        same = (pl.col("status") == pl.col("status_sebelumnya")) & (
            (pl.col("status") == "gagal") | (pl.col("jumlah") == pl.col("dibayar_sebelumnya"))
        )
        result.sudah_tercatat = checked.filter(same).height
        changed = checked.filter(~same)
        result.dibayar = changed.filter(pl.col("status") == "dibayar").height
        result.gagal = changed.height - result.dibayar
        now = datetime.now(UTC).replace(tzinfo=None)
        db.update_frame(
            TahapBayar._meta.db_table,
            changed.select(
                id="tahap_id",
                status="status",
                jumlah_dibayar=pl.when(pl.col("status") == "dibayar")
                .then(pl.col("jumlah"))
                .otherwise(0),
                keterangan="keterangan",
                dicatat_oleh=pl.lit(oleh),
                diubah_pada=pl.lit(now),
            ),
        )
    return result
