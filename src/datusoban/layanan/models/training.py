"""Training and certification: courses, sessions, participants with attendance, certificates."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q

from datusoban.formatting import tanggal_pendek


class Pelatihan(models.Model):
    """A course (e.g. Diklat Dasar TKSK) and the worker roles it certifies."""

    kode = models.SlugField(max_length=40, unique=True)
    nama = models.CharField(max_length=200)
    # Roles (Pilar.Peran) this course certifies; empty: a course without a certificate duty.
    untuk_peran = models.JSONField(default=list, blank=True)
    # Years a certificate stays valid; null: the policy's masa_berlaku_tahun.
    masa_berlaku_tahun = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "pelatihan"
        verbose_name_plural = "pelatihan"
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class SesiPelatihan(models.Model):
    """One run of a course: when, where, by whom."""

    pelatihan = models.ForeignKey(Pelatihan, on_delete=models.PROTECT, related_name="sesi")
    mulai = models.DateField()
    selesai = models.DateField()
    tempat = models.CharField(max_length=200)
    penyelenggara = models.CharField(max_length=200)
    # The kab/kota it is held for; empty: province-wide.
    kode_kabkota = models.CharField(max_length=5, blank=True)

    class Meta:
        verbose_name = "sesi pelatihan"
        verbose_name_plural = "sesi pelatihan"
        ordering = ["-mulai", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=models.F("mulai")), name="sesi_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pelatihan} {tanggal_pendek(self.mulai)}"


class PesertaPelatihan(models.Model):
    """A worker enrolled in a session; attendance and result recorded after it."""

    sesi = models.ForeignKey(SesiPelatihan, on_delete=models.CASCADE, related_name="peserta")
    pilar = models.ForeignKey("services.Pilar", on_delete=models.PROTECT, related_name="pelatihan")
    # Null until recorded.
    hadir = models.BooleanField(null=True, blank=True)
    lulus = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = "peserta pelatihan"
        verbose_name_plural = "peserta pelatihan"
        constraints = [
            models.UniqueConstraint(fields=["sesi", "pilar"], name="peserta_once_per_sesi")
        ]

    def __str__(self) -> str:
        return f"{self.pilar} @ {self.sesi}"


class Sertifikat(models.Model):
    """A certificate earned in a session; valid from ``terbit`` until ``berlaku_sampai``."""

    peserta = models.OneToOneField(
        PesertaPelatihan, on_delete=models.PROTECT, related_name="sertifikat"
    )
    pilar = models.ForeignKey("services.Pilar", on_delete=models.PROTECT, related_name="sertifikat")
    pelatihan = models.ForeignKey(Pelatihan, on_delete=models.PROTECT, related_name="sertifikat")
    nomor = models.CharField(max_length=40, unique=True)
    terbit = models.DateField()
    berlaku_sampai = models.DateField()
    dicabut = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "sertifikat"
        verbose_name_plural = "sertifikat"
        ordering = ["-terbit", "pk"]
        indexes = [models.Index(fields=["pilar", "berlaku_sampai"], name="sertifikat_pilar")]
        constraints = [
            models.CheckConstraint(
                condition=Q(berlaku_sampai__gt=models.F("terbit")), name="sertifikat_dates"
            )
        ]

    def __str__(self) -> str:
        return self.nomor

    def berlaku(self, on: date) -> bool:
        """Whether the certificate is valid on ``on``."""
        revoked = self.dicabut is not None and self.dicabut <= on
        return self.terbit <= on <= self.berlaku_sampai and not revoked
