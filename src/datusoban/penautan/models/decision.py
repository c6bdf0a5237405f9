"""Every linkage decision a person takes, with the state before and after: undoable."""

from __future__ import annotations

from django.db import models


class Decision(models.Model):
    """Accept or reject a pair, merge two persons, split records out, or undo one of these.

    `sebelum` and `sesudah` are snapshots of every row the decision touched
    (persons, their memberships, the source records' person, review pairs'
    status), so an undo restores exactly the state before.
    """

    class Jenis(models.TextChoices):
        TERIMA = "terima", "Terima pasangan"
        TOLAK = "tolak", "Tolak pasangan"
        GABUNG = "gabung", "Gabungkan dua orang"
        PISAH = "pisah", "Pisahkan rekaman"
        BATAL = "batal", "Batalkan keputusan"

    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    oleh = models.CharField(max_length=150)
    pada = models.DateTimeField(auto_now_add=True)
    alasan = models.TextField(blank=True)
    rincian = models.JSONField(default=dict, help_text="What was decided: ids involved")
    sebelum = models.JSONField(default=dict)
    sesudah = models.JSONField(default=dict)
    # The decision this one undoes (for BATAL), and the undo of this one.
    membatalkan = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="dibatalkan_oleh"
    )

    class Meta:
        verbose_name = "keputusan penautan"
        verbose_name_plural = "keputusan penautan"
        ordering = ["-pada", "-id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} oleh {self.oleh} ({self.pada:%Y-%m-%d %H:%M})"
