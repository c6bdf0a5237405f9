"""A person, their household memberships over time, and their PPKS categories."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from datusoban.reference import vocab


class Person(models.Model):
    nik = models.CharField("NIK", max_length=16, null=True, blank=True)
    nama = models.CharField(max_length=200)
    # Normalised by identity.name_key (titles, spellings, case): what name search matches.
    nama_kunci = models.CharField(max_length=200)
    jenis_kelamin = models.CharField(max_length=1, blank=True, choices=list(vocab.JENIS_KELAMIN))
    tempat_lahir = models.CharField(max_length=100, blank=True)
    tanggal_lahir = models.DateField(null=True, blank=True)
    # True when the recorded date is an unknown-date convention (01-07, 31-12):
    # the year is evidence, the day and month are not.
    tanggal_lahir_perkiraan = models.BooleanField(default=False)
    nama_ibu_kandung = models.CharField(max_length=200, blank=True)
    hubungan_keluarga = models.CharField(
        max_length=16,
        blank=True,
        choices=list(vocab.HUBUNGAN_KELUARGA),
        help_text="Relation to the head of the current household",
    )
    # The current household; Membership keeps the history. Both are written
    # together by registry services.
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    # The current household's kab/kota, kept by the database (the triggers of
    # migration 0007), never written by code: a kab/kota user's scope and name search
    # read it from the person's own row and index instead of joining each match to
    # its household (14,000 matches of a common name cost a probe each).
    kode_kabkota = models.CharField(max_length=5, null=True, blank=True, editable=False)
    disabilitas = models.CharField(
        max_length=16, null=True, blank=True, choices=list(vocab.DISABILITAS)
    )
    disabilitas_berat = models.BooleanField(default=False)
    penyakit_kronis = models.CharField(
        max_length=16, null=True, blank=True, choices=list(vocab.PENYAKIT_KRONIS)
    )
    hamil = models.BooleanField(default=False)
    sekolah = models.CharField(
        "jenjang sekolah saat ini",
        max_length=8,
        null=True,
        blank=True,
        choices=list(vocab.JENJANG_SEKOLAH),
    )
    pendidikan = models.CharField(
        "pendidikan tertinggi",
        max_length=16,
        null=True,
        blank=True,
        choices=list(vocab.PENDIDIKAN_TERTINGGI),
    )
    pekerjaan = models.CharField(
        max_length=16, null=True, blank=True, choices=list(vocab.PEKERJAAN)
    )
    status = models.CharField(max_length=10, choices=list(vocab.STATUS_PERSON), default="hidup")
    # Where each golden field came from: {field: {"rekaman": source record id,
    # "aturan": survivorship rule}}. Null for people loaded with their fields
    # already decided (the synthetic ground truth).
    asal_data = models.JSONField(null=True, blank=True)
    tanggal_status = models.DateField(null=True, blank=True)

    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "orang"
        verbose_name_plural = "orang"
        # Declared here rather than with db_index=True, which on PostgreSQL also
        # builds a second, pattern-ops index per text column for LIKE 'x%'.
        indexes = [
            models.Index(fields=["nik"], name="person_nik"),
            # Name search pages through the matches in id order: with the id in the
            # index, the first page of a common name (14,000 "MUHAMMAD RIZKI" in the
            # province) is read in order and stops after 20 in the user's scope,
            # instead of walking the primary key through millions of people. With the
            # household too, a kecamatan user's search joins each match to its
            # household without reading the person's row.
            models.Index(fields=["nama_kunci", "id", "household"], name="person_nama_kunci_id_kk"),
            # A kab/kota user's name search: its count and first page read from this
            # index alone, in id order.
            models.Index(
                fields=["nama_kunci", "kode_kabkota", "id"], name="person_nama_kunci_kabkota"
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Membership(models.Model):
    """A person's membership of a household, with dates: families move, split and merge."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="memberships"
    )
    hubungan = models.CharField(max_length=16, choices=list(vocab.HUBUNGAN_KELUARGA))
    mulai = models.DateField(null=True, blank=True)
    selesai = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "anggota keluarga"
        verbose_name_plural = "anggota keluarga"
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(selesai__isnull=True),
                name="one_open_membership_per_person",
            ),
            models.CheckConstraint(
                condition=Q(selesai__isnull=True)
                | Q(mulai__isnull=True)
                | Q(selesai__gte=models.F("mulai")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} di keluarga {self.household_id} ({self.hubungan})"


class PersonPPKS(models.Model):
    """A PPKS category held by a person over a period, and the source row that said so."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ppks")
    kategori = models.ForeignKey(
        "reference.KategoriPPKS", on_delete=models.PROTECT, related_name="+"
    )
    mulai = models.DateField(null=True, blank=True)
    selesai = models.DateField(null=True, blank=True)
    source_record = models.ForeignKey(
        "registry.SourceRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "PPKS"
        verbose_name_plural = "PPKS"
        indexes = [models.Index(fields=["kategori", "person"])]

    def __str__(self) -> str:
        return f"{self.person_id}: PPKS {self.kategori_id}"
