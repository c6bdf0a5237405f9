"""Numbers and dates as Indonesian readers write them, for pages, messages and command output.

``angka(3000)`` -> "3.000", ``angka(1234.5)`` -> "1.234,5", ``persen(0.1234)`` -> "12,3%",
``rupiah(3000)`` -> "Rp3.000",
``tanggal(d)`` -> "5 Maret 2017", ``tanggal_pendek(d)`` -> "5 Mar 2017". Django's formats in
the ``id`` locale do the work (with datusoban/formats/id/formats.py for the dates), always in
``id`` whatever language the caller has active. Templates use Django's own filters and
settings instead: ``{{ n }}`` (USE_THOUSAND_SEPARATOR), ``|date`` and
``|date:"SHORT_DATE_FORMAT"``.

Machine outputs (CSV, JSON, XLSX values, API answers) keep plain numbers and ISO dates.

The standalone commands (``datusoban link``, ``link-train``, ``link-eval``) run without the
project's settings: they call ``standalone()``, which configures Django with settings held
in memory (language, time zone and formats only: no apps, no database, no files). Any other
process without settings gets the same at its first call; one that names a settings module
(DJANGO_SETTINGS_MODULE) but has not set Django up gets it set up.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import django
from django.apps import apps
from django.conf import ENVIRONMENT_VARIABLE, settings
from django.utils import formats, timezone, translation

BAHASA = "id"
FORMAT_MODULE_PATH = ["datusoban.formats"]
# The settings of a process without the project's settings module: what formatting needs.
STANDALONE_SETTINGS = {
    "LANGUAGE_CODE": BAHASA,
    "USE_I18N": True,
    "USE_TZ": True,
    "TIME_ZONE": "Asia/Makassar",
    "USE_THOUSAND_SEPARATOR": True,
    "FORMAT_MODULE_PATH": FORMAT_MODULE_PATH,
    "LOGGING_CONFIG": None,
}


def standalone() -> None:
    """Settings in memory for a process that must not load the project's settings, unless
    settings are already in use (a test calling a standalone command in-process)."""
    if not settings.configured:
        settings.configure(**STANDALONE_SETTINGS)


def _ready() -> None:
    """Django set up enough for formats and month names (translations need the app registry)."""
    if apps.ready:
        return
    if not settings.configured and not os.environ.get(ENVIRONMENT_VARIABLE):
        standalone()
    django.setup(set_prefix=False)


def angka(n: int | float | Decimal, desimal: int | None = None) -> str:
    """A number with a dot between thousands and a decimal comma: 3000 -> "3.000",
    (1234.56, 1) -> "1.234,6" (rounded half up); without ``desimal`` all its decimals."""
    if desimal is not None:
        n = Decimal(str(n)).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    _ready()
    with translation.override(BAHASA):
        return formats.number_format(n, desimal, use_l10n=True, force_grouping=True)


def persen(bagian: float, desimal: int = 1) -> str:
    """A share as a percentage with a decimal comma: 0.1234 -> "12,3%"."""
    return angka(100 * Decimal(str(bagian)), desimal) + "%"


def rupiah(n: int | float | Decimal) -> str:
    """Whole rupiah as the pages show them: 3000 -> "Rp3.000"."""
    return "Rp" + angka(int(n))


def _date(d: date, style: str) -> str:
    _ready()
    if isinstance(d, datetime) and timezone.is_aware(d):
        d = timezone.localtime(d)
    with translation.override(BAHASA):
        return formats.date_format(d, style, use_l10n=True)


def tanggal(d: date) -> str:
    """The long date: "5 Maret 2017" (a datetime: its date in local time)."""
    return _date(d, "DATE_FORMAT")


def tanggal_pendek(d: date) -> str:
    """The short date: "5 Mar 2017" (a datetime: its date in local time)."""
    return _date(d, "SHORT_DATE_FORMAT")


def waktu(d: datetime) -> str:
    """A moment, short: "5 Mar 2017 14.07" in local time."""
    return _date(d, "SHORT_DATETIME_FORMAT")
