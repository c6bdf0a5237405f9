"""Who delivers: PSKS workers (``Pilar``), institutions (``Lembaga``), caseload moves.

Both are placed in a region of any level; ``kode_kabkota`` and
``kode_kecamatan`` are copied from it when written (``layanan.regions``), so
that scoping and the coverage-gap counts filter and group without a join.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    AKTIF = "aktif", "Aktif"
    NONAKTIF = "nonaktif", "Nonaktif"


class Pilar(models.Model):
    """One social worker of the delivery network (TKSK, PSM, pendamping PKH, Tagana …)."""

    class Peran(models.TextChoices):
        PENDAMPING_PKH = "pendamping_pkh", "Pendamping PKH"
        TKSK = "tksk", "TKSK"
        PSM = "psm", "Pekerja Sosial Masyarakat"
        TAGANA = "tagana", "Tagana"
        PEKSOS = "peksos", "Pekerja sosial profesional"
        PENYULUH = "penyuluh", "Penyuluh sosial"
        WPKS = "wpks", "WPKS"
        KELUARGA_PIONER = "keluarga_pioner", "Keluarga pioner"

    peran = models.CharField(max_length=16, choices=Peran.choices)
    # The PSKS type the role counts as (policy: data/layanan.toml); none for pendamping PKH.
    jenis = models.ForeignKey(
        "reference.JenisPSKS", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nama = models.CharField(max_length=200)
    nik = models.CharField("NIK", max_length=16, null=True, blank=True)
    wilayah = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    kode_kabkota = models.CharField(max_length=5)
    kode_kecamatan = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AKTIF)
    # The day it stopped serving (status nonaktif); null while active or when not recorded.
    nonaktif_sejak = models.DateField(null=True, blank=True)
    telepon = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    # The code the PKH system gives a pendamping: Kepesertaan.pendamping holds it,
    # which is how caseloads are counted (no second assignment table to keep in step).
    kode_pendamping = models.CharField(max_length=20, null=True, blank=True, unique=True)
    # The login of a field worker: they see their own caseload and nothing more.
    akun = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilar",
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pilar sosial"
        verbose_name_plural = "pilar sosial"
        ordering = ["kode_kabkota", "peran", "nama", "pk"]
        indexes = [
            models.Index(fields=["kode_kabkota", "peran", "status"], name="pilar_region"),
            models.Index(fields=["kode_kecamatan", "peran"], name="pilar_kecamatan"),
        ]

    def __str__(self) -> str:
        return f"{self.get_peran_display()} {self.nama}"


class Lembaga(models.Model):
    """An institution: LKS, Karang Taruna, LK3, WKSBM, CSR, the LKKS, or a UPTD panti."""

    class Jenis(models.TextChoices):
        LKS = "lks", "LKS"
        KARANG_TARUNA = "karang_taruna", "Karang Taruna"
        LK3 = "lk3", "LK3"
        WKSBM = "wksbm", "WKSBM"
        CSR = "csr", "Dunia usaha (CSR)"
        LKKS = "lkks", "LKKS"
        UPTD = "uptd", "UPTD panti"

    class Akreditasi(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        BELUM = "", "Belum terakreditasi"

    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    psks = models.ForeignKey(
        "reference.JenisPSKS", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kode = models.CharField(max_length=30, unique=True)
    nama = models.CharField(max_length=200)
    wilayah = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    kode_kabkota = models.CharField(max_length=5)
    kode_kecamatan = models.CharField(max_length=8, blank=True)
    alamat = models.CharField(max_length=200, blank=True)
    telepon = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AKTIF)
    # The day it stopped serving (status nonaktif); null while active or when not recorded.
    nonaktif_sejak = models.DateField(null=True, blank=True)
    akreditasi = models.CharField(
        max_length=1, choices=Akreditasi.choices, blank=True, default=Akreditasi.BELUM
    )
    tanggal_akreditasi = models.DateField(null=True, blank=True)
    kapasitas = models.PositiveIntegerField(null=True, blank=True)
    # ATENSI component codes of the programme catalogue.
    layanan = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "lembaga"
        verbose_name_plural = "lembaga"
        ordering = ["kode_kabkota", "jenis", "nama", "pk"]
        indexes = [models.Index(fields=["jenis", "kode_kabkota"], name="lembaga_region")]
        constraints = [
            models.CheckConstraint(
                condition=Q(akreditasi="") | Q(tanggal_akreditasi__isnull=False),
                name="lembaga_akreditasi_dated",
            )
        ]

    def __str__(self) -> str:
        return self.nama


class StafLembaga(models.Model):
    """A user who works at an institution (UPTD or LKS staff): the institutions whose
    clients and residents such a user may reach (``layanan.staff``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staf_lembaga"
    )
    lembaga = models.ForeignKey(Lembaga, on_delete=models.CASCADE, related_name="staf")

    class Meta:
        verbose_name = "staf lembaga"
        verbose_name_plural = "staf lembaga"
        constraints = [
            models.UniqueConstraint(fields=["user", "lembaga"], name="staf_lembaga_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.lembaga_id}"


class PemindahanKPM(models.Model):
    """One family moved from one pendamping to another (a rebalancing applied). Only added."""

    kepesertaan = models.ForeignKey(
        "programs.Kepesertaan", on_delete=models.CASCADE, related_name="pemindahan"
    )
    dari = models.CharField(max_length=20, null=True, blank=True)
    ke = models.CharField(max_length=20)
    alasan = models.CharField(max_length=200, blank=True)
    # The user name as it was: the history outlives accounts.
    oleh = models.CharField(max_length=150)
    pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pemindahan KPM"
        verbose_name_plural = "pemindahan KPM"
        ordering = ["-pada", "-pk"]

    def __str__(self) -> str:
        return f"{self.kepesertaan_id}: {self.dari or '-'} → {self.ke}"
