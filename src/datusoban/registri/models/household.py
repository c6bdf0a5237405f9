"""A household (keluarga): the unit of a family card and of welfare ranking."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Substr

from datusoban.reference import vocab


def _choices(choices: vocab.Choices) -> list[tuple[str, str]]:
    return list(choices)


class Household(models.Model):
    no_kk = models.CharField("No. KK", max_length=16, null=True, blank=True)
    alamat = models.CharField(max_length=200, blank=True)
    rt = models.CharField("RT", max_length=3, blank=True)
    rw = models.CharField("RW", max_length=3, blank=True)
    wilayah = models.ForeignKey(
        "reference.Region",
        on_delete=models.PROTECT,
        db_column="kode_wilayah",
        db_index=False,  # indexed in Meta (see there)
        related_name="households",
        help_text="Desa/kelurahan (or the lowest level known)",
    )
    # Derived by the database from kode_wilayah, never written by code: the
    # regional scope of every query ("kab/kota operator sees only their kab/kota")
    # filters on it, and a prefix match on kode_wilayah cannot use an index on SQLite.
    kode_kabkota = models.GeneratedField(
        expression=Substr("wilayah", 1, 5),
        output_field=models.CharField(max_length=5),
        db_persist=True,
    )

    # Housing and assets: the socio-economic attributes used to rank welfare (Regsosek style).
    luas_lantai = models.PositiveIntegerField("luas lantai (m²)", null=True, blank=True)
    status_bangunan = models.CharField(
        max_length=20, null=True, blank=True, choices=_choices(vocab.STATUS_BANGUNAN)
    )
    status_lahan = models.CharField(
        max_length=20, null=True, blank=True, choices=_choices(vocab.STATUS_LAHAN)
    )
    lantai = models.CharField(max_length=24, null=True, blank=True, choices=_choices(vocab.LANTAI))
    dinding = models.CharField(
        max_length=24, null=True, blank=True, choices=_choices(vocab.DINDING)
    )
    atap = models.CharField(max_length=24, null=True, blank=True, choices=_choices(vocab.ATAP))
    sumber_air = models.CharField(
        max_length=24, null=True, blank=True, choices=_choices(vocab.SUMBER_AIR)
    )
    penerangan = models.CharField(
        max_length=24, null=True, blank=True, choices=_choices(vocab.PENERANGAN)
    )
    bahan_bakar_masak = models.CharField(
        max_length=24, null=True, blank=True, choices=_choices(vocab.BAHAN_BAKAR)
    )
    fasilitas_bab = models.CharField(
        max_length=24, null=True, blank=True, choices=_choices(vocab.FASILITAS_BAB)
    )
    aset_lpg = models.BooleanField(null=True, blank=True)
    aset_kulkas = models.BooleanField(null=True, blank=True)
    aset_ac = models.BooleanField(null=True, blank=True)
    aset_motor = models.BooleanField(null=True, blank=True)
    aset_mobil = models.BooleanField(null=True, blank=True)
    aset_emas = models.BooleanField(null=True, blank=True)
    aset_smartphone = models.BooleanField(null=True, blank=True)
    aset_komputer = models.BooleanField(null=True, blank=True)
    aset_perahu = models.BooleanField(null=True, blank=True)
    aset_ternak = models.BooleanField(null=True, blank=True)
    aset_lahan = models.BooleanField(null=True, blank=True)

    # Every No. KK this family has been known by, oldest first: the number
    # changes when a family moves, splits or its head dies (docs/DOMAIN.md "No. KK").
    riwayat_no_kk = models.JSONField(null=True, blank=True)

    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "keluarga"
        verbose_name_plural = "keluarga"
        # Declared here rather than with db_index=True, which on PostgreSQL also
        # builds a second, pattern-ops index per text column for LIKE 'x%'.
        indexes = [
            models.Index(fields=["no_kk"], name="household_no_kk"),
            models.Index(fields=["wilayah"], name="household_wilayah"),
            models.Index(fields=["kode_kabkota"], name="household_kode_kabkota"),
            # The region check of a scoped join (a person's household in the user's
            # kab/kota) answered from the index alone, for each of thousands of rows.
            models.Index(fields=["id", "kode_kabkota"], name="household_id_kabkota"),
        ]

    def __str__(self) -> str:
        return f"KK {self.no_kk or '(tanpa No. KK)'}"
