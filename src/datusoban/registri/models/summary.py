"""The registry's counts per kab/kota, kept up to date by the services that change them."""

from __future__ import annotations

from django.db import models


class KabKotaSummary(models.Model):
    """Households, living people and people with an open PPKS category of one kab/kota.

    Counting them from the rows takes seconds at provincial scale (GROUP BYs over
    millions of people joined to their households), too slow for every view of the
    dashboard and the home page. These rows hold the same figures: recomputed
    set-based by ``registri.stats.refresh_counts`` when a load or link run commits,
    and moved by ``registri.stats.adjust_counts`` when a decision touches a few
    people. Never written anywhere else.
    """

    kode = models.CharField("kode kab/kota", max_length=5, primary_key=True)
    keluarga = models.PositiveBigIntegerField(default=0)
    orang = models.PositiveBigIntegerField(default=0)
    ppks = models.PositiveBigIntegerField(default=0)
    dihitung_pada = models.DateTimeField(help_text="When the counts were last recomputed whole")

    class Meta:
        verbose_name = "ringkasan kab/kota"
        verbose_name_plural = "ringkasan kab/kota"

    def __str__(self) -> str:
        return f"{self.kode}: {self.orang} orang"
