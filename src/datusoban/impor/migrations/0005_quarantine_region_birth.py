"""Quarantined rows keep their region code and birth date, so that a row is shown only to
the users it concerns (regional scope, children's data).

Rows imported before this migration get them from the row as received, through the
header the batch's report says was mapped (``kolom_dipakai``), with a self-contained
reading (this migration must not depend on code that will change): a region code as
dotted or plain digits, a date as YYYY-MM-DD or DD-MM-YYYY (also with / or .).
What cannot be read stays empty: such a row is shown only to province users, and an
unknown birth date counts as an adult's (as accounts.scope does for persons).
"""

import re
from datetime import date

from django.db import migrations, models

_DOTTED = re.compile(r"^63(\.\d{2}){1,2}(\.\d{4})?$")
_PLAIN = re.compile(r"^63\d{2}(\d{2}(\d{4})?)?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def _region(value) -> str:
    text = str(value or "").strip()
    if _DOTTED.match(text):
        return text
    if _PLAIN.match(text):
        parts = [text[:2], text[2:4], text[4:6], text[6:10]]
        return ".".join(p for p in parts if p)
    return ""


def _born(value) -> date | None:
    text = str(value or "").strip()[:10]
    found = _ISO.match(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    elif found := _DMY.match(text):
        day, month, year = (int(g) for g in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def backfill(apps, schema_editor):
    ImportBatch = apps.get_model("registry", "ImportBatch")
    QuarantinedRow = apps.get_model("ingest", "QuarantinedRow")
    for batch_id, report in list(ImportBatch.objects.values_list("pk", "laporan")):
        used = (report or {}).get("kolom_dipakai") or {}
        region_header, birth_header = used.get("kode_wilayah"), used.get("tanggal_lahir")
        if not (region_header or birth_header):
            continue
        rows = QuarantinedRow.objects.filter(batch_id=batch_id)
        ids = list(rows.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 2_000):
            changed = []
            for row in rows.filter(pk__in=ids[start : start + 2_000]).only("pk", "data"):
                data = row.data or {}
                row.kode_wilayah = _region(data.get(region_header)) if region_header else ""
                row.tanggal_lahir = _born(data.get(birth_header)) if birth_header else None
                if row.kode_wilayah or row.tanggal_lahir:
                    changed.append(row)
            QuarantinedRow.objects.bulk_update(changed, ["kode_wilayah", "tanggal_lahir"])


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0004_row_nik"),
        ("registry", "0008_batch_identity_withdrawal"),
    ]

    operations = [
        migrations.AddField(
            model_name="quarantinedrow",
            name="kode_wilayah",
            field=models.CharField(blank=True, default="", max_length=13),
        ),
        migrations.AddField(
            model_name="quarantinedrow",
            name="tanggal_lahir",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
