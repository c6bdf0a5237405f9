"""One run of linkage over the registry's unlinked source records."""

from __future__ import annotations

from django.db import models


class LinkRun(models.Model):
    """When, who, with which engine, model and thresholds, and what came of it."""

    mulai = models.DateTimeField(auto_now_add=True)
    selesai = models.DateTimeField(null=True, blank=True)
    dijalankan_oleh = models.CharField(max_length=150)
    mesin = models.CharField("engine", max_length=10)
    versi_model = models.CharField(
        max_length=200, help_text="Model version and what it was trained on"
    )
    ambang = models.JSONField(default=dict, help_text="The thresholds the run used")
    batch = models.JSONField(default=list, help_text="Ids of the import batches linked")
    # Counts: what the run read, and where every new record went.
    rekaman_baru = models.PositiveIntegerField(default=0)
    rekaman_pembanding = models.PositiveIntegerField(
        default=0, help_text="Already linked records read to compare the new ones with"
    )
    orang_baru = models.PositiveIntegerField(default=0)
    rekaman_ke_orang_lama = models.PositiveIntegerField(default=0)
    rekaman_ke_orang_baru = models.PositiveIntegerField(default=0)
    rekaman_ditahan = models.PositiveIntegerField(
        default=0, help_text="New records left unlinked: their cluster joins existing persons"
    )
    pasangan_tinjauan = models.PositiveIntegerField(default=0)
    keluarga_baru = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "proses penautan"
        verbose_name_plural = "proses penautan"

    def __str__(self) -> str:
        return f"penautan {self.pk} ({self.mulai:%Y-%m-%d %H:%M})"
