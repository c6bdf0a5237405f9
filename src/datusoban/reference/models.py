"""Reference tables: regions, PPKS categories, PSKS types, the versioned programme catalogue.

Their content comes from the files in ``data/`` (loaded by ``loader.py``); the
tables exist so that the registry can point to them with foreign keys and
queries can join them.
"""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    """A Kemendagri region: provinsi, kab/kota, kecamatan or desa/kelurahan."""

    class Level(models.IntegerChoices):
        PROVINSI = 1, "Provinsi"
        KABKOTA = 2, "Kabupaten/Kota"
        KECAMATAN = 3, "Kecamatan"
        DESA = 4, "Desa/Kelurahan"

    kode = models.CharField(max_length=13, primary_key=True)
    nama = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Dukcapil population (semester II 2024); known for provinces and kab/kota only.
    penduduk_laki_laki = models.PositiveIntegerField(null=True, blank=True)
    penduduk_perempuan = models.PositiveIntegerField(null=True, blank=True)
    penduduk = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"
        indexes = [models.Index(fields=["level", "kode"])]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class KategoriPPKS(models.Model):
    """One of the 26 PPKS categories of Permensos 8/2012, with its consistency rules."""

    kode = models.PositiveSmallIntegerField(primary_key=True)
    nama = models.CharField(max_length=120)
    usia_min = models.PositiveSmallIntegerField(null=True, blank=True)
    usia_maks = models.PositiveSmallIntegerField(null=True, blank=True)
    jenis_kelamin = models.CharField(max_length=1, blank=True, help_text="'L', 'P' or empty: both")
    perlu_disabilitas = models.BooleanField(default=False)
    # Children's, health and disability data are *specific* personal data (UU 27/2022).
    data_spesifik = models.BooleanField(default=False)

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "reference_ppkscategory"
        verbose_name = "kategori PPKS"
        verbose_name_plural = "kategori PPKS"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode}. {self.nama}"


class JenisPSKS(models.Model):
    """One of the 12 PSKS types (people and institutions who deliver social welfare)."""

    class Bentuk(models.TextChoices):
        PERORANGAN = "perorangan", "Perorangan"
        LEMBAGA = "lembaga", "Lembaga"

    kode = models.PositiveSmallIntegerField(primary_key=True)
    nama = models.CharField(max_length=160)
    singkatan = models.CharField(max_length=20, blank=True)
    bentuk = models.CharField(max_length=12, choices=Bentuk.choices)

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "reference_pskstype"
        verbose_name = "jenis PSKS"
        verbose_name_plural = "jenis PSKS"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Program(models.Model):
    """A social programme (PKH, BPNT, ...); its parameters live in ``VersiProgram``s."""

    kode = models.CharField(max_length=20, primary_key=True)
    nama = models.CharField(max_length=160)
    sasaran = models.CharField(
        max_length=20, help_text="keluarga, orang, rumah, kelompok, kejadian"
    )

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "reference_programme"
        verbose_name = "program"
        verbose_name_plural = "program"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class VersiProgram(models.Model):
    """The parameters of a programme for one catalogue version (amounts, ages, quotas)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="versions")
    versi = models.CharField(max_length=20)
    berlaku_mulai = models.DateField()
    parameter = models.JSONField()
    sha256 = models.CharField(max_length=64, help_text="Checksum of the parameters as loaded")
    dimuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "reference_programmeversion"
        verbose_name = "versi program"
        verbose_name_plural = "versi program"
        constraints = [
            models.UniqueConstraint(fields=["program", "versi"], name="programme_version_unique")
        ]
        ordering = ["program", "-berlaku_mulai"]

    def __str__(self) -> str:
        return f"{self.program_id} {self.versi}"


class ReferenceLoad(models.Model):
    """A fingerprint of the shipped reference files as last loaded into this database.

    Commands that need the reference data (import, the worker) compare it with the
    files' own and load only when they differ: reading 91,599 regions to find nothing
    new cost every import about 0.6 s.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pemuatan data rujukan"
        verbose_name_plural = "pemuatan data rujukan"

    def __str__(self) -> str:
        return f"{self.fingerprint[:12]} ({self.loaded_at:%Y-%m-%d %H:%M})"
