"""Who receives which programme: enrolments, every change of their status, payment stages.

These are the facts eligibility reads ("previous aid and its date") and the
indicators count. Status changes go through ``services`` only, which keeps the
enrolment and its history in step.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Kepesertaan(models.Model):
    """One enrolment of a household (family programmes) or a person (personal ones)."""

    class Status(models.TextChoices):
        DIUSULKAN = "diusulkan", "Diusulkan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi"
        TERDAFTAR = "terdaftar", "Terdaftar"
        DITANGGUHKAN = "ditangguhkan", "Ditangguhkan"
        KELUAR = "keluar", "Keluar"

    class Asal(models.TextChoices):
        USULAN = "usulan", "Usulan"
        IMPOR = "impor", "Impor data penyalur"
        SINTETIS = "sintetis", "Data sintetis"

    # Indexed as the first column of the counting index in Meta.
    program = models.ForeignKey(
        "reference.Program",
        on_delete=models.PROTECT,
        related_name="kepesertaan",
        db_index=False,
    )
    # Protected: an enrolment is a fact about aid given and must not vanish with a
    # registry record. A linkage merge or undo that deletes an enrolled person
    # moves the enrolments to the person kept first (programs.transfer).
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kepesertaan",
    )
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kepesertaan",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DIUSULKAN)
    mulai = models.DateField(null=True, blank=True, help_text="Start of receipt (once enrolled)")
    selesai = models.DateField(null=True, blank=True, help_text="End of receipt (null while open)")
    alasan_keluar = models.CharField(
        max_length=24, null=True, blank=True, help_text="A code of the catalogue's alasan_keluar"
    )
    # Copied from the household (or the person's household) when written: scoped
    # counting filters and groups on it without a join.
    kode_kabkota = models.CharField(max_length=5)
    # The PKH pendamping (social facilitator) serving the family, as the
    # programme's own system names them; caseloads are counted from it.
    pendamping = models.CharField(max_length=20, null=True, blank=True)
    asal = models.CharField(max_length=10, choices=Asal.choices, default=Asal.USULAN)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kepesertaan"
        verbose_name_plural = "kepesertaan"
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(person__isnull=False),
                name="kepesertaan_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True)
                | Q(mulai__isnull=True)
                | Q(selesai__gte=models.F("mulai")),
                name="kepesertaan_dates_ordered",
            ),
            # An open enrolment per recipient and programme; the same family
            # under two records is the duplicates check's business (overlap.py).
            models.UniqueConstraint(
                fields=["program", "household"],
                condition=Q(person__isnull=True) & ~Q(status="keluar"),
                name="kepesertaan_open_household",
            ),
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=Q(person__isnull=False) & ~Q(status="keluar"),
                name="kepesertaan_open_person",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "kode_kabkota"], name="kepesertaan_count"),
            models.Index(fields=["program", "pendamping"], name="kepesertaan_pendamping"),
        ]

    def __str__(self) -> str:
        who = f"keluarga {self.household_id}" if self.household_id else f"orang {self.person_id}"
        return f"{self.program_id} {who}: {self.status}"


class RiwayatKepesertaan(models.Model):
    """One status change of an enrolment: from, to, why, who, when. Only ever added."""

    kepesertaan = models.ForeignKey(Kepesertaan, on_delete=models.CASCADE, related_name="riwayat")
    dari = models.CharField(
        max_length=12,
        choices=Kepesertaan.Status.choices,
        null=True,
        blank=True,
        help_text="Null when the enrolment was created",
    )
    ke = models.CharField(max_length=12, choices=Kepesertaan.Status.choices)
    alasan = models.CharField(max_length=24, null=True, blank=True)
    keterangan = models.CharField(max_length=500, blank=True)
    tanggal = models.DateField(help_text="Effective date of the change")
    # The user name as it was (like linkage decisions): the history outlives accounts.
    oleh = models.CharField(max_length=150)
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "riwayat kepesertaan"
        verbose_name_plural = "riwayat kepesertaan"
        ordering = ["kepesertaan", "pada", "id"]

    def __str__(self) -> str:
        return f"{self.kepesertaan_id}: {self.dari or '-'} → {self.ke}"


class TahapBayar(models.Model):
    """A payment stage of an enrolment: PKH tahap 1–4, or the month 1–12 for BPNT."""

    class Status(models.TextChoices):
        JATUH_TEMPO = "jatuh_tempo", "Jatuh tempo"
        DIBAYAR = "dibayar", "Dibayar"
        GAGAL = "gagal", "Gagal"

    # Found through the unique constraint in Meta, which starts with it.
    kepesertaan = models.ForeignKey(
        Kepesertaan, on_delete=models.CASCADE, related_name="tahap", db_index=False
    )
    tahun = models.PositiveSmallIntegerField()
    tahap = models.PositiveSmallIntegerField()
    jumlah_jatuh_tempo = models.BigIntegerField(help_text="Rupiah due")
    jumlah_dibayar = models.BigIntegerField(default=0, help_text="Rupiah paid")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.JATUH_TEMPO)
    rincian = models.JSONField(default=dict, blank=True, help_text="Components and their amounts")
    keterangan = models.CharField(max_length=200, blank=True, help_text="Why a payment failed")
    # Who recorded the payment result (the user who loaded the payment file).
    dicatat_oleh = models.CharField(max_length=150, blank=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tahap bayar"
        verbose_name_plural = "tahap bayar"
        constraints = [
            models.UniqueConstraint(
                fields=["kepesertaan", "tahun", "tahap"], name="tahap_bayar_unique"
            ),
            models.CheckConstraint(
                condition=Q(tahap__gte=1) & Q(tahap__lte=12), name="tahap_bayar_tahap_range"
            ),
        ]
        indexes = [models.Index(fields=["tahun", "tahap", "status"], name="tahap_bayar_count")]

    def __str__(self) -> str:
        return f"{self.kepesertaan_id} {self.tahun}/{self.tahap}: {self.status}"


class JumlahKepesertaan(models.Model):
    """Enrolments per kab/kota, programme and status, kept by the database itself.

    Triggers on the enrolment table (migration 0004) move these counts in the same
    transaction as every insert, update and delete, whoever writes: the services one
    by one, the set-based paths, a synthetic load, a linkage undo. The dashboard reads
    its programme coverage here instead of counting hundreds of thousands of
    enrolments on every view. Never written by code.
    """

    kode_kabkota = models.CharField(max_length=5)
    program = models.ForeignKey(
        "reference.Program",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the unique key below serves every lookup
        related_name="+",
    )
    status = models.CharField(max_length=12, choices=Kepesertaan.Status.choices)
    # Not a PositiveIntegerField: a trigger's upsert proposes the change itself as the
    # row, and PostgreSQL checks that row before it finds the conflict.
    jumlah = models.BigIntegerField(default=0)

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "programs_enrolmentcount"
        verbose_name = "jumlah kepesertaan"
        verbose_name_plural = "jumlah kepesertaan"
        constraints = [
            models.UniqueConstraint(
                fields=["kode_kabkota", "program", "status"], name="enrolment_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kode_kabkota} {self.program_id} {self.status}: {self.jumlah}"
