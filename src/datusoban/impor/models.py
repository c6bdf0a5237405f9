"""What an import keeps besides accepted rows: quarantined rows, in-file duplicates, saved profiles.

Accepted rows become registry SourceRecords. A row that failed validation is
kept here whole with every reason, until a corrected version is imported or it is
corrected or dismissed on screen (correction.py); an
exact repeat of an earlier row in the same file is kept with a pointer to it.
Together with SourceRecord every input row ends in exactly one place.
"""

from __future__ import annotations

from django.db import models

from datusoban.registri.models.fields import RowJSONField


class QuarantinedRow(models.Model):
    class Status(models.TextChoices):
        TERBUKA = "terbuka", "Menunggu perbaikan"
        DIPERBAIKI = "diperbaiki", "Sudah diperbaiki"
        DITOLAK = "ditolak", "Ditolak (tidak dapat diperbaiki)"

    batch = models.ForeignKey("registry.ImportBatch", on_delete=models.CASCADE, related_name="+")
    nomor_baris = models.PositiveIntegerField()
    record_id = models.CharField(max_length=80, blank=True)
    # The row's NIK when it reads as 16 digits, for the data subject's report
    # (the row as received keeps it under the file's own column name).
    nik = models.CharField(max_length=16, null=True, blank=True)
    # The row's region code and birth date where they read as valid, so that the row is
    # shown only to the users it concerns (regional scope, children: quarantine.py).
    kode_wilayah = models.CharField(max_length=13, blank=True, default="")
    tanggal_lahir = models.DateField(null=True, blank=True)
    data = RowJSONField(help_text="The row as received")
    alasan = RowJSONField(help_text="Error codes (see ingest/rules/rules.toml)")
    peringatan = RowJSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TERBUKA)
    diperbaiki_oleh = models.ForeignKey(
        "registry.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The later import that brought the corrected row (the row's own batch: "
        "corrected on screen)",
    )
    # Who closed the row on screen (corrected or dismissed), when, and why a dismissed
    # row cannot be fixed; an import that closes a row leaves these empty. Defaults in
    # the database too: the import writes its rows in bulk, without these columns.
    ditangani_oleh = models.CharField(max_length=150, blank=True, default="", db_default="")
    ditangani_pada = models.DateTimeField(null=True, blank=True)
    alasan_tolak = models.CharField(max_length=500, blank=True, default="", db_default="")

    class Meta:
        verbose_name = "baris karantina"
        verbose_name_plural = "baris karantina"
        constraints = [
            models.UniqueConstraint(fields=["batch", "nomor_baris"], name="quarantine_row_unique")
        ]
        indexes = [
            models.Index(fields=["record_id", "status"], name="quarantine_record_status"),
            models.Index(fields=["nik"], name="quarantine_nik"),
        ]

    def __str__(self) -> str:
        return f"baris {self.nomor_baris} batch {self.batch_id}: {', '.join(self.alasan)}"


class DuplicateRow(models.Model):
    batch = models.ForeignKey("registry.ImportBatch", on_delete=models.CASCADE, related_name="+")
    nomor_baris = models.PositiveIntegerField()
    duplikat_dari = models.PositiveIntegerField(help_text="Row number of the first identical row")
    nik = models.CharField(max_length=16, null=True, blank=True)  # as on QuarantinedRow
    data = RowJSONField(help_text="The row as received")

    class Meta:
        verbose_name = "baris duplikat"
        verbose_name_plural = "baris duplikat"
        constraints = [
            models.UniqueConstraint(fields=["batch", "nomor_baris"], name="duplicate_row_unique")
        ]
        indexes = [models.Index(fields=["nik"], name="duplicate_nik")]

    def __str__(self) -> str:
        return f"baris {self.nomor_baris} = baris {self.duplikat_dari} (batch {self.batch_id})"


class SavedProfile(models.Model):
    """A mapping profile an operator saved for a layout Datu Soban did not know."""

    nama = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    isi = models.JSONField(help_text="Same keys as a shipped profile's TOML")
    dibuat_oleh = models.CharField(max_length=150)
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "profil pemetaan"
        verbose_name_plural = "profil pemetaan"

    def __str__(self) -> str:
        return self.label
