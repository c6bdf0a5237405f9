"""Where registry data came from: sources, import batches and every source row as received.

Provenance sits in the registry (not in ingest) because the golden record of a
person points to the rows behind each of its fields, and the registry must not
depend on the ingest process that produced them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from datusoban.registri.models.fields import RowJSONField


class Source(models.Model):
    """Who sends data: the Kemensos export, a kab/kota Dinsos, an LKS, a UPTD, a disaster post."""

    class Jenis(models.TextChoices):
        KEMENSOS = "kemensos", "Kemensos (DTKS/DTSEN)"
        PROGRAM = "program", "Program (PKH, BPNT, ...)"
        DINSOS_KABKOTA = "dinsos_kabkota", "Dinas Sosial kab/kota"
        LKS = "lks", "Lembaga Kesejahteraan Sosial"
        UPTD = "uptd", "UPTD panti"
        BENCANA = "bencana", "Posko bencana"
        # A verification visit of the field app, accepted by the office (lapangan.source):
        # never a file someone uploads.
        LAPANGAN = "lapangan", "Kunjungan lapangan"
        SINTETIS = "sintetis", "Data sintetis (uji coba)"
        LAINNYA = "lainnya", "Lainnya"

    kode = models.SlugField(max_length=60, unique=True)
    nama = models.CharField(max_length=160)
    jenis = models.CharField(max_length=20, choices=Jenis.choices)
    wilayah = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The kab/kota a regional source speaks for",
    )

    class Meta:
        verbose_name = "sumber data"
        verbose_name_plural = "sumber data"

    def __str__(self) -> str:
        return self.nama


class ImportBatch(models.Model):
    """One file brought in from a source; it lands whole or not at all."""

    class Status(models.TextChoices):
        BERJALAN = "berjalan", "Sedang berjalan"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"
        # Withdrawn: its rows were removed (ingest/withdrawal.py); the batch stays as the
        # record of what was imported, and by whom it was withdrawn and why.
        DITARIK = "ditarik", "Ditarik"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="batches")
    nama_berkas = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    profil = models.CharField(max_length=60)
    diimpor_oleh = models.CharField(max_length=150)
    mulai = models.DateTimeField(auto_now_add=True)
    selesai = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BERJALAN)
    # Every row of the file ends in exactly one of: accepted (with or without
    # warnings), quarantined, duplicate; jumlah_baris = diterima + karantina + duplikat.
    jumlah_baris = models.PositiveIntegerField(default=0)
    diterima = models.PositiveIntegerField(default=0)
    peringatan = models.PositiveIntegerField(default=0, help_text="Accepted rows with warnings")
    karantina = models.PositiveIntegerField(default=0)
    duplikat = models.PositiveIntegerField(default=0)
    laporan = models.JSONField(default=dict, blank=True, help_text="Quality report of the file")
    ditarik_oleh = models.CharField(max_length=150, blank=True)
    ditarik_pada = models.DateTimeField(null=True, blank=True)
    alasan_tarik = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "batch impor"
        verbose_name_plural = "batch impor"
        constraints = [
            # A batch is identified by its file, profile and source: imported again under
            # all three it adds nothing; under another profile or source it is a new batch.
            models.UniqueConstraint(
                fields=["source", "profil", "sha256"],
                condition=Q(status="selesai"),
                name="import_batch_identity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama_berkas} ({self.source})"


class SourceRecord(models.Model):
    """One source row exactly as received, and the person/household it resolved to."""

    # No index of its own: the unique constraint below starts with batch.
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="records", db_index=False
    )
    nomor_baris = models.PositiveIntegerField(help_text="1-based row number in the file")
    record_id = models.CharField(max_length=80, help_text="The record's id in its source")
    data = RowJSONField(help_text="The row as received: column name → text")
    # The row's values after validation, in the registry's form, for linkage and quality.
    nik = models.CharField(max_length=16, null=True, blank=True)
    no_kk = models.CharField(max_length=16, null=True, blank=True)
    nama = models.CharField(max_length=200, blank=True)
    jenis_kelamin = models.CharField(max_length=1, blank=True)
    tanggal_lahir = models.DateField(null=True, blank=True)
    kode_wilayah = models.CharField(max_length=13, blank=True)
    peringatan = RowJSONField(default=list, blank=True, help_text="Warning codes")
    # The warnings that put a value in doubt, per field ({"tanggal_lahir":
    # ["tanggal_perkiraan"]}): survivorship never prefers a flagged value to a clean one.
    tanda_mutu = RowJSONField(default=dict, blank=True, help_text="Quality flags per field")
    # Indexed in Meta only where set: rows arrive unlinked and linkage fills these.
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_records",
        db_index=False,
    )
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_records",
        db_index=False,
    )

    class Meta:
        verbose_name = "rekaman sumber"
        verbose_name_plural = "rekaman sumber"
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "nomor_baris"], name="source_record_row_unique"
            )
        ]
        # Rows of one batch are found through the unique constraint above (it
        # starts with batch). Every index here is paid for on each import.
        indexes = [
            # NIK matching: the "padan" rate against the national export, and linkage.
            models.Index(fields=["nik"], name="source_record_nik"),
            models.Index(
                fields=["person"], name="source_record_person", condition=Q(person__isnull=False)
            ),
            models.Index(
                fields=["household"],
                name="source_record_household",
                condition=Q(household__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"baris {self.nomor_baris} batch {self.batch_id} ({self.record_id})"
