"""Labels instead of codes on pages: ``{% load label %}``.

``{{ kode|wilayah }}`` a region's name, ``{{ kode|wilayah_kode }}`` its name with the code
as secondary text, ``{{ kode|program }}`` a programme's name, ``{{ kode|program_singkat }}``
its short name, ``{{ kode|kata }}`` a snake_case code as words, ``{{ list|kata_list }}`` a
list of them joined, ``{% wilayah_pilihan %}`` the regions a filter offers by name.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from datusoban.web import labels

register = template.Library()


@register.filter
def wilayah(kode: str | None) -> str:
    return labels.region_name(kode)


@register.filter
def wilayah_kode(kode: str | None) -> SafeString | str:
    """The region's name, its code beside it in small print (for officers who file by it)."""
    name = labels.region_name(kode)
    if not kode or name == kode:
        return name
    return format_html('{} <span class="kode">{}</span>', name, kode)


@register.filter
def program(kode: str | None) -> str:
    return labels.programme_name(kode)


@register.filter
def program_singkat(kode: str | None) -> str:
    return labels.programme_short(kode)


@register.filter
def kata(kode: str | None) -> str:
    return labels.plain(kode)


@register.filter
def kata_list(kode: Iterable[str] | None) -> str:
    values = list(kode or ())
    return ", ".join(labels.plain(k) for k in values) if values else "—"


@register.simple_tag
def wilayah_pilihan(wilayah: str, tingkat: str) -> list[tuple[str, str]]:
    """``{% wilayah_pilihan scope.wilayah "kecamatan" as pilihan %}``: (code, name) of the
    kab/kota or kecamatan within a user's region, for a filter that asks for one by name."""
    return labels.regions_within(wilayah, tingkat)
