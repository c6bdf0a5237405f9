"""People served: LKS clients, UPTD residents, their services and follow-up visits.

Personal data: pages and the API reach these rows only through persons narrowed
by ``accounts.scope.scoped``, masked and audited. ``kode_kabkota`` is the
institution's, copied when written, for the per-kab/kota dashboards.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class KlienLembaga(models.Model):
    """A person served by an LKS for one need (an ATENSI component), from start to end."""

    class AlasanSelesai(models.TextChoices):
        TERPENUHI = "terpenuhi", "Kebutuhan terpenuhi"
        DIRUJUK = "dirujuk", "Dirujuk ke lembaga lain"
        MENGUNDURKAN_DIRI = "mengundurkan_diri", "Mengundurkan diri"
        PINDAH = "pindah", "Pindah domisili"
        MENINGGAL = "meninggal", "Meninggal dunia"

    lembaga = models.ForeignKey("services.Lembaga", on_delete=models.PROTECT, related_name="klien")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    kebutuhan = models.CharField(max_length=40, help_text="An ATENSI component code")
    mulai = models.DateField()
    selesai = models.DateField(null=True, blank=True)
    # Why the service ended; empty for open clients and for ends recorded before it was asked.
    alasan_selesai = models.CharField(max_length=20, choices=AlasanSelesai.choices, blank=True)
    kode_kabkota = models.CharField(max_length=5)

    class Meta:
        verbose_name = "klien lembaga"
        verbose_name_plural = "klien lembaga"
        indexes = [
            models.Index(fields=["lembaga", "selesai"], name="klien_lembaga_open"),
            models.Index(fields=["person", "kebutuhan"], name="klien_person_need"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="klien_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["lembaga", "person", "kebutuhan"],
                condition=Q(selesai__isnull=True),
                name="klien_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.lembaga_id}: {self.kebutuhan}"


class WargaBinaan(models.Model):
    """A resident of a UPTD panti: admission, discharge with its reason."""

    class AlasanKeluar(models.TextChoices):
        SELESAI = "selesai", "Selesai program (kembali ke masyarakat)"
        KEMBALI_KELUARGA = "kembali_keluarga", "Kembali ke keluarga"
        DIRUJUK = "dirujuk", "Dirujuk ke lembaga lain"
        MELARIKAN_DIRI = "melarikan_diri", "Meninggalkan panti tanpa izin"
        MENINGGAL = "meninggal", "Meninggal dunia"

    uptd = models.ForeignKey("services.Lembaga", on_delete=models.PROTECT, related_name="warga")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    masuk = models.DateField()
    keluar = models.DateField(null=True, blank=True)
    alasan_keluar = models.CharField(
        max_length=20, choices=AlasanKeluar.choices, null=True, blank=True
    )
    kode_kabkota = models.CharField(max_length=5)

    class Meta:
        verbose_name = "warga binaan"
        verbose_name_plural = "warga binaan"
        indexes = [models.Index(fields=["uptd", "keluar"], name="warga_uptd_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(keluar__isnull=True, alasan_keluar__isnull=True)
                | Q(keluar__gte=models.F("masuk"), alasan_keluar__isnull=False),
                name="warga_discharge_complete",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(keluar__isnull=True), name="warga_one_open_stay"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.uptd_id}"


class LayananWarga(models.Model):
    """A service a resident received: an ATENSI component or a skills training."""

    warga = models.ForeignKey(WargaBinaan, on_delete=models.CASCADE, related_name="layanan")
    komponen = models.CharField(max_length=40, help_text="An ATENSI component code")
    keterangan = models.CharField(max_length=200, blank=True)
    tanggal = models.DateField()
    oleh = models.CharField(max_length=150)

    class Meta:
        verbose_name = "layanan warga binaan"
        verbose_name_plural = "layanan warga binaan"
        ordering = ["tanggal", "pk"]

    def __str__(self) -> str:
        return f"{self.warga_id}: {self.komponen} {self.tanggal}"


class KunjunganLanjut(models.Model):
    """A follow-up visit after discharge and what was found: living independently or not."""

    class Hasil(models.TextChoices):
        MANDIRI = "mandiri", "Mandiri"
        BELUM = "belum", "Belum mandiri"

    warga = models.ForeignKey(WargaBinaan, on_delete=models.CASCADE, related_name="kunjungan")
    tanggal = models.DateField()
    hasil = models.CharField(max_length=8, choices=Hasil.choices)
    catatan = models.CharField(max_length=500, blank=True)
    oleh = models.CharField(max_length=150)

    class Meta:
        verbose_name = "kunjungan tindak lanjut"
        verbose_name_plural = "kunjungan tindak lanjut"
        ordering = ["tanggal", "pk"]

    def __str__(self) -> str:
        return f"{self.warga_id}: {self.hasil} {self.tanggal}"
