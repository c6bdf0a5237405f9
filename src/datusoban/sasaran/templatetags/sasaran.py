"""Figures of the targeting and programme pages as written in Indonesia."""

from __future__ import annotations

from django import template

from datusoban import formatting

register = template.Library()


# A missing value reaches a filter as None, or as "" from a lookup the template could
# not resolve (a run without that figure): both are written as a dash.


@register.filter
def rp(value: int | None) -> str:
    """Rupiah with thousands separated by dots: ``Rp1.200.000``; "—" when unknown."""
    return "—" if value in (None, "") else formatting.rupiah(int(value))


@register.filter
def rasio(value: float | None) -> str:
    """A share (0.1234) as a percentage with a decimal comma: ``12,3%``; "—" when unknown."""
    return "—" if value in (None, "") else formatting.persen(float(value))


@register.filter
def angka(value: int | None) -> str:
    """A count with thousands separated by dots; "—" when unknown."""
    return "—" if value in (None, "") else formatting.angka(int(value))
