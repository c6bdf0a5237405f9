"""The review queue: pairs of source records the model is unsure about, with their evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ReviewPair(models.Model):
    """Two source records that may be one person; a person decides."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu tinjauan"
        DITERIMA = "diterima", "Diterima (orang yang sama)"
        DITOLAK = "ditolak", "Ditolak (orang berbeda)"

    run = models.ForeignKey("linkage.LinkRun", on_delete=models.PROTECT, related_name="review")
    # Stored with the smaller id left, so that a pair is queued once.
    rekaman_l = models.ForeignKey(
        "registry.SourceRecord", on_delete=models.CASCADE, related_name="+"
    )
    rekaman_r = models.ForeignKey(
        "registry.SourceRecord", on_delete=models.CASCADE, related_name="+"
    )
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    # Per comparison: {"nama": {"bobot": 5.2, "tingkat": "exact"}, ...}
    bukti = models.JSONField(default=dict)
    alasan = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why the pair is here rather than linked: a never-link rule, or two persons",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    diputus_oleh = models.CharField(max_length=150, blank=True)
    diputus_pada = models.DateTimeField(null=True, blank=True)
    # The reviewer asked to decide the pair ("Tugas saya"); empty: any reviewer who sees it.
    ditugaskan_ke = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "pasangan tinjauan"
        verbose_name_plural = "pasangan tinjauan"
        constraints = [
            models.UniqueConstraint(fields=["rekaman_l", "rekaman_r"], name="review_pair_once"),
            models.CheckConstraint(
                condition=Q(rekaman_l__lt=F("rekaman_r")), name="review_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "match_probability"])]

    def __str__(self) -> str:
        return f"tinjauan {self.rekaman_l_id}–{self.rekaman_r_id} ({self.status})"
