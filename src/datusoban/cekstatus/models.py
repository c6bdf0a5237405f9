"""The public status check's counts of queries, for its throttle (throttle.py)."""

from __future__ import annotations

from django.db import models


class Throttle(models.Model):
    """Queries in one minute from one client (``kunci``: a keyed hash of its address) or
    from everyone together (``kunci`` "*"). Kept in the database, not in a process's
    memory: every web worker counts against the same limits."""

    kunci = models.CharField(max_length=40)
    menit = models.DateTimeField(help_text="Start of the minute counted")
    jumlah = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "hitungan cek status"
        verbose_name_plural = "hitungan cek status"
        constraints = [
            models.UniqueConstraint(fields=["kunci", "menit"], name="cekstatus_throttle_window")
        ]

    def __str__(self) -> str:
        return f"{self.kunci} {self.menit:%Y-%m-%d %H:%M}: {self.jumlah}"
