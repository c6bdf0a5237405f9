"""P2K2 (Pertemuan Peningkatan Kemampuan Keluarga): the monthly group sessions a pendamping
PKH holds with the PKH families of their caseload, and who came to each."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class KelompokP2K2(models.Model):
    """A group of one pendamping's PKH families in one desa (at most ``groups.SIZE``)."""

    nama = models.CharField(max_length=120)
    pendamping = models.ForeignKey(
        "services.Pilar", on_delete=models.PROTECT, related_name="kelompok_p2k2"
    )
    desa = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    # The desa's kab/kota and kecamatan: the office page lists by them, within its scope.
    kode_kabkota = models.CharField(max_length=5)
    kode_kecamatan = models.CharField(max_length=8)
    keluarga = models.ManyToManyField("registry.Household", related_name="kelompok_p2k2")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kelompok P2K2"
        verbose_name_plural = "kelompok P2K2"
        indexes = [models.Index(fields=["kode_kabkota"], name="p2k2_kelompok_kabkota")]

    def __str__(self) -> str:
        return self.nama


class PertemuanP2K2(models.Model):
    """One session of a group: its date and the module's topic."""

    kelompok = models.ForeignKey(KelompokP2K2, on_delete=models.PROTECT, related_name="pertemuan")
    tanggal = models.DateField()
    modul = models.CharField(max_length=24)
    topik = models.CharField(max_length=200, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pertemuan P2K2"
        verbose_name_plural = "pertemuan P2K2"
        # A group meets once a day: a second session the same day is a mistake.
        constraints = [
            models.UniqueConstraint(fields=["kelompok", "tanggal"], name="p2k2_sekali_sehari")
        ]

    def __str__(self) -> str:
        return f"{self.kelompok} {self.tanggal}"


class KehadiranP2K2(models.Model):
    """Whether one family of the group came to one session."""

    pertemuan = models.ForeignKey(PertemuanP2K2, on_delete=models.CASCADE, related_name="kehadiran")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    hadir = models.BooleanField()

    class Meta:
        verbose_name = "kehadiran P2K2"
        verbose_name_plural = "kehadiran P2K2"
        constraints = [
            models.UniqueConstraint(fields=["pertemuan", "household"], name="p2k2_hadir_sekali")
        ]

    def __str__(self) -> str:
        return f"{self.pertemuan}: {self.household_id}"
