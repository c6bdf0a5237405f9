"""What the civil registry told us, kept as a proposal until an officer acts on it."""

from __future__ import annotations

from django.db import models


class UsulanKematian(models.Model):
    """A death the civil registry recorded, proposed as a change to the registry.

    The event is kept whole as it was received (``bukti``): what the officer reads, and
    what shows later why a person was marked deceased. ``nomor_peristiwa`` (the death
    registration number, or the record's own id) keeps a second poll from proposing the
    same death twice.
    """

    class Padanan(models.TextChoices):
        NIK = "nik", "Cocok dengan satu orang menurut NIK"
        TAUTAN = "tautan", "Cocok dengan satu orang melalui rekaman sumber yang tertaut"
        GANDA = "ganda", "NIK dimiliki lebih dari satu orang di registri"
        TIDAK_ADA = "tidak_ada", "NIK tidak ada di registri"

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu tinjauan"
        DITERAPKAN = "diterapkan", "Diterapkan"
        DITOLAK = "ditolak", "Ditolak"

    nomor_peristiwa = models.CharField(max_length=99, unique=True)
    nik = models.CharField("NIK", max_length=16)
    nama = models.CharField(max_length=200, blank=True)
    tanggal_kematian = models.DateField()
    bukti = models.JSONField(help_text="The civil registry's record, as received")
    diterima_pada = models.DateTimeField(auto_now_add=True)
    # The person the NIK points to when exactly one does (in the registry, or through the
    # source records linkage resolved to them); kept if linkage later merges
    # them away (SET_NULL), the NIK and the evidence still say who it was.
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usulan_kematian",
    )
    padanan = models.CharField(max_length=10, choices=Padanan.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    diputuskan_oleh = models.CharField(max_length=150, blank=True)
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    alasan_tolak = models.TextField(blank=True)
    # What applying changed: the person's status before and after, the enrolments ended.
    perubahan = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "usulan kematian"
        verbose_name_plural = "usulan kematian"
        indexes = [models.Index(fields=["status", "diterima_pada"], name="usulan_kematian_antrian")]

    def __str__(self) -> str:
        return f"Kematian {self.nomor_peristiwa}: {self.status}"
