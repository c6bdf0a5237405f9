"""Rankings as computed: each household's score and desil under one model version."""

from __future__ import annotations

from django.db import models


class PeringkatKeluarga(models.Model):
    """A household's welfare rank under one proxy-means model version.

    Recomputed whole by `datusoban rank` (one transaction per version), so a
    version's rows always come from one run over the whole registry.
    """

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="peringkat"
    )
    versi = models.CharField(max_length=20, help_text="Proxy-means model version (data/pmt)")
    skor = models.FloatField(help_text="Predicted log monthly expenditure per capita")
    desil = models.PositiveSmallIntegerField(help_text="1 (poorest tenth) .. 10, province")
    desil_kabkota = models.PositiveSmallIntegerField(help_text="1 .. 10 within the kab/kota")
    desil_dtsen = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The national DTSEN desil, when an export carried it"
    )
    dihitung_pada = models.DateTimeField()

    class Meta:
        verbose_name = "peringkat kesejahteraan"
        verbose_name_plural = "peringkat kesejahteraan"
        constraints = [
            models.UniqueConstraint(fields=["versi", "household"], name="peringkat_versi_household")
        ]
        indexes = [models.Index(fields=["versi", "desil"], name="peringkat_versi_desil")]

    def __str__(self) -> str:
        return f"keluarga {self.household_id}: desil {self.desil} ({self.versi})"
