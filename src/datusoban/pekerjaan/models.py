"""What the jobs keep beyond django_tasks' own task results: which sources link each of
their imports into the registry by themselves."""

from __future__ import annotations

from django.db import models


class TautanOtomatis(models.Model):
    """A source whose every finished import is linked into the registry by a job queued
    for it (autolink.py); no row: its batches wait for someone to press the button."""

    source = models.OneToOneField(
        "registry.Source", on_delete=models.CASCADE, related_name="tautan_otomatis"
    )
    diubah_oleh = models.CharField(max_length=150)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tautan otomatis sumber"
        verbose_name_plural = "tautan otomatis sumber"

    def __str__(self) -> str:
        return f"tautan otomatis: {self.source_id}"
